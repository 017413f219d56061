// Stand-ins for the Deployment, ReplicaSet and StatefulSet controllers and the kubelet, walking a rollout through
// the intermediate states the real ones write (kube-controller-manager's deployment/ and statefulset/ packages):
//
// Deployment, after a pod-template change (one step each, `stepMs` apart):
//   1. the new ReplicaSet exists, the Deployment's revision annotation moves, `observedGeneration` catches up while
//      `updatedReplicas` is still 0 and the old pods are still ready (a rule of "observed and ready" says done here);
//   2. the new pods exist, Pending and not ready (`replicas` = old + new, `updatedReplicas` = new);
//   3. the new pods run and are ready (the old ones are still there: "old replicas are pending termination");
//   4. the old pods are terminating (no longer counted), the Deployment is complete;
//   5. the old pods are gone.
//   A new pod that never becomes ready leaves the Deployment at 2 until `spec.progressDeadlineSeconds` has passed
//   since the rollout began, then its Progressing condition says ProgressDeadlineExceeded.
// StatefulSet (RollingUpdate), after a pod-template change:
//   1. `observedGeneration` catches up, `updateRevision` moves, `currentRevision` lags, the old pod still counts as
//      current and ready, `updatedReplicas` is 0;
//   2. the old pod is terminating (not ready);
//   3. the pod is recreated at the update revision, Pending, not ready;
//   4. it runs and is ready; `currentRevision` = `updateRevision`.
// Pods carry what the real controllers put on them: `pod-template-hash` / `controller-revision-hash` labels and
// ownerReferences, containers as in the template, `containerStatuses`.

import { createHash, randomBytes } from 'node:crypto';
import type { KubeObject, WriteEvent } from '../kube-apiserver.js';
import { now } from './objects.js';
import { type Obj, clone, deepEqual, isObj } from './patch.js';

/** The part of KubeApiServer the controllers use (no HTTP, no hooks: as a controller writing to etcd through it). */
export interface ControllerStore {
  get(kind: string, namespace: string | undefined, name?: string): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  put(obj: object): KubeObject;
  delete(kind: string, namespace: string | undefined, name?: string): boolean;
}

export interface ControllerOptions {
  /** Between two steps of a rollout (default 20 ms). */
  stepMs?: number;
  /** Whether a new pod becomes ready (default: all do). A pod that does not stays Running, not ready. */
  ready?: (pod: KubeObject) => boolean;
  /** Steps of a rollout taken so far, for tests: `Deployment sf/x: new pods created`. */
  log?: string[];
}

type Schedule = (fn: () => void, ms: number) => void;

const REVISION = 'deployment.kubernetes.io/revision';
const spec = (o: KubeObject): Obj => (isObj(o.spec) ? o.spec : {});
const status = (o: KubeObject): Obj => (isObj(o.status) ? o.status : {});
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);

/** A stable short hash of a pod template (the real controllers use FNV over Go's printing of it). */
export function templateHash(template: unknown): string {
  return createHash('sha256').update(JSON.stringify(template ?? {})).digest('hex').slice(0, 10);
}

function matches(selector: unknown, labels: Record<string, string>): boolean {
  const ml = isObj(selector) && isObj(selector.matchLabels) ? (selector.matchLabels as Record<string, string>) : undefined;
  if (!ml || Object.keys(ml).length === 0) return false;
  return Object.entries(ml).every(([k, v]) => labels[k] === v);
}

function podFrom(template: Obj, meta: { name: string; namespace: string; labels: Record<string, string>; owner: KubeObject }): KubeObject {
  const tmeta = isObj(template.metadata) ? template.metadata : {};
  const tspec = isObj(template.spec) ? clone(template.spec) : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      labels: { ...((tmeta.labels as Record<string, string> | undefined) ?? {}), ...meta.labels },
      ...(isObj(tmeta.annotations) ? { annotations: clone(tmeta.annotations) as Record<string, string> } : {}),
      ownerReferences: [{ apiVersion: meta.owner.apiVersion, kind: meta.owner.kind, name: meta.owner.metadata?.name, uid: meta.owner.metadata?.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { ...tspec, nodeName: 'stand-in-node' },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
  };
}

function containerNames(pod: KubeObject): string[] {
  const cs = spec(pod).containers;
  return Array.isArray(cs) ? cs.filter(isObj).map((c) => String(c.name ?? '')) : [];
}

function runningStatus(pod: KubeObject, ready: boolean): Obj {
  const t = now();
  return {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: ready ? 'True' : 'False' },
      { type: 'ContainersReady', status: ready ? 'True' : 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
    startTime: t,
    containerStatuses: containerNames(pod).map((name) => ({ name, ready, started: true, restartCount: 0, state: { running: { startedAt: t } } })),
  };
}

export const podIsReady = (p: KubeObject): boolean =>
  !p.metadata?.deletionTimestamp &&
  status(p).phase === 'Running' &&
  Array.isArray(status(p).conditions) &&
  (status(p).conditions as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');

const terminating = (p: KubeObject): boolean => p.metadata?.deletionTimestamp !== undefined;

/**
 * The status a controller writes once a Deployment or StatefulSet has rolled out (zeros omitted, as upstream): what
 * KubeApiServer.autoRollout sets at once, without the intermediate states.
 */
export function rolloutStatus(obj: KubeObject): Obj {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const generation = obj.metadata?.generation ?? 1;
  const name = obj.metadata?.name ?? '';
  const nz = (n: number): number | undefined => (n === 0 ? undefined : n);
  if (obj.kind === 'StatefulSet') {
    const rev = `${name}-${generation}`;
    return clone({
      observedGeneration: generation,
      replicas,
      readyReplicas: nz(replicas),
      currentReplicas: nz(replicas),
      updatedReplicas: nz(replicas),
      availableReplicas: replicas,
      currentRevision: rev,
      updateRevision: rev,
      collisionCount: 0,
    });
  }
  return clone({
    observedGeneration: generation,
    replicas: nz(replicas),
    updatedReplicas: nz(replicas),
    readyReplicas: nz(replicas),
    availableReplicas: nz(replicas),
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${name}-${generation}" has successfully progressed.`,
      },
    ],
  });
}

/**
 * Long because the stand-in's controllers share one loop, its timers and the state each step reads; the rollout
 * models are split out (rolloutDeployment, rolloutStatefulSet).
 */
export function startControllers(store: ControllerStore, schedule: Schedule, onWrite: (hook: (e: WriteEvent) => void) => () => void, options: ControllerOptions = {}): () => void {
  const stepMs = options.stepMs ?? 20;
  const ready = options.ready ?? ((): boolean => true);
  let stopped = false;
  /** While true (the first sync at start), every step runs at once. */
  let sync = false;
  const say = (line: string): void => {
    options.log?.push(line);
  };
  const later = (fn: () => void, ms = stepMs): void => {
    if (sync) {
      fn();
      return;
    }
    schedule(() => {
      if (!stopped) fn();
    }, ms);
  };

  // ---- Deployment ----

  const ownedBy = (o: KubeObject, owner: KubeObject): boolean =>
    Array.isArray(o.metadata?.ownerReferences) && (o.metadata.ownerReferences as Obj[]).some((r) => r.uid === owner.metadata?.uid);

  const deploymentPods = (d: KubeObject): KubeObject[] =>
    store.list('Pod', d.metadata?.namespace).filter((p) => matches(spec(d).selector, p.metadata?.labels ?? {}));

  /** Writes the Deployment's status as the controller computes it from its ReplicaSets' pods. */
  const writeDeploymentStatus = (d: KubeObject, hash: string, progressing: Obj): void => {
    const pods = deploymentPods(d).filter((p) => !terminating(p));
    const isNew = (p: KubeObject): boolean => p.metadata?.labels?.['pod-template-hash'] === hash;
    const readyCount = pods.filter(podIsReady).length;
    const replicas = num(spec(d).replicas, 1);
    const updated = pods.filter(isNew).length;
    const available = readyCount;
    const nz = (n: number): number | undefined => (n === 0 ? undefined : n);
    const conditions: Obj[] = [
      available >= replicas
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      progressing,
    ];
    const st: Obj = {
      observedGeneration: d.metadata?.generation,
      replicas: nz(pods.length),
      updatedReplicas: nz(updated),
      readyReplicas: nz(readyCount),
      availableReplicas: nz(available),
      unavailableReplicas: nz(Math.max(0, pods.length - available)),
      conditions,
    };
    for (const k of Object.keys(st)) if (st[k] === undefined) delete st[k];
    store.put({ ...d, status: st });
  };

  /**
   * Long because it walks a Deployment rollout through the real controller's intermediate states, one status write
   * per step.
   */
  const rolloutDeployment = (ns: string, name: string, generation: number): void => {
    const current = (): KubeObject | undefined => {
      const d = store.get('Deployment', ns, name);
      return d && d.metadata?.generation === generation ? d : undefined; // a newer write superseded this rollout
    };
    let d = current();
    if (!d) return;
    const template = isObj(spec(d).template) ? (spec(d).template as Obj) : {};
    const hash = templateHash(template);
    const rsName = `${name}-${hash}`;
    const owned = store.list('ReplicaSet', ns).filter((rs) => ownedBy(rs, d as KubeObject));
    const existing = owned.find((rs) => rs.metadata?.labels?.['pod-template-hash'] === hash);
    const revision = existing?.metadata?.annotations?.[REVISION] ?? String(Math.max(0, ...owned.map((rs) => Number(rs.metadata?.annotations?.[REVISION] ?? 0))) + 1);
    const replicas = num(spec(d).replicas, 1);
    const tlabels = isObj(template.metadata) && isObj(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
    const progressing = (reason: string, message: string, st = 'True'): Obj => ({ type: 'Progressing', status: st, reason, message });
    const started = Date.now();
    const deadlineMs = num(spec(d).progressDeadlineSeconds, 600) * 1000;

    // 1. The new ReplicaSet, the revision annotation, observedGeneration caught up; no new pod yet.
    store.put({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: ns,
        labels: { ...tlabels, 'pod-template-hash': hash },
        annotations: { [REVISION]: revision, 'deployment.kubernetes.io/desired-replicas': String(replicas) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata?.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas, selector: { matchLabels: { ...tlabels, 'pod-template-hash': hash } }, template: { ...clone(template), metadata: { ...(isObj(template.metadata) ? clone(template.metadata) : {}), labels: { ...tlabels, 'pod-template-hash': hash } } } },
      status: { replicas: 0 },
    });
    if (d.metadata?.annotations?.[REVISION] !== revision) {
      d = store.put({ ...d, metadata: { ...d.metadata, annotations: { ...(d.metadata?.annotations ?? {}), [REVISION]: revision } } });
      generation = d.metadata?.generation ?? generation; // the annotation write moved it (Deployments count annotations)
    }
    const rsProgress = progressing('ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
    const already = deploymentPods(d).filter((p) => p.metadata?.labels?.['pod-template-hash'] === hash && !terminating(p));
    if (already.length >= replicas && deploymentPods(d).every((p) => p.metadata?.labels?.['pod-template-hash'] === hash || terminating(p)) && already.every(podIsReady)) {
      // Nothing to roll (the template is the one running): observe and say complete.
      writeDeploymentStatus(d, hash, progressing('NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`));
      return;
    }
    writeDeploymentStatus(d, hash, rsProgress);
    say(`Deployment ${ns}/${name}: generation ${generation} observed, no new pod yet`);

    // 2. The new pods, Pending.
    later(() => {
      const dd = current();
      if (!dd) return;
      const created: string[] = [];
      for (let i = already.length; i < replicas; i++) {
        const podName = `${rsName}-${randomBytes(3).toString('hex').slice(0, 5)}`;
        store.put(podFrom(template, { name: podName, namespace: ns, labels: { 'pod-template-hash': hash }, owner: store.get('ReplicaSet', ns, rsName) as KubeObject }));
        created.push(podName);
      }
      writeDeploymentStatus(dd, hash, rsProgress);
      say(`Deployment ${ns}/${name}: new pods created`);

      // 3. They run; ready unless told otherwise.
      later(() => {
        const d3 = current();
        if (!d3) return;
        let allReady = true;
        for (const podName of created) {
          const p = store.get('Pod', ns, podName);
          if (!p) continue;
          const r = ready(p);
          allReady &&= r;
          store.put({ ...p, status: runningStatus(p, r) });
        }
        writeDeploymentStatus(d3, hash, rsProgress);
        if (!allReady) {
          say(`Deployment ${ns}/${name}: new pods running, not ready`);
          later(() => {
            const d4 = current();
            if (!d4) return;
            writeDeploymentStatus(d4, hash, progressing('ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, 'False'));
            say(`Deployment ${ns}/${name}: progress deadline exceeded`);
          }, Math.max(0, started + deadlineMs - Date.now()));
          return;
        }
        say(`Deployment ${ns}/${name}: new pods ready, old pods still there`);

        // 4. The old pods terminate; the Deployment is complete.
        later(() => {
          const d5 = current();
          if (!d5) return;
          const old = deploymentPods(d5).filter((p) => p.metadata?.labels?.['pod-template-hash'] !== hash);
          for (const p of old) if (!terminating(p)) store.put({ ...p, metadata: { ...p.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 30 } });
          for (const rs of store.list('ReplicaSet', ns).filter((x) => ownedBy(x, d5) && x.metadata?.name !== rsName)) {
            store.put({ ...rs, spec: { ...spec(rs), replicas: 0 }, status: { replicas: 0 } });
          }
          writeDeploymentStatus(d5, hash, progressing('NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`));
          say(`Deployment ${ns}/${name}: complete, old pods terminating`);

          // 5. The old pods are gone.
          later(() => {
            for (const p of old) store.delete('Pod', ns, p.metadata?.name ?? '');
            say(`Deployment ${ns}/${name}: old pods gone`);
          });
        });
      });
    });
  };

  // ---- StatefulSet ----

  /**
   * Long because it walks a StatefulSet rollout through the real controller's intermediate states, one status write
   * per step.
   */
  const rolloutStatefulSet = (ns: string, name: string, generation: number): void => {
    const current = (): KubeObject | undefined => {
      const s = store.get('StatefulSet', ns, name);
      return s && s.metadata?.generation === generation ? s : undefined;
    };
    const s = current();
    if (!s) return;
    const template = isObj(spec(s).template) ? (spec(s).template as Obj) : {};
    const updateRevision = `${name}-${templateHash(template)}`;
    const replicas = num(spec(s).replicas, 1);
    const ordinals = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
    const revOf = (p: KubeObject | undefined): string | undefined => p?.metadata?.labels?.['controller-revision-hash'];
    const prevStatus = status(s);
    const unlabelled = ordinals.some((n) => { const p = store.get('Pod', ns, n); return p !== undefined && revOf(p) === undefined; });
    const currentRevision = typeof prevStatus.currentRevision === 'string' ? prevStatus.currentRevision : unlabelled ? `${name}-unknown` : updateRevision;
    /** A pod without the label (seeded by a test) is at the revision the status last named. */
    const rev = (p: KubeObject): string => revOf(p) ?? currentRevision;

    const write = (sts: KubeObject, currentRev: string): void => {
      const pods = ordinals.map((n) => store.get('Pod', ns, n)).filter((p): p is KubeObject => p !== undefined);
      const nz = (n: number): number | undefined => (n === 0 ? undefined : n);
      const readyCount = pods.filter(podIsReady).length;
      const st: Obj = {
        observedGeneration: sts.metadata?.generation,
        replicas: pods.length,
        readyReplicas: nz(readyCount),
        currentReplicas: nz(pods.filter((p) => rev(p) === currentRev).length),
        updatedReplicas: nz(pods.filter((p) => rev(p) === updateRevision).length),
        availableReplicas: readyCount,
        currentRevision: currentRev,
        updateRevision,
        collisionCount: 0,
      };
      for (const k of Object.keys(st)) if (st[k] === undefined) delete st[k];
      store.put({ ...sts, status: st });
    };

    const stale = ordinals.filter((n) => { const p = store.get('Pod', ns, n); return !p || rev(p) !== updateRevision; });
    // 1. Observed; updateRevision moves, currentRevision lags; the old pod is still current and ready.
    write(s, currentRevision);
    if (stale.length === 0) {
      if (ordinals.every((n) => { const p = store.get('Pod', ns, n); return p !== undefined && podIsReady(p); })) write(s, updateRevision);
      return;
    }
    say(`StatefulSet ${ns}/${name}: generation ${generation} observed, update revision ${updateRevision}, old pods still current`);

    // 2. The old pods terminate.
    later(() => {
      const s2 = current();
      if (!s2) return;
      for (const n of stale) {
        const p = store.get('Pod', ns, n);
        if (p && !terminating(p)) store.put({ ...p, metadata: { ...p.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 30 }, status: { ...status(p), conditions: [{ type: 'Ready', status: 'False' }] } });
      }
      write(s2, currentRevision);
      say(`StatefulSet ${ns}/${name}: old pods terminating`);

      // 3. Recreated at the update revision, Pending.
      later(() => {
        const s3 = current();
        if (!s3) return;
        for (const n of stale) {
          store.delete('Pod', ns, n);
          store.put(podFrom(template, { name: n, namespace: ns, labels: { 'controller-revision-hash': updateRevision, 'statefulset.kubernetes.io/pod-name': n }, owner: s3 }));
        }
        write(s3, currentRevision);
        say(`StatefulSet ${ns}/${name}: pods recreated at ${updateRevision}, pending`);

        // 4. Running; ready unless told otherwise; then the update is complete.
        later(() => {
          const s4 = current();
          if (!s4) return;
          let allReady = true;
          for (const n of stale) {
            const p = store.get('Pod', ns, n);
            if (!p) continue;
            const r = ready(p);
            allReady &&= r;
            store.put({ ...p, status: runningStatus(p, r) });
          }
          write(s4, allReady ? updateRevision : currentRevision);
          say(`StatefulSet ${ns}/${name}: pods running${allReady ? ', ready; update complete' : ', not ready'}`);
        });
      });
    });
  };

  const unsubscribe = onWrite((e) => {
    if (stopped || e.type === 'DELETED' || (e.kind !== 'Deployment' && e.kind !== 'StatefulSet')) return;
    const gen = e.object.metadata?.generation ?? 0;
    const oldGen = e.oldObject?.metadata?.generation;
    const observed = num(status(e.object).observedGeneration);
    if (oldGen === gen && observed >= gen) return; // nothing new for the controller
    const templateChanged = !e.oldObject || !deepEqual(spec(e.oldObject).template, spec(e.object).template);
    later(() => {
      if (e.kind === 'Deployment') {
        if (templateChanged || !e.oldObject) rolloutDeployment(e.namespace ?? '', e.name, gen);
        else {
          const d = store.get('Deployment', e.namespace, e.name);
          if (d && d.metadata?.generation === gen) store.put({ ...d, status: { ...status(d), observedGeneration: gen } });
        }
      } else if (templateChanged || !e.oldObject) rolloutStatefulSet(e.namespace ?? '', e.name, gen);
      else {
        const s = store.get('StatefulSet', e.namespace, e.name);
        if (s && s.metadata?.generation === gen) store.put({ ...s, status: { ...status(s), observedGeneration: gen } });
      }
    });
  });
  // A controller that starts syncs what it has not observed yet, at once (the seeded workloads get their pods).
  sync = true;
  try {
    for (const kind of ['Deployment', 'StatefulSet'] as const) {
      for (const o of store.list(kind)) {
        const gen = o.metadata?.generation ?? 0;
        if (num(status(o).observedGeneration) >= gen) continue;
        if (kind === 'Deployment') rolloutDeployment(o.metadata?.namespace ?? '', o.metadata?.name ?? '', gen);
        else rolloutStatefulSet(o.metadata?.namespace ?? '', o.metadata?.name ?? '', gen);
      }
    }
  } finally {
    sync = false;
  }
  return () => {
    stopped = true;
    unsubscribe();
  };
}
