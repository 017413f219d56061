/** Entry point of the bundled GitHub Action (dist/index.js). */
import { run } from './action.js';

await run();
// Octokit's and client-node's keep-alive connections would hold the process open after the work is done.
process.exit(process.exitCode ?? 0);
