/**
 * The one exit policy: what makes a run of each mode pass or fail, and with which exit code. The CLI returns the
 * code; the action fails the step with the reasons (and sets its `exit-code` output to the code). Both come from the
 * same verdict, so they cannot disagree.
 *
 * Exit codes, as terraform's `plan -detailed-exitcode` reads them (0 nothing to do, 2 changes, anything else an
 * error): 0 clean; 1 findings (validation errors, or warnings when they fail; a failed SSH check; a failed or refused
 * apply); 2 changes, when asked to fail on them (`plan --exit-code`, a drift check); 3 cluster or network error;
 * 4 usage or config error (a mistyped option, no config file where pointed, a kubeconfig missing or malformed, a Node
 * too old for the command); 130 and 143 an apply stopped by SIGINT or SIGTERM (128 + the signal, as a shell reports
 * a process the signal killed), after it released its lock and said what was applied.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { ApplyOutcome, PlanError } from '../plan/outcome.js';
import type { SshCheckReport } from '../core/ssh-types.js';
import { applyHeadline } from '../report/apply.js';

export const EXIT = { ok: 0, findings: 1, changes: 2, cluster: 3, usage: 4, sigint: 130, sigterm: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Verdict {
  /** What the CLI exits with. */
  exitCode: ExitCode;
  /** Why the run failed, one sentence each (empty when it passed); the action fails the step with these. */
  failures: string[];
}

/**
 * A config error (exit 4): there is nothing to check where the tool was pointed (no config file at all, a path that
 * does not exist), or the tool's own settings (.pool-reconciler.yaml) are wrong. Other findings are exit 1.
 */
export function isConfigError(d: Diagnostic): boolean {
  return d.severity === 'error' && (d.rule === 'repo/empty' || d.rule === 'repo/not-found' || d.rule.startsWith('settings/'));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Findings of the config repo: errors always fail; warnings when asked to. */
function findingFailures(errors: number, warnings: number, failOnWarnings: boolean): string[] {
  const out: string[] = [];
  if (errors) out.push(`${plural(errors, 'error')} in the config repo`);
  if (failOnWarnings && warnings) out.push(`${plural(warnings, 'warning')} and fail-on-warnings is set`);
  return out;
}

function sshFailures(ssh: SshCheckReport | undefined): string[] {
  return ssh && !ssh.ok ? ['the SSH check failed for at least one image-builder'] : [];
}

function verdict(failures: string[], code: ExitCode): Verdict {
  return { exitCode: failures.length ? code : EXIT.ok, failures };
}

export interface ValidateFacts {
  errors: number;
  warnings: number;
  failOnWarnings?: boolean;
  /** The findings, to tell config errors (exit 4) from the others. */
  diagnostics?: readonly Diagnostic[];
}

export function validateVerdict(f: ValidateFacts): Verdict {
  const configError = (f.diagnostics ?? []).some(isConfigError);
  return verdict(findingFailures(f.errors, f.warnings, !!f.failOnWarnings), configError ? EXIT.usage : EXIT.findings);
}

export interface PlanFacts extends ValidateFacts {
  /** Cluster problems (unreachable, forbidden, a blocker of the plan). */
  clusterErrors: readonly PlanError[];
  /** Planned changes; undefined when no plan was made. */
  changes?: number;
  /** The kubeconfig could not be loaded (missing, malformed, no such context): a config error, not a cluster one. */
  kubeconfigError?: boolean;
  /** Changes fail the run: the CLI's --exit-code. */
  failOnChanges?: boolean;
  /** A drift check: changes fail the run, and so does a difference between Nodepool's labels and the repo's. */
  drift?: boolean;
  /** Dispatch components and CI repositories whose tolerations or pools differ from the repo's (plan.placement): drift fails on them. */
  placementDifferences?: number;
  /** Drift: the labels Nodepool's API lists against the repo's (not counted when it could not be read). */
  nodepoolApi?: { missing: readonly string[]; extra: readonly string[]; error?: string };
  ssh?: SshCheckReport;
}

export function planVerdict(f: PlanFacts): Verdict {
  const findings = findingFailures(f.errors, f.warnings, !!f.failOnWarnings);
  const cluster = f.clusterErrors.length ? [f.clusterErrors[0].message] : f.changes === undefined && !f.errors ? ['no plan was made'] : [];
  const ssh = sshFailures(f.ssh);
  const changes: string[] = [];
  if (f.changes && (f.drift || f.failOnChanges)) {
    changes.push(f.drift ? `drift: the cluster differs from the config in ${plural(f.changes, 'place')}` : `${plural(f.changes, 'change')} planned`);
  }
  if (f.drift && f.placementDifferences) {
    changes.push(`drift: ${plural(f.placementDifferences, 'Dispatch component or CI repository', 'Dispatch components or CI repositories')} do${f.placementDifferences === 1 ? 'es' : ''} not carry the default branch's tolerations or run off their pool (\`konvoy up\` for the components)`);
  }
  const api = f.nodepoolApi;
  if (f.drift && api && !api.error && (api.missing.length || api.extra.length)) changes.push("drift: Nodepool's API lists other labels than the default branch");
  const failures = [...findings, ...cluster, ...ssh, ...changes];
  // A config error first, then validation errors (what the author can fix), a cluster problem, a failed SSH check;
  // changes alone are exit 2.
  const code = (f.diagnostics ?? []).some(isConfigError) ? EXIT.usage
    : findings.length ? EXIT.findings
    : f.kubeconfigError ? EXIT.usage
    : cluster.length ? EXIT.cluster
    : ssh.length ? EXIT.findings
    : EXIT.changes;
  return verdict(failures, code);
}

export interface SshFacts {
  /** Undefined when the check did not run (no image-builder to check): that passes. */
  report?: SshCheckReport;
  /** Inventory problems that kept hosts out of the check. */
  inventoryErrors: number;
}

/** `check-ssh`: every host reached and checked, and the inventory read without problems. */
export function sshVerdict(f: SshFacts): Verdict {
  if (!f.report) return verdict([], EXIT.ok);
  const failures = [...sshFailures(f.report), ...(f.inventoryErrors ? [`${plural(f.inventoryErrors, 'problem')} in the inventory`] : [])];
  return verdict(failures, EXIT.findings);
}

export interface ApplyFacts {
  outcome: ApplyOutcome;
  ssh?: SshCheckReport;
}

export function applyVerdict(f: ApplyFacts): Verdict {
  const o = f.outcome;
  const failures: string[] = [];
  if (!o.ok) failures.push(`${applyHeadline(o)}${o.errors[0] ? `: ${o.errors[0].message}` : ''}`);
  failures.push(...sshFailures(f.ssh));
  const hasErrors = o.validation.diagnostics.some((d) => d.severity === 'error');
  if (o.validation.diagnostics.some(isConfigError)) return verdict(failures, EXIT.usage);
  if (o.stage === 'interrupted') return verdict(failures, o.interruptedBy === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);
  // A refused plan, a failed preflight, a failed or not-effective step, or a failed verification is a finding;
  // not reaching the cluster is exit 3.
  const findings = o.ok || hasErrors || ['guard', 'preflight', 'apply', 'incomplete', 'verify'].includes(o.stage);
  return verdict(failures, findings ? EXIT.findings : EXIT.cluster);
}
