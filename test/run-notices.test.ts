/**
 * The run's closing summary says what the tests ran against where something stood in for the real thing: an ssh2
 * Server for a missing OpenSSH sshd (off CI), the corpora skipped without ../shared (test/support/run-notices.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRunNotices, recordRunNotice, RUN_NOTICES_ENV, summarizeRunNotices } from './support/run-notices.js';

const saved = process.env[RUN_NOTICES_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[RUN_NOTICES_ENV];
  else process.env[RUN_NOTICES_ENV] = saved;
});

describe('the run summary of stand-ins and skips', () => {
  it('is recorded by the workers into the file the reporter names', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-notices-test-'));
    try {
      process.env[RUN_NOTICES_ENV] = path.join(dir, 'notices.jsonl');
      recordRunNotice({ topic: 'ssh', what: '/usr/sbin/sshd is not installed' });
      recordRunNotice({ topic: 'shared', what: 'the Nodepool conformance corpus' });
      expect(readRunNotices(path.join(dir, 'notices.jsonl'))).toEqual([
        { topic: 'ssh', what: '/usr/sbin/sshd is not installed' },
        { topic: 'shared', what: 'the Nodepool conformance corpus' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when ssh2 stood in for sshd, how often, and what to install', () => {
    const standIn = { topic: 'ssh' as const, what: '/usr/sbin/sshd is not installed' };
    expect(summarizeRunNotices([standIn, standIn, standIn], false)).toEqual([
      "NOTICE: SSH tests: against ssh2's Server standing in for OpenSSH sshd (started 3 times): /usr/sbin/sshd is not installed; install openssh-server to test against sshd (under CI=true its absence fails the run)",
    ]);
    expect(summarizeRunNotices([{ topic: 'ssh', what: 'POOL_RECONCILER_TEST_SSHD=standin' }], false)).toEqual([
      "NOTICE: SSH tests: against ssh2's Server standing in for OpenSSH sshd (started once): POOL_RECONCILER_TEST_SSHD=standin; unset it to test against sshd",
    ]);
  });

  it('names the real sshd when it ran, and each corpus skipped once', () => {
    const lines = summarizeRunNotices([
      { topic: 'ssh', what: 'openssh' },
      { topic: 'ssh', what: 'openssh' },
      { topic: 'shared', what: 'the Nodepool conformance corpus' },
      { topic: 'shared', what: 'the Nodepool conformance corpus' },
      { topic: 'shared', what: 'fuzzing the conformance corpus' },
    ], false);
    expect(lines).toEqual([
      'SSH tests: against OpenSSH sshd (started 2 times)',
      'NOTICE: ../shared not found beside the repo: skipped the Nodepool conformance corpus; fuzzing the conformance corpus (under CI=true this fails)',
    ]);
  });

  it('outside a test run (the benchmark) records nothing', () => {
    delete process.env[RUN_NOTICES_ENV];
    expect(() => recordRunNotice({ topic: 'ssh', what: 'openssh' })).not.toThrow();
  });
});
