/**
 * Entry point of the bundled GitHub Action (dist/index.js). First the Node version is checked (see
 * src/core/node-version.ts); then the secret inputs are masked, and the event file read, before the rest loads:
 * @actions/github parses GITHUB_EVENT_PATH when it is imported, and a malformed file would otherwise end the process
 * with a stack trace before any secret is masked.
 */
import { actionNodeMessage, nodeTooOld } from '../core/node-version.js';

if (nodeTooOld(process.versions.node)) {
  process.stdout.write(actionNodeMessage(process.versions.node));
  process.exit(1);
}
// Node's compile cache (see entry/cli-main.ts; the action runs on Node 24, which has getBuiltinModule): on a self-hosted runner, a later run does not compile the bundle again.
process.getBuiltinModule('node:module').enableCompileCache?.();
const core = await import('@actions/core');
const { maskSecretInputs } = await import('./action-inputs.js');
const { eventFileProblem } = await import('../io/github/event-file.js');
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
