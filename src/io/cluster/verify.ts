/**
 * Verification after apply: the Nodepool launcher's webapp lists every label of `nodepool.yaml`.
 *
 * `GET <nodepool-api-url>/label-list` (through the Software Factory gateway: `https://<fqdn>/nodepool/api`). The
 * webapp answers a text table by default and JSON with `Accept: application/json`
 * (nodepool/status.py `label_list` + `output`):
 *
 *     JSON: [{"label": "centos-9-stream"}, {"label": "pod-fedora"}]
 *     text: +-----------------+
 *           | Label           |
 *           +-----------------+
 *           | centos-9-stream |
 *           +-----------------+
 *
 * JSON is asked for; either form is read. The launcher re-reads its config file on its own, so a new label appears
 * some seconds after the config refresh: the list is polled until every label is there or the time is up.
 */

export interface VerifyOptions {
  /** The Nodepool API base URL (`https://<fqdn>/nodepool/api`). */
  url: string;
  /** Labels that must be listed. */
  labels: string[];
  timeoutMs: number;
  /** Between polls (default 5 s). */
  pollMs?: number;
  /** Per request (default 10 s). */
  requestTimeoutMs?: number;
  /** A line each poll that still misses labels. */
  onProgress?: (line: string) => void;
  /** For tests. */
  fetch?: typeof fetch;
}

export interface VerifyResult {
  /** Labels of nodepool.yaml the launcher does not list (empty: verified). */
  missing: string[];
  /** What the launcher listed at the last successful poll. */
  listed: string[];
  /** Polls sent. */
  polls: number;
  /** Set when the last poll failed (HTTP status, unreachable, unreadable body): one sentence. */
  error?: string;
}

/** The labels in a label-list answer: a JSON array (objects with `label`, or strings) or the text table. */
export function parseLabelList(body: string, contentType?: string): string[] {
  const text = body.trim();
  const looksJson = /json/i.test(contentType ?? '') || text.startsWith('[');
  if (looksJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error('the label list is not valid JSON');
    }
    if (!Array.isArray(data)) throw new Error('the label list is not a JSON array');
    const out: string[] = [];
    for (const item of data) {
      if (typeof item === 'string') out.push(item);
      else if (item && typeof item === 'object' && typeof (item as { label?: unknown }).label === 'string') out.push((item as { label: string }).label);
    }
    return out;
  }
  // PrettyTable: border lines of + and -, rows `| a | b |`; the first row is the header (`Label`).
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'))
    .map((l) => l.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim()));
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.toLowerCase());
  const col = header.indexOf('label');
  if (col < 0) throw new Error('the label list has no "Label" column');
  return rows.slice(1).map((r) => r[col] ?? '').filter((l) => l !== '');
}

/** The label-list URL for a base URL (a trailing slash or a given `/label-list` is fine). */
export function labelListUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return /\/label-list$/.test(trimmed) ? trimmed : `${trimmed}/label-list`;
}

/** What to say about a URL: scheme, host and path only (never credentials or a query, which may carry a token). */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the Nodepool API URL';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function verifyLabels(options: VerifyOptions): Promise<VerifyResult> {
  const doFetch = options.fetch ?? fetch;
  const url = labelListUrl(options.url);
  const shown = safeUrl(url);
  const pollMs = options.pollMs ?? 5_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const want = [...new Set(options.labels)];
  const start = Date.now();
  let polls = 0;
  let listed: string[] = [];
  let missing = [...want];
  let error: string | undefined;
  for (;;) {
    polls++;
    error = undefined;
    try {
      const res = await doFetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(Math.max(1, Math.min(requestTimeoutMs, options.timeoutMs - (Date.now() - start) + 1000))),
      });
      const body = await res.text();
      if (!res.ok) {
        error = `${shown} answered HTTP ${res.status}`;
      } else {
        listed = parseLabelList(body, res.headers.get('content-type') ?? undefined);
        const have = new Set(listed);
        missing = want.filter((l) => !have.has(l));
      }
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      error = e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `${shown} did not answer in time`
        : e.cause?.code
          ? `${shown} could not be reached (${e.cause.code})`
          : `${shown}: ${(e.message ?? String(err)).split('\n')[0]}`;
    }
    if (!error && missing.length === 0) return { missing, listed, polls };
    const waited = Date.now() - start;
    if (waited >= options.timeoutMs) return { missing, listed, polls, ...(error ? { error } : {}) };
    options.onProgress?.(
      error
        ? `verify: ${error}; trying again`
        : `verify: Nodepool does not list ${missing.length === 1 ? 'label' : 'labels'} ${missing.join(', ')} yet`,
    );
    await sleep(Math.max(1, Math.min(pollMs, options.timeoutMs - waited)));
  }
}
