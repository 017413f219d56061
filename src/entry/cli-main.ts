#!/usr/bin/env node
/**
 * Entry point of the bundled `pool-reconciler` command. It runs on any Node the bundle parses on (20 and later):
 * `validate`, `schema` and `--help` need nothing newer, and the commands that load the Kubernetes client check the
 * Node first (src/entry/cli.ts, clusterCommand; src/core/node-version.ts says why).
 */

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

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
// The bundle loads Node's modules with process.getBuiltinModule (scripts/build.mjs says why), which Node 20 has from
// 20.16 on: an older one gets it here, before the rest loads.
if (typeof process.getBuiltinModule !== 'function') {
  const { createRequire } = await import('node:module');
  const load = createRequire(import.meta.url);
  process.getBuiltinModule = ((id: string) => load(id) as unknown) as typeof process.getBuiltinModule;
}
// Node keeps the bundle's compiled code in its compile cache (under the temporary directory; NODE_COMPILE_CACHE
// moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): a later run does not compile the Kubernetes client again.
// (Node 22.1 and later; on an older Node the command runs without it.)
process.getBuiltinModule('node:module').enableCompileCache?.();
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help')) {
  // `--help` alone loads the help text only (no validator, no YAML reader): as main() answers it.
  const { HELP } = await import('./help.js');
  process.stdout.write(HELP.main);
} else {
  const { main } = await import('./cli.js');
  process.exitCode = await main(argv);
}
