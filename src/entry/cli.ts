/**
 * The `pool-reconciler` command: arguments in, results out. The work happens in run.ts, shared with the action.
 * Exit codes: 0 clean, 1 findings, 2 usage or config error, 3 cluster or network error.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { SECRET_KEYS, SECRET_KEY_INPUTS } from '../core/provider-secrets.js';
import type { SecretInputs } from '../core/provider-secrets.js';
import { countBySeverity, isInputPseudoFile, underRepo } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { runValidate, UsageError } from '../run/validate.js';
import { FILE_KINDS } from '../config/settings.js';
import type { FileKind } from '../config/settings.js';
import { formatDiagnosticsText } from '../report/diagnostics.js';
import { toSarif } from '../report/sarif.js';
import { formatGithubAnnotations } from '../report/github.js';
import { schemaCommand } from './schema.js';
import { VERSION } from '../core/version.js';
import { applyVerdict, EXIT, planVerdict, validateVerdict } from '../run/exit.js';

export { EXIT };

const HELP: Record<string, string> = {
  main: `pool-reconciler ${VERSION}: keep Nodepool and Konvoy/Dispatch node pools in line with a config repo

Usage: pool-reconciler <command> [options]

Commands:
  validate [PATH...]   check the config repo (or single files) and report every problem
  plan [REPO]          read the cluster and show what apply would change
  apply [REPO]         apply the config-update (locked, in order, verified) and report each step
  sandbox [REPO]       start a local sandbox cluster to try the tool on (--demo: plan, apply, plan)
  check-ssh [REPO]     check that the Nodepool builder's SSH key reaches every image-builder
  schema               write the JSON Schemas of every file kind (for editors) to schemas/

Options:
  -h, --help           show help (also: pool-reconciler <command> --help)
  --version            print the version

Exit codes: 0 clean, 1 findings, 2 usage or config error, 3 cluster or network error.
`,
  validate: `Usage: pool-reconciler validate [options] [PATH...]

Check a config repo directory (default: .) or single files. A file's kind comes from its path
(nodepool/nodepool.yaml, nodepool/nodepool-builder.yaml, cluster.yaml, dispatch/pod-templates/*.yaml,
nodepool/dib-ansible/inventory.yaml) or from --kind.

Options:
  --kind KIND          kind of single files: ${FILE_KINDS.filter((k) => k !== 'playbook' && k !== 'known-hosts').join(', ')}
  --format FORMAT      text (default), json, sarif (SARIF 2.1.0 for code scanning) or github
                       (workflow command annotations); sarif and github paths are relative to
                       GITHUB_WORKSPACE when set, else to the current directory
  --strict             warnings fail too (exit 1); also --fail-on-warnings, as the action's input
  --standalone         read Nodepool files as plain Nodepool configs, not sf-operator user files
                       (overrides nodepool.flavor in .pool-reconciler.yaml)
  --clouds-yaml FILE   check openstack providers' cloud and region-name against this clouds.yaml
  --kube-config FILE   check kubernetes/openshift providers' context against this kube.config
  --aws-config FILE    the aws.config provider secret (checked to parse)
  -h, --help           show this help

Environment: NODEPOOL_* variables are substituted for %(NODEPOOL_*) as Nodepool does. NO_COLOR turns colours off.
Exit codes: 0 valid, 1 errors (or warnings with --strict), 2 usage error.
`,
  plan: `Usage: pool-reconciler plan [options] [REPO]

Validate the config repo (default: .), read the cluster (reads only) and show what apply would change:
Secret nodepool-providers-secrets (key names only, never values), the Nodepool rollouts and config refresh,
Tekton's config-defaults, the per-repository pod-template ConfigMaps, and each Konvoy pool's node labels and
taints. Fields others own are left alone and not shown.

Options:
  --kubeconfig FILE    the cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)
  --clouds-yaml FILE   provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE   provider secret kube.config
  --aws-config FILE    provider secret aws.config
  --commit REF         the config repo commit for generate-config.sh (default: the repo's git HEAD)
  --base REF           before the first apply (no deployed state recorded in the cluster), compare the Nodepool
                       config with this commit's (read with git), e.g. origin/main
  --format FORMAT      text (default), json, markdown, sarif or github (the last two: the findings only)
  --exit-code          exit 1 when there are changes
  -v, --verbose        show every step, unchanged ones too
  -h, --help           show this help

Exit codes: 0 planned (no changes, or changes without --exit-code), 1 validation errors (or changes with
--exit-code), 2 usage error, 3 cluster or network error.
`,
  apply: `Usage: pool-reconciler apply [options] [REPO]

Plan, then apply the config-update in order: take the lock (a Lease in the Software Factory namespace), write the
managed keys of Secret nodepool-providers-secrets, roll out the Nodepool launcher and builder when it changed,
refresh Nodepool's config (generate-config.sh in both pods), write Tekton's config-defaults and the pod-template
ConfigMaps, set each Konvoy pool's node labels and taints (other taints stay), then verify.

Options:
  --kubeconfig FILE       the cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)
  --clouds-yaml FILE      provider secret clouds.yaml (only the keys given are managed)
  --kube-config FILE      provider secret kube.config
  --aws-config FILE       provider secret aws.config
  --commit REF            the config repo commit for generate-config.sh (default: the repo's git HEAD)
  --plan FILE             the reviewed plan: the file \`plan --format json\` writes, as written (or the
                          action's plan output); refuse to apply if the plan changed since
  --skip-plan-check       apply without comparing with a reviewed plan
  --nodepool-api-url URL  verify that Nodepool lists every label of nodepool.yaml (its /label-list)
  --rollout-timeout SECS  wait for the launcher and builder rollouts (default 600)
  --verify-timeout SECS   wait for Nodepool to list the labels (default 300)
  --lock-timeout SECS     wait for another apply's lock (default 300)
  --format FORMAT         text (default), json, markdown, sarif or github (the last two: the findings only)
  -h, --help              show this help

One of --plan or --skip-plan-check is required. Exit codes: 0 applied (and verified), 1 validation errors, a
failed step or a changed plan (what was applied and what was not is listed), 2 usage error, 3 cluster error.
`,
  sandbox: `Usage: pool-reconciler sandbox [--kubeconfig FILE | --demo] [REPO]

Start a SANDBOX: a local stand-in for a Kubernetes API server (not a real cluster) on 127.0.0.1, seeded for the
config repo (default: .) with what a Software Factory + Konvoy/Dispatch cluster has before a first config-update:
sf-operator's Nodepool launcher and builder, Tekton's config-defaults, and the nodes of each Konvoy pool.

Options:
  --kubeconfig FILE   write a kubeconfig for the sandbox to FILE and run until stopped (Ctrl-C); then try
                      pool-reconciler plan --kubeconfig FILE REPO
  --demo              run plan, apply, then plan again against a fresh sandbox, and stop
  --clouds-yaml FILE, --kube-config FILE, --aws-config FILE   provider secrets for the demo
  -h, --help          show this help
`,
  'check-ssh': `Usage: pool-reconciler check-ssh --builder-ssh-key FILE [options] [REPO]

Connect to every image-builder of nodepool/dib-ansible/inventory.yaml (default REPO: .) with the Nodepool
builder's private key, verify its host key against nodepool/dib-ansible/known_hosts, and run \`hostname\` and
\`python3 --version\` (Ansible needs Python). All hosts are checked in parallel.

Options:
  --builder-ssh-key FILE   the builder's private key (sf-operator's Secret nodepool-builder-ssh-key, key priv)
  --kubeconfig FILE        without --builder-ssh-key: read that Secret from the cluster
  --accept-new             an unknown host key is reported with the known_hosts line to commit, not a failure
  --connect-timeout SECS   per-host connection timeout (default 10)
  --timeout SECS           per-host overall timeout (default 30)
  --format FORMAT          text (default), json, sarif or github (failed hosts as findings on the inventory)
  -h, --help               show this help

Exit codes: 0 every host reachable, 1 a host failed, 2 usage or key error.
`,
};

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
};

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
    switch (command) {
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
        return schemaCommand(rest, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; see pool-reconciler --help`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`pool-reconciler: ${err.message}\n`);
      return EXIT.usage;
    }
    // No stack trace reaches a user: one line saying what failed.
    io.stderr(`pool-reconciler: unexpected failure: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return EXIT.usage;
  }
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends OptionSpec>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options } as O & { help: { type: 'boolean'; short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function validateCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    kind: { type: 'string' },
    format: { type: 'string', default: 'text' },
    strict: { type: 'boolean', default: false },
    'fail-on-warnings': { type: 'boolean', default: false },
    standalone: { type: 'boolean', default: false },
    ...SECRET_FILE_OPTIONS,
  } as const);
  if (values.help) {
    io.stdout(HELP.validate);
    return EXIT.ok;
  }
  const format = values.format as string;
  if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'github') {
    throw new UsageError(`--format must be text, json, sarif or github, not ${JSON.stringify(format)}`);
  }
  const kind = values.kind as string | undefined;
  if (kind !== undefined && !FILE_KINDS.includes(kind as FileKind)) {
    throw new UsageError(`--kind must be one of ${FILE_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  }
  const outcome = runValidate({
    paths: positionals,
    kind: kind as FileKind | undefined,
    env: io.env,
    // Only the flag overrides the repo's nodepool.flavor; without it the setting decides.
    standalone: values.standalone ? true : undefined,
    secrets: secretFiles(values),
  });
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        { version: 1, valid: outcome.errors === 0, errors: outcome.errors, warnings: outcome.warnings, diagnostics: outcome.diagnostics, notices: outcome.notices },
        null,
        2,
      ) + '\n',
    );
  } else if (format === 'sarif' || format === 'github') {
    if (format === 'github') for (const n of outcome.notices) io.stderr(`note: ${n}\n`);
    writeCodeScanning(format, outcome.diagnostics, io);
  } else {
    for (const n of outcome.notices) io.stderr(`note: ${n}\n`);
    const color = io.isTTY && !io.env.NO_COLOR;
    io.stdout(formatDiagnosticsText(outcome.diagnostics, outcome.sources, { color }));
  }
  return validateVerdict({ errors: outcome.errors, warnings: outcome.warnings, failOnWarnings: !!(values.strict || values['fail-on-warnings']) }).exitCode;
}

function seconds(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback * 1000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, not ${JSON.stringify(v)}`);
  return Math.round(n * 1000);
}

/**
 * Diagnostics as SARIF (code scanning) or workflow commands (annotations), with paths relative to the repository
 * GitHub checked out (or the current directory), as both expect. Secret inputs are not files: they stay named.
 */
function writeCodeScanning(format: 'sarif' | 'github', diags: readonly Diagnostic[], io: Io): void {
  const repoRoot = path.resolve(io.env.GITHUB_WORKSPACE || '.');
  const diagnostics = diags.map((d) => (isInputPseudoFile(d.file) ? d : { ...d, file: path.resolve(d.file) }));
  if (format === 'sarif') io.stdout(JSON.stringify(toSarif(diagnostics, { toolVersion: VERSION, repoRoot }), null, 2) + '\n');
  else io.stdout(formatGithubAnnotations(diagnostics, { repoRoot }));
}

/** Cluster problems as diagnostics, for the code-scanning formats (they are about no file). */
function clusterDiagnostics(errors: ReadonlyArray<{ message: string; hint?: string }>): Diagnostic[] {
  return errors.map((e) => ({ rule: 'cluster/error', severity: 'error', file: 'input:kubeconfig', line: 0, column: 0, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }));
}

function formatOption(value: unknown, allowed: string[]): string {
  const format = String(value);
  if (!allowed.includes(format)) {
    throw new UsageError(`--format must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}, not ${JSON.stringify(format)}`);
  }
  return format;
}

/** The one config repo directory a command takes (default: the current directory). */
function oneRepo(positionals: string[], command: string): string {
  if (positionals.length > 1) throw new UsageError(`${command} takes one config repo directory`);
  return positionals[0] ?? '.';
}

const SECRET_FILE_OPTIONS = {
  'clouds-yaml': { type: 'string' },
  'kube-config': { type: 'string' },
  'aws-config': { type: 'string' },
} as const;

/** Provider secrets given as files: only the keys given. */
function secretFiles(values: Record<string, unknown>): SecretInputs | undefined {
  const out: SecretInputs = {};
  for (const key of SECRET_KEYS) {
    const option = SECRET_KEY_INPUTS[key];
    const file = values[option];
    if (typeof file === 'string') out[key] = readSecretFile(file, `--${option}`);
  }
  return Object.keys(out).length ? out : undefined;
}

/** The repo's git HEAD, for generate-config.sh; undefined outside a git checkout. */
function gitHead(repo: string): string | undefined {
  const r = spawnSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function planCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    kubeconfig: { type: 'string' },
    ...SECRET_FILE_OPTIONS,
    commit: { type: 'string' },
    base: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'exit-code': { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  } as const);
  if (values.help) {
    io.stdout(HELP.plan);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json', 'markdown', 'sarif', 'github']);
  const repoPath = oneRepo(positionals, 'plan');
  const kubeconfigFile = values.kubeconfig as string | undefined;
  if (kubeconfigFile !== undefined) readSecretFile(kubeconfigFile, '--kubeconfig'); // a clear error for a missing file
  // Loaded on demand: `validate` and `--help` start without the Kubernetes client.
  const { runPlan } = await import('../run/plan.js');
  const { planHeadline, renderPlanJson, renderPlanMarkdown, renderPlanText } = await import('../report/plan.js');
  const outcome = await runPlan({
    repoPath,
    kubeconfigFile,
    secrets: secretFiles(values),
    commit: (values.commit as string | undefined) ?? gitHead(repoPath) ?? 'origin/master',
    env: io.env,
    ...(typeof values.base === 'string' ? { base: values.base } : {}),
  });
  const color = io.isTTY && !io.env.NO_COLOR;
  const validation = outcome.validation;
  const { errors, warnings } = countBySeverity(validation.diagnostics);
  if (format === 'json') {
    const body = {
      version: 1,
      validation: { valid: errors === 0, errors, warnings, diagnostics: validation.diagnostics },
      errors: outcome.errors,
      plan: outcome.plan ? JSON.parse(renderPlanJson(outcome.plan)) : null,
    };
    io.stdout(JSON.stringify(body, null, 2) + '\n');
  } else if (format === 'sarif' || format === 'github') {
    const diags = validation.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath, d.file) }));
    writeCodeScanning(format, [...diags, ...clusterDiagnostics(outcome.errors)], io);
    if (format === 'github' && outcome.plan) io.stdout(`::notice title=pool-reconciler plan::${planHeadline(outcome.plan)}\n`);
  } else {
    if (validation.diagnostics.length) {
      const prefixed = new Map([...validation.sources].map(([k, v]) => [underRepo(repoPath, k), v]));
      const diags = validation.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath, d.file) }));
      io.stdout(formatDiagnosticsText(diags, prefixed, { color }) + '\n');
    }
    for (const e of outcome.errors) io.stderr(`pool-reconciler: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
    if (outcome.plan) {
      io.stdout(format === 'markdown' ? renderPlanMarkdown(outcome.plan) : renderPlanText(outcome.plan, { color, verbose: values.verbose as boolean }));
    }
  }
  return planVerdict({ errors, warnings, clusterErrors: outcome.errors, changes: outcome.plan?.changes, failOnChanges: !!values['exit-code'] }).exitCode;
}

function readSecretFile(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${option}: cannot read ${file}`);
  }
}

async function checkSshCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    'builder-ssh-key': { type: 'string' },
    kubeconfig: { type: 'string' },
    'accept-new': { type: 'boolean', default: false },
    'connect-timeout': { type: 'string' },
    timeout: { type: 'string' },
    format: { type: 'string', default: 'text' },
  } as const);
  if (values.help) {
    io.stdout(HELP['check-ssh']);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json', 'sarif', 'github']);
  if (positionals.length > 1) throw new UsageError('check-ssh takes one config repo directory');
  const keyFile = values['builder-ssh-key'] as string | undefined;
  const kubeconfigFile = values.kubeconfig as string | undefined;
  if (!keyFile && !kubeconfigFile) {
    throw new UsageError("check-ssh needs --builder-ssh-key FILE (the Nodepool builder's private key), or --kubeconfig FILE to read it from the cluster");
  }
  let privateKey: string;
  if (keyFile) privateKey = readSecretFile(keyFile, '--builder-ssh-key');
  else {
    // sf-operator's Secret nodepool-builder-ssh-key, key priv, in the Software Factory namespace.
    readSecretFile(kubeconfigFile!, '--kubeconfig');
    const { loadRepo } = await import('../config/repo.js');
    const { readBuilderSshKey } = await import('../io/cluster/builder-key.js');
    const { ClusterError } = await import('../io/cluster/client.js');
    const sf = loadRepo(positionals[0] ?? '.').settings.softwareFactory;
    try {
      privateKey = await readBuilderSshKey({ file: kubeconfigFile, env: io.env }, sf.namespace, sf.builderSshKeySecret);
    } catch (err) {
      if (err instanceof ClusterError) {
        io.stderr(`pool-reconciler: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`);
        return EXIT.cluster;
      }
      throw err;
    }
  }
  const { runCheckSsh } = await import('../run/check-ssh.js');
  const { SshKeyError } = await import('../io/ssh/keys.js');
  const { renderSshTable } = await import('../report/ssh.js');
  const connectTimeoutMs = seconds(values['connect-timeout'] as string | undefined, 'connect-timeout', 10);
  const timeoutMs = seconds(values.timeout as string | undefined, 'timeout', 30);
  if (format === 'text') io.stderr(`checking the image-builders in parallel (connect timeout ${connectTimeoutMs / 1000} s, ${timeoutMs / 1000} s per host)...\n`);
  let outcome;
  try {
    outcome = await runCheckSsh({
      repoPath: positionals[0] ?? '.',
      privateKey,
      acceptNew: values['accept-new'] as boolean,
      connectTimeoutMs,
      timeoutMs,
    });
  } catch (err) {
    if (err instanceof SshKeyError) throw new UsageError(`--builder-ssh-key: ${err.message}`);
    throw err;
  }
  if (outcome.skipped) {
    if (format === 'json') io.stdout(JSON.stringify({ version: 1, skipped: outcome.skipped }, null, 2) + '\n');
    else io.stderr(`note: ${outcome.skipped}\n`);
    return EXIT.ok;
  }
  const report = outcome.report!;
  if (format === 'sarif' || format === 'github') {
    const repoPath = positionals[0] ?? '.';
    const failed: Diagnostic[] = report.results
      .filter((r) => r.status === 'failed')
      .map((r) => ({
        rule: `ssh/${r.failure ?? 'failed'}`,
        severity: 'error',
        file: underRepo(repoPath, r.file ?? 'nodepool/dib-ansible/inventory.yaml'),
        line: r.line ?? 0,
        column: r.column ?? 0,
        message: `image-builder ${r.name} (${r.user}@${r.address}:${r.port}): ${r.cause ?? 'failed'}`,
      }));
    const inventory = outcome.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath, d.file) }));
    writeCodeScanning(format, [...inventory, ...failed], io);
  } else if (format === 'json') {
    io.stdout(JSON.stringify({ version: 1, ...report, inventoryErrors: outcome.diagnostics }, null, 2) + '\n');
  } else {
    if (outcome.diagnostics.length) io.stdout(formatDiagnosticsText(outcome.diagnostics, outcome.sources, { color: io.isTTY && !io.env.NO_COLOR }) + '\n');
    io.stdout(renderSshTable(report, 'text', { showPublicKey: true }) + '\n');
  }
  return report.ok && outcome.diagnostics.length === 0 ? EXIT.ok : EXIT.findings;
}

async function applyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    kubeconfig: { type: 'string' },
    ...SECRET_FILE_OPTIONS,
    commit: { type: 'string' },
    plan: { type: 'string' },
    'skip-plan-check': { type: 'boolean', default: false },
    'nodepool-api-url': { type: 'string' },
    'rollout-timeout': { type: 'string' },
    'verify-timeout': { type: 'string' },
    'lock-timeout': { type: 'string' },
    format: { type: 'string', default: 'text' },
  } as const);
  if (values.help) {
    io.stdout(HELP.apply);
    return EXIT.ok;
  }
  const format = formatOption(values.format, ['text', 'json', 'markdown', 'sarif', 'github']);
  const repoPath = oneRepo(positionals, 'apply');
  const planFile = values.plan as string | undefined;
  if (!planFile && !values['skip-plan-check']) {
    throw new UsageError('apply needs the reviewed plan (--plan FILE, from `plan --format json`) or --skip-plan-check');
  }
  const kubeconfigFile = values.kubeconfig as string | undefined;
  if (kubeconfigFile !== undefined) readSecretFile(kubeconfigFile, '--kubeconfig');
  const reviewedPlan = planFile ? readSecretFile(planFile, '--plan') : undefined;
  const apiUrl = values['nodepool-api-url'] as string | undefined;
  const { runApply } = await import('../run/apply.js');
  const { renderApplyMarkdown, renderApplyText } = await import('../report/apply.js');
  const color = io.isTTY && !io.env.NO_COLOR;
  const outcome = await runApply({
    repoPath,
    kubeconfigFile,
    secrets: secretFiles(values),
    commit: (values.commit as string | undefined) ?? gitHead(repoPath) ?? 'origin/master',
    env: io.env,
    reviewedPlan,
    reviewedPlanHash: reviewedPlan,
    skipPlanCheck: values['skip-plan-check'] as boolean,
    rolloutTimeoutMs: seconds(values['rollout-timeout'] as string | undefined, 'rollout-timeout', 600),
    lockWaitMs: seconds(values['lock-timeout'] as string | undefined, 'lock-timeout', 300),
    ...(apiUrl ? { verify: { nodepoolApiUrl: apiUrl, timeoutMs: seconds(values['verify-timeout'] as string | undefined, 'verify-timeout', 300) } } : {}),
    onProgress: format === 'text' ? (line) => io.stderr(line + '\n') : undefined,
  });
  const validation = outcome.validation;
  const { errors } = countBySeverity(validation.diagnostics);
  if (format === 'json') {
    io.stdout(JSON.stringify({ version: 1, ...outcome, validation: { valid: errors === 0, diagnostics: validation.diagnostics } }, null, 2) + '\n');
  } else if (format === 'sarif' || format === 'github') {
    const diags = validation.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath, d.file) }));
    writeCodeScanning(format, [...diags, ...clusterDiagnostics(outcome.errors)], io);
  } else {
    if (validation.diagnostics.length) {
      const sources = new Map([...validation.sources].map(([k, v]) => [underRepo(repoPath, k), v]));
      const diags = validation.diagnostics.map((d) => ({ ...d, file: underRepo(repoPath, d.file) }));
      io.stdout(formatDiagnosticsText(diags, sources, { color }) + '\n');
    }
    io.stdout(format === 'markdown' ? renderApplyMarkdown(outcome) : renderApplyText(outcome, { color }));
  }
  return applyVerdict({ outcome }).exitCode;
}

async function sandboxCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    kubeconfig: { type: 'string' },
    demo: { type: 'boolean', default: false },
    ...SECRET_FILE_OPTIONS,
  } as const);
  if (values.help) {
    io.stdout(HELP.sandbox);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('sandbox takes one config repo directory');
  const repoPath = positionals[0] ?? '.';
  const kubeconfigFile = values.kubeconfig as string | undefined;
  if (!values.demo && !kubeconfigFile) throw new UsageError('sandbox needs --kubeconfig FILE (where to write its kubeconfig) or --demo');
  const { startSandbox, SANDBOX_BANNER } = await import('../sandbox/sandbox.js');
  const sandbox = await startSandbox(repoPath);
  io.stdout(`${SANDBOX_BANNER}, at ${sandbox.url}\nSeeded for ${repoPath}:\n${sandbox.seeded.map((l) => `  - ${l}`).join('\n')}\n\n`);
  if (!values.demo) {
    writeFileSync(kubeconfigFile!, sandbox.kubeconfig, { mode: 0o600 });
    io.stdout(`Kubeconfig written to ${kubeconfigFile}. Try:\n  pool-reconciler plan --kubeconfig ${kubeconfigFile} ${repoPath}\n  pool-reconciler apply --skip-plan-check --kubeconfig ${kubeconfigFile} ${repoPath}\nStop with Ctrl-C.\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sandbox.close();
    return EXIT.ok;
  }
  try {
    const { runPlan } = await import('../run/plan.js');
    const { runApply } = await import('../run/apply.js');
    const { renderPlanText } = await import('../report/plan.js');
    const { applyHeadline, renderApplyText } = await import('../report/apply.js');
    const color = io.isTTY && !io.env.NO_COLOR;
    const common = { repoPath, kubeconfig: sandbox.kubeconfig, kubeconfigName: 'the sandbox kubeconfig', secrets: secretFiles(values), commit: gitHead(repoPath) ?? 'origin/master', env: {} };
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
  } finally {
    await sandbox.close();
  }
}
