/**
 * The run's closing lines, after vitest's own summary: what the tests ran against where a stand-in or a skip took
 * the place of the real thing (test/support/run-notices.ts), as the real-cluster tier names its Kubernetes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter } from 'vitest/node';
import { readRunNotices, RUN_NOTICES_ENV, summarizeRunNotices } from './run-notices.js';

export default class RunSummaryReporter implements Reporter {
  private dir = '';

  onInit(): void {
    // Before the workers start: they inherit the variable and record into the file.
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-run-notices-'));
    process.env[RUN_NOTICES_ENV] = path.join(this.dir, 'notices.jsonl');
  }

  onTestRunEnd(): void {
    const lines = summarizeRunNotices(readRunNotices(process.env[RUN_NOTICES_ENV] ?? ''), process.env.CI === 'true');
    if (lines.length) console.log(`\n${lines.join('\n')}`);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
