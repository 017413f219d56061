/**
 * Bounded retries with backoff for the requests apply sends.
 *
 * Retried: 429 (after the server's Retry-After, capped), 500/502/503/504, a request that got no answer in time (it
 * is aborted, so it does not linger), and a connection reset or closed under it. Not retried: any other 4xx, which
 * fails at once with a clear sentence (403 with the RBAC rule to add). A 409 is not retried here either: the caller
 * re-reads the object and decides again (see `isConflict`).
 *
 * Every write apply sends is safe to send twice (a merge patch of the same keys, a PUT with the resourceVersion read,
 * a create that answers AlreadyExists when the first one did land), which is what makes retrying a timed-out write
 * sound: the first attempt may have been applied by the server after the client gave up on it.
 */
import { ApiException, Observable } from '@kubernetes/client-node';
import type { ConfigurationOptions, RequestContext, ResponseContext } from '@kubernetes/client-node';
import { ClusterError, describeRequest, errorCode, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';

export interface RetryOptions {
  /** Tries in all, the first included (default 5). */
  attempts?: number;
  /** The first backoff (default 500 ms); doubled at each retry, with up to 25 % random jitter. */
  baseDelayMs?: number;
  /** The longest backoff (default 8 s). */
  maxDelayMs?: number;
  /** The longest wait a server's Retry-After may impose (default 30 s); a longer one is cut to this. */
  maxRetryAfterMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry (for progress lines). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Tries in all. */
  attempts: number;
  delayMs: number;
  /** One short sentence: `the API server answered 503`, `no answer within 30 s`, `connection reset`. */
  reason: string;
  what: string;
}

export type FailureKind = 'throttled' | 'server' | 'timeout' | 'network' | 'conflict' | 'not-found' | 'client';

export interface Failure {
  kind: FailureKind;
  /** HTTP status, for API answers. */
  status?: number;
  /** The server's Retry-After, in ms. */
  retryAfterMs?: number;
  retryable: boolean;
  reason: string;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** Connection-level codes worth another try: the request may never have reached the server, or its answer was lost. */
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** What kind of failure an error is, and whether another try may help. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof ClusterError) {
    if (err.reason === 'timeout') return { kind: 'timeout', retryable: true, reason: err.message };
    if (err.code !== undefined) return classifyStatus(err.code, undefined, err.message);
    if (err.reason === 'unreachable') return { kind: 'network', retryable: true, reason: err.message };
    return { kind: 'client', retryable: false, reason: err.message };
  }
  if (err instanceof ApiException) return classifyStatus(err.code, header(err.headers, 'retry-after'), `the API server answered ${err.code}`);
  // A WebSocket upgrade refused (exec): the `ws` package says "Unexpected server response: 503".
  const m = /Unexpected server response: (\d{3})/.exec(err instanceof Error ? err.message : String(err));
  if (m) return classifyStatus(Number(m[1]), undefined, `the API server answered ${m[1]}`);
  const code = errorCode(err);
  if (code && RETRYABLE_NETWORK.has(code)) return { kind: 'network', retryable: true, reason: `connection failed (${code})` };
  if (err instanceof Error && /socket hang up|other side closed|fetch failed/i.test(err.message)) {
    return { kind: 'network', retryable: true, reason: 'connection closed' };
  }
  return { kind: 'client', retryable: false, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) };
}

function classifyStatus(status: number, retryAfter: string | undefined, reason: string): Failure {
  if (status === 429) {
    const ms = parseRetryAfter(retryAfter);
    return { kind: 'throttled', status, retryable: true, reason, ...(ms !== undefined ? { retryAfterMs: ms } : {}) };
  }
  if (RETRYABLE_STATUS.has(status)) {
    const ms = parseRetryAfter(retryAfter);
    return { kind: 'server', status, retryable: true, reason, ...(ms !== undefined ? { retryAfterMs: ms } : {}) };
  }
  if (status === 409) return { kind: 'conflict', status, retryable: false, reason };
  if (status === 404) return { kind: 'not-found', status, retryable: false, reason };
  return { kind: 'client', status, retryable: false, reason };
}

export function isConflict(err: unknown): boolean {
  return (err instanceof ApiException && err.code === 409) || (err instanceof ClusterError && err.code === 409);
}

/** A 422: the request was refused as invalid (a JSON patch whose path no longer exists in the object is one). */
export function isUnprocessable(err: unknown): boolean {
  return (err instanceof ApiException && err.code === 422) || (err instanceof ClusterError && err.code === 422);
}

export function isNotFound(err: unknown): boolean {
  return (err instanceof ApiException && err.code === 404) || (err instanceof ClusterError && err.code === 404);
}

/** The wait before retry number `retry` (1-based): exponential backoff with jitter, or the server's Retry-After. */
export function retryDelay(retry: number, failure: Failure, options: RetryOptions = {}, random = Math.random): number {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 8_000;
  const backoff = Math.min(max, base * 2 ** (retry - 1));
  const jittered = Math.round(backoff * (1 + 0.25 * random()));
  if (failure.retryAfterMs !== undefined) return Math.min(options.maxRetryAfterMs ?? 30_000, Math.max(failure.retryAfterMs, 0));
  return jittered;
}

/** Per-call options that abort the request when `signal` fires: client-node's middleware, and the signal itself for ClusterClient.send. */
export type CallConfig = ConfigurationOptions & { signal: AbortSignal };

/** Per-call client-node options that abort the request when `signal` fires. */
export function abortOptions(signal: AbortSignal): CallConfig {
  return {
    signal,
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(signal);
          return new Observable(Promise.resolve(ctx));
        },
        post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`.replace('.0 s', ' s');
}

export interface CallOptions extends RetryOptions {
  /** 404 resolves to this value instead of failing (reads of objects that may be absent). */
  notFound?: { value: unknown };
  /** 409 is thrown as is (an ApiException), for the caller to re-read and decide again. Default true. */
  passConflict?: boolean;
  /** 404 is thrown as is (an ApiException), for the caller to create instead. Default false. */
  passNotFound?: boolean;
}

/**
 * One API call with a per-attempt time limit (the client's `timeoutMs`) and bounded retries of transient failures.
 * Other failures become one clear ClusterError (never a stack, never a body beyond the Status message), except a
 * 409 (and a 404 with `passNotFound`), which is thrown as the ApiException for the caller.
 */
export async function call<T>(
  client: ClusterClient,
  info: RequestInfo,
  fn: (options: CallConfig) => Promise<T>,
  options: CallOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const wait = options.sleep ?? sleep;
  const what = describeRequest(info);
  for (let attempt = 1; ; attempt++) {
    client.requests++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, client.timeoutMs);
    timer.unref?.();
    let failure: Failure;
    let error: unknown;
    try {
      return await fn(abortOptions(controller.signal));
    } catch (err) {
      error = timedOut
        ? new ClusterError(`no answer from the Kubernetes API server at ${client.server} within ${duration(client.timeoutMs)} to ${describeRequest(info)}`, 'timeout')
        : err;
      if (options.notFound && isNotFound(error)) return options.notFound.value as T;
      if (isConflict(error) && (options.passConflict ?? true)) throw error;
      if (isNotFound(error) && options.passNotFound) throw error;
      failure = classifyFailure(error);
    } finally {
      clearTimeout(timer);
    }
    if (!failure.retryable || attempt >= attempts) {
      const e = translateError(error, info, client.server, client.redact);
      if (failure.retryable && attempts > 1) {
        throw new ClusterError(`${e.message} (gave up after ${attempts} tries)`, e.reason, e.hint, e.code);
      }
      throw e;
    }
    const delayMs = retryDelay(attempt, failure, options);
    options.onRetry?.({ attempt, attempts, delayMs, reason: failure.reason, what });
    await wait(delayMs);
  }
}
