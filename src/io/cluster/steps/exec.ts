/**
 * The Nodepool config refresh: `generate-config.sh <commit>` in the launcher (every ready pod of the current
 * template) and the builder (its pod of the current revision), through the exec API.
 */
import { choosePod, execInPod } from '../exec.js';
import { execArgv } from '../../../desired/types.js';
import type { ExecStep } from '../../../plan/types.js';
import type { StepExecutor } from './types.js';

/** The last lines of a command's output, for a message: at most 10 lines and 1,500 characters. */
function tail(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  let out = lines.slice(-10).join(' | ');
  if (out.length > 1500) out = `…${out.slice(-1500)}`;
  return out;
}

export const execExecutor: StepExecutor<ExecStep> = {
  runs: 'each',
  async apply(env, steps, sink) {
    for (const { index, step: s } of steps) {
      if (sink.stopped()) return;
      const e = s.exec;
      const sf = env.desired.settings.softwareFactory;
      const namespace = s.object.namespace ?? sf.namespace;
      const o = env.options;
      try {
        const where = s.object.selector
          ? { selector: s.object.selector, ...(e.component === 'launcher' ? { deployment: sf.launcherDeployment } : {}) }
          : { name: s.object.name, ...(e.component === 'builder' ? { statefulSet: sf.builderStatefulSet } : {}) };
        const choice = await choosePod(env.ctx, { namespace, container: e.container, ...where }, { waitMs: o.rolloutTimeoutMs, pollMs: o.pollMs });
        for (const skipped of choice.skipped) sink.say(`exec: skipping pod ${namespace}/${skipped}`);
        const argv = execArgv(e);
        // Every ready launcher pod of the current template runs its own Nodepool: each gets the refresh.
        const targets = s.object.selector ? choice.pods : [choice.pod];
        let r: Awaited<ReturnType<typeof execInPod>> = { exitCode: 0, stdout: '', stderr: '' };
        let ranIn = choice.pod;
        for (const pod of targets) {
          ranIn = pod;
          r = await execInPod(env.ctx, { namespace, pod, container: e.container, command: argv }, { timeoutMs: o.execTimeoutMs });
          if (r.exitCode !== 0) break;
        }
        const where2 = targets.length > 1 ? `pods ${targets.map((p) => `${namespace}/${p}`).join(', ')}` : `pod ${namespace}/${choice.pod}`;
        if (r.exitCode === 0 && choice.configRepoSet !== 'TRUE') {
          // generate-config.sh reads the commit only when CONFIG_REPO_SET is TRUE (sf-operator sets it when the
          // deployment has a config repo); otherwise it rewrites the base config and exits 0.
          const value = choice.configRepoSet === undefined ? 'no CONFIG_REPO_SET' : `CONFIG_REPO_SET=${choice.configRepoSet}`;
          const why = `container ${e.container} of pod ${namespace}/${choice.pod} has ${value} (this Software Factory has no config repo), so generate-config.sh exits without reading the commit; Nodepool keeps its config`;
          if (o.verify) sink.applied(index, { status: 'applied', writes: 0, message: `ran in pod ${namespace}/${choice.pod} (container ${e.container}), but ${why}: the label verification decides` });
          else sink.incomplete(index, `not effective: ${why}`);
        } else if (r.exitCode === 0) {
          sink.applied(index, { status: 'applied', writes: 0, message: `ran in ${where2} (container ${e.container})` });
        } else {
          const cmd = [...Object.keys(e.env).sort().map((k) => `${k}=${e.env[k]}`), ...e.command].join(' ');
          const code = r.exitCode >= 0 ? `exited with code ${r.exitCode}` : `failed${r.message ? ` (${r.message})` : ''}`;
          const stderr = tail(r.stderr) || tail(r.stdout);
          sink.fail(index, new Error(`\`${cmd}\` ${code} in pod ${namespace}/${ranIn} (container ${e.container})${stderr ? `: ${stderr}` : ''}`));
        }
      } catch (err) {
        sink.fail(index, err);
      }
    }
  },
  // An exec cannot be dry-run; the preflight checks the pods exist and the permissions (preflight.ts).
  async dryRun() {},
};
