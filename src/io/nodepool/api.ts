/**
 * Nodepool's API, read only: the launcher webapp's `node-list`, `request-list`, `label-list`, `image-list` and
 * `dib-image-list` as JSON (through the Software Factory gateway: `https://<fqdn>/nodepool/api`). Nodepool's webapp
 * (nodepool/webapp.py) answers JSON to `Accept: application/json`, each list a JSON array of objects
 * (nodepool/status.py): node-list's `id`, `provider`, `label` (the node's labels), `state`, `pool`, ...;
 * request-list's `id`, `state`, `node_types`, `requestor`, `declined_by` (the pool workers that declined it), ...;
 * label-list's `label`; image-list's uploads (`id`: the build, `upload_id`, `provider`, `image`, `state`);
 * dib-image-list's builds (`id`: `<image>-<build>`, `image`, `state`). The webapp has no other list (no launch error
 * log): a provider's launch errors show as its `failed` nodes and as requests its pools declined. Nothing else is
 * asked, nothing is written.
 */
import type { ApiBuild, ApiNode, ApiRequest, ApiUpload, NodepoolSnapshot } from '../../plan/nodepool-impact.js';
import { parseLabelList, safeUrl } from '../cluster/verify.js';

export interface NodepoolApiOptions {
  /** The API's base URL (`https://<fqdn>/nodepool/api`; a trailing `/label-list` is taken off). */
  url: string;
  /** Per request. */
  timeoutMs: number;
  /** For tests. */
  fetch?: typeof fetch;
}

export class NodepoolApiError extends Error {}

/** The base of the lists' URLs (as given, less a trailing `/label-list` or slash). */
export function apiBase(url: string): string {
  try {
    const u = new URL(url);
    u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/(label|node|request|image|dib-image)-list$/, '');
    return u.toString().replace(/\/+(\?|#|$)/, '$1');
  } catch {
    return url.replace(/\/+$/, '').replace(/\/(label|node|request|image|dib-image)-list$/, '');
  }
}

/** A list's URL and headers: credentials in the URL become a Basic authorization header (fetch refuses them in the URL). */
function listRequest(base: string, list: string): { url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const u = new URL(base);
  if (u.username || u.password) {
    headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  u.pathname = `${u.pathname.replace(/\/+$/, '').replace(/\/(label|node|request|image|dib-image)-list$/, '')}/${list}`;
  return { url: u.toString(), headers };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

async function getJson(options: NodepoolApiOptions, list: string): Promise<unknown[]> {
  let request: { url: string; headers: Record<string, string> };
  try {
    request = listRequest(options.url, list);
  } catch {
    throw new NodepoolApiError('the Nodepool API URL is not a URL (give https://<fqdn>/nodepool/api)');
  }
  const shown = safeUrl(request.url);
  let res: Response;
  let body: string;
  try {
    res = await (options.fetch ?? fetch)(request.url, { headers: request.headers, signal: AbortSignal.timeout(Math.max(1, options.timeoutMs)) });
    body = await res.text();
  } catch (err) {
    const cause = err instanceof Error
      ? (err.name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : String((err as { cause?: { code?: unknown } }).cause?.code ?? err.message.split('\n')[0]))
      : String(err);
    // A URL in the cause (fetch names it) is shown as safeUrl shows it: no credentials, no query.
    throw new NodepoolApiError(`${shown} could not be read: ${cause.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, shown)}`);
  }
  if (!res.ok) throw new NodepoolApiError(`${shown} answered HTTP ${res.status}`);
  if (list === 'label-list') {
    try {
      return parseLabelList(body, res.headers.get('content-type') ?? undefined).map((label) => ({ label }));
    } catch (err) {
      throw new NodepoolApiError(`${shown}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new NodepoolApiError(`${shown} did not answer JSON (is this Nodepool's API? it answers JSON to Accept: application/json)`);
  }
  if (!Array.isArray(data)) throw new NodepoolApiError(`${shown} did not answer a JSON list`);
  return data.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x));
}

/** node-list, request-list, label-list, image-list and dib-image-list, read at once. */
export async function readNodepoolApi(options: NodepoolApiOptions): Promise<NodepoolSnapshot> {
  const [nodes, requests, labels, uploads, builds] = await Promise.all(
    ['node-list', 'request-list', 'label-list', 'image-list', 'dib-image-list'].map((list) => getJson(options, list)),
  );
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
  const rec = (x: unknown) => x as Record<string, unknown>;
  return {
    source: safeUrl(apiBase(options.url)),
    nodes: nodes.map(rec).flatMap((n): ApiNode[] => {
      const id = str(n.id);
      const state = str(n.state);
      if (id === null || state === null) return [];
      const label = Array.isArray(n.label) ? n.label.filter((l): l is string => typeof l === 'string') : str(n.label);
      // connection_port is a number, or "redacted" where it carries credentials (status.py).
      const port = typeof n.connection_port === 'number' ? n.connection_port : null;
      return [{ id, provider: str(n.provider), label, state, pool: str(n.pool), hostname: str(n.hostname), username: str(n.username), connection_port: port }];
    }),
    requests: requests.map(rec).flatMap((r): ApiRequest[] => {
      const id = str(r.id);
      const state = str(r.state);
      if (id === null || state === null) return [];
      return [{ id, state, node_types: strings(r.node_types), requestor: str(r.requestor), declined_by: strings(r.declined_by) }];
    }),
    labels: labels.map((l) => str(rec(l).label)).filter((l): l is string => l !== null),
    uploads: uploads.map(rec).flatMap((u): ApiUpload[] => {
      const [build, upload, provider, image, state] = [str(u.id), str(u.upload_id), str(u.provider), str(u.image), str(u.state)];
      return build !== null && upload !== null && provider !== null && image !== null && state !== null ? [{ build, upload, provider, image, state }] : [];
    }),
    builds: builds.map(rec).flatMap((b): ApiBuild[] => {
      const [id, image, state] = [str(b.id), str(b.image), str(b.state)];
      // dib-image-list's id is `<image>-<build id>`.
      if (id === null || image === null || state === null) return [];
      return [{ id: id.startsWith(`${image}-`) ? id.slice(image.length + 1) : id, image, state }];
    }),
  };
}
