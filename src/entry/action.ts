/**
 * The GitHub Action: parse the inputs (./action-inputs.ts) and the mode from the event, run that mode
 * (src/run/action.ts), and pass or fail the step by the one exit policy (src/run/exit.ts).
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { readInputs } from './action-inputs.js';
import { resolveMode } from '../io/github/event.js';
import { actionLog } from '../io/github/annotate.js';
import { outsideWorkspace } from '../config/repo.js';
import { annotationText } from '../core/workflow-commands.js';
import type { Redactor } from '../core/redact.js';
import { UsageError } from '../run/validate.js';
import { gatherCommentMode, runActionMode, targetsMode } from '../run/action.js';
import { EXIT } from '../run/exit.js';

export async function run(): Promise<void> {
  let redactor: Redactor | undefined;
  try {
    const inputs = readInputs();
    redactor = inputs.redactor;
    const say = actionLog(redactor);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const escape = outsideWorkspace(inputs.configPath, workspace);
    if (escape) throw new UsageError(escape);
    const context = github.context;
    // The matrix's two ends, which read no cluster: the targets a change touches, and the one comment of them all.
    const special = inputs.modeInput.toLowerCase();
    if (special === 'targets' || special === 'comment') {
      say.info(`pool-reconciler: ${special}`);
      core.setOutput('mode', special);
      const { verdict, passed } = special === 'targets' ? await targetsMode(inputs) : await gatherCommentMode(inputs);
      core.setOutput('exit-code', String(verdict.exitCode));
      if (verdict.failures.length) core.setFailed(annotationText(inputs.redactor.redact(verdict.failures.join('; '))));
      else if (passed) say.info(passed);
      return;
    }
    const resolved = resolveMode({
      eventName: context.eventName || 'workflow_dispatch',
      payload: (context.payload ?? {}) as Record<string, unknown>,
      ref: context.ref,
      sha: context.sha,
      modeInput: inputs.modeInput,
      hasClusterCredentials: !!inputs.kubeconfig,
      applyEvents: inputs.applyEvents,
      allowPullRequestTarget: inputs.allowPullRequestTarget,
    });
    if (resolved.notice) say.notice(resolved.notice);
    if (resolved.warning) say.warning(resolved.warning);
    say.info(`pool-reconciler: ${resolved.mode} (${resolved.reason})`);
    core.setOutput('mode', resolved.mode);
    const { verdict, passed } = await runActionMode({ inputs, resolved, workspace });
    // The exit code the command line gives for the same run (run/exit.ts): 2 is a drift check's changes.
    core.setOutput('exit-code', String(verdict.exitCode));
    if (verdict.failures.length) core.setFailed(annotationText(inputs.redactor.redact(verdict.failures.join('; '))));
    else if (passed) say.info(passed);
  } catch (err) {
    // An input the action cannot use (or a failure of its own): the command line's usage error.
    core.setOutput('exit-code', String(EXIT.usage));
    // No stack trace reaches a user, and no secret either.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    core.setFailed(annotationText(redactor ? redactor.redact(message) : message));
  }
}
