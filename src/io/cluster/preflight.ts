/**
 * The preflight (ARCHITECTURE.md "What apply changes"), in plan and in apply, before the first write:
 *
 * 1. what apply needs exists: the launcher and builder (read by observe), their pods, Tekton's `config-defaults`
 *    (Tekton creates it when installed; a reconciler that created it would hide a Tekton installed elsewhere);
 * 2. the credentials may make every request apply will make: one SelfSubjectAccessReview per (verb, resource,
 *    namespace, name), exec included (`get` on pods/exec: a WebSocket exec is an HTTP GET);
 * 3. each write passes a server-side dry run (`dryRun=All`: validation and admission webhooks run, nothing is
 *    stored), so that a 422 or a webhook's denial is found before anything is changed.
 *
 * With credentials that may not write (a read-only plan), 2 is made for the reads only and 3 not at all, and the
 * result says so. Node writes are not dry-run here (their writer is changing; see the report).
 */
import { AuthorizationV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { DesiredState } from '../../desired/types.js';
import type { LiveState } from '../../plan/live.js';
import type { Plan } from '../../plan/types.js';
import type { PlanError } from '../../plan/outcome.js';
import { ClusterError, rbacRule, read, translateError } from './client.js';
import type { ClusterClient, RequestInfo } from './client.js';
import { settleLimited } from './observe.js';
import { executorFor } from './steps/index.js';
import type { StepEnv } from './steps/index.js';
import { STATE_CONFIGMAP } from '../../plan/state.js';
import type { ApplyContext } from './write.js';
import { LOCK_NAME } from './lock.js';

export interface PreflightResult {
  /** What apply would fail on, each with what to add. */
  problems: PlanError[];
  /** Checks that could not be made, and why (one sentence each). */
  notChecked: string[];
  /** SelfSubjectAccessReviews and dry-run writes sent. */
  requests: number;
}

interface Access extends RequestInfo {
  subresource?: string;
  /** Why apply makes this request. */
  why: string;
}

/**
 * Dry runs in flight at most (unless the run sets its concurrency): they store nothing, and go as streams of the one
 * HTTP/2 connection, so more of them at once keep the API server busy instead of waiting on round trips.
 */
export const DRY_RUN_CONCURRENCY = 32;

/** Above this many names of one kind, verb and namespace, one review without a name is asked first. */
const NAMED_REVIEWS_PER_GROUP = 8;

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete']);
const isWrite = (a: Access): boolean => WRITE_VERBS.has(a.verb) || a.subresource === 'exec';

function resourceName(a: Access): string {
  return a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
}

function describeAccess(a: Access): string {
  const what = a.name && !a.subresource ? `${resourceName(a)} ${JSON.stringify(a.name)}` : resourceName(a);
  return `${a.verb} ${what}${a.namespace ? ` in namespace ${JSON.stringify(a.namespace)}` : ''}`;
}

/** Every request apply makes for this plan (the reads of observe aside: they succeeded to make the plan). */
function accesses(desired: DesiredState, plan: Plan, live: LiveState): Access[] {
  const out: Access[] = [];
  const seen = new Set<string>();
  const add = (a: Access): void => {
    const key = JSON.stringify([a.verb, a.group, resourceName(a), a.namespace, a.name]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  const sf = desired.settings.softwareFactory;
  for (const s of plan.steps) {
    if (s.action === 'unchanged') continue;
    const ns = s.object.namespace;
    switch (s.object.kind) {
      case 'Secret':
        add(s.action === 'create'
          ? { verb: 'create', group: '', resource: 'secrets', namespace: ns, why: `creates Secret ${ns}/${s.object.name}` }
          : { verb: 'patch', group: '', resource: 'secrets', namespace: ns, name: s.object.name, why: `writes the provider keys of Secret ${ns}/${s.object.name}` });
        break;
      case 'Deployment':
      case 'StatefulSet': {
        const resource = s.object.kind === 'Deployment' ? 'deployments' : 'statefulsets';
        add({ verb: 'patch', group: 'apps', resource, namespace: ns, name: s.object.name, why: `sets the pod-template annotation of ${s.object.kind} ${ns}/${s.object.name}` });
        add({ verb: 'get', group: 'apps', resource, namespace: ns, name: s.object.name, why: `waits for the rollout of ${s.object.kind} ${ns}/${s.object.name}` });
        break;
      }
      case 'Pod': {
        const why = 'the Nodepool config refresh opens the exec over a WebSocket, which the API server authorizes as get';
        add({ verb: 'get', group: '', resource: 'pods', subresource: 'exec', namespace: ns, why });
        add({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: ns, why: 'the Nodepool config refresh (API servers from v1.35 check create on pods/exec too)' });
        if (s.object.selector) {
          add({ verb: 'get', group: 'apps', resource: 'deployments', namespace: ns, name: sf.launcherDeployment, why: "finds the launcher Deployment's current ReplicaSet" });
          add({ verb: 'list', group: 'apps', resource: 'replicasets', namespace: ns, why: "finds the launcher Deployment's current ReplicaSet" });
          add({ verb: 'list', group: '', resource: 'pods', namespace: ns, why: 'finds the launcher pod to run the config refresh in' });
        } else {
          add({ verb: 'get', group: '', resource: 'pods', namespace: ns, name: s.object.name, why: `reads pod ${s.object.name} before the config refresh` });
        }
        break;
      }
      case 'ConfigMap':
        add(s.action === 'create'
          ? { verb: 'create', group: '', resource: 'configmaps', namespace: ns, why: `creates ConfigMap ${ns}/${s.object.name}` }
          : s.action === 'delete'
            ? { verb: 'delete', group: '', resource: 'configmaps', namespace: ns, name: s.object.name, why: `deletes ConfigMap ${ns}/${s.object.name}, which pool-reconciler created and the repo dropped` }
            : { verb: 'patch', group: '', resource: 'configmaps', namespace: ns, name: s.object.name, why: `writes ConfigMap ${ns}/${s.object.name}` });
        break;
      case 'Node':
        if (s.action === 'drift') break; // nodes: report-only: never written
        // One check for all nodes (not one per node): a Role cannot hold nodes, and a ClusterRole that names each
        // node is rare.
        add({ verb: 'patch', group: '', resource: 'nodes', why: 'writes the labels and taints of the nodes of the pools (a JSON patch with the resourceVersion observed)' });
        add({ verb: 'get', group: '', resource: 'nodes', why: 'reads a node again when its patch got a 409 (it changed since it was observed)' });
        break;
    }
  }
  if (out.length) {
    // The state ConfigMap, written after the steps (its get is a read of the plan).
    add({ verb: 'patch', group: '', resource: 'configmaps', namespace: sf.namespace, name: STATE_CONFIGMAP, why: 'records what was deployed and what pool-reconciler owns (the state ConfigMap)' });
    if (!live.stateExists) add({ verb: 'create', group: '', resource: 'configmaps', namespace: sf.namespace, why: 'creates the state ConfigMap (its first apply)' });
    const lockNs = sf.namespace;
    add({ verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: lockNs, name: LOCK_NAME, why: 'the apply lock' });
    add({ verb: 'create', group: 'coordination.k8s.io', resource: 'leases', namespace: lockNs, why: 'the apply lock (its first use)' });
    add({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: lockNs, name: LOCK_NAME, why: 'the apply lock (renewal and release)' });
  }
  return out;
}

export interface PreflightOptions {
  /** plan: credentials that may not write get the checks of reads only, and no dry run. */
  mode: 'plan' | 'apply';
  ctx: ApplyContext;
  concurrency?: number;
}

/**
 * Long because its three stages (what must exist, the permissions, the dry run) share the plan and each stops the
 * next.
 */
export async function preflight(kc: KubeConfig, desired: DesiredState, live: LiveState, plan: Plan, options: PreflightOptions): Promise<PreflightResult> {
  const { ctx } = options;
  const client: ClusterClient = ctx.client;
  const problems: PlanError[] = [];
  const notChecked: string[] = [];
  let requests = 0;
  const sf = desired.settings.softwareFactory;
  const changes = plan.steps.some((s) => s.action !== 'unchanged');

  // 1. What must exist.
  const tekton = desired.configMaps.find((c) => c.role === 'tekton-defaults');
  if (tekton && !live.missingNamespaces.includes(tekton.namespace) && !live.configMaps.some((c) => c.namespace === tekton.namespace && c.name === tekton.name && c.exists)) {
    problems.push({
      message: `ConfigMap ${tekton.namespace}/${tekton.name} does not exist: Tekton creates it when it is installed`,
      hint: `Is Tekton installed in another namespace? Set \`dispatch.tekton-namespace\` in .pool-reconciler.yaml (or install Tekton).`,
    });
  }
  for (const s of plan.steps.filter((x) => x.action === 'exec')) {
    const ns = s.object.namespace ?? sf.namespace;
    if (live.missingNamespaces.includes(ns)) continue;
    try {
      const found = s.object.selector
        ? (await read(client, { verb: 'list', resource: 'pods', group: '', namespace: ns }, () => client.core.listNamespacedPod({ namespace: ns, labelSelector: s.object.selector }))).items.length > 0
        : (await read(client, { verb: 'get', resource: 'pods', group: '', namespace: ns, name: s.object.name }, () => client.core.readNamespacedPod({ name: s.object.name, namespace: ns }), { value: undefined })) !== undefined;
      if (!found) {
        const what = s.object.selector ? `no pod with label ${s.object.selector}` : `pod ${s.object.name} does not exist`;
        problems.push({
          message: `${what} in namespace ${JSON.stringify(ns)}: the Nodepool config refresh (${s.id}) has no pod to run in`,
          hint: 'Is Software Factory deployed there, with Nodepool? `kubectl -n ' + ns + ' get pods -l app=sf` shows its pods.',
        });
      }
    } catch (err) {
      const e = err instanceof ClusterError ? err : translateError(err, { verb: 'list', resource: 'pods', group: '', namespace: ns }, client.server, client.redact);
      problems.push({ message: `cannot check the pods of the config refresh (${s.id}): ${e.message}`, ...(e.hint ? { hint: e.hint } : {}) });
    }
  }
  if (!changes) return { problems, notChecked, requests };

  // 2. Permissions.
  const api = kc.makeApiClient(AuthorizationV1Api);
  const wanted = accesses(desired, plan, live);
  const review = async (a: Access): Promise<boolean> => {
    requests++;
    const r = await read(client, { verb: 'create', resource: 'selfsubjectaccessreviews', group: 'authorization.k8s.io' }, () =>
      api.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: a.verb, group: a.group, resource: a.resource, ...(a.subresource ? { subresource: a.subresource } : {}), ...(a.namespace ? { namespace: a.namespace } : {}), ...(a.name ? { name: a.name } : {}) } },
        },
      }));
    return r.status?.allowed === true;
  };
  // Many named objects of one kind in one namespace (a thousand pod-template ConfigMaps): one review without a name
  // first; allowed for every name, it answers for all of them. Only when it is denied (a Role that lists
  // resourceNames) is each name asked about.
  const groupAllowed = new Map<string, Promise<boolean>>();
  const groupKey = (a: Access): string => [a.verb, a.group, resourceName(a), a.namespace ?? ''].join('\u0000');
  const named = new Map<string, number>();
  for (const a of wanted) if (a.name) named.set(groupKey(a), (named.get(groupKey(a)) ?? 0) + 1);
  const answers = await settleLimited(wanted, options.concurrency ?? 8, async (a) => {
    if (a.name && (named.get(groupKey(a)) ?? 0) > NAMED_REVIEWS_PER_GROUP) {
      let all = groupAllowed.get(groupKey(a));
      if (!all) groupAllowed.set(groupKey(a), (all = review({ ...a, name: undefined })));
      if (await all) return true;
    }
    return review(a);
  });
  const failed = answers.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const denied = wanted.filter((_, i) => answers[i].status === 'fulfilled' && !(answers[i] as PromiseFulfilledResult<boolean>).value);
  let mayWrite = true;
  if (failed) {
    const e = failed.reason instanceof ClusterError ? failed.reason : new ClusterError(String(failed.reason), 'api');
    notChecked.push(`the permissions of apply's requests were not checked: a SelfSubjectAccessReview failed (${e.message})`);
  } else {
    const writes = wanted.filter(isWrite);
    const deniedWrites = denied.filter(isWrite);
    if (options.mode === 'plan' && writes.length > 0 && deniedWrites.length === writes.length) {
      mayWrite = false;
      const shown = deniedWrites.slice(0, 3).map(describeAccess).join(', ');
      notChecked.push(`these credentials are read-only (they may not ${shown}${deniedWrites.length > 3 ? `, and ${deniedWrites.length - 3} more` : ''}): the permissions of apply's writes and their server-side dry run were not checked; apply checks both with its own credentials before its first write`);
      for (const a of denied.filter((x) => !isWrite(x))) problems.push(deniedProblem(a));
    } else {
      for (const a of denied) problems.push(deniedProblem(a));
    }
  }

  // 3. Dry run of every write (not when a permission is missing: it would be refused for that reason).
  if (!mayWrite) return { problems, notChecked, requests };
  if (problems.length) {
    notChecked.push('the server-side dry run of the writes was not made: fix the problems above first');
    return { problems, notChecked, requests };
  }
  const dry: StepEnv = {
    ctx: { ...ctx, dryRun: true },
    desired,
    live,
    // The options of a write's dry run: no wait, no exec.
    options: { rolloutTimeoutMs: 0, pollMs: 0, progressIntervalMs: 0, execTimeoutMs: 0, concurrency: options.concurrency ?? 8, verify: false, allowUnmountedSecretKeys: true, lockLost: () => undefined },
    shared: { created: new Set() },
  };
  const before = client.requests;
  // Each write's dry run is independent of the others': they go in parallel (DRY_RUN_CONCURRENCY), each through its
  // kind's executor (the same code as the write).
  const dryRuns = plan.steps.filter((x) => x.action !== 'unchanged' && x.action !== 'drift');
  const refusals = await settleLimited(dryRuns, options.concurrency ?? DRY_RUN_CONCURRENCY, async (s) => {
    try {
      await executorFor(s.kind).dryRun(dry, s);
    } catch (err) {
      const e = err instanceof ClusterError ? err : new ClusterError(err instanceof Error ? err.message.split('\n')[0] : String(err), 'api');
      return { message: `the dry run of ${s.id} was refused: ${e.message}`, ...(e.hint ? { hint: e.hint } : { hint: 'Nothing was written. Fix what the API server (or its admission webhook) names, then run again.' }) };
    }
    return undefined;
  });
  for (const r of refusals) if (r.status === 'fulfilled' && r.value) problems.push(r.value);
  requests += client.requests - before;
  return { problems, notChecked, requests };
}

function deniedProblem(a: Access): PlanError {
  return {
    message: `apply would be refused: the credentials may not ${describeAccess(a)} (${a.why})`,
    hint: rbacRule({ verb: a.verb, group: a.group, resource: resourceName(a), ...(a.namespace ? { namespace: a.namespace } : {}), ...(a.name ? { name: a.name } : {}) }),
  };
}
