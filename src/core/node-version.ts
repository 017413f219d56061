/**
 * The Node version the tool needs. The Kubernetes client needs Node 22.19 or later; on an older Node it fails while
 * loading, with "Cannot read properties of undefined (reading 'bind')". The entry points check this before loading
 * anything else, so an older Node gets a sentence saying what to do instead. Imports nothing: it must load anywhere.
 */

/** The oldest Node the tool runs on (package.json `engines`). */
export const MIN_NODE = { major: 22, minor: 19 } as const;

export const MIN_NODE_TEXT = `${MIN_NODE.major}.${MIN_NODE.minor}`;

/** True when `version` (`process.versions.node`, e.g. `20.20.2`) is older than MIN_NODE. */
export function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return major < MIN_NODE.major || (major === MIN_NODE.major && minor < MIN_NODE.minor);
}

/** A shell word as typed: quoted only when it needs to be. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** What the command line says on an old Node: which Node it found, and the command that uses the right one. */
export function cliNodeMessage(version: string, execPath: string, args: readonly string[]): string {
  const again = ['npx', 'pool-reconciler', ...args.map(shellWord)].join(' ');
  return [
    `pool-reconciler: needs Node ≥ ${MIN_NODE_TEXT}, and this is Node ${version} (${execPath}).`,
    `  Run \`${again}\` in the pool-reconciler directory after \`npm ci\`: it uses the Node 24 this package installs`,
    `  (node_modules/.bin/node). Or install Node 24 and run the command again.`,
    '',
  ].join('\n');
}

/** What the action says on an old Node (as a workflow error command, so GitHub shows it). */
export function actionNodeMessage(version: string): string {
  return (
    `::error title=pool-reconciler::pool-reconciler needs Node ≥ ${MIN_NODE_TEXT}, and this is Node ${version}. ` +
    'GitHub runs the action on node24 (action.yml runs.using); to run dist/index.js yourself, use the Node 24 this ' +
    'package installs: `npm ci`, then `node_modules/.bin/node dist/index.js`.\n'
  );
}
