/**
 * What a test run ran against, said once in the run's closing summary (test/support/run-summary-reporter.ts): an
 * ssh2 Server standing in for a missing OpenSSH sshd, the corpora skipped without ../shared. Test workers record
 * here; the reporter, in the main process, names the file (POOL_RECONCILER_RUN_NOTICES) before the workers start.
 * Outside a vitest run (the benchmark) nothing is recorded.
 *
 * No vitest import here: the benchmark uses test/support/sshd.ts, which records.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export const RUN_NOTICES_ENV = 'POOL_RECONCILER_RUN_NOTICES';

/** The variable that makes the SSH tests use the stand-in where sshd is installed (test/support/sshd.ts). */
export const RUN_NOTICES_FORCE = 'POOL_RECONCILER_TEST_SSHD';

export interface RunNotice {
  /** What it is about: `ssh` (which SSH server the SSH tests ran against), `shared` (a corpus skipped). */
  topic: 'ssh' | 'shared';
  /** For `ssh`: the server started; for `shared`: what was skipped. */
  what: string;
}

/** Records a notice of this run (one JSON line; appends of a line are atomic enough between workers). */
export function recordRunNotice(notice: RunNotice): void {
  const file = process.env[RUN_NOTICES_ENV];
  if (file) appendFileSync(file, JSON.stringify(notice) + '\n');
}

export function readRunNotices(file: string): RunNotice[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunNotice);
}

/** The closing lines: which SSH server the SSH tests ran against, and what was skipped for want of ../shared. */
export function summarizeRunNotices(notices: readonly RunNotice[], ci: boolean): string[] {
  const lines: string[] = [];
  const servers = new Map<string, number>();
  for (const n of notices) if (n.topic === 'ssh') servers.set(n.what, (servers.get(n.what) ?? 0) + 1);
  for (const [what, count] of servers) {
    const times = count === 1 ? 'once' : `${count} times`;
    if (what === 'openssh') lines.push(`SSH tests: against OpenSSH sshd (started ${times})`);
    else {
      const instead = what.startsWith(RUN_NOTICES_FORCE) ? 'unset it to test against sshd' : `install openssh-server to test against sshd${ci ? '' : ' (under CI=true its absence fails the run)'}`;
      lines.push(`NOTICE: SSH tests: against ssh2's Server standing in for OpenSSH sshd (started ${times}): ${what}; ${instead}`);
    }
  }
  const skipped = [...new Set(notices.filter((n) => n.topic === 'shared').map((n) => n.what))];
  if (skipped.length) lines.push(`NOTICE: ../shared not found beside the repo: skipped ${skipped.join('; ')}${ci ? '' : ' (under CI=true this fails)'}`);
  return lines;
}
