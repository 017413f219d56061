#!/usr/bin/env node
/** Entry point of the bundled `pool-reconciler` command. */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
