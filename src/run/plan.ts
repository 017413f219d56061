/**
 * One plan run: load and validate the config repo (with the provider secrets, when given), compute the desired
 * state, read the cluster, diff. Returns everything the CLI and the action render; never throws for a problem of
 * the repo or the cluster (those come back as diagnostics and errors, each a clear sentence).
 */
import { sortDiagnostics } from '../core/diagnostic.js';
import { loadRepo } from '../config/repo.js';
import type { LoadedRepo } from '../config/repo.js';
import { ClusterError, loadKubeConfig, makeClusterClient } from '../io/cluster/client.js';
import type { ClusterClient } from '../io/cluster/client.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { observe, ObserveError } from '../io/cluster/observe.js';
import { GitError, nodepoolFilesAt, originRepository } from '../io/git.js';
import { safeUrl, verifyLabels } from '../io/cluster/verify.js';
import { apiBase, NodepoolApiError, readNodepoolApi } from '../io/nodepool/api.js';
import { impactLines, nodepoolImpact } from '../plan/nodepool-impact.js';
import type { NodepoolImpact } from '../plan/nodepool-impact.js';
import { preflight } from '../io/cluster/preflight.js';
import { FIELD_MANAGER } from '../io/cluster/write.js';
import type { ApplyContext } from '../io/cluster/write.js';
import type { LiveState } from '../plan/live.js';
import { desire } from '../desired/desired.js';
import { desiredInputFrom } from '../desired/from-validation.js';
import { repositoryFromEnv } from '../core/owner.js';
import { DEFAULT_TARGET } from '../config/settings.js';
import type { DesiredState, NodepoolFile } from '../desired/types.js';
import { diff } from '../plan/diff.js';
import { placementReport } from '../plan/placement.js';
import type { PlanPlacement } from '../plan/placement.js';
import type { Plan } from '../plan/types.js';
import type { PlanError } from '../plan/outcome.js';
import { validateRepo } from '../validate/index.js';
import type { ValidationResult } from '../validate/index.js';
import { checkValidationSecrets } from '../validate/secrets.js';
import type { SecretInputs } from '../core/provider-secrets.js';

export interface PlanRequest {
  /** On a pull request: the base branch's `.pool-reconciler.yaml` (null: none), for the cluster objects named (see loadRepo). */
  baseSettings?: string | null;
  /** The config repo's root. */
  repoPath: string;
  /** The target of a repo with `targets:` (its view of the settings); undefined for a repo without. */
  target?: string;
  /** Kubeconfig YAML text (the action's secret input). Without it: `kubeconfigFile`, then KUBECONFIG, ~/.kube/config, in-cluster (from `env`). */
  kubeconfig?: string;
  /** How to name `kubeconfig` in messages (default "input `kubeconfig`"). */
  kubeconfigName?: string;
  /** `--kubeconfig FILE`. */
  kubeconfigFile?: string;
  /** `--context NAME`: the kubeconfig's context to use instead of its current-context. */
  context?: string;
  /** Provider secrets given (only these keys are managed). */
  secrets?: SecretInputs;
  /** The config repo commit, for `generate-config.sh <commit>`. */
  commit: string;
  /** Environment: NODEPOOL_* substitution, KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST. */
  env?: Record<string, string | undefined>;
  /** Reads in flight at most (default 8). */
  concurrency?: number;
  /** Per-request time limit in ms (default 30 s). */
  timeoutMs?: number;
  /**
   * A git ref (the pull request's base commit or branch): when the cluster records no deployed Nodepool config yet,
   * the plan compares the repo's Nodepool files with this commit's, read with git.
   */
  base?: string;
  /**
   * The Nodepool API (`https://<fqdn>/nodepool/api`): its label-list is compared with the repo's labels (drift: what
   * the running launcher has against what the branch says), and its node-list, request-list and label-list give the
   * plan's Nodepool impact section (what the change does to the nodes and requests there now).
   */
  nodepoolApi?: { url: string; timeoutMs: number };
  /**
   * Read the pods of recent Tekton TaskRuns and compare them with their pod template (drift, and once after apply):
   * the plan's placement section then has its CI pods.
   */
  ciPods?: boolean;
  /**
   * The preflight (what must exist, the permissions of apply's requests, a dry run of its writes): on in plan
   * (default), off where apply runs its own under the lock.
   */
  preflight?: boolean;
  /** What to read (io/cluster/observe.ts): `placement` gives `placement` and no plan. Default `all`. */
  reads?: 'all' | 'no-placement' | 'placement';
  /**
   * Called with the connection before the cluster is read (apply: whether another run holds the lock, read before
   * any object so that the reads cannot interleave with its writes). Must not throw.
   */
  beforeObserve?: (connection: ClusterConnection, desired: DesiredState) => Promise<void>;
}

/** What Nodepool's API lists against the repo's nodepool.yaml: labels missing there, labels it has that the repo does not. */
export interface NodepoolApiDrift {
  missing: string[];
  extra: string[];
  /** Set when the API could not be read: one sentence. */
  error?: string;
}

export interface PlanOutcome {
  /** The repo as read for this plan: later steps of the same run (the SSH check) use it instead of reading again. */
  repo?: LoadedRepo;
  /** Validation of the repo, including the secrets check and what the plan itself needs (positioned). */
  validation: ValidationResult;
  /** Absent when validation found errors or the cluster could not be read. */
  plan?: Plan;
  /** Cluster problems (kubeconfig, unreachable, 403 with the RBAC rule, missing namespace): clear sentences. */
  errors: PlanError[];
  /** Where the run stopped. */
  stage: 'validation' | 'cluster' | 'done';
  /** For apply: the desired state (secret values wrapped, never printed) and what was read. */
  desired?: DesiredState;
  live?: LiveState;
  /** API requests sent. */
  requests: number;
  /** With `nodepoolApi`: the launcher's labels against the repo's. */
  nodepoolApi?: NodepoolApiDrift;
  /** The cluster connection the plan read through: apply goes on with it rather than loading the kubeconfig again. */
  connection?: ClusterConnection;
  /** The preflight's checks that could not be made (read-only credentials, ...), one sentence each. */
  preflight?: { notChecked: string[] };
  /** With `reads: 'placement'`: where the Dispatch components and CI pods run against the repo (none declared: absent). */
  placement?: PlanPlacement;
}

export interface ClusterConnection {
  kc: KubeConfig;
  client: ClusterClient;
}

export async function runPlan(req: PlanRequest): Promise<PlanOutcome> {
  const env = req.env ?? {};
  const secrets = req.secrets ?? {};
  const repo = loadRepo(req.repoPath, { ...(req.baseSettings !== undefined ? { baseSettings: req.baseSettings } : {}), ...(req.target !== undefined ? { target: req.target } : {}) });
  // The base's Nodepool files: the baseline of the Nodepool diff before a first apply, and the labels this change
  // removes (Zuul's nodesets that still ask for one are named by validation).
  let base: { commit: string; files: NodepoolFile[] } | undefined;
  let baseProblem: string | undefined;
  if (req.base) {
    try {
      base = nodepoolFilesAt(req.repoPath, req.base, repo.settings);
    } catch (err) {
      baseProblem = `the base ${JSON.stringify(req.base)} could not be read: ${err instanceof GitError ? err.message : String(err)}`;
    }
  }
  const baseNodepool = base?.files.find((f) => f.path === repo.settings.paths.nodepool);
  const validation = validateRepo(repo, { env, ...(baseNodepool && req.base ? { baseNodepool: { text: baseNodepool.text, ref: req.base } } : {}) });
  validation.diagnostics.push(...checkValidationSecrets(validation, secrets));
  // Who writes: the repository (the Actions run's, else the clone's origin) and the target; the mark on what it creates.
  const repository = repositoryFromEnv(env) ?? originRepository(req.repoPath);
  const owner = { ...(repository !== undefined ? { repository } : {}), target: repo.settings.target ?? DEFAULT_TARGET };
  const { input, diagnostics } = desiredInputFrom(repo, validation, { commit: req.commit, secrets, owner });
  validation.diagnostics.push(...diagnostics);
  sortDiagnostics(validation.diagnostics);
  if (validation.diagnostics.some((d) => d.severity === 'error')) {
    return { repo, validation, errors: [], stage: 'validation', requests: 0 };
  }

  const desired = desire(input);
  if (req.reads === 'placement' && !desired.placement) return { repo, validation, errors: [], stage: 'done', desired, requests: 0 };
  let client;
  let kc;
  try {
    kc = loadKubeConfig({
      yaml: req.kubeconfig,
      inputName: req.kubeconfig !== undefined ? (req.kubeconfigName ?? 'input `kubeconfig`') : undefined,
      file: req.kubeconfigFile,
      env,
      ...(req.context !== undefined ? { context: req.context } : {}),
    });
    client = makeClusterClient(kc, { timeoutMs: req.timeoutMs });
  } catch (err) {
    return { repo, validation, errors: [toPlanError(err)], stage: 'cluster', desired, requests: 0 };
  }
  const connection: ClusterConnection = { kc, client };
  await req.beforeObserve?.(connection, desired);
  let live: LiveState;
  try {
    live = await observe(client, desired, { concurrency: req.concurrency, ...(req.ciPods ? { ciPods: true } : {}), ...(req.reads ? { reads: req.reads } : {}) });
  } catch (err) {
    const errors = err instanceof ObserveError ? err.errors.map(toPlanError) : [toPlanError(err)];
    return { repo, validation, errors, stage: 'cluster', desired, requests: client.requests, connection };
  }
  if (req.reads === 'placement') {
    const placement = placementReport(desired, live);
    return { repo, validation, errors: [], stage: 'done', desired, live, requests: client.requests, connection, ...(placement ? { placement } : {}) };
  }
  if (!live.state && req.base && desired.nodepoolFiles.length) {
    if (base) live.base = { ref: req.base, commit: base.commit, files: base.files };
    // Said in the Nodepool section's baseline (not a note: notes are part of the plan hash, the baseline is not).
    else live.baseProblem = baseProblem;
  }
  const plan = diff(desired, live);
  const errors: PlanError[] = plan.blockers.map((message) => ({ message }));
  let nodepoolApi: NodepoolApiDrift | undefined;
  if (req.nodepoolApi) {
    const want = desired.verify.nodepoolLabels;
    const r = await verifyLabels({ url: req.nodepoolApi.url, labels: want, timeoutMs: 0, requestTimeoutMs: req.nodepoolApi.timeoutMs });
    const wanted = new Set(want);
    nodepoolApi = r.error ? { missing: [], extra: [], error: r.error } : { missing: r.missing, extra: [...new Set(r.listed)].filter((l) => !wanted.has(l)).sort() };
  }
  if (req.nodepoolApi && validation.nodepool) plan.nodepoolImpact = await impactOf(req.nodepoolApi, validation, secrets);
  const extra = nodepoolApi ? { nodepoolApi } : {};
  if (req.preflight === false || errors.length) return { repo, validation, plan, errors, stage: 'done', desired, live, requests: client.requests, connection, ...extra };
  const ctx: ApplyContext = { client, kc, fieldManager: FIELD_MANAGER, retry: {}, progress: () => undefined };
  const pf = await preflight(kc, desired, live, plan, { mode: 'plan', ctx, ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}) });
  errors.push(...pf.problems);
  return { repo, validation, plan, errors, stage: 'done', desired, live, requests: client.requests, connection, ...extra, ...(pf.notChecked.length ? { preflight: { notChecked: pf.notChecked } } : {}) };
}

/** What the repo's launcher config does to what Nodepool's API lists (an error sentence when the API cannot be read). */
async function impactOf(api: { url: string; timeoutMs: number }, validation: ValidationResult, secrets: SecretInputs): Promise<NodepoolImpact> {
  const model = validation.nodepool!;
  const builder = validation.nodepoolBuilder;
  try {
    const snapshot = await readNodepoolApi({ url: api.url, timeoutMs: api.timeoutMs });
    const source = validation.sources.get(model.file);
    return nodepoolImpact(model.file, model.root, snapshot, source ? impactLines(source, model.root) : undefined, {
      ...(builder ? { builder: { file: builder.file, root: builder.root } } : {}),
      // A key given here passed the secrets check (the plan stops on its errors): every provider's cloud or context is in it.
      secrets: { clouds: !!secrets['clouds.yaml'], kube: !!secrets['kube.config'] },
    });
  } catch (err) {
    if (!(err instanceof NodepoolApiError)) throw err;
    return { source: safeUrl(apiBase(api.url)), error: err.message, items: [] };
  }
}

function toPlanError(err: unknown): PlanError {
  if (err instanceof ClusterError) return { message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  // Anything else is a bug of ours: still one line, no stack.
  return { message: `unexpected error while planning: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
}
