// The objects of the loopback API server as they are on the wire, and what every part of it reads of them: the
// metadata, the key an object is stored under, the key order the server writes, its timestamps.

import type { ResourceDef } from './resources.js';
import type { GroupResource } from './status.js';
import { isObj } from './patch.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** An object as it is on the wire (JSON). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** The resource as a Status names it. */
export const groupResourceOf = (r: ResourceDef): GroupResource => ({ group: r.group, resource: r.plural });

/** A timestamp as the server writes one (RFC 3339, whole seconds). */
export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Where an object is kept among those of its resource; sorting by it sorts by namespace, then name. */
export const keyOf = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;

/** The object's metadata, created empty when it has none. */
export function metaOf(o: KubeObject): ObjectMeta {
  if (!isObj(o.metadata)) o.metadata = {};
  return o.metadata as ObjectMeta;
}

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** Key order as the server writes it: apiVersion, kind, metadata, ..., status. */
export function ordered(o: KubeObject): KubeObject {
  const out: KubeObject = {};
  if (o.apiVersion !== undefined) out.apiVersion = o.apiVersion;
  if (o.kind !== undefined) out.kind = o.kind;
  if (o.metadata) {
    const m: ObjectMeta = {};
    for (const k of META_ORDER) if (o.metadata[k] !== undefined) m[k] = o.metadata[k];
    for (const [k, v] of Object.entries(o.metadata)) if (!(k in m) && v !== undefined) m[k] = v;
    out.metadata = m;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status' && v !== undefined) out[k] = v;
  }
  if (o.status !== undefined) out.status = o.status;
  return out;
}
