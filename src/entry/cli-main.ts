#!/usr/bin/env node
/**
 * Entry point of the bundled `pool-reconciler` command. The Node version is checked before anything else is loaded:
 * the command itself is imported only once the Node is known to be new enough (see src/core/node-version.ts).
 */
import { cliNodeMessage, nodeTooOld } from '../core/node-version.js';

const args = process.argv.slice(2);
if (nodeTooOld(process.versions.node)) {
  process.stderr.write(cliNodeMessage(process.versions.node, process.execPath, args));
  process.exitCode = 2;
} else {
  const { main } = await import('./cli.js');
  process.exitCode = await main(args);
}
