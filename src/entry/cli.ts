/**
 * The `pool-reconciler` command: parse the arguments (./args.ts, typed from each command's option table), run one
 * run (src/run/), render it (src/report/), and exit by the one exit policy (src/run/exit.ts): 0 clean, 1 findings,
 * 2 changes (plan --exit-code), 3 cluster or network error, 4 usage or config error.
 */
import { terminalText } from '../core/terminal.js';
import { configRepoCommit } from '../io/git.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { SECRET_KEYS, SECRET_KEY_INPUTS } from '../core/provider-secrets.js';
import type { SecretInputs } from '../core/provider-secrets.js';
import { countBySeverity } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ValidationResult } from '../validate/index.js';
import type { PlanError } from '../plan/outcome.js';
import { runValidate, UsageError } from '../run/validate.js';
import { DEFAULT_TARGET, FILE_KINDS, SETTINGS_FILE, targetProblem } from '../config/settings.js';
import { repoSettings } from '../config/repo.js';
import { formatDiagnosticsText } from '../report/diagnostics.js';
import { VERSION } from '../core/version.js';
import { applyVerdict, EXIT, planVerdict, sshVerdict, validateVerdict } from '../run/exit.js';
import { colorFor, OUTPUT_FORMATS, outputFor } from './output.js';
import type { ClusterTarget, Output } from './output.js';
import { commandOf, oneOf, parseCommand, seconds } from './args.js';
import type { Parsed, Values } from './args.js';
import type { ParseArgsOptionsConfig } from 'node:util';
import { HELP } from './help.js';
import { invocationOf, tryCommands } from './try-commands.js';
import { cliNodeMessage, nodeTooOld } from '../core/node-version.js';

export { EXIT };

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** How the user started the command (`npx pool-reconciler`, `node pool-reconciler.js`), for the commands it prints. */
  invocation?: string;
  /** The Node this runs on (default: this process's), for the cluster commands' version check. */
  node?: { version: string; execPath: string };
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  invocation: invocationOf(process.argv[1], process.cwd()),
};

/** A cluster command on a Node that cannot load the Kubernetes client: the message says what to do (exit 4). */
class NodeTooOldError extends Error {}

/**
 * What a command that loads the Kubernetes client (plan, apply, sandbox, check-ssh) does first, once its options are
 * parsed and --help answered: check the Node. Everything else runs on an older Node too.
 */
function clusterCommand(io: Io, argv: readonly string[]): void {
  const node = io.node ?? { version: process.versions.node, execPath: process.execPath };
  if (nodeTooOld(node.version)) throw new NodeTooOldError(cliNodeMessage(node.version, node.execPath, argv));
}

const COMMANDS = ['validate', 'plan', 'apply', 'sandbox', 'check-ssh', 'schema', 'targets'] as const;

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(HELP.main);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === '--version') {
      io.stdout(VERSION + '\n');
      return EXIT.ok;
    }
    switch (commandOf(command, COMMANDS)) {
      case 'validate':
        return validateCommand(rest, io);
      case 'plan':
        return await planCommand(rest, io);
      case 'apply':
        return await applyCommand(rest, io);
      case 'sandbox':
        return await sandboxCommand(rest, io);
      case 'check-ssh':
        return await checkSshCommand(rest, io);
      case 'schema':
        // The JSON Schemas' generator loads with this command only.
        return (await import('./schema.js')).schemaCommand(rest, io);
      case 'targets':
        return targetsCommand(rest, io);
    }
  } catch (err) {
    if (err instanceof NodeTooOldError) {
      io.stderr(err.message);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr(`pool-reconciler: ${err.message}\n`);
      return EXIT.usage;
    }
    // No stack trace reaches a user: one line saying what failed.
    io.stderr(`pool-reconciler: unexpected failure: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return EXIT.usage;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Options shared by several commands

const SECRET_FILE_OPTIONS = {
  'clouds-yaml': { type: 'string' },
  'kube-config': { type: 'string' },
  'aws-config': { type: 'string' },
} as const;

type SecretFileValues = { [K in keyof typeof SECRET_FILE_OPTIONS]?: string };

/** Provider secrets given as files: only the keys given. */
function secretFiles(values: SecretFileValues): SecretInputs | undefined {
  const out: SecretInputs = {};
  for (const key of SECRET_KEYS) {
    const option = SECRET_KEY_INPUTS[key];
    const file = values[option];
    if (file !== undefined) out[key] = readSecretFile(file, `--${option}`);
  }
  return Object.keys(out).length ? out : undefined;
}

function readSecretFile(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${option}: cannot read ${file}`);
  }
}

/** The one config repo directory a command takes (default: the current directory). */
function oneRepo(positionals: string[], command: string): string {
  if (positionals.length > 1) throw new UsageError(`${command} takes one config repo directory, not ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0] ?? '.';
}

type Command = Exclude<keyof typeof HELP, 'main'>;

/** The commands that load the Kubernetes client (check-ssh too: it may read the builder key from the cluster). */
const CLUSTER_COMMANDS: ReadonlySet<Command> = new Set(['plan', 'apply', 'sandbox', 'check-ssh']);

/**
 * What every command does first: parse its options, answer --help (then `undefined`: the command is done), and for
 * a cluster command check the Node.
 */
function commandStart<const O extends ParseArgsOptionsConfig>(command: Command, args: string[], options: O, io: Io): Parsed<O> | undefined {
  const parsed = parseCommand(command, args, options);
  if (parsed.help) {
    io.stdout(HELP[command]);
    return undefined;
  }
  if (CLUSTER_COMMANDS.has(command)) clusterCommand(io, [command, ...args]);
  return parsed;
}

/** The output of a command: `--format`, one of the formats every command writes. */
function outputOf(format: string, io: Io): Output {
  return outputFor(oneOf(format, OUTPUT_FORMATS, '--format'), { stdout: io.stdout, stderr: io.stderr, env: io.env, color: colorFor(io.isTTY, io.env) });
}

/** What generate-config.sh is given in a plan made where the config repo has no commit of its own. */
const NO_COMMIT = 'working-tree';

/**
 * The commit for generate-config.sh: --commit, else the config repo's own commit (src/io/git.ts), never the HEAD of
 * an enclosing repository or a branch name. Apply refuses without one, and with uncommitted changes; a plan (which
 * runs nothing) names `working-tree` instead and says so.
 */
function commitFor(repo: string, given: string | undefined, forApply: boolean, io: Io): string {
  if (given !== undefined) return given;
  const c = configRepoCommit(repo, { requireClean: forApply });
  if (c.ok) return c.commit;
  if (forApply) throw new UsageError(c.reason);
  io.stderr(`note: ${terminalText(c.reason.replace(/: give --commit$/, ''))}: the plan names \`${NO_COMMIT}\` as the commit for generate-config.sh; apply needs --commit there\n`);
  return NO_COMMIT;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets: which cluster of a repo with `targets:`

const TARGET_OPTION = { target: { type: 'string' } } as const;
const TARGET_ENV = 'POOL_RECONCILER_TARGET';


/**
 * The target a command runs for: `--target`, checked against the repo's `targets:` (an unknown one is a usage error
 * naming them). A cluster command on a repo with targets needs one; validate without it checks every target's view.
 * With a target, `--context` defaults to the target's context.
 */
function targetOf(repoPath: string, flag: string | undefined, required: boolean, env: Io['env']): { target?: string; context?: string } {
  const settings = repoSettings(repoPath);
  // POOL_RECONCILER_TARGET (as terraform's TF_WORKSPACE) when --target is not given; a repo without targets ignores it.
  const fromEnv = flag === undefined ? env[TARGET_ENV] || undefined : undefined;
  const given = flag ?? (settings.targets.length ? fromEnv : undefined);
  const problem = targetProblem(settings, given, fromEnv !== undefined && flag === undefined ? TARGET_ENV : '--target');
  if (problem && (given !== undefined || required)) throw new UsageError(problem);
  // A repo without targets has one, `default` (as `targets` lists it and the action names it).
  if (flag !== undefined && flag !== DEFAULT_TARGET && !settings.targets.length) throw new UsageError(`--target ${flag}: ${SETTINGS_FILE} declares no targets (a repo with one cluster has one target, ${DEFAULT_TARGET})`);
  const spec = settings.targets.find((t) => t.name === given);
  return { ...(spec ? { target: spec.name } : {}), ...(spec?.context ? { context: spec.context } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster: which kubeconfig and context

const CLUSTER_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  target: { type: 'string' },
} as const;

interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  'kube-config'?: string;
}

/** The provider secret `--kube-config` is not the cluster's `--kubeconfig`: said when the two look mistaken. */
const KUBE_CONFIG_IS_NOT_THE_CLUSTER =
  '--kube-config FILE is the provider secret kube.config (the contexts of Nodepool\'s kubernetes and openshift providers); ' +
  'the cluster to read and write is --kubeconfig FILE (default KUBECONFIG, ~/.kube/config)';

/**
 * The cluster a command will use, loaded as the run will load it, so that a kubeconfig that is missing or does not
 * parse, or a `--context` it does not have, is a usage or config error (exit 4) said before anything else, and the
 * output can name the context and server. `problem` instead when it cannot be loaded: the caller raises it unless
 * validation stopped the run first (its findings come first).
 */
async function clusterTarget(flags: ClusterFlags, env: Io['env']): Promise<{ target: ClusterTarget } | { problem: UsageError }> {
  const { loadKubeConfig, ClusterError } = await import('../io/cluster/client.js');
  try {
    const kc = loadKubeConfig({ file: flags.kubeconfig, env, ...(flags.context !== undefined ? { context: flags.context } : {}) });
    return { target: { context: kc.getCurrentContext(), server: kc.getCurrentCluster()?.server ?? '' } };
  } catch (err) {
    if (!(err instanceof ClusterError) || err.reason !== 'kubeconfig') throw err;
    const mistaken = flags['kube-config'] !== undefined && flags.kubeconfig === undefined ? `\n  note: ${KUBE_CONFIG_IS_NOT_THE_CLUSTER}` : '';
    return { problem: new UsageError(`${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}${mistaken}`) };
  }
}

/** What every cluster command's output carries: the repo, its findings with their sources, the cluster errors and target. */
function clusterRunOutput(repoPath: string, validation: Pick<ValidationResult, 'diagnostics' | 'sources'>, errors: PlanError[], cluster: { target: ClusterTarget } | { problem: UsageError }) {
  return {
    repoPath,
    diagnostics: validation.diagnostics,
    sources: validation.sources,
    files: [...validation.sources.keys()].sort(),
    errors,
    ...('target' in cluster ? { cluster: cluster.target } : {}),
  };
}

/** Notes for a `--kube-config` that looks like it was meant as `--kubeconfig`: its contexts are not the providers'. */
function kubeConfigNotes(flags: ClusterFlags, diagnostics: readonly Diagnostic[]): string[] {
  if (flags['kube-config'] === undefined) return [];
  const unknownContext = diagnostics.some((d) => d.rule === 'secrets/unknown-context');
  if (flags['kube-config'] === flags.kubeconfig) return [`the same file is given as --kubeconfig and --kube-config: ${KUBE_CONFIG_IS_NOT_THE_CLUSTER}`];
  return unknownContext && flags.kubeconfig === undefined ? [KUBE_CONFIG_IS_NOT_THE_CLUSTER] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// validate

const VALIDATE_OPTIONS = {
  kind: { type: 'string' },
  format: { type: 'string', default: 'text' },
  strict: { type: 'boolean', default: false },
  'fail-on-warnings': { type: 'boolean', default: false },
  standalone: { type: 'boolean', default: false },
  base: { type: 'string' },
  ...TARGET_OPTION,
  ...SECRET_FILE_OPTIONS,
} as const;

function validateCommand(args: string[], io: Io): number {
  const started = commandStart('validate', args, VALIDATE_OPTIONS, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const output = outputOf(values.format, io);
  const kind = values.kind === undefined ? undefined : oneOf(values.kind, FILE_KINDS, '--kind');
  // Only the flag overrides the repo's nodepool.flavor; without it the setting decides.
  const standalone = values.standalone ? true : undefined;
  const { target } = values.target !== undefined || io.env[TARGET_ENV] ? targetOf(positionals[0] ?? '.', values.target, false, io.env) : {};
  const outcome = runValidate({ paths: positionals, kind, env: io.env, standalone, secrets: secretFiles(values), ...(values.base !== undefined ? { base: values.base } : {}), ...(target !== undefined ? { target } : {}) });
  const verdict = validateVerdict({ ...outcome, failOnWarnings: values.strict || values['fail-on-warnings'] });
  output.write({ command: 'validate', outcome, repoPath: positionals.length === 1 ? positionals[0] : '.', verdict, notes: outcome.notices });
  return verdict.exitCode;
}

// ---------------------------------------------------------------------------------------------------------------
// plan

const PLAN_OPTIONS = {
  ...CLUSTER_OPTIONS,
  ...SECRET_FILE_OPTIONS,
  commit: { type: 'string' },
  format: { type: 'string', default: 'text' },
  'exit-code': { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
} as const;

async function planCommand(args: string[], io: Io): Promise<number> {
  const started = commandStart('plan', args, { ...PLAN_OPTIONS, base: { type: 'string' }, 'nodepool-api-url': { type: 'string' }, 'api-timeout': { type: 'string' } } as const, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const output = outputOf(values.format, io);
  const repoPath = oneRepo(positionals, 'plan');
  const { target, context } = targetOf(repoPath, values.target, true, io.env);
  if (values.context === undefined && context !== undefined) values.context = context;
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile !== undefined) readSecretFile(kubeconfigFile, '--kubeconfig'); // a clear error for a missing file
  const cluster = await clusterTarget(values, io.env);
  // Loaded on demand: `validate` and `--help` start without the Kubernetes client.
  const { runPlan } = await import('../run/plan.js');
  const outcome = await runPlan({
    repoPath,
    ...(target !== undefined ? { target } : {}),
    kubeconfigFile,
    ...(values.context !== undefined ? { context: values.context } : {}),
    secrets: secretFiles(values),
    commit: commitFor(repoPath, values.commit, false, io),
    env: io.env,
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values['nodepool-api-url'] ? { nodepoolApi: { url: values['nodepool-api-url'], timeoutMs: seconds(values['api-timeout'], 'api-timeout', 30) } } : {}),
  });
  const validation = outcome.validation;
  if ('problem' in cluster && outcome.stage !== 'validation') throw cluster.problem;
  const { errors, warnings } = countBySeverity(validation.diagnostics);
  const verdict = planVerdict({ errors, warnings, diagnostics: validation.diagnostics, clusterErrors: outcome.errors, changes: outcome.plan?.changes, failOnChanges: values['exit-code'] });
  output.write({
    command: 'plan',
    ...clusterRunOutput(repoPath, validation, outcome.errors, cluster),
    ...(outcome.plan ? { plan: outcome.plan } : {}),
    render: await import('../report/plan.js'),
    verbose: values.verbose,
    verdict,
    notes: kubeConfigNotes(values, validation.diagnostics),
  });
  return verdict.exitCode;
}

// ---------------------------------------------------------------------------------------------------------------
// check-ssh

const CHECK_SSH_OPTIONS = {
  'builder-ssh-key': { type: 'string' },
  ...CLUSTER_OPTIONS,
  'accept-new': { type: 'boolean', default: false },
  'connect-timeout': { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string', default: 'text' },
} as const;

/** The builder's private key: from --builder-ssh-key, else sf-operator's Secret nodepool-builder-ssh-key (key priv). */
async function builderKey(values: Values<typeof CHECK_SSH_OPTIONS>, repoPath: string, io: Io, target: string | undefined): Promise<string | { exitCode: number }> {
  const keyFile = values['builder-ssh-key'];
  if (keyFile !== undefined) return readSecretFile(keyFile, '--builder-ssh-key');
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile === undefined) {
    throw new UsageError("check-ssh needs --builder-ssh-key FILE (the Nodepool builder's private key), or --kubeconfig FILE to read it from the cluster");
  }
  readSecretFile(kubeconfigFile, '--kubeconfig');
  const cluster = await clusterTarget(values, io.env);
  if ('problem' in cluster) throw cluster.problem;
  const { builderKeyFromCluster } = await import('../run/check-ssh.js');
  const { ClusterError } = await import('../io/cluster/client.js');
  try {
    return await builderKeyFromCluster(repoPath, { file: kubeconfigFile, env: io.env, ...(values.context !== undefined ? { context: values.context } : {}) }, undefined, target);
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    io.stderr(`pool-reconciler: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`);
    return { exitCode: EXIT.cluster };
  }
}

async function checkSshCommand(args: string[], io: Io): Promise<number> {
  const started = commandStart('check-ssh', args, CHECK_SSH_OPTIONS, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const output = outputOf(values.format, io);
  const repoPath = oneRepo(positionals, 'check-ssh');
  const { target, context } = targetOf(repoPath, values.target, true, io.env);
  if (values.context === undefined && context !== undefined) values.context = context;
  const privateKey = await builderKey(values, repoPath, io, target);
  if (typeof privateKey !== 'string') return privateKey.exitCode;
  const { runCheckSsh } = await import('../run/check-ssh.js');
  const { SshKeyError } = await import('../io/ssh/keys.js');
  const connectTimeoutMs = seconds(values['connect-timeout'], 'connect-timeout', 10);
  const timeoutMs = seconds(values.timeout, 'timeout', 30);
  output.progress(`checking the image-builders in parallel (connect timeout ${connectTimeoutMs / 1000} s, ${timeoutMs / 1000} s per host)...`);
  let outcome;
  try {
    outcome = await runCheckSsh({ repoPath, ...(target !== undefined ? { target } : {}), privateKey, acceptNew: values['accept-new'], connectTimeoutMs, timeoutMs });
  } catch (err) {
    if (err instanceof SshKeyError) throw new UsageError(`--builder-ssh-key: ${err.message}`);
    throw err;
  }
  const report = outcome.skipped ? undefined : outcome.report;
  const skipped = report ? undefined : (outcome.skipped ?? 'no image-builder to check');
  const verdict = sshVerdict({ report, inventoryErrors: outcome.diagnostics.length });
  output.write({
    command: 'check-ssh',
    repoPath,
    ...(report ? { report } : {}),
    ...(skipped !== undefined ? { skipped } : {}),
    diagnostics: outcome.diagnostics,
    sources: outcome.sources,
    verdict,
    notes: [],
  });
  return verdict.exitCode;
}

// ---------------------------------------------------------------------------------------------------------------
// apply

const APPLY_OPTIONS = {
  ...CLUSTER_OPTIONS,
  ...SECRET_FILE_OPTIONS,
  commit: { type: 'string' },
  plan: { type: 'string' },
  'skip-plan-check': { type: 'boolean', default: false },
  'allow-unmounted-secret-keys': { type: 'boolean', default: false },
  'nodepool-api-url': { type: 'string' },
  'rollout-timeout': { type: 'string' },
  'verify-timeout': { type: 'string' },
  'lock-timeout': { type: 'string' },
  format: { type: 'string', default: 'text' },
} as const;

async function applyCommand(args: string[], io: Io): Promise<number> {
  const started = commandStart('apply', args, APPLY_OPTIONS, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const output = outputOf(values.format, io);
  const repoPath = oneRepo(positionals, 'apply');
  const { target, context } = targetOf(repoPath, values.target, true, io.env);
  if (values.context === undefined && context !== undefined) values.context = context;
  const planFile = values.plan;
  if (planFile === undefined && !values['skip-plan-check']) {
    throw new UsageError('apply needs the reviewed plan (--plan FILE, the file `plan --format json` writes) or --skip-plan-check');
  }
  const kubeconfigFile = values.kubeconfig;
  if (kubeconfigFile !== undefined) readSecretFile(kubeconfigFile, '--kubeconfig');
  const reviewedPlan = planFile !== undefined ? readSecretFile(planFile, '--plan') : undefined;
  const cluster = await clusterTarget(values, io.env);
  const apiUrl = values['nodepool-api-url'];
  const { runApply } = await import('../run/apply.js');
  const { listenForInterrupt } = await import('../run/interrupt.js');
  const interrupt = listenForInterrupt((line) => output.progress(line));
  const outcome = await runApply({
    signal: interrupt.signal,
    repoPath,
    ...(target !== undefined ? { target } : {}),
    kubeconfigFile,
    ...(values.context !== undefined ? { context: values.context } : {}),
    secrets: secretFiles(values),
    commit: commitFor(repoPath, values.commit, true, io),
    env: io.env,
    reviewedPlan,
    reviewedPlanHash: reviewedPlan,
    skipPlanCheck: values['skip-plan-check'],
    allowUnmountedSecretKeys: values['allow-unmounted-secret-keys'],
    rolloutTimeoutMs: seconds(values['rollout-timeout'], 'rollout-timeout', 600),
    lockWaitMs: seconds(values['lock-timeout'], 'lock-timeout', 300),
    ...(apiUrl ? { verify: { nodepoolApiUrl: apiUrl, timeoutMs: seconds(values['verify-timeout'], 'verify-timeout', 300) } } : {}),
    onProgress: (line) => output.progress(line),
  }).finally(() => interrupt.dispose());
  if (outcome.ok) {
    // Once after the apply: do the Dispatch components and the recent CI pods carry the repo's tolerations?
    const { placementAfterApply } = await import('../run/placement.js');
    const after = await placementAfterApply({ repoPath, ...(target !== undefined ? { target } : {}), kubeconfigFile, ...(values.context !== undefined ? { context: values.context } : {}), secrets: secretFiles(values), commit: commitFor(repoPath, values.commit, true, io), env: io.env }, outcome);
    outcome.notes.push(...after.lines.map((l) => `placement: ${l}`), ...(after.error ? [`placement: not checked after the apply: ${after.error}`] : []));
  }
  const validation = outcome.validation;
  if ('problem' in cluster && outcome.stage !== 'validation') throw cluster.problem;
  const verdict = applyVerdict({ outcome });
  output.write({
    command: 'apply',
    ...clusterRunOutput(repoPath, validation, outcome.errors, cluster),
    outcome,
    verdict,
    notes: kubeConfigNotes(values, validation.diagnostics),
  });
  return verdict.exitCode;
}

// ---------------------------------------------------------------------------------------------------------------
// sandbox

const SANDBOX_OPTIONS = {
  kubeconfig: { type: 'string' },
  ...TARGET_OPTION,
  demo: { type: 'boolean', default: false },
  ...SECRET_FILE_OPTIONS,
} as const;

async function sandboxCommand(args: string[], io: Io): Promise<number> {
  const started = commandStart('sandbox', args, SANDBOX_OPTIONS, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const repoPath = oneRepo(positionals, 'sandbox');
  const kubeconfigFile = values.kubeconfig;
  if (!values.demo && kubeconfigFile === undefined) throw new UsageError('sandbox needs --kubeconfig FILE (where to write its kubeconfig) or --demo');
  // A repo with targets: the sandbox stands for one of them, --target or the first in the order of promotion.
  const targets = repoSettings(repoPath).targets;
  const { target } = values.target !== undefined || io.env[TARGET_ENV] ? targetOf(repoPath, values.target, false, io.env) : { target: targets[0]?.name };
  const { startSandbox, SANDBOX_BANNER } = await import('../sandbox/sandbox.js');
  const sandbox = await startSandbox(repoPath, target !== undefined ? { target } : {});
  const forTarget = target !== undefined ? ` (target ${target}${values.target === undefined ? `, the first of ${targets.map((t) => t.name).join(', ')}` : ''})` : '';
  io.stdout(`${SANDBOX_BANNER}, at ${sandbox.url}\nSeeded for ${repoPath}${forTarget}:\n${sandbox.seeded.map((l) => `  - ${l}`).join('\n')}\n\n`);
  if (kubeconfigFile !== undefined && !values.demo) {
    writeFileSync(kubeconfigFile, sandbox.kubeconfig, { mode: 0o600 });
    const commands = tryCommands({ invocation: io.invocation ?? 'npx pool-reconciler', kubeconfig: kubeconfigFile, repo: repoPath, ...(target !== undefined ? { target } : {}) });
    io.stdout(
      `Kubeconfig written to ${kubeconfigFile} (HTTPS with the sandbox's own CA, and a bearer token). Try, in another terminal:\n` +
        commands.map((c) => `  ${c}\n`).join('') +
        'Stop with Ctrl-C.\n',
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sandbox.close();
    return EXIT.ok;
  }
  try {
    return await sandboxDemo(repoPath, sandbox.kubeconfig, secretFiles(values), io, target);
  } finally {
    await sandbox.close();
  }
}

/** `sandbox --demo`: plan, apply, plan again; nothing is left to do. */
async function sandboxDemo(repoPath: string, kubeconfig: string, secrets: SecretInputs | undefined, io: Io, target: string | undefined): Promise<number> {
  const { runPlan } = await import('../run/plan.js');
  const { runApply } = await import('../run/apply.js');
  const { renderPlanText } = await import('../report/plan.js');
  const { applyHeadline, renderApplyText } = await import('../report/apply.js');
  const color = colorFor(io.isTTY, io.env);
  // The sandbox's stand-in generate-config.sh gets the config repo's commit when it has one of its own.
  const own = configRepoCommit(repoPath);
  const common = { repoPath, ...(target !== undefined ? { target } : {}), kubeconfig, kubeconfigName: 'the sandbox kubeconfig', secrets, commit: own.ok ? own.commit : NO_COMMIT, env: {} };
  io.stdout('== 1. plan: what apply would change ==\n\n');
  const first = await runPlan(common);
  if (!first.plan) {
    if (first.validation.diagnostics.length) io.stdout(formatDiagnosticsText(first.validation.diagnostics, first.validation.sources, { color }));
    for (const e of first.errors) io.stderr(`pool-reconciler: ${e.message}\n`);
    return first.errors.length ? EXIT.cluster : EXIT.findings;
  }
  io.stdout(renderPlanText(first.plan, { color }) + '\n');
  io.stdout('== 2. apply: the config-update, step by step ==\n\n');
  const applied = await runApply({ ...common, reviewedPlan: JSON.stringify(first.plan), reviewedPlanHash: first.plan.hash, rolloutTimeoutMs: 60_000, onProgress: (l) => io.stdout(`  ${l}\n`) });
  if (!applied.ok) {
    io.stdout(renderApplyText(applied, { color }) + '\n');
    return EXIT.findings;
  }
  io.stdout(`\nApply ${applyHeadline(applied)}\n\n`);
  io.stdout('== 3. plan again: nothing is left to do ==\n\n');
  const second = await runPlan(common);
  if (!second.plan) return EXIT.cluster;
  io.stdout(renderPlanText(second.plan, { color }) + '\n');
  io.stdout(second.plan.changes === 0 ? 'The sandbox matches the config repo.\n' : `Unexpected: ${second.plan.changes} change(s) left.\n`);
  return second.plan.changes === 0 ? EXIT.ok : EXIT.findings;
}

// ---------------------------------------------------------------------------------------------------------------
// targets

const TARGETS_OPTIONS = {
  'changed-since': { type: 'string' },
  format: { type: 'string', default: 'text' },
} as const;

const TARGETS_FORMATS = ['text', 'json', 'matrix'] as const;

/**
 * The repo's targets in the order of promotion; with --changed-since REV, which of them the change touches.
 * `--format matrix` prints the touched ones (all, without a base) as a GitHub Actions `strategy.matrix` object.
 */
async function targetsCommand(args: string[], io: Io): Promise<number> {
  const started = commandStart('targets', args, TARGETS_OPTIONS, io);
  if (!started) return EXIT.ok;
  const { values, positionals } = started;
  const format = oneOf(values.format, TARGETS_FORMATS, '--format');
  const repoPath = oneRepo(positionals, 'targets');
  const { runTargets, matrixEntry } = await import('../run/targets.js');
  const outcome = runTargets({ repoPath, ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}) });
  for (const n of outcome.notes) io.stderr(`note: ${terminalText(n)}\n`);
  const touched = outcome.targets.filter((t) => t.changed !== false);
  if (format === 'matrix') io.stdout(JSON.stringify({ include: touched.map(matrixEntry) }) + '\n');
  else if (format === 'json') io.stdout(JSON.stringify({ targets: outcome.targets, ...(outcome.base ? { base: outcome.base } : {}) }, null, 2) + '\n');
  else {
    for (const t of outcome.targets) {
      const where = [t.environment ? `environment ${t.environment}` : '', t.context ? `context ${t.context}` : '', t.pools ? `pools ${t.pools.join(', ')}` : ''].filter(Boolean).join(', ');
      const change = t.changed === undefined ? '' : t.changed ? `  changed: ${t.reason}` : `  unchanged: ${t.reason}`;
      io.stdout(terminalText(`${t.order}. ${t.name}${where ? ` (${where})` : ''}${change}`) + '\n');
    }
  }
  return EXIT.ok;
}
