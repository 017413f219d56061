/**
 * Entry point of the bundled GitHub Action (dist/index.js). The secret inputs are masked, and the event file read,
 * before the rest loads: @actions/github parses GITHUB_EVENT_PATH when it is imported, and a malformed file would
 * otherwise end the process with a stack trace before any secret is masked.
 */
import * as core from '@actions/core';
import { maskSecretInputs } from './action-inputs.js';
import { eventFileProblem } from '../io/github/event-file.js';

maskSecretInputs();
const problem = eventFileProblem(process.env);
if (problem) {
  core.setFailed(problem);
} else {
  const { run } = await import('./action.js');
  await run();
}
// Octokit's and client-node's keep-alive connections would hold the process open after the work is done.
process.exit(process.exitCode ?? 0);
