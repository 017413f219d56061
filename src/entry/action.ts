/**
 * The GitHub Action: parse the inputs (./action-inputs.ts) and the mode from the event, run that mode
 * (src/run/action.ts), and pass or fail the step by the one exit policy (src/run/exit.ts).
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { readInputs } from './action-inputs.js';
import { resolveMode } from '../io/github/event.js';
import type { Redactor } from '../core/redact.js';
import { runActionMode } from '../run/action.js';

export async function run(): Promise<void> {
  let redactor: Redactor | undefined;
  try {
    const inputs = readInputs();
    redactor = inputs.redactor;
    const context = github.context;
    const resolved = resolveMode({
      eventName: context.eventName || 'workflow_dispatch',
      payload: (context.payload ?? {}) as Record<string, unknown>,
      ref: context.ref,
      sha: context.sha,
      modeInput: inputs.modeInput,
      hasClusterCredentials: !!inputs.kubeconfig,
    });
    if (resolved.notice) core.notice(resolved.notice);
    core.info(`pool-reconciler: ${resolved.mode} (${resolved.reason})`);
    core.setOutput('mode', resolved.mode);
    const { verdict, passed } = await runActionMode({ inputs, resolved, workspace: process.env.GITHUB_WORKSPACE ?? process.cwd() });
    if (verdict.failures.length) core.setFailed(inputs.redactor.redact(verdict.failures.join('; ')));
    else if (passed) core.info(passed);
  } catch (err) {
    // No stack trace reaches a user, and no secret either.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    core.setFailed(redactor ? redactor.redact(message) : message);
  }
}
