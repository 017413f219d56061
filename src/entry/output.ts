/**
 * The command line's output: one `Output` per format (text, json, markdown, sarif, github, zuul), each rendering any
 * command's run, and one switch that picks it (outputFor). The renderers are report/'s; this module only decides
 * what goes to stdout and what to stderr. The JSON format writes the one versioned envelope of ./envelope.ts.
 */
import path from 'node:path';
import { countBySeverity, isInputPseudoFile, relocated, underRepo } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { terminalText } from '../core/terminal.js';
import { workflowCommand } from '../core/workflow-commands.js';
import { VERSION } from '../core/version.js';
import type { SourceFile } from '../config/source.js';
import type { ApplyOutcome, PlanError } from '../plan/outcome.js';
import type { Plan } from '../plan/types.js';
import { formatDiagnosticsText } from '../report/diagnostics.js';
import { toSarif } from '../report/sarif.js';
import { formatGithubAnnotations } from '../report/github.js';
import { formatZuulReturn } from '../report/zuul.js';
import { validationSummaryMarkdown } from '../report/summary.js';
import { applyHeadline, renderApplyMarkdown, renderApplyText } from '../report/apply.js';
import { renderSshTable } from '../report/ssh.js';
import type { SshCheckReport } from '../core/ssh-types.js';
import type { ValidateOutcome } from '../run/validate.js';
import type { Verdict } from '../run/exit.js';
import { envelope } from './envelope.js';

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'sarif', 'github', 'zuul'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The cluster a command ran against: the kubeconfig's context and its server. */
export interface ClusterTarget {
  context: string;
  server: string;
}

/** What every run carries: its verdict (the exit code and why), and notes for the user that are not findings. */
interface RunBase {
  verdict: Verdict;
  /** Said on stderr as `note: …` in text, as Zuul warnings, as workflow notices; in JSON, the validation's notices. */
  notes: string[];
}

export interface ValidateRun extends RunBase {
  command: 'validate';
  outcome: ValidateOutcome;
  /** Where Zuul's paths are relative to: the one directory given, else `.`. */
  repoPath: string;
}

/** The findings of a run against a config repo: paths relative to the repo, sources keyed the same way. */
interface RepoFindings {
  repoPath: string;
  diagnostics: Diagnostic[];
  sources: Map<string, SourceFile>;
  /** The files read, relative to the repo. */
  files: string[];
  /** Cluster and run problems. */
  errors: PlanError[];
  cluster?: ClusterTarget;
}

/**
 * report/plan.ts's renderers, given by the plan command (which loads them, and the YAML writer they use, with the
 * Kubernetes client): `validate` loads neither.
 */
export type PlanRenderers = Pick<typeof import('../report/plan.js'), 'renderPlanText' | 'renderPlanMarkdown' | 'planHeadline'>;

export interface PlanRun extends RunBase, RepoFindings {
  command: 'plan';
  plan?: Plan;
  render: PlanRenderers;
  /** Text: every step, unchanged ones too. */
  verbose: boolean;
}

export interface ApplyRun extends RunBase, RepoFindings {
  command: 'apply';
  outcome: ApplyOutcome;
}

export interface SshRun extends RunBase {
  command: 'check-ssh';
  repoPath: string;
  report?: SshCheckReport;
  skipped?: string;
  /** Inventory problems that kept hosts out of the check. */
  diagnostics: Diagnostic[];
  sources: Map<string, SourceFile>;
}

export type CommandRun = ValidateRun | PlanRun | ApplyRun | SshRun;

export interface OutputIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Colours in text (see colorFor). */
  color: boolean;
}

export interface Output {
  /** A line while the command runs (apply's steps, the SSH check starting): only text shows it, on stderr. */
  progress(line: string): void;
  /** The run's result, once, at the end. */
  write(run: CommandRun): void;
}

/**
 * Colours: `FORCE_COLOR` (not `0` or `false`) turns them on, then `NO_COLOR` (any value) and `TERM=dumb` off;
 * otherwise only on a terminal. Node's own rule, so that the command agrees with the tools around it.
 */
export function colorFor(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** The one switch over the formats. */
export function outputFor(format: OutputFormat, io: OutputIo): Output {
  switch (format) {
    case 'text':
      return textOutput(io);
    case 'markdown':
      return markdownOutput(io);
    case 'json':
      return jsonOutput(io);
    case 'sarif':
    case 'github':
    case 'zuul':
      return findingsOutput(format, io);
  }
}

const quiet = (): void => undefined;

function repoFindingsOf(repoPath: string, diags: readonly Diagnostic[], sources: Map<string, SourceFile>) {
  return {
    diagnostics: diags.map((d) => relocated(d, (f) => underRepo(repoPath, f))),
    sources: new Map([...sources].map(([k, v]) => [underRepo(repoPath, k), v])),
  };
}

function clusterLine(cluster: ClusterTarget | undefined): string {
  return cluster ? `Cluster: context ${JSON.stringify(cluster.context)}, server ${cluster.server}\n` : '';
}

function textOutput(io: OutputIo): Output {
  const { color } = io;
  const notes = (run: CommandRun): void => {
    for (const n of run.notes) io.stderr(`note: ${terminalText(n)}\n`);
  };
  const findings = (r: RepoFindings): void => {
    if (r.diagnostics.length) {
      const { diagnostics, sources } = repoFindingsOf(r.repoPath, r.diagnostics, r.sources);
      io.stdout(formatDiagnosticsText(diagnostics, sources, { color }) + '\n');
    }
    for (const e of r.errors) io.stderr(`pool-reconciler: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
  };
  return {
    progress: (line) => io.stderr(line + '\n'),
    write(run) {
      notes(run);
      switch (run.command) {
        case 'validate': {
          const { files, diagnostics, sources } = run.outcome;
          if (files.length) io.stdout(`checked ${files.length} file${files.length === 1 ? '' : 's'}: ${files.join(', ')}\n`);
          io.stdout(formatDiagnosticsText(diagnostics, sources, { color }));
          return;
        }
        case 'plan':
          findings(run);
          if (run.plan) io.stdout(clusterLine(run.cluster) + run.render.renderPlanText(run.plan, { color, verbose: run.verbose }));
          return;
        case 'apply':
          findings(run);
          io.stdout(clusterLine(run.cluster) + renderApplyText(run.outcome, { color }));
          return;
        case 'check-ssh':
          if (run.skipped !== undefined) io.stderr(`note: ${terminalText(run.skipped)}\n`);
          if (run.diagnostics.length) io.stdout(formatDiagnosticsText(run.diagnostics, run.sources, { color }) + '\n');
          if (run.report) io.stdout(renderSshTable(run.report, 'text', { showPublicKey: true }) + '\n');
          return;
      }
    },
  };
}

function markdownOutput(io: OutputIo): Output {
  const header = (cluster: ClusterTarget | undefined): string => (cluster ? `Cluster: context \`${cluster.context.replace(/`/g, "'")}\`, server ${cluster.server}\n\n` : '');
  const findings = (r: RepoFindings): string => {
    const { errors, warnings } = countBySeverity(r.diagnostics);
    if (!r.diagnostics.length) return '';
    return validationSummaryMarkdown(repoFindingsOf(r.repoPath, r.diagnostics, r.sources).diagnostics, errors, warnings, []) + '\n';
  };
  return {
    progress: quiet,
    write(run) {
      for (const n of run.notes) io.stderr(`note: ${terminalText(n)}\n`);
      switch (run.command) {
        case 'validate': {
          const o = run.outcome;
          io.stdout(validationSummaryMarkdown(o.diagnostics, o.errors, o.warnings, o.notices));
          return;
        }
        case 'plan':
          for (const e of run.errors) io.stderr(`pool-reconciler: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
          io.stdout(findings(run) + (run.plan ? header(run.cluster) + run.render.renderPlanMarkdown(run.plan) : ''));
          return;
        case 'apply':
          io.stdout(findings(run) + header(run.cluster) + renderApplyMarkdown(run.outcome));
          return;
        case 'check-ssh':
          if (run.skipped !== undefined) io.stderr(`note: ${terminalText(run.skipped)}\n`);
          if (run.report) io.stdout(renderSshTable(run.report, 'markdown') + '\n');
          return;
      }
    },
  };
}

function jsonOutput(io: OutputIo): Output {
  return {
    progress: quiet,
    write: (run) => io.stdout(JSON.stringify(envelope(run), null, 2) + '\n'),
  };
}

/** Cluster problems as diagnostics, for SARIF and annotations (they are about no file). */
function problemDiagnostics(errors: readonly PlanError[]): Diagnostic[] {
  return errors.map((e) => ({ rule: 'cluster/error', severity: 'error', file: 'input:kubeconfig', line: 0, column: 0, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }));
}

/** A check-ssh failure as a finding on the inventory line of its host. */
function sshFindings(run: SshRun): Diagnostic[] {
  const failed: Diagnostic[] = (run.report?.results ?? [])
    .filter((r) => r.status === 'failed')
    .map((r) => ({
      rule: `ssh/${r.failure ?? 'failed'}`,
      severity: 'error',
      file: underRepo(run.repoPath, r.file ?? 'nodepool/dib-ansible/inventory.yaml'),
      line: r.line ?? 0,
      column: r.column ?? 0,
      message: `image-builder ${r.name} (${r.user}@${r.address}:${r.port}): ${r.cause ?? 'failed'}`,
    }));
  return [...run.diagnostics.map((d) => relocated(d, (f) => underRepo(run.repoPath, f))), ...failed];
}

/** What a run has to say besides its findings: the headline of its plan or apply, with the command's name. */
function headline(run: CommandRun): { title: string; text: string } | undefined {
  if (run.command === 'plan') return run.plan ? { title: 'pool-reconciler plan', text: run.render.planHeadline(run.plan) } : undefined;
  if (run.command === 'apply') return { title: 'pool-reconciler apply', text: applyHeadline(run.outcome) };
  return undefined;
}

/**
 * Findings for another tool: SARIF (code scanning) and workflow commands (annotations) with paths relative to the
 * repository GitHub checked out (or the current directory); Zuul's file comments with paths relative to the config
 * repo, as Zuul's project is the config repo. Secret inputs are not files: they stay named. Cluster problems are
 * findings about the kubeconfig input, except in Zuul, where they are warnings (Zuul's comment) with the headline.
 */
function findingsOutput(format: 'sarif' | 'github' | 'zuul', io: OutputIo): Output {
  return {
    progress: quiet,
    write(run) {
      let diagnostics: Diagnostic[];
      let problems: PlanError[] = [];
      switch (run.command) {
        case 'validate':
          diagnostics = run.outcome.diagnostics;
          break;
        case 'plan':
        case 'apply':
          diagnostics = repoFindingsOf(run.repoPath, run.diagnostics, run.sources).diagnostics;
          problems = run.errors;
          break;
        case 'check-ssh':
          diagnostics = sshFindings(run);
          break;
      }
      const absolute = diagnostics.map((d) => (isInputPseudoFile(d.file) ? d : relocated(d, (f) => path.resolve(f))));
      const head = headline(run);
      if (format === 'zuul') {
        const warnings = [...problems.map((e) => `cluster: ${e.message}${e.hint ? ` (${e.hint})` : ''}`), ...run.notes, ...(head ? [`${head.title}: ${head.text}`] : [])];
        io.stdout(formatZuulReturn(absolute, { repoRoot: path.resolve(run.repoPath), warnings }));
        return;
      }
      const repoRoot = path.resolve(io.env.GITHUB_WORKSPACE || '.');
      const all = [...absolute, ...problemDiagnostics(problems)];
      if (format === 'sarif') {
        io.stdout(JSON.stringify(toSarif(all, { toolVersion: VERSION, repoRoot }), null, 2) + '\n');
        return;
      }
      for (const n of run.notes) io.stderr(`note: ${terminalText(n)}\n`);
      io.stdout(formatGithubAnnotations(all, { repoRoot }));
      if (head) io.stdout(workflowCommand('notice', [['title', head.title]], head.text) + '\n');
    },
  };
}
