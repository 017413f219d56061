/**
 * The one JSON envelope every command writes with `--format json` (schemas/output/output.schema.json, version 2):
 * the command, its exit code and why, the validation, the cluster and run problems, and what the command made (the
 * plan, apply's steps, the SSH report). `apply --plan FILE` takes a plan's envelope as written.
 */
import { countBySeverity } from '../core/diagnostic.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { SshCheckReport } from '../core/ssh-types.js';
import type { ApplyOutcome, PlanError } from '../plan/outcome.js';
import type { Plan } from '../plan/types.js';
import type { ExitCode } from '../run/exit.js';
import type { ClusterTarget, CommandRun } from './output.js';

export const ENVELOPE_VERSION = 2;

export interface Envelope {
  version: typeof ENVELOPE_VERSION;
  command: CommandRun['command'];
  exitCode: ExitCode;
  failures: string[];
  validation: { valid: boolean; errors: number; warnings: number; files: string[]; diagnostics: Diagnostic[]; notices: string[] };
  errors: PlanError[];
  cluster?: ClusterTarget;
  plan?: Plan | null;
  apply?: Omit<ApplyOutcome, 'plan' | 'validation' | 'errors'>;
  ssh?: SshCheckReport | null;
  skipped?: string;
}

function validation(diagnostics: Diagnostic[], files: string[], notices: string[]): Envelope['validation'] {
  const { errors, warnings } = countBySeverity(diagnostics);
  return { valid: errors === 0, errors, warnings, files, diagnostics, notices };
}

export function envelope(run: CommandRun): Envelope {
  const head = { version: ENVELOPE_VERSION, command: run.command, exitCode: run.verdict.exitCode, failures: run.verdict.failures } as const;
  switch (run.command) {
    case 'validate': {
      const o = run.outcome;
      return { ...head, validation: validation(o.diagnostics, o.files, o.notices), errors: [] };
    }
    case 'plan':
      return {
        ...head,
        validation: validation(run.diagnostics, run.files, run.notes),
        errors: run.errors,
        ...(run.cluster ? { cluster: run.cluster } : {}),
        plan: run.plan ?? null,
      };
    case 'apply': {
      const { plan, validation: _validation, errors: _errors, ...apply } = run.outcome;
      return {
        ...head,
        validation: validation(run.diagnostics, run.files, run.notes),
        errors: run.errors,
        ...(run.cluster ? { cluster: run.cluster } : {}),
        plan: plan ?? null,
        apply,
      };
    }
    case 'check-ssh':
      return {
        ...head,
        validation: validation(run.diagnostics, [], run.notes),
        errors: [],
        ssh: run.report ?? null,
        ...(run.skipped !== undefined ? { skipped: run.skipped } : {}),
      };
  }
}
