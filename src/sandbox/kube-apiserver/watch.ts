// The watch of the loopback API server: `?watch=true` on a collection, a stream of JSON events on the response.

import type { ServerResponse } from 'node:http';
import { selection } from './handlers.js';
import type { KubeObject } from './objects.js';
import type { ResourceDef } from './resources.js';
import type { ObjectStore, WriteEvent } from './store.js';

/**
 * `?watch=true` on a collection: without a resourceVersion (or "0"), the objects there now as ADDED (with one, the
 * writes after it, or a 410 Expired event when they are no longer kept), then every
 * write as it happens (an object entering the selectors is ADDED, leaving them DELETED), one JSON event a line,
 * until the client goes or `timeoutSeconds` passes. `log` is the request's entry in the request log (answered 200).
 */
export function serveWatch(store: ObjectStore, res: ServerResponse, log: { status?: number }, r: ResourceDef, namespace: string | undefined, q: URLSearchParams): void {
  const selected = selection(r, q);
  const match = (o: KubeObject | undefined): boolean => !!o && selected(o);
  log.status = 200;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders(); // the real server answers at once, before any event
  const send = (type: string, o: KubeObject): void => {
    res.write(`${JSON.stringify({ type, object: o })}\n`);
  };
  // No resourceVersion (or "0"): what exists now, as ADDED. A resourceVersion: the writes after it, replayed.
  const sinceText = q.get('resourceVersion');
  const since = sinceText && sinceText !== '0' && /^\d+$/.test(sinceText) ? Number(sinceText) : undefined;
  if (since === undefined) for (const o of store.all(r, namespace)) if (match(o)) send('ADDED', o);
  const watcher = (e: WriteEvent): void => {
    if (e.resource !== r.plural || (namespace !== undefined && e.namespace !== namespace)) return;
    const now = match(e.object);
    const before = match(e.oldObject);
    if (e.type === 'DELETED') {
      if (now) send('DELETED', e.object);
    } else if (now && before) send('MODIFIED', e.object);
    else if (now) send('ADDED', e.object);
    else if (before) send('DELETED', e.object);
  };
  const opened = store.watch(watcher, since);
  if (opened === 'expired') {
    // The real server's answer when its watch cache no longer holds the writes after the resourceVersion asked for.
    send('ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${since} (${store.resourceVersion})`, reason: 'Expired', code: 410 } as KubeObject);
    res.end();
    return;
  }
  const unwatch = opened;
  const end = (): void => {
    unwatch();
    clearTimeout(timer);
  };
  const seconds = Number(q.get('timeoutSeconds') ?? '0');
  const timer = setTimeout(() => {
    end();
    res.end();
  }, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30 * 60 * 1000);
  timer.unref?.();
  res.on('close', end);
}
