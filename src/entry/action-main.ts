/**
 * Entry point of the bundled GitHub Action (dist/index.js). The Node version is checked before the action is
 * loaded (see src/core/node-version.ts).
 */
import { actionNodeMessage, nodeTooOld } from '../core/node-version.js';

if (nodeTooOld(process.versions.node)) {
  process.stdout.write(actionNodeMessage(process.versions.node));
  process.exit(1);
}
const { run } = await import('./action.js');
await run();
// Octokit's and client-node's keep-alive connections would hold the process open after the work is done.
process.exit(process.exitCode ?? 0);
