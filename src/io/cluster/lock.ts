/**
 * The apply lock: a `coordination.k8s.io/v1` Lease (default `pool-reconciler`, in the Software Factory namespace),
 * the way Kubernetes' own leader election uses one.
 *
 * - Acquire: create the Lease with this run's identity, or take it over (PUT with the resourceVersion read) when it
 *   is free (no holder: released) or expired. Concurrent acquirers race on the resourceVersion: exactly one PUT (or
 *   POST) wins, the others get 409 and look again.
 * - Expired is judged as client-go's leader election does, on this machine's clock only: the Lease (its
 *   resourceVersion, holder or renewTime) has not changed for `leaseDurationSeconds` since this run first saw that
 *   record. The holder's `renewTime` is another machine's clock and is never compared with ours: a holder whose clock
 *   is an hour slow but who keeps renewing holds the lock; a Lease left by a run that crashed is taken over one lease
 *   duration after this run first looked at it, however old its renewTime says it is.
 * - Held by another run: wait, polling, up to `waitMs`; then fail with a message naming the holder.
 * - While held: renewed every `renewIntervalMs` (a third of the lease). A renewal that finds another holder, or that
 *   fails for longer than the lease, marks the lock lost: apply checks `lost` before each step and stops.
 * - Release: holder cleared, lease duration 1 s (as client-go's ReleaseOnCancel does), with the resourceVersion read;
 *   a release that fails leaves a Lease that expires by itself.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { V1MicroTime } from '@kubernetes/client-node';
import type { CoordinationV1Api, V1Lease } from '@kubernetes/client-node';
import { ClusterError, read, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';
import { call, isConflict, sleep } from './retry.js';
import type { RetryOptions } from './retry.js';

export const LOCK_NAME = 'pool-reconciler';

export interface LockOptions {
  namespace: string;
  /** Lease name (default `pool-reconciler`). */
  name?: string;
  /** Who holds it: unique per run (see `defaultIdentity`). */
  identity: string;
  /** Default 60. */
  leaseDurationSeconds?: number;
  /** Default a third of the lease duration. */
  renewIntervalMs?: number;
  /** How long to wait for another holder (default 5 min). */
  waitMs?: number;
  /** How often to look again while waiting (default 2 s, shorter when the lease expires sooner). */
  pollMs?: number;
  /** A line every few seconds while waiting (default every 10 s). */
  progressIntervalMs?: number;
  fieldManager?: string;
  onProgress?: (line: string) => void;
  retry?: RetryOptions;
  /**
   * The free Lease this run saw before it read the cluster (lockIsFree): the first attempt writes on that record
   * (create when it was absent, PUT with its resourceVersion), without a GET. When that write succeeds, no run took
   * the Lease since it was seen (`unchangedSinceSeen`); a 409 means one did, and acquiring goes on as usual.
   */
  seen?: V1Lease | 'absent';
  /** For tests. */
  now?: () => number;
}

export interface HeldLock {
  readonly identity: string;
  readonly namespace: string;
  readonly name: string;
  /** How long acquiring waited for another holder, in ms. */
  readonly waitedMs: number;
  /** Whether a Lease left by another run (expired) was taken over, and whose. */
  readonly tookOverFrom?: string;
  /** Set when the lock was lost: one sentence why. */
  readonly lost: string | undefined;
  /** Lease writes so far (create, take-over, renewals, release). */
  readonly writes: number;
  /**
   * Taken with a write conditioned on the record `seen` (LockOptions): nobody wrote the Lease between that read and
   * this write, so no run held the lock meanwhile.
   */
  readonly unchangedSinceSeen?: boolean;
  /** Stops renewing and gives the Lease up. Never throws: a failure is returned as a sentence. */
  release(): Promise<string | undefined>;
}

export class LockError extends Error {
  constructor(
    message: string,
    readonly holder?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'LockError';
  }
}

/** `pool-reconciler@<host> pid <pid> <random>`: unique per run, readable in `kubectl get lease -o yaml`. */
export function defaultIdentity(): string {
  return `pool-reconciler@${hostname()} pid ${process.pid} ${randomBytes(4).toString('hex')}`;
}

/**
 * The identity of a GitHub Actions job attempt: `pool-reconciler run <id> attempt <n> job <job> <random>`, plus the
 * run's address when known. Unique per job and attempt (two jobs of one workflow run, or a re-run, wait for each
 * other); the random part keeps a matrix job's legs (same run, job and attempt) apart too. Outside Actions, the
 * host, pid and a random part.
 */
export function identityFromEnv(env: Record<string, string | undefined>, runUrl?: string): string {
  const run = env.GITHUB_RUN_ID;
  if (!run) return defaultIdentity();
  const parts = [`pool-reconciler run ${run}`, `attempt ${env.GITHUB_RUN_ATTEMPT || '1'}`];
  if (env.GITHUB_JOB) parts.push(`job ${env.GITHUB_JOB}`);
  parts.push(randomBytes(4).toString('hex'));
  return `${parts.join(' ')}${runUrl ? ` (${runUrl})` : ''}`;
}

function timeOf(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && v) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export interface LeaseView {
  holder?: string;
  durationMs: number;
  acquiredAt?: number;
  renewedAt?: number;
}

export function viewLease(lease: V1Lease): LeaseView {
  const spec = lease.spec ?? {};
  return {
    ...(spec.holderIdentity ? { holder: spec.holderIdentity } : {}),
    durationMs: (spec.leaseDurationSeconds ?? 0) * 1000,
    ...(timeOf(spec.acquireTime) !== undefined ? { acquiredAt: timeOf(spec.acquireTime) } : {}),
    ...(timeOf(spec.renewTime ?? spec.acquireTime) !== undefined ? { renewedAt: timeOf(spec.renewTime ?? spec.acquireTime) } : {}),
  };
}

/**
 * What a run saw of the apply lock before it read the cluster: no run holds it (the Lease does not exist, or was
 * released: no holder), and the record seen (`absent`, or the Lease with its resourceVersion), which acquireLock can
 * write on directly (`seen`).
 */
export interface LockSeen {
  free: boolean;
  seen?: V1Lease | 'absent';
}

/**
 * Whether no run holds the apply lock now: its Lease does not exist or was released (no holder). One GET. A Lease
 * with a holder counts as held whatever its renewTime says (expiry is judged only by watching it, in acquireLock),
 * and so does a Lease that cannot be read: the caller then takes the lock the usual way, which says why it cannot.
 */
export async function lockIsFree(client: ClusterClient, api: CoordinationV1Api, namespace: string, name = LOCK_NAME): Promise<LockSeen> {
  try {
    const lease = await read(client, { verb: 'get', resource: 'leases', group: 'coordination.k8s.io', namespace, name },
      () => api.readNamespacedLease({ name, namespace }), { value: undefined });
    if (lease === undefined) return { free: true, seen: 'absent' };
    return lease.spec?.holderIdentity ? { free: false } : { free: true, seen: lease };
  } catch {
    return { free: false };
  }
}

/**
 * `"x" (renewTime 2026-01-01T10:00:00Z by its clock; unchanged for 3 s as seen here, expires in 57 s unless renewed)`.
 * `unchangedMs` is how long this run has seen the same record; the holder's own timestamp is shown as what it is,
 * another machine's clock.
 */
export function describeHolder(v: LeaseView, unchangedMs: number): string {
  const parts: string[] = [];
  if (v.renewedAt !== undefined) parts.push(`renewTime ${new Date(v.renewedAt).toISOString().replace(/\.\d+Z$/, 'Z')} by its clock`);
  const left = v.durationMs - unchangedMs;
  parts.push(`unchanged for ${seconds(unchangedMs)} as seen here, ${left > 0 ? `expires in ${seconds(left)} unless renewed` : `expired after ${seconds(v.durationMs)}`}`);
  return `${JSON.stringify(v.holder ?? '')} (${parts.join('; ')})`;
}

/**
 * Long because the Lease's states (none, ours, another's live one, another's expired one) and the wait between them
 * share the observed record and the local clock.
 */
export async function acquireLock(client: ClusterClient, api: CoordinationV1Api, options: LockOptions): Promise<HeldLock> {
  const name = options.name ?? LOCK_NAME;
  const { namespace, identity } = options;
  const durationS = Math.max(1, Math.round(options.leaseDurationSeconds ?? 60));
  const renewMs = options.renewIntervalMs ?? Math.max(200, Math.floor((durationS * 1000) / 3));
  const waitMs = options.waitMs ?? 300_000;
  const pollMs = options.pollMs ?? 2_000;
  const progressMs = options.progressIntervalMs ?? 10_000;
  const fieldManager = options.fieldManager ?? 'pool-reconciler';
  const now = options.now ?? Date.now;
  const say = options.onProgress ?? ((): void => undefined);
  const retry = options.retry ?? {};
  const info = (verb: RequestInfo['verb']): RequestInfo => ({ verb, resource: 'leases', group: 'coordination.k8s.io', namespace, name });
  const ref = `Lease ${namespace}/${name}`;

  let writes = 0;
  let lease: V1Lease | undefined;
  let lost: string | undefined;
  let tookOverFrom: string | undefined;

  const get = (): Promise<V1Lease | undefined> =>
    call(client, info('get'), (o) => api.readNamespacedLease({ name, namespace }, o), { ...retry, notFound: { value: undefined } }) as Promise<V1Lease | undefined>;
  const put = async (body: V1Lease): Promise<V1Lease> => {
    const out = await call(client, info('update'), (o) => api.replaceNamespacedLease({ name, namespace, body, fieldManager }, o), retry);
    writes++;
    return out;
  };
  const mine = (t: number, transitions: number, acquire: boolean, prev?: V1Lease): V1Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...(prev?.metadata ?? {}), name, namespace },
    spec: {
      ...(prev?.spec ?? {}),
      holderIdentity: identity,
      leaseDurationSeconds: durationS,
      ...(acquire ? { acquireTime: new V1MicroTime(t) } : {}),
      renewTime: new V1MicroTime(t),
      leaseTransitions: transitions,
    },
  });

  // ---- acquire ----
  const start = now();
  let lastSaid = -Infinity;
  let hadToWait = false;
  let conflicts = 0;
  const conflicted = (): void => {
    // Each 409 means another writer won a race for the Lease; many in a row means something is wrong with it.
    if (++conflicts > 10) {
      throw new LockError(`cannot take the apply lock: every write of ${ref} conflicted (409 Conflict ${conflicts} times)`, undefined,
        'Something else keeps writing this Lease; look at it with `kubectl get lease -o yaml`.');
    }
  };
  /** The record this run last saw, and when it first saw it, on this machine's clock (client-go's observedTime). */
  let seenRecord: string | undefined;
  let seenAt = start;
  // The record seen before the cluster was read, used once instead of a GET (options.seen).
  let first: V1Lease | 'absent' | undefined = options.seen;
  let unchangedSinceSeen: boolean;
  for (;;) {
    const t = now();
    const fromSeen = first !== undefined;
    let current: V1Lease | undefined;
    if (first !== undefined) {
      current = first === 'absent' ? undefined : first;
      first = undefined;
    } else {
      try {
        current = await get();
      } catch (err) {
        throw lockFailure(err, client, info('get'));
      }
    }
    if (!current) {
      try {
        lease = await call(client, info('create'), (o) => api.createNamespacedLease({ namespace, body: mine(t, 0, true), fieldManager }, o), retry);
        writes++;
        unchangedSinceSeen = fromSeen;
        break;
      } catch (err) {
        if (isConflict(err)) {
          conflicted(); // another run created it first (or our own create landed late): look again
          continue;
        }
        throw lockFailure(err, client, info('create'));
      }
    }
    const v = viewLease(current);
    const record = JSON.stringify([current.metadata?.resourceVersion, v.holder, v.renewedAt, v.durationMs]);
    if (record !== seenRecord) {
      seenRecord = record;
      seenAt = t;
    }
    const unchangedMs = t - seenAt;
    const expired = unchangedMs >= v.durationMs;
    const free = !v.holder || v.holder === identity || expired;
    if (free) {
      const transitions = (current.spec?.leaseTransitions ?? 0) + (v.holder && v.holder !== identity ? 1 : 0);
      try {
        lease = await put(mine(t, transitions, v.holder !== identity, current));
        unchangedSinceSeen = fromSeen;
        if (v.holder && v.holder !== identity) {
          tookOverFrom = v.holder;
          say(`lock: took over ${ref} from ${describeHolder(v, unchangedMs)}: it had expired`);
        }
        break;
      } catch (err) {
        if (isConflict(err)) {
          conflicted();
          continue;
        }
        throw lockFailure(err, client, info('update'));
      }
    }
    const waited = t - start;
    if (waited >= waitMs) {
      throw new LockError(
        `another apply holds the lock: ${ref} is held by ${describeHolder(v, unchangedMs)}; waited ${seconds(waited)} for it`,
        v.holder,
        'Let that run finish and run again, or give a longer lock wait. A Lease left by a run that crashed is taken over once it has stayed unchanged for its lease duration.',
      );
    }
    if (t - lastSaid >= progressMs) {
      lastSaid = t;
      say(`lock: waiting for ${ref}, held by ${describeHolder(v, unchangedMs)}; waiting up to ${seconds(waitMs - waited)} more`);
    }
    const untilExpiry = v.durationMs - unchangedMs + 50;
    hadToWait = true;
    await sleep(Math.max(10, Math.min(pollMs, waitMs - waited, untilExpiry)));
  }
  const waitedMs = hadToWait ? now() - start : 0;

  // ---- renew ----
  let lastRenew = now();
  let renewing: Promise<void> | undefined;
  let stopped = false;
  const renewOnce = async (): Promise<void> => {
    for (let i = 0; i < 5 && !stopped && !lost; i++) {
      const t = now();
      try {
        const body = mine(t, lease?.spec?.leaseTransitions ?? 0, false, lease);
        lease = await put(body);
        lastRenew = t;
        return;
      } catch (err) {
        if (isConflict(err)) {
          // Someone wrote the Lease: still ours (a late write of our own), or taken?
          try {
            const cur = await get();
            const holder = cur?.spec?.holderIdentity;
            if (cur && holder === identity) {
              lease = cur;
              continue;
            }
            lost = `the lock was taken: ${ref} is now held by ${JSON.stringify(holder ?? '')}${cur ? '' : ' (the Lease was deleted)'}`;
          } catch {
            // transient: try at the next tick
          }
          return;
        }
        if (now() - lastRenew > durationS * 1000) {
          const e = err instanceof ClusterError ? err : translateError(err, info('update'), client.server, client.redact);
          lost = `the lock could not be renewed for ${durationS} s (${e.message}): another run may take it over`;
        }
        return;
      }
    }
  };
  const timer = setInterval(() => {
    if (renewing || stopped) return;
    renewing = renewOnce().finally(() => {
      renewing = undefined;
    });
  }, renewMs);
  timer.unref?.();

  return {
    identity,
    namespace,
    name,
    waitedMs,
    ...(tookOverFrom !== undefined ? { tookOverFrom } : {}),
    unchangedSinceSeen,
    get lost() {
      return lost;
    },
    get writes() {
      return writes;
    },
    async release(): Promise<string | undefined> {
      stopped = true;
      clearInterval(timer);
      if (renewing) await renewing;
      if (lost) return undefined;
      for (let i = 0; i < 3; i++) {
        const t = now();
        try {
          const body = mine(t, lease?.spec?.leaseTransitions ?? 0, false, lease);
          body.spec = { ...body.spec, holderIdentity: '', leaseDurationSeconds: 1 };
          delete body.spec.acquireTime;
          await put(body);
          return undefined;
        } catch (err) {
          if (isConflict(err)) {
            try {
              const cur = await get();
              if (!cur || cur.spec?.holderIdentity !== identity) return undefined; // not ours any more
              lease = cur;
              continue;
            } catch (e) {
              return releaseMessage(ref, e, client);
            }
          }
          return releaseMessage(ref, err, client);
        }
      }
      return `could not release ${ref} (it kept changing); it expires by itself in ${durationS} s`;
    },
  };
}

function releaseMessage(ref: string, err: unknown, client: ClusterClient): string {
  const e = err instanceof ClusterError ? err : translateError(err, { verb: 'update', resource: 'leases', group: 'coordination.k8s.io' }, client.server, client.redact);
  return `could not release ${ref}: ${e.message}; it expires by itself`;
}

function lockFailure(err: unknown, client: ClusterClient, info: RequestInfo): ClusterError {
  const e = err instanceof ClusterError ? err : translateError(err, info, client.server, client.redact);
  if (e.code === 404 && info.verb === 'create') {
    return new ClusterError(`cannot take the apply lock: ${e.message}`, e.reason,
      `The lock is a Lease in the Software Factory namespace ${JSON.stringify(info.namespace ?? '')}: does the namespace exist?`, e.code);
  }
  return new ClusterError(`cannot take the apply lock: ${e.message}`, e.reason, e.hint, e.code);
}
