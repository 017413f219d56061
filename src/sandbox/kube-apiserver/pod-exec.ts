// The pods/exec subresource of the loopback API server: the pod and container a request names (upstream's 404s
// and 400s), and the command run "in" it by the handler a test registered. The WebSocket stream is exec.ts.

import { type ExecOutput, type ExecStreamStatus, exitCodeStatus, internalErrorStatus, successStatus } from './exec.js';
import { type KubeObject, groupResourceOf } from './objects.js';
import { clone, isObj } from './patch.js';
import { type ResourceDef, resourceByName } from './resources.js';
import { parseBool } from './router.js';
import { badRequest, notFound } from './status.js';
import type { ObjectStore } from './store.js';

export interface ExecResult {
  stdout?: string | Uint8Array;
  stderr?: string | Uint8Array;
  /** Default 0. */
  exitCode?: number;
}

/**
 * Runs a command "in" a container. `env` is the container's literal `env` values overlaid with any
 * leading `env NAME=value` words of the command; `stdin` is given on v5 when the client sent stdin.
 */
export type ExecHandler = (
  pod: KubeObject,
  container: string,
  command: string[],
  env: Record<string, string>,
  stdin?: Buffer,
) => ExecResult | Promise<ExecResult>;

export interface ExecMatch {
  namespace?: string;
  pod?: string | RegExp;
  container?: string;
}

export interface ExecRecord {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  env: Record<string, string>;
  protocol: string;
  stdin?: string;
  status: ExecStreamStatus;
}

/** What an exec request runs where, and which of its streams it asked for. */
export interface ExecTarget {
  pod: KubeObject;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

/** Looks up the pod and container of an exec request and checks its options (upstream's 404s and 400s). */
export function execTarget(store: ObjectStore, ns: string, podName: string, q: URLSearchParams): ExecTarget {
  const pods = resourceByName('pods') as ResourceDef;
  const pod = store.get(pods, ns, podName);
  if (!pod) throw notFound(groupResourceOf(pods), podName);
  const stdin = parseBool(q.get('stdin')) ?? false;
  const stdout = parseBool(q.get('stdout')) ?? false;
  const stderr = parseBool(q.get('stderr')) ?? false;
  if (!stdin && !stdout && !stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const command = q.getAll('command');
  if (command.length === 0) throw badRequest('you must specify at least one command for the container');
  const spec = isObj(pod.spec) ? pod.spec : {};
  const names = (list: unknown): string[] =>
    Array.isArray(list) ? list.filter(isObj).map((c) => String(c.name ?? '')) : [];
  const containers = names(spec.containers);
  const all = [...containers, ...names(spec.initContainers), ...names(spec.ephemeralContainers)];
  let container = q.get('container') ?? '';
  if (container === '') {
    if (containers.length === 1) container = containers[0];
    else if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
    else {
      let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`;
      const init = names(spec.initContainers);
      if (init.length > 0) msg += ` or one of the init containers: [${init.join(' ')}]`;
      throw badRequest(msg);
    }
  } else if (!all.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  // Upstream: a pod not bound to a node has no kubelet to stream from. (A pod seeded Running without a nodeName,
  // as the stand-in's tests write them, counts as bound.)
  const status = isObj(pod.status) ? pod.status : {};
  if (!spec.nodeName && status.phase !== 'Running') throw badRequest(`pod ${podName} does not have a host assigned`);
  return { pod, container, command, stdin, stdout, stderr };
}

/** The exec handlers the tests registered, the most recent first; each run is recorded in `execs`. */
export class ExecHandlers {
  private readonly entries: { handler: ExecHandler; match: ExecMatch }[] = [];

  constructor(private readonly execs: ExecRecord[]) {}

  /** Registers a handler; the most recently registered one that matches runs. Returns an unregister. */
  add(handler: ExecHandler, match: ExecMatch): () => void {
    const entry = { handler, match };
    this.entries.unshift(entry);
    return () => {
      const i = this.entries.indexOf(entry);
      if (i >= 0) this.entries.splice(i, 1);
    };
  }

  /** Runs the target's command with the handler that matches it; a missing or failing handler is a Failure status. */
  async run(ns: string, target: ExecTarget, protocol: string, stdin: Buffer | undefined): Promise<ExecOutput> {
    const { pod, container, command } = target;
    const podName = pod.metadata?.name ?? '';
    const env = execEnv(pod, container, command);
    const entry = this.entries.find(({ match }) => {
      if (match.namespace !== undefined && match.namespace !== ns) return false;
      if (match.container !== undefined && match.container !== container) return false;
      if (match.pod !== undefined && !(typeof match.pod === 'string' ? match.pod === podName : match.pod.test(podName))) return false;
      return true;
    });
    let out: ExecOutput;
    if (!entry) {
      out = {
        status: internalErrorStatus(
          `error executing command in container: no exec handler registered for ${ns}/${podName} container ${container}: [${command.join(' ')}]`,
        ),
      };
    } else {
      try {
        const r = await entry.handler(clone(pod), container, [...command], { ...env }, stdin);
        const code = r.exitCode ?? 0;
        out = {
          stdout: target.stdout ? r.stdout : undefined,
          stderr: target.stderr ? r.stderr : undefined,
          status: code === 0 ? successStatus() : exitCodeStatus(command, code),
        };
      } catch (err) {
        out = { status: internalErrorStatus(`error executing command in container: ${err instanceof Error ? err.message : String(err)}`) };
      }
    }
    const rec: ExecRecord = { namespace: ns, pod: podName, container, command, env, protocol, status: out.status };
    if (stdin !== undefined) rec.stdin = stdin.toString('utf8');
    this.execs.push(rec);
    return out;
  }
}

function execEnv(pod: KubeObject, container: string, command: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  const spec = isObj(pod.spec) ? pod.spec : {};
  const all = [spec.containers, spec.initContainers, spec.ephemeralContainers].flatMap((l) => (Array.isArray(l) ? l : []));
  const c = all.find((x) => isObj(x) && x.name === container);
  if (isObj(c) && Array.isArray(c.env)) {
    for (const e of c.env) if (isObj(e) && typeof e.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
  }
  if (command[0] === 'env' || command[0] === '/usr/bin/env') {
    for (const word of command.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
      if (!m) break;
      env[m[1]] = m[2];
    }
  }
  return env;
}
