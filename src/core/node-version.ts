/**
 * The Node version the cluster commands need. The Kubernetes client needs Node 22.19 or later; on an older Node it
 * fails while loading, with "Cannot read properties of undefined (reading 'bind')". The command line checks this
 * before it loads the client (plan, apply, sandbox, check-ssh), so an older Node gets a sentence saying what to do
 * instead, and runs the rest (validate, schema, --help: the pre-commit hook, SARIF and Zuul output) as it is. The
 * action checks it first of all. Imports nothing: it must load anywhere.
 */

/** The oldest Node that runs the commands which load the Kubernetes client. */
export const MIN_NODE = { major: 22, minor: 19 } as const;

export const MIN_NODE_TEXT = `${MIN_NODE.major}.${MIN_NODE.minor}`;

/** True when `version` (`process.versions.node`, e.g. `20.20.2`) is older than MIN_NODE. */
export function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return major < MIN_NODE.major || (major === MIN_NODE.major && minor < MIN_NODE.minor);
}

/** A shell word as typed: quoted only when it needs to be. */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** What the command line says on an old Node: which Node it found, what runs on it, and how to run the command. */
export function cliNodeMessage(version: string, execPath: string, args: readonly string[]): string {
  const again = ['npx', 'pool-reconciler', ...args.map(shellWord)].join(' ');
  const command = args[0] ?? 'this command';
  return [
    `pool-reconciler: ${command} needs Node ≥ ${MIN_NODE_TEXT} (the Kubernetes client does), and this is Node ${version} (${execPath});`,
    '  validate, schema and --help run on it. Install Node 24 (nvm install 24; in Zuul, the ensure-nodejs role with',
    `  node_version 24) and run the command again; or, in a pool-reconciler checkout after \`npm ci\`, run \`${again}\`:`,
    '  it uses the Node 24 the checkout installs (node_modules/.bin/node).',
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
