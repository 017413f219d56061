// The loopback API server's URLs: a path to the route it names (discovery, a collection, an object, a pod's exec),
// the discovery documents, and the reading of a request's query, options and content type.

import { RESOURCES, type ResourceDef, discoveryResources, findResource } from './resources.js';
import { type FieldError, goQuote, invalid, supportedValues } from './status.js';
import type { WriteOptions } from './store.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';
const FIELD_MANAGER_MAX = 128;

export type Route =
  | { type: 'discovery'; body: unknown }
  | { type: 'collection'; res: ResourceDef; namespace?: string }
  | { type: 'object'; res: ResourceDef; namespace?: string; name: string }
  | { type: 'exec'; namespace: string; name: string };

/** Whether every percent-escape of a path decodes: Go's HTTP server answers a plain 400 before routing otherwise. */
export function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** The route a path names, or undefined (404); `port` is the server's, as `/api` tells it. */
export function routeOf(pathname: string, port: number): Route | undefined {
  const segs = pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  if (segs.length === 1 && segs[0] === 'version') {
    return {
      type: 'discovery',
      body: { major: '1', minor: '33', gitVersion: 'v1.33.0', gitCommit: 'loopback', platform: 'linux/amd64' },
    };
  }
  const gv = groupVersion(segs, port);
  if (!gv || 'type' in gv) return gv;
  return resourceRoute(gv.group, gv.version, gv.rest);
}

/** `/api[/v1…]` and `/apis[/group[/version…]]`: a discovery document, or the group and version and what follows. */
function groupVersion(segs: string[], port: number): Route | { group: string; version: string; rest: string[] } | undefined {
  if (segs[0] === 'api') {
    if (segs.length === 1) {
      return {
        type: 'discovery',
        body: {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
        },
      };
    }
    return { group: '', version: segs[1], rest: segs.slice(2) };
  }
  if (segs[0] !== 'apis') return undefined;
  const groups = apiGroups();
  if (segs.length === 1) return { type: 'discovery', body: { kind: 'APIGroupList', apiVersion: 'v1', groups } };
  const g = groups.find((x) => x.name === segs[1]);
  if (!g) return undefined;
  if (segs.length === 2) return { type: 'discovery', body: { kind: 'APIGroup', apiVersion: 'v1', ...g } };
  return { group: segs[1], version: segs[2], rest: segs.slice(3) };
}

/** The named API groups, each at the version its resources have. */
function apiGroups(): { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] {
  return [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))].map((g) => {
    const v = RESOURCES.find((r) => r.group === g)?.version ?? 'v1';
    const gv = { groupVersion: `${g}/${v}`, version: v };
    return { name: g, versions: [gv], preferredVersion: gv };
  });
}

/** What follows a group and version: its APIResourceList, a collection, an object or a pod's exec. */
function resourceRoute(group: string, version: string, rest: string[]): Route | undefined {
  if (!RESOURCES.some((r) => r.group === group && r.version === version)) return undefined;
  if (rest.length === 0) {
    return {
      type: 'discovery',
      body: {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources: discoveryResources(group, version),
      },
    };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const ns = rest[1];
    const res = findResource(group, version, rest[2]);
    if (!res || !res.namespaced) return undefined;
    if (rest.length === 3) return { type: 'collection', res, namespace: ns };
    if (rest.length === 4) return { type: 'object', res, namespace: ns, name: rest[3] };
    if (rest.length === 5 && res.plural === 'pods' && rest[4] === 'exec') return { type: 'exec', namespace: ns, name: rest[3] };
    return undefined;
  }
  const res = findResource(group, version, rest[0]);
  if (!res) return undefined;
  if (rest.length === 1) return { type: 'collection', res };
  if (rest.length === 2 && !res.namespaced) return { type: 'object', res, name: rest[1] };
  return undefined;
}

/** A Content-Type without its parameters, lower-cased. */
export const baseType = (ct: string | undefined): string => (ct ?? '').split(';')[0].trim().toLowerCase();

/** The query as the request log keeps it: a repeated parameter as an array. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    out[k] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * A boolean query parameter as apimachinery converts one into its options (Convert_Slice_string_To_bool): false for
 * "0" and "false" in any case, true for anything else (an empty value and "yes" included); undefined when absent.
 */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** What is wrong with a write's fieldManager and dryRun parameters. */
export function optionsErrors(q: URLSearchParams): FieldError[] {
  const errs: FieldError[] = [];
  const fm = q.get('fieldManager');
  if (fm !== null) {
    if (Buffer.byteLength(fm) > FIELD_MANAGER_MAX) {
      errs.push({ type: 'TooLong', field: 'fieldManager', detail: `may not be more than ${FIELD_MANAGER_MAX} bytes` });
    }
    [...fm].forEach((ch, i) => {
      if (/[\p{C}]/u.test(ch)) {
        const cp = ch.codePointAt(0) ?? 0;
        errs.push({
          type: 'Invalid',
          field: 'fieldManager',
          value: goQuote(fm),
          detail: `invalid character U+${cp.toString(16).toUpperCase().padStart(4, '0')} (at position ${i})`,
        });
      }
    });
  }
  const dry = q.getAll('dryRun');
  if (dry.some((d) => d !== 'All')) {
    errs.push({
      type: 'NotSupported',
      field: 'dryRun',
      value: JSON.stringify(dry),
      detail: supportedValues(['All']),
    });
  }
  return errs;
}

/** A write's options (`kind`: CreateOptions, UpdateOptions, PatchOptions); the manager defaults to the User-Agent's name. */
export function writeOptions(q: URLSearchParams, userAgent: string | undefined, kind: string): WriteOptions {
  const errs = optionsErrors(q);
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind }, '', errs);
  const ua = userAgent ?? '';
  return { dryRun: q.getAll('dryRun').includes('All'), manager: q.get('fieldManager') ?? (ua.split('/')[0] || 'unknown') };
}
