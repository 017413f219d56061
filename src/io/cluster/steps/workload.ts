/**
 * The Nodepool workloads that follow the providers Secret: every template of the batch written (the annotation, and
 * the mounts of keys new to them; OnDelete pods deleted when the setting says so), then all awaited together until
 * every pod runs the current template. A wait alone for a rollout the last run left unfinished.
 */
import { call } from '../retry.js';
import { deleteOutdatedPods, secondsText, waitForRollouts, writeTemplate } from '../rollout.js';
import type { WorkloadRef } from '../rollout.js';
import { nodepoolContainer, PROVIDERS_SECRET_ANNOTATION } from '../../../desired/types.js';
import type { PlanStep, WorkloadStep } from '../../../plan/types.js';
import type { StepEnv, StepExecutor } from './types.js';

const refOf = (step: PlanStep): WorkloadRef => ({ kind: step.object.kind as WorkloadRef['kind'], namespace: step.object.namespace ?? '', name: step.object.name });

async function currentSecretRv(env: StepEnv): Promise<string> {
  const s = env.desired.secret;
  if (!s) return '0';
  const obj = await call(env.ctx.client, { verb: 'get', resource: 'secrets', group: '', namespace: s.namespace, name: s.name },
    (o) => env.ctx.client.core.readNamespacedSecret({ name: s.name, namespace: s.namespace }, o), { ...env.ctx.retry, notFound: { value: undefined } });
  return obj?.metadata?.resourceVersion ?? '0';
}

function mountOf(env: StepEnv, step: PlanStep): { secretName: string; keys: string[]; container: string } | undefined {
  const keys = step.rollout?.mountKeys ?? [];
  return keys.length && env.desired.secret ? { secretName: env.desired.secret.name, keys, container: nodepoolContainer(env.desired, refOf(step).kind) } : undefined;
}

export const workloadExecutor: StepExecutor<WorkloadStep> = {
  runs: 'together',
  async apply(env, steps, sink) {
    const group: Array<{ index: number; ref: WorkloadRef }> = [];
    for (const { index, step } of steps) {
      if (sink.stopped()) break;
      const ref = refOf(step);
      const ro = step.rollout;
      try {
        if (ro?.reason === 'unfinished') {
          // Nothing to write: the last rollout has not converged (a re-run after a failed or interrupted one).
          sink.note(index, 0, 'the last rollout had not finished');
        } else {
          const to = ro?.to ?? env.shared.secretRv ?? (await currentSecretRv(env));
          const annotation = ro?.annotation ?? PROVIDERS_SECRET_ANNOTATION;
          const r = await writeTemplate(env.ctx, ref, annotation, to, mountOf(env, step));
          sink.note(index, r.writes, `${annotation}=${to}${r.mounts.length ? `; mounted ${r.mounts.map((m) => `${m.key} in container ${m.container}`).join(', ')}` : ''}`);
        }
        if (ro?.deletePods) {
          const deleted = await deleteOutdatedPods(env.ctx, ref);
          if (deleted.length) sink.note(index, deleted.length, `${sink.message(index) ?? ''}; deleted ${deleted.join(', ')} (OnDelete: replaced with the new template)`);
        }
        group.push({ index, ref });
      } catch (err) {
        sink.fail(index, err);
      }
    }
    if (!group.length) return;
    if (sink.stopped() && !sink.interrupted()) {
      // Another workload's template could not be written: the run stops here; say what was done to these.
      for (const g of group) sink.applied(g.index, { status: 'applied', writes: 0, message: `${sink.message(g.index) ?? 'annotation set'}; its rollout was not awaited (the run stopped)` });
      return;
    }
    const o = env.options;
    sink.say(`rollout: waiting for ${group.map((g) => `${g.ref.kind} ${g.ref.namespace}/${g.ref.name}`).join(' and ')} (up to ${secondsText(o.rolloutTimeoutMs)})`);
    const results = await waitForRollouts(env.ctx, group.map((g) => g.ref), { timeoutMs: o.rolloutTimeoutMs, pollMs: o.pollMs, progressIntervalMs: o.progressIntervalMs, ...(o.signal ? { signal: o.signal } : {}) });
    for (const g of group) {
      const r = results.find((x) => x.workload === g.ref);
      if (r?.done) sink.applied(g.index, { status: 'applied', writes: 0, message: `${sink.message(g.index) ?? ''}; rolled out (${r.status})` });
      else if (sink.interrupted()) {
        // Written, not awaited: the rollout goes on in the cluster; the next apply plans a wait for it.
        sink.incomplete(g.index, `${sink.message(g.index) ?? ''}; the rollout was not awaited (${String(o.signal?.reason)}): it goes on in the cluster, and the next apply waits for it`);
      } else sink.fail(g.index, new Error(r?.message ?? 'the rollout did not finish'));
    }
  },
  async dryRun(env, step) {
    if (step.rollout?.reason === 'unfinished') return; // writes nothing
    const to = step.rollout?.to ?? env.live.secret?.resourceVersion ?? '0';
    await writeTemplate(env.ctx, refOf(step), step.rollout?.annotation ?? PROVIDERS_SECRET_ANNOTATION, to, mountOf(env, step));
  },
};
