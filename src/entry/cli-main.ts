#!/usr/bin/env node
/**
 * Entry point of the bundled `pool-reconciler` command. The Node version is checked before anything else is loaded:
 * the command itself is imported only once the Node is known to be new enough (see src/core/node-version.ts).
 */
import { cliNodeMessage, nodeTooOld } from '../core/node-version.js';

/**
 * A reader that stops early (`pool-reconciler schema --stdout nodepool | head`) closes the pipe: the next write
 * fails with EPIPE, which Node raises as an unhandled 'error' event with a stack trace. The output is no longer
 * wanted, so the command ends there, quietly, with the status it has so far.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

const args = process.argv.slice(2);
if (nodeTooOld(process.versions.node)) {
  process.stderr.write(cliNodeMessage(process.versions.node, process.execPath, args));
  process.exitCode = 2;
} else {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  // Node keeps the bundle's compiled code in its compile cache (under the temporary directory; NODE_COMPILE_CACHE
  // moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): a later run does not compile the Kubernetes client again.
  (await import('node:module')).enableCompileCache?.();
  const { main } = await import('./cli.js');
  process.exitCode = await main(args);
}
