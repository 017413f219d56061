/**
 * The action's inputs, parsed in one place. Secret inputs are masked the moment they are read (whole and line by
 * line), and a redactor for everything that leaves the process is built from them.
 */
import * as core from '@actions/core';
import { SECRET_KEYS, SECRET_KEY_INPUTS } from '../core/provider-secrets.js';
import { maskSecrets, Redactor } from '../core/redact.js';
import type { ActionInputs, CommentInput } from '../run/action.js';
import { UsageError } from '../run/validate.js';

export type { ActionInputs };

/** Names of the inputs that hold secrets (masked at once). */
export const SECRET_INPUTS = ['github-token', 'kubeconfig', 'clouds-yaml', 'kube-config', 'aws-config', 'builder-ssh-key'] as const;

function booleanInput(name: string, fallback: boolean): boolean {
  const v = core.getInput(name).trim();
  if (v === '') return fallback;
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new UsageError(`input ${name}: ${JSON.stringify(v)} is not a boolean (true or false)`);
}

function secondsInput(name: string, fallback: number): number {
  const v = core.getInput(name).trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`input ${name}: ${JSON.stringify(v)} is not a positive number of seconds`);
  return n;
}

function listInput(name: string, fallback: string[]): string[] {
  const v = core.getInput(name).trim();
  if (v === '') return fallback;
  const items = v.split(/[\s,]+/).filter(Boolean);
  for (const e of items) {
    if (!/^[a-z_]+$/.test(e)) throw new UsageError(`input ${name}: ${JSON.stringify(e)} is not an event name (push, workflow_dispatch, ...)`);
    if (e === 'pull_request' || e === 'pull_request_target') throw new UsageError(`input ${name}: apply never runs from a ${e} event; remove it`);
  }
  return items;
}

function optional(name: string): string | undefined {
  const v = core.getInput(name, { trimWhitespace: false });
  return v.trim() === '' ? undefined : v;
}

type SecretValues = Record<(typeof SECRET_INPUTS)[number], string | undefined>;
let masked: SecretValues | undefined;

/** Read the secret inputs and register them with the runner (once): the first thing the action does. */
export function maskSecretInputs(): SecretValues {
  if (masked) return masked;
  const secrets = Object.fromEntries(SECRET_INPUTS.map((n) => [n, optional(n)])) as SecretValues;
  maskSecrets(Object.values(secrets), (s) => core.setSecret(s));
  masked = secrets;
  return secrets;
}

export function readInputs(): ActionInputs {
  // Secrets first: mask them before anything else can print them.
  const secrets = maskSecretInputs();
  const redactor = new Redactor();
  for (const v of Object.values(secrets)) if (v) redactor.add(v);

  const comment = (core.getInput('comment').trim() || 'update') as CommentInput;
  if (!['update', 'new', 'changes-only', 'off'].includes(comment)) {
    throw new UsageError(`input comment: ${JSON.stringify(comment)} must be update, new, changes-only or off`);
  }
  const configPath = core.getInput('config-path').trim() || '.';
  const providerSecrets: ActionInputs['providerSecrets'] = {};
  for (const key of SECRET_KEYS) {
    const value = secrets[SECRET_KEY_INPUTS[key]];
    if (value) providerSecrets[key] = value;
  }
  return {
    modeInput: core.getInput('mode').trim(),
    configPath,
    githubToken: secrets['github-token'],
    kubeconfig: secrets.kubeconfig,
    providerSecrets,
    builderSshKey: secrets['builder-ssh-key'],
    nodepoolApiUrl: optional('nodepool-api-url')?.trim(),
    comment,
    target: core.getInput('target').trim() || (configPath === '.' ? 'default' : configPath),
    ...(core.getInput('target').trim() ? { targetInput: core.getInput('target').trim() } : {}),
    failOnWarnings: booleanInput('fail-on-warnings', false),
    standalone: core.getInput('standalone').trim() === '' ? undefined : booleanInput('standalone', false),
    acceptNewHostKeys: booleanInput('accept-new-host-keys', false),
    timeouts: {
      rolloutSeconds: secondsInput('rollout-timeout', 600),
      sshConnectSeconds: secondsInput('ssh-connect-timeout', 10),
      sshSeconds: secondsInput('ssh-timeout', 30),
      verifySeconds: secondsInput('verify-timeout', 300),
      // Default: the rollout timeout (an earlier target's apply waits for its rollouts too).
      promotionSeconds: secondsInput('promotion-timeout', secondsInput('rollout-timeout', 600)),
    },
    skipPlanCheck: booleanInput('skip-plan-check', false),
    allowUnmountedSecretKeys: booleanInput('allow-unmounted-secret-keys', false),
    reviewedPlan: optional('reviewed-plan'),
    applyEvents: listInput('apply-events', ['push', 'workflow_dispatch']),
    allowPullRequestTarget: booleanInput('allow-pull-request-target', false),
    planWorkflow: optional('plan-workflow')?.trim(),
    redactor,
  };
}
