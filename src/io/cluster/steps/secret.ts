/** The providers Secret: only the managed keys given (and those the settings remove), by merge patch. */
import { applySecret } from '../write.js';
import type { SecretStep } from '../../../plan/types.js';
import type { StepExecutor } from './types.js';

export const secretExecutor: StepExecutor<SecretStep> = {
  runs: 'each',
  async apply(env, steps, sink) {
    for (const { index, step } of steps) {
      try {
        const secret = env.desired.secret;
        if (!secret) throw new Error('the plan has a Secret step but no Secret is desired');
        const r = await applySecret(env.ctx, secret, step.action !== 'create', { managedKeys: env.live.secret?.managedKeys, remove: step.secretKeys?.removed ?? [] });
        env.shared.secretRv = r.resourceVersion;
        const unmounted = step.unmountedKeys ?? [];
        if (!unmounted.length) sink.applied(index, r);
        else {
          const said = unmounted.map((u) => u.message).join('; ');
          if (env.options.allowUnmountedSecretKeys) sink.applied(index, { ...r, message: `${said} (allowed: allow-unmounted-secret-keys)` });
          else sink.incomplete(index, said, r.writes);
        }
      } catch (err) {
        sink.fail(index, err);
      }
    }
  },
  async dryRun(env, step) {
    if (env.desired.secret) await applySecret(env.ctx, env.desired.secret, step.action !== 'create');
  },
};
