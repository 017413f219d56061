/**
 * diff(desired, live) → Plan. Pure. Only owned fields are compared and shown: the managed keys of the providers
 * Secret (by value, shown by name only), the pod-template annotation of the Nodepool workloads, the owned data keys
 * and labels of each ConfigMap, and on each node of a pool the pool's declared labels and the taints whose
 * (key, effect) it declares. Everything else on those objects belongs to someone else and is neither shown nor touched.
 */
import type { LiveConfigMap, LiveNode, LivePod, LiveState } from './live.js';
import { tolerates } from '../core/k8s.js';
import { diffNodepool } from './nodepool-diff.js';
import { isOtherOwner, OWNER_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE, nodepoolDigest, ownerText, parseOwner, STATE_CONFIGMAP } from './state.js';
import { ownerString } from '../core/owner.js';
import type { Owner } from '../core/owner.js';
import { declaredFor, NODE_OWNERSHIP_ANNOTATION, parseOwnership, poolOnNode, taintString } from './node-pool.js';
import type { NodeOwnership } from './node-pool.js';
import { NODE_POOL_LABEL } from '../core/k8s.js';
import { PROVIDERS_SECRET_VOLUME, SECRET_KEY_MOUNT_PATHS, SECRET_KEYS } from '../core/provider-secrets.js';
import type { SecretKey } from '../core/provider-secrets.js';
import { PARSED_NODEPOOL } from '../desired/types.js';
import { MANAGED_KEYS_ANNOTATION } from '../desired/types.js';
import type { DesiredConfigMap, DesiredNodePool, DesiredState, SecretValue, Taint } from '../desired/types.js';
import { planHash } from './hash.js';
import type { ConfigMapStep, Eviction, FieldChange, NodeStep, Plan, PlanNodepool, PlanStep, SecretKeyChanges, StepAction, WorkloadStep } from './types.js';
import { PLAN_FORMAT, STEP_ACTIONS, stepId } from './types.js';
import { planIntent } from './intent.js';
import { placementReport } from './placement.js';

/** Markers that stand for a Secret value in a step's before/after (the value itself never enters a plan). */
export const SECRET_MARKER = '<redacted>';
export const SECRET_CHANGED_MARKER = '<redacted, new value>';

const q = (s: string): string => JSON.stringify(s);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export { taintString };

/** Whether a live Secret value (base64, as the API returns it) holds exactly the desired text. */
function sameSecret(live: SecretValue, desired: SecretValue): boolean {
  return Buffer.from(live.reveal(), 'base64').equals(Buffer.from(desired.reveal(), 'utf8'));
}

/** What each section of the diff adds to: the plan's steps, notes and blockers, in plan order. */
interface DiffAcc {
  desired: DesiredState;
  live: LiveState;
  steps: PlanStep[];
  notes: string[];
  blockers: string[];
  pendingPools: Plan['pendingPools'];
  missingNs: Set<string>;
  sf: DesiredState['settings']['softwareFactory'];
  settingsFile: string;
  namespaceBlocker(ns: string, what: string, hint: string): void;
}

/**
 * The plan, section by section in plan order (the Secret, the rollouts it needs, the Nodepool config refresh, the
 * ConfigMaps, the nodes); later sections depend on earlier ones (a rollout on the Secret's change). The node
 * computation is poolOnNode, the Nodepool one nodepool-diff.ts.
 */
export function diff(desired: DesiredState, live: LiveState): Plan {
  const blockers: string[] = [];
  const missingNs = new Set(live.missingNamespaces);
  const a: DiffAcc = {
    desired,
    live,
    steps: [],
    notes: [...desired.notes, ...live.notes],
    blockers,
    pendingPools: [],
    missingNs,
    sf: desired.settings.softwareFactory,
    settingsFile: '.pool-reconciler.yaml',
    namespaceBlocker: (ns, what, hint) => {
      if (missingNs.has(ns)) blockers.push(`namespace ${q(ns)} does not exist: ${what} cannot be created there. ${hint}`);
    },
  };
  const secretChanges = secretSection(a);
  rolloutSection(a, secretChanges);
  const nodepool = refreshSection(a);
  configMapSection(a);
  const desiredPools = nodeSection(a);
  const { steps, notes, pendingPools } = a;
  const counts = Object.fromEntries(STEP_ACTIONS.map((a) => [a, 0])) as Record<StepAction, number>;
  for (const s of steps) counts[s.action]++;
  const intent = planIntent(desired, {
    deletes: steps.filter((x) => x.action === 'delete' && x.object.kind === 'ConfigMap').map((x) => `${x.object.namespace ?? ''}/${x.object.name}`),
    removedPools: [...new Set(live.state?.managed.pools ?? [])].filter((p) => !desiredPools.has(p)),
  }, nodepool?.digest);
  // Weather, never hashed: whether the Dispatch components and CI pods carry the tolerations the repo asks for.
  const placement = placementReport(desired, live);
  const plan: Omit<Plan, 'hash'> = {
    format: PLAN_FORMAT,
    changes: counts.create + counts.update + counts.delete + counts.rollout + (nodepool?.refresh ? 1 : 0),
    counts,
    steps,
    pendingPools,
    blockers,
    notes,
    ...(nodepool ? { nodepool } : {}),
    ...(placement ? { placement } : {}),
    intent,
  };
  return { ...plan, hash: planHash(plan) };
}

/** 1. The providers Secret; whether it changes. */
function secretSection(a: DiffAcc): boolean {
  const { desired, live, steps, notes, sf, settingsFile, namespaceBlocker } = a;
  let secretChanges = false;
  if (desired.secret) {
    const ds = desired.secret;
    const ls = live.secret?.exists ? live.secret : undefined;
    const { keys, before, after, changes } = secretKeyChanges(ds, ls, notes);
    if (keys.removed.length) {
      notes.push(`removing ${keys.removed.join(', ')} from Secret ${ds.namespace}/${ds.name}: sf-operator mounts each key that existed when it deployed by subPath, so the Nodepool pods restarted by this apply cannot start while they still mount a removed key; run \`sf-operator deploy\` right after`);
    }
    const action: StepAction = !ls ? 'create' : changes.length ? 'update' : 'unchanged';
    secretChanges = action !== 'unchanged';
    const parts: string[] = [];
    if (action === 'create') parts.push(`create with ${plural(keys.added.length, 'key')} ${keys.added.join(', ')}`);
    else {
      if (keys.changed.length) parts.push(`changed: ${keys.changed.join(', ')}`);
      if (keys.added.length) parts.push(`added: ${keys.added.join(', ')}`);
      if (keys.removed.length) parts.push(`removed: ${keys.removed.join(', ')}`);
      if (keys.unchanged.length) parts.push(`unchanged: ${keys.unchanged.join(', ')}`);
    }
    // Keys written that a workload does not mount (sf-operator mounts by subPath, fixed when it deploys): by default
    // their mounts are written with the rollout (section 2); by setting, left to `sf-operator deploy`.
    const unmountedKeys: NonNullable<PlanStep['unmountedKeys']> = [];
    for (const k of [...keys.added, ...keys.changed, ...keys.unchanged]) {
      const missing = mountedBy(desired, live).filter((w) => !w.keys.includes(k)).map((w) => w.ref);
      if (!missing.length) continue;
      const state = keys.unchanged.includes(k) ? 'in the Secret' : keys.added.includes(k) ? 'new' : 'changed';
      if (sf.newProviderKeys === 'mount') {
        notes.push(`\`${k}\` is ${state} and no container of ${missing.join(' or ')} mounts it: apply adds its read-only subPath mount (${SECRET_KEY_MOUNT_PATHS[k as SecretKey] ?? k}, volume ${PROVIDERS_SECRET_VOLUME}) in the same template write as the annotation, exactly as sf-operator renders it, so its next \`sf-operator deploy\` changes nothing`);
        continue;
      }
      const message = `\`${k}\` is ${state}: Nodepool will not see it until \`sf-operator deploy\` runs (no container of ${missing.join(' or ')} mounts it: sf-operator mounts each key by subPath, only the keys the Secret had when it deployed; software-factory.new-provider-keys is sf-operator-deploy, so the pod template is left for it)`;
      notes.push(message);
      if (!keys.unchanged.includes(k)) unmountedKeys.push({ key: k, workloads: missing, message });
    }
    if (!ls || Object.keys(ls.data).length === 0) {
      if (keys.added.length) notes.push(`the providers Secret gets its first key: only \`sf-operator deploy\` adds the launcher's zuul-capacity sidecar and Service (sf-operator adds them once a provider key exists); run it when you want the capacity metrics`);
    }
    if (keys.added.includes('clouds.yaml') || keys.changed.includes('clouds.yaml')) {
      notes.push(`\`clouds.yaml\` changes: sf-operator derives the statsd mapping (ConfigMap ${ds.namespace}/np-statsd) from it when it deploys; only its own deploy updates that mapping (until the next \`sf-operator deploy\` it stays as it was)`);
    }
    steps.push({
      id: stepId({ kind: 'Secret', namespace: ds.namespace, name: ds.name }),
      kind: 'secret',
      action,
      object: { kind: 'Secret', namespace: ds.namespace, name: ds.name },
      summary: action === 'create' ? parts[0] : `keys ${parts.join('; ')}`,
      changes,
      ...(ls ? { before: { data: before } } : {}),
      after: { data: after },
      secretKeys: keys,
      ...(unmountedKeys.length ? { unmountedKeys } : {}),
    });
    namespaceBlocker(ds.namespace, `Secret ${ds.namespace}/${ds.name}`,
      `Is Software Factory deployed in another namespace? Set \`software-factory.namespace\` in ${settingsFile}.`);
  }

  return secretChanges;
}

/** The managed keys of the Secret, given against live: added, changed, unchanged, and removed (only what pool-reconciler wrote and the settings name). */
function secretKeyChanges(ds: NonNullable<DesiredState['secret']>, ls: LiveState['secret'] | undefined, notes: string[]): { keys: SecretKeyChanges; before: Record<string, string>; after: Record<string, string>; changes: FieldChange[] } {
  const keys: SecretKeyChanges = { added: [], changed: [], removed: [], unchanged: [] };
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  const changes: FieldChange[] = [];
  for (const k of SECRET_KEYS) {
    const d = ds.data[k];
    if (!d) continue; // not given: not managed in this run
    const l = ls?.data[k];
    if (!l) {
      keys.added.push(k);
      after[k] = SECRET_MARKER;
      changes.push({ path: `data[${q(k)}]`, op: 'add' });
    } else if (!sameSecret(l, d)) {
      keys.changed.push(k);
      before[k] = SECRET_MARKER;
      after[k] = SECRET_CHANGED_MARKER;
      changes.push({ path: `data[${q(k)}]`, op: 'change' });
    } else {
      keys.unchanged.push(k);
      before[k] = SECRET_MARKER;
      after[k] = SECRET_MARKER;
    }
  }
  // Removal: only a key the setting names AND pool-reconciler wrote (the Secret's annotation lists it).
  for (const k of ds.remove ?? []) {
    if (!ls?.data[k]) continue;
    if (!(ls.managedKeys ?? []).includes(k)) {
      notes.push(`provider key ${k} of Secret ${ds.namespace}/${ds.name} is not removed although software-factory.remove-provider-keys lists it: pool-reconciler did not write it (the Secret's annotation ${MANAGED_KEYS_ANNOTATION} does not list it); remove it by hand if it must go`);
      continue;
    }
    keys.removed.push(k);
    before[k] = SECRET_MARKER;
    changes.push({ path: `data[${q(k)}]`, op: 'remove' });
  }
  return { keys, before, after, changes };
}

/**
 * 2. Rollouts of the workloads that mount the Secret: a template write (annotation, and the mounts of keys new to
 * them) when the Secret changes or the annotation is behind; a wait when the last rollout has not converged (a
 * re-run after a failed or interrupted one); a blocker where the controller would not roll out at all.
 */
function rolloutSection(a: DiffAcc, secretChanges: boolean): void {
  const { desired, live, steps, notes, blockers, missingNs, sf, settingsFile } = a;
  const mounted = mountedBy(desired, live);
  for (const w of desired.workloads) {
    const lw = live.workloads.find((x) => x.kind === w.kind && x.namespace === w.namespace && x.name === w.name);
    const ref = `${w.kind} ${w.namespace}/${w.name}`;
    if (!lw?.exists) {
      if (missingNs.has(w.namespace)) continue; // said once, with the Secret
      const msg = `${ref} not found: it mounts the providers Secret, so it is rolled out when the Secret changes; is Software Factory deployed in namespace ${q(w.namespace)} (set \`software-factory.namespace\` or the workload names in ${settingsFile})?`;
      if (secretChanges) blockers.push(msg);
      else notes.push(msg);
      continue;
    }
    const given = desired.secret ? SECRET_KEYS.filter((k) => desired.secret?.data[k] !== undefined) : [];
    const missingKeys = given.filter((k) => !(mounted.find((m) => m.ref === ref)?.keys ?? given).includes(k));
    if (missingKeys.length && sf.newProviderKeys === 'sf-operator-deploy') {
      notes.push(`${ref}: its pod template is left as it is for \`sf-operator deploy\` (it does not mount ${missingKeys.join(', ')}; software-factory.new-provider-keys: sf-operator-deploy), which renders the mounts and the annotation and rolls it out`);
      steps.push({ id: stepId(w), kind: 'workload', action: 'unchanged', object: { kind: w.kind, namespace: w.namespace, name: w.name }, summary: 'left for `sf-operator deploy` (a provider key it does not mount)', changes: [] });
      continue;
    }
    const mountKeys = sf.newProviderKeys === 'mount' ? missingKeys : [];
    const step = rolloutStep(w, lw, live.secret?.exists ? live.secret.resourceVersion : undefined, secretChanges, mountKeys);
    const r = lw.rollout;
    if (step.action === 'rollout' && r) {
      const why = rolloutBlocker(ref, r, sf.onDelete, settingsFile);
      if (why) blockers.push(why);
      else if (r.strategy === 'OnDelete' && step.rollout) step.rollout = { ...step.rollout, deletePods: true };
    }
    steps.push(step);
  }

}

/**
 * The state of another repository or target: this run's credentials reach a cluster someone else reconciles (an
 * environment's kubeconfig in the wrong one). A blocker, unless `conflicts: adopt` takes the cluster over.
 */
function stateOwnerCheck(a: DiffAcc): void {
  const { desired, live, notes, blockers, sf, settingsFile } = a;
  const was = live.state?.owner;
  if (!was || !desired.owner || !isOtherOwner(was, desired.owner)) return;
  const msg = `the state ConfigMap ${sf.namespace}/${STATE_CONFIGMAP} was written by ${ownerText(was)}; this run is ${ownerText(desired.owner)}`;
  if (desired.settings.conflicts === 'adopt') notes.push(`${msg}: taken over (conflicts: adopt); the state is written again for this one`);
  else blockers.push(`${msg}: do the credentials reach another target's cluster? Check the kubeconfig (the GitHub environment's secret, the --context), or set \`conflicts: adopt\` in ${settingsFile} to take this cluster over`);
}

/** 3. The Nodepool config: compared with what is deployed; the refresh runs only when it changed (or what is deployed is unknown). */
function refreshSection(a: DiffAcc): PlanNodepool | undefined {
  const { desired, live, steps, notes, sf, settingsFile, namespaceBlocker } = a;
  stateOwnerCheck(a);
  const nodepool = nodepoolSection(desired, live);
  if (live.stateProblem) notes.push(`the state ConfigMap ${sf.namespace}/${STATE_CONFIGMAP} ${live.stateProblem}: what is deployed is unknown, the Nodepool config refresh runs, and the next apply writes it again`);
  for (const e of nodepool?.refresh === false ? [] : desired.execs) {
    const name = e.pod ?? `-l ${e.podSelector ?? ''}`;
    steps.push({
      id: stepId({ exec: e.component }),
      kind: 'exec',
      action: 'exec',
      object: { kind: 'Pod', namespace: e.namespace, name, ...(e.podSelector && !e.pod ? { selector: e.podSelector } : {}) },
      summary: `${[...Object.entries(e.env).map(([k, v]) => `${k}=${v}`), ...e.command].join(' ')} (Nodepool config refresh, ${e.component})`,
      changes: [],
      exec: { component: e.component, container: e.container, command: [...e.command], env: { ...e.env } },
    });
  }
  if (desired.execs.length && !desired.secret) {
    namespaceBlocker(sf.namespace, 'the Nodepool config refresh', `Is Software Factory deployed in another namespace? Set \`software-factory.namespace\` in ${settingsFile}.`);
  }

  return nodepool;
}

/** 4. ConfigMaps: the repo's, then those pool-reconciler created that the repo no longer has. */
function configMapSection(a: DiffAcc): void {
  const { desired, live, steps, notes, blockers, namespaceBlocker, settingsFile } = a;
  const liveCm = new Map<string, LiveConfigMap>(live.configMaps.map((c) => [`${c.namespace}/${c.name}`, c]));
  const desiredCm = new Set(desired.configMaps.map((d) => `${d.namespace}/${d.name}`));
  const recordedCm = new Set(live.state?.managed.configMaps ?? []);
  for (const d of desired.configMaps) {
    const l = liveCm.get(`${d.namespace}/${d.name}`);
    steps.push(configMapStep(d, l?.exists ? l : undefined, desired.owner));
    if (l?.exists && d.role === 'pod-template' && l.labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE && !recordedCm.has(`${d.namespace}/${d.name}`)) {
      // Someone else's ConfigMap under the repo's name: writing it would take it over without a word.
      const msg = `ConfigMap ${d.namespace}/${d.name} exists and was not created by pool-reconciler (no label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}, not in its state)`;
      if (desired.settings.conflicts === 'adopt') notes.push(`${msg}: adopted (conflicts: adopt); it is written but never deleted`);
      else blockers.push(`${msg}: writing the repo's pod template into it would take it over. Rename the repo's ConfigMap, delete that one, or set \`conflicts: adopt\` in ${settingsFile}`);
    }
    const from = d.files.length ? ` (${d.files.join(', ')})` : '';
    namespaceBlocker(d.namespace, `ConfigMap ${d.namespace}/${d.name}${from}`,
      d.role === 'tekton-defaults'
        ? `Is Tekton installed in another namespace? Set \`dispatch.tekton-namespace\` in ${settingsFile}.`
        : "It must be the namespace of the Dispatch Repository that uses the pod template: create it, or fix the ConfigMap's metadata.namespace.");
  }

  for (const l of live.recordedConfigMaps ?? []) {
    if (desiredCm.has(`${l.namespace}/${l.name}`) || !l.exists) continue;
    if (l.labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      notes.push(`ConfigMap ${l.namespace}/${l.name} was created by pool-reconciler and is no longer in the repo, but it no longer carries the label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}: someone else took it over, so it is not deleted`);
      continue;
    }
    const mark = parseOwner(l.owner);
    if (mark && desired.owner && isOtherOwner(mark, desired.owner)) {
      notes.push(`ConfigMap ${l.namespace}/${l.name} was created by ${ownerText(mark)}, not by this repository and target: it is not deleted (the state's entry for it is ignored)`);
      continue;
    }
    steps.push({
      id: stepId({ kind: 'ConfigMap', namespace: l.namespace, name: l.name }),
      kind: 'configmap',
      action: 'delete',
      object: { kind: 'ConfigMap', namespace: l.namespace, name: l.name },
      summary: 'delete: created by pool-reconciler, no longer in the repo',
      changes: Object.keys(l.data).sort(cmp).map((k) => ({ path: `data[${q(k)}]`, op: 'remove' as const, before: l.data[k] })),
      before: { ...(Object.keys(l.data).length ? { data: { ...l.data } } : {}) },
    });
  }

}

/**
 * 5. Nodes: the pools of the repo, and the pools the state records whose nodes may carry what pool-reconciler
 * applied there (a pool that declares nothing any more); returns the pools the repo declares.
 */
function nodeSection(a: DiffAcc): Set<string> {
  const { desired, live, steps, notes, blockers, pendingPools, settingsFile } = a;
  const nodesByPool = new Map<string, LiveNode[]>();
  for (const n of live.nodes) {
    const list = nodesByPool.get(n.pool) ?? [];
    list.push(n);
    nodesByPool.set(n.pool, list);
  }
  for (const pool of desired.nodePools) {
    const nodes = [...(nodesByPool.get(pool.name) ?? [])].sort((a, b) => cmp(a.name, b.name));
    if (nodes.length === 0) {
      pendingPools.push({
        pool: pool.name,
        message: `node pool ${q(pool.name)} has no nodes yet (none is labelled ${NODE_POOL_LABEL}=${pool.name}): the pool is provisioned by \`konvoy up\`, which sets its labels and taints; nothing to apply on its nodes until then`,
      });
      continue;
    }
    for (const n of nodes) steps.push(nodeStep(pool, pool.name, n, live.pods, declaredFor(live.state, pool.name)));
  }
  const desiredPools = new Set(desired.nodePools.map((p) => p.name));
  for (const name of [...new Set(live.state?.managed.pools ?? [])].sort(cmp)) {
    if (desiredPools.has(name)) continue;
    for (const n of [...(nodesByPool.get(name) ?? [])].sort((a, b) => cmp(a.name, b.name))) {
      const step = nodeStep(undefined, name, n, live.pods, declaredFor(live.state, name));
      if (step.action !== 'unchanged') steps.push(step);
    }
  }
  const nodeSteps = steps.filter((x) => x.object.kind === 'Node');
  const changedNodes = nodeSteps.filter((x) => x.action === 'update');
  const poolsByName = new Map(desired.nodePools.map((p) => [p.name, p]));
  const adopts = (n: LiveNode): boolean => {
    const p = poolsByName.get(n.pool);
    if (!p || n.ownership !== undefined) return false;
    return Object.keys(p.labels).some((k) => k in n.labels) || n.taints.some((t) => p.taints.some((d) => d.key === t.key && d.effect === t.effect));
  };
  if (live.nodes.some(adopts)) {
    notes.push(`some nodes carry no ownership record (annotation ${NODE_OWNERSHIP_ANNOTATION}): written by an earlier version of pool-reconciler, or never. The pool's labels and taints found on them are adopted; labels or taints an earlier version applied that the repo no longer declares cannot be told apart from anyone else's and are left as they are (remove them with kubectl if they are leftovers)`);
  }
  for (const x of nodeSteps) {
    for (const c of x.conflicts ?? []) {
      const msg = `node ${x.object.name} (pool ${q(x.pool ?? '')}) has taint ${c}, which pool-reconciler did not put there (neither its state nor the node's ownership record says so), and the pool declares another value for that key and effect: writing it would take someone else's taint over (\`kubectl taint\` refuses that without --overwrite). Remove that taint, or set \`conflicts: adopt\` in ${settingsFile}`;
      if (desired.settings.conflicts === 'adopt') notes.push(`${msg.split(': writing it')[0]}: adopted (conflicts: adopt)`);
      else blockers.push(msg);
    }
    if (x.unreadableRecord && x.action !== 'drift') {
      blockers.push(`node ${x.object.name}: its ownership record (annotation ${NODE_OWNERSHIP_ANNOTATION}) is not readable and no state ConfigMap says what the repo declared for pool ${q(x.pool ?? '')}: what pool-reconciler applied there cannot be told apart from anyone else's. Restore the annotation (or remove it to adopt what matches the repo), then plan again`);
    }
  }
  const rebuilt = nodeSteps.filter((x) => live.nodes.find((n) => n.name === x.object.name && n.ownership !== undefined && declaredFor(live.state, n.pool) !== undefined && parseOwnership(n.ownership) === undefined));
  if (rebuilt.length) notes.push(`the ownership record of ${rebuilt.map((x) => x.object.name).join(', ')} is not readable: rebuilt from the state ConfigMap (what the repo declared for the pool)`);
  if (nodeSteps.some((x) => (x.evictions ?? []).length > 0 && x.action === 'update')) {
    notes.push('PodDisruptionBudgets do not hold back these evictions: a NoExecute taint makes the taint manager delete the pods that do not tolerate it directly, not through the eviction API that a PodDisruptionBudget guards; drain the nodes first (kubectl drain honours PDBs) if those pods must go gracefully');
  }
  if (desired.settings.nodes === 'report-only') {
    for (const x of changedNodes) x.action = 'drift';
    if (changedNodes.length) notes.push(`nodes: report-only (${settingsFile}): the differences on ${plural(changedNodes.length, 'node')} are reported, not written; \`konvoy up\` with this cluster.yaml writes them`);
  } else if (changedNodes.length) {
    notes.push(`\`konvoy up\` also writes the pools' labels and taints, on the nodes it creates: this change reaches nodes created later only once \`konvoy up\` runs with this cluster.yaml`);
  }

  return desiredPools;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function configMapStep(desiredCm: DesiredConfigMap, l: LiveConfigMap | undefined, owner: Owner | undefined): ConfigMapStep {
  // A pod-template ConfigMap pool-reconciler creates carries its managed-by label: that is how a later run knows it
  // may delete it once the repo drops it. One that exists already was not created by it and does not get the label.
  const d = !l && desiredCm.role === 'pod-template' ? { ...desiredCm, labels: { ...desiredCm.labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } } : desiredCm;
  const changes: FieldChange[] = [];
  const beforeLabels: Record<string, string> = {};
  const beforeData: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.labels)) {
    const lv = l?.labels[k];
    if (lv !== undefined) beforeLabels[k] = lv;
    if (lv === undefined) changes.push({ path: `metadata.labels[${q(k)}]`, op: 'add', after: v });
    else if (lv !== v) changes.push({ path: `metadata.labels[${q(k)}]`, op: 'change', before: lv, after: v });
  }
  // ... and says which repository and target created it (core/owner.ts).
  if (!l && d.role === 'pod-template' && owner) changes.push({ path: `metadata.annotations[${q(OWNER_ANNOTATION)}]`, op: 'add', after: ownerString(owner) });
  for (const [k, v] of Object.entries(d.data)) {
    const lv = l?.data[k];
    if (lv !== undefined) beforeData[k] = lv;
    if (lv === undefined) changes.push({ path: `data[${q(k)}]`, op: 'add', after: v });
    else if (lv !== v) changes.push({ path: `data[${q(k)}]`, op: 'change', before: lv, after: v });
  }
  const action: StepAction = !l ? 'create' : changes.length ? 'update' : 'unchanged';
  const project = (labels: Record<string, string>, data: Record<string, string>): Record<string, unknown> => ({
    ...(Object.keys(labels).length ? { metadata: { labels } } : {}),
    ...(Object.keys(data).length ? { data } : {}),
  });
  const what = d.role === 'tekton-defaults' ? "Tekton's default pod template" : 'pod template';
  let summary: string;
  if (action === 'create') {
    const keys = Object.keys(d.data).join(', ');
    const nl = Object.keys(d.labels).length;
    summary = `create: ${what} in data key ${keys}${nl ? `, ${plural(nl, 'label')}` : ''}`;
  } else if (action === 'update') summary = describeChanges(changes);
  else summary = `${what} up to date`;
  return {
    id: stepId({ kind: 'ConfigMap', namespace: d.namespace, name: d.name }),
    kind: 'configmap',
    action,
    object: { kind: 'ConfigMap', namespace: d.namespace, name: d.name },
    summary,
    changes,
    ...(l ? { before: project(beforeLabels, beforeData) } : {}),
    after: project(d.labels, d.data),
    ...(d.files.length ? { files: [...d.files] } : {}),
  };
}

function nodeStep(pool: DesiredNodePool | undefined, poolName: string, n: LiveNode, pods: LivePod[] | undefined, declared: NodeOwnership | undefined): NodeStep {
  const p = poolOnNode(n, pool, declared);
  const changes = p.changes;
  const impact = pods ? podImpact(n, p.taints, pods.filter((x) => x.node === n.name)) : undefined;
  const taintData = (ts: Taint[]): Array<Record<string, string>> =>
    ts.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  const project = (labels: Record<string, string>, taints: Taint[]): Record<string, unknown> => ({
    ...(Object.keys(labels).length ? { metadata: { labels } } : {}),
    ...(taints.length ? { spec: { taints: taintData(taints) } } : {}),
  });
  return {
    id: stepId({ kind: 'Node', name: n.name }),
    kind: 'node',
    action: changes.length ? 'update' : 'unchanged',
    object: { kind: 'Node', name: n.name },
    summary: changes.length ? describeChanges(changes) : `labels and taints of pool ${q(poolName)} in place`,
    changes,
    before: project(p.before.labels, p.before.taints),
    after: project(p.after.labels, p.after.taints),
    pool: poolName,
    ...(p.conflicts.length ? { conflicts: p.conflicts } : {}),
    ...(p.unreadable ? { unreadableRecord: true } : {}),
    ...(impact?.evictions.length ? { evictions: impact.evictions } : {}),
    ...(impact?.notAdmitted ? { notAdmitted: impact.notAdmitted } : {}),
  };
}

/**
 * What the node's new taints do to the pods on it: a new `NoExecute` taint evicts every pod that does not tolerate
 * it, at once (or after the toleration's seconds); a new `NoSchedule` taint keeps a pod that does not tolerate it
 * from coming back (counted). A taint is new when the node does not have it with that value now.
 */
export function podImpact(n: LiveNode, after: Taint[], pods: LivePod[]): { evictions: Eviction[]; notAdmitted: number } {
  const had = new Set(n.taints.map((t) => taintString(t)));
  const fresh = after.filter((t) => !had.has(taintString(t)) && (t.effect === 'NoExecute' || t.effect === 'NoSchedule'));
  const evictions: Eviction[] = [];
  let notAdmitted = 0;
  if (fresh.length === 0) return { evictions, notAdmitted };
  for (const pod of [...pods].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name))) {
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
    let evicted: Eviction | undefined;
    let blocked = false;
    for (const t of fresh) {
      const tol = pod.tolerations.filter((x) => tolerates({ ...x, tolerationSeconds: x.tolerationSeconds ?? null }, t));
      if (t.effect === 'NoExecute') {
        if (tol.length === 0) evicted ??= { namespace: pod.namespace, name: pod.name, ...(pod.owner ? { owner: pod.owner } : {}), taint: taintString(t) };
        else if (tol.every((x) => typeof x.tolerationSeconds === 'number')) {
          const secs = Math.min(...tol.map((x) => x.tolerationSeconds as number));
          evicted ??= { namespace: pod.namespace, name: pod.name, ...(pod.owner ? { owner: pod.owner } : {}), taint: taintString(t), afterSeconds: Math.max(0, secs) };
        }
      } else if (tol.length === 0) blocked = true;
    }
    if (evicted) evictions.push(evicted);
    else if (blocked) notAdmitted++;
  }
  return { evictions, notAdmitted };
}

/** The Nodepool section: the repo's Nodepool files against the deployed ones (state), or the base branch. */
function nodepoolSection(desired: DesiredState, live: LiveState): PlanNodepool | undefined {
  if (desired.nodepoolFiles.length === 0) return undefined;
  const { digest, files } = nodepoolDigest(desired.nodepoolFiles);
  const after = desired.nodepoolFiles.map((f) => ({ ...f, digest: files[f.path], root: PARSED_NODEPOOL.get(f) }));
  const st = live.state;
  if (st) {
    const refresh = st.nodepool.digest !== digest;
    const changes = refresh ? diffNodepool({ content: st.nodepool.content ?? {}, digests: st.nodepool.files }, after) : [];
    return { baseline: { kind: 'deployed', commit: st.commit, ...(st.appliedAt ? { appliedAt: st.appliedAt } : {}) }, digest, deployedDigest: st.nodepool.digest, refresh, changes };
  }
  if (live.base) {
    const b = nodepoolDigest(live.base.files);
    const content = Object.fromEntries(live.base.files.filter((f) => f.semantic).map((f) => [f.path, f.text]));
    const changes = b.digest === digest ? [] : diffNodepool({ content, digests: b.files }, after);
    return { baseline: { kind: 'base', ref: live.base.ref, ...(live.base.commit ? { commit: live.base.commit } : {}) }, digest, deployedDigest: null, refresh: true, changes };
  }
  return {
    baseline: { kind: 'none', reason: `no deployed state recorded in the cluster yet, and ${live.baseProblem ?? 'no base branch given to compare with'}` },
    digest,
    deployedDigest: null,
    refresh: true,
    changes: [],
  };
}

/** `label x: a → b; taint k=v:NoSchedule added; data key template changed`. */
export function describeChanges(changes: FieldChange[]): string {
  const parts = changes.map((c) => {
    const m = /^(metadata\.labels|metadata\.annotations|data|spec\.taints)\[("(?:[^"\\]|\\.)*")\]$/.exec(c.path);
    const key = m ? (JSON.parse(m[2]) as string) : c.path;
    if (m?.[1] === 'metadata.labels') {
      if (c.op === 'remove') return `label ${key}=${c.before ?? ''} removed`;
      return c.op === 'add' ? `label ${key}=${c.after ?? ''} added` : `label ${key}: ${c.before ?? ''} → ${c.after ?? ''}`;
    }
    if (m?.[1] === 'spec.taints') {
      if (c.op === 'remove') return `taint ${c.before ?? key} removed`;
      return c.op === 'add' ? `taint ${c.after ?? key} added` : `taint ${c.before ?? key} → ${c.after ?? ''}`;
    }
    if (m?.[1] === 'metadata.annotations' && key === NODE_OWNERSHIP_ANNOTATION) {
      return c.op === 'remove' ? 'ownership record removed' : c.op === 'add' ? 'ownership record written' : 'ownership record updated';
    }
    if (m?.[1] === 'data') return `data key ${key} ${c.op === 'add' ? 'added' : c.op === 'remove' ? 'removed' : 'changed'}`;
    return `${c.path} ${c.op}`;
  });
  return parts.join('; ');
}

/** The keys each existing workload's containers mount (`all`: every key given), by `Kind ns/name`. */
function mountedBy(desired: DesiredState, live: LiveState): Array<{ ref: string; keys: string[] }> {
  const given = SECRET_KEYS.filter((k) => desired.secret?.data[k] !== undefined);
  return desired.workloads
    .map((w) => live.workloads.find((x) => x.kind === w.kind && x.namespace === w.namespace && x.name === w.name))
    .filter((w): w is NonNullable<typeof w> => w !== undefined && w.exists && w.secretKeysMounted !== undefined)
    .map((w) => ({ ref: `${w.kind} ${w.namespace}/${w.name}`, keys: w.secretKeysMounted === 'all' ? [...given] : [...(w.secretKeysMounted ?? [])] }));
}

/**
 * One workload's rollout step: a template write (the annotation to the Secret's new resourceVersion, or the live one
 * it lags behind, and the mounts of keys it does not mount yet); else a wait for a rollout that has not converged;
 * else unchanged.
 */
function rolloutStep(w: DesiredState['workloads'][number], lw: LiveState['workloads'][number], rv: string | undefined, secretChanges: boolean, mountKeys: string[]): WorkloadStep {
  const base = { id: stepId(w), kind: 'workload' as const, object: { kind: w.kind, namespace: w.namespace, name: w.name } };
  const path = `spec.template.metadata.annotations[${q(w.annotation)}]`;
  const from = lw.annotation ?? null;
  const annotations = (v: string | null): Record<string, unknown> => ({ spec: { template: { metadata: { annotations: v === null ? {} : { [w.annotation]: v } } } } });
  const mountText = mountKeys.length ? `; mount ${mountKeys.map((k) => `${k} at ${SECRET_KEY_MOUNT_PATHS[k as SecretKey] ?? k}`).join(', ')} (read-only subPath, as sf-operator renders it)` : '';
  const mountChanges: FieldChange[] = mountKeys.map((k) => ({ path: `spec.template.spec.containers[].volumeMounts[${q(SECRET_KEY_MOUNT_PATHS[k as SecretKey] ?? k)}]`, op: 'add', after: `subPath ${k}, read-only` }));
  if (secretChanges || (rv !== undefined && from !== rv) || mountKeys.length) {
    const to = secretChanges ? null : (rv ?? from);
    const toText = to === null ? "the Secret's new resourceVersion" : q(to);
    const reason = secretChanges ? 'secret-changes' as const : from !== rv ? 'annotation-behind' as const : 'mount' as const;
    const annotationChanges: FieldChange[] = to !== null && to === from ? [] : [{ path, op: from === null ? 'add' : 'change', ...(from === null ? {} : { before: from }), after: to ?? '<resourceVersion of the updated Secret>' }];
    return {
      ...base,
      action: 'rollout',
      summary: `${annotationChanges.length ? `pod-template annotation ${w.annotation}: ${from === null ? 'unset' : q(from)} → ${toText}${reason === 'annotation-behind' ? ' (the Secret changed since the last rollout)' : ''}` : `pod-template annotation ${w.annotation} kept`}${mountText}; wait for the rollout`,
      changes: [...annotationChanges, ...mountChanges],
      before: annotations(from),
      after: annotations(to ?? '<resourceVersion of the updated Secret>'),
      rollout: { annotation: w.annotation, from, to, reason, ...(mountKeys.length ? { mountKeys } : {}) },
    };
  }
  const r = lw.rollout;
  if (r && !r.converged) {
    return {
      ...base,
      action: 'rollout',
      summary: r.failed
        ? `the last rollout failed: ${r.failed}; apply fails until it is fixed (its pods do not all run the current template)`
        : `the last rollout has not finished (${r.status}): wait for it before the config refresh`,
      changes: [],
      rollout: { annotation: w.annotation, from, to: from, reason: 'unfinished' },
    };
  }
  return { ...base, action: 'unchanged', summary: `pod-template annotation ${w.annotation} matches the Secret; every pod runs the current template`, changes: [] };
}

/** Why the workload's controller would not roll out a new template (a blocker), or undefined. */
function rolloutBlocker(ref: string, r: NonNullable<LiveState['workloads'][number]['rollout']>, onDelete: 'refuse' | 'delete-pods', settingsFile: string): string | undefined {
  if (r.paused) return `${ref} is paused: its controller does not roll out a new pod template until it is resumed (\`kubectl rollout resume ${ref.split(' ')[0].toLowerCase()}/${ref.split('/')[1]} -n ${ref.split(' ')[1].split('/')[0]}\`); nothing was written`;
  if (r.partition > 0) return `${ref} has a rolling-update partition of ${r.partition} (of ${r.replicas} replicas): pods below ordinal ${r.partition} keep the old template, so Nodepool would keep the old credentials and the config refresh would run in an old pod; set the partition to 0, then apply`;
  if (r.strategy === 'OnDelete' && onDelete === 'refuse') return `${ref} uses updateStrategy OnDelete: its pods restart with the new template only when deleted, so apply would wait forever; delete them after the apply (\`kubectl delete pod\`), or set \`software-factory.on-delete: delete-pods\` in ${settingsFile} to let apply delete them`;
  return undefined;
}
