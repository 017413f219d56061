/**
 * What every step executor of apply shares: the run's connection and field manager, the dry-run switch of the
 * preflight, the result of a write, and create-or-merge-patch with its conflict handling.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ConfigurationOptions, KubeConfig } from '@kubernetes/client-node';
import { ClusterError, describeRequest, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';
import { call, isConflict, isNotFound } from './retry.js';
import type { CallConfig, RetryOptions } from './retry.js';

export const FIELD_MANAGER = 'pool-reconciler';

export interface ApplyContext {
  client: ClusterClient;
  /** For exec (client-node's Exec takes the KubeConfig). */
  kc: KubeConfig;
  fieldManager: string;
  retry: RetryOptions;
  /** Re-reads after a 409 before giving up (default 5). */
  conflictRetries?: number;
  progress: (line: string) => void;
  /** Send every write with `dryRun=All` (validated and admitted, not stored): the preflight's dry run. */
  dryRun?: boolean;
}

export const dryRunOf = (ctx: ApplyContext): { dryRun?: string } => (ctx.dryRun ? { dryRun: 'All' } : {});

export interface WriteResult {
  status: 'applied' | 'unchanged';
  /** Writes that the server accepted. */
  writes: number;
  message?: string;
}

export const merge = (o: ConfigurationOptions): ConfigurationOptions => setHeaderOptions('Content-Type', PatchStrategy.MergePatch, o);

export function asClusterError(err: unknown, info: RequestInfo, client: ClusterClient): ClusterError {
  return err instanceof ClusterError ? err : translateError(err, info, client.server, client.redact);
}

export function conflictGiveUp(info: RequestInfo, tries: number): ClusterError {
  return new ClusterError(
    `cannot ${describeRequest(info)}: it kept changing under us (409 Conflict ${tries} times in a row)`,
    'api',
    'Something else writes this object continuously; run apply again.',
    409,
  );
}

/**
 * One object written by create or JSON merge patch (no precondition): the calls, and when it already holds it. `W`
 * is what a write answers (the object, or only the status: ClusterClient.send), `T` what a read does.
 */
export interface CreateOrPatch<T, W = T> {
  info: (verb: RequestInfo['verb']) => RequestInfo;
  /** Whether the plan saw it: patch first, else create first. */
  exists: boolean;
  create: (o: CallConfig) => Promise<W>;
  patch: (o: CallConfig) => Promise<W>;
  read: (o: CallConfig) => Promise<T>;
  /** The object as read already holds what is written. */
  holds: (current: T) => boolean;
}

/**
 * Create it, or merge-patch it when it exists, and converge whatever happens in between: a create that meets an
 * existing object (created meanwhile, or our own create landed after a timeout) patches it; a patch that meets none
 * creates it; a 409 on a patch (a merge patch has no precondition, so it comes from elsewhere: an admission webhook,
 * a proxy) reads the object again and is done when it already holds what is written, else patches again.
 */
export async function createOrMergePatch<T, W = T>(ctx: ApplyContext, op: CreateOrPatch<T, W>): Promise<{ status: 'applied' | 'unchanged'; writes: number; object: T | W; created?: boolean }> {
  const { client } = ctx;
  const tries = (ctx.conflictRetries ?? 5) + 1;
  let create = !op.exists;
  const writes = 0;
  for (let i = 0; i < tries; i++) {
    if (create) {
      try {
        const object = await call(client, op.info('create'), (o) => op.create(o), ctx.retry);
        return { status: 'applied', writes: writes + 1, object, created: true };
      } catch (err) {
        if (!isConflict(err)) throw asClusterError(err, op.info('create'), client);
        create = false;
        continue;
      }
    }
    try {
      const object = await call(client, op.info('patch'), (o) => op.patch({ ...merge(o), signal: o.signal }), { ...ctx.retry, passNotFound: true });
      return { status: 'applied', writes: writes + 1, object };
    } catch (err) {
      if (isNotFound(err)) {
        create = true;
        continue;
      }
      if (!isConflict(err)) throw asClusterError(err, op.info('patch'), client);
      const current = await call(client, op.info('get'), (o) => op.read(o), { ...ctx.retry, notFound: { value: undefined } });
      if (current === undefined) {
        create = true;
        continue;
      }
      if (op.holds(current)) return { status: writes ? 'applied' : 'unchanged', writes, object: current };
    }
  }
  throw conflictGiveUp(op.info('patch'), tries);
}

