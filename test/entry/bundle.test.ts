/**
 * The committed bundle is what GitHub runs: start dist/index.js and dist/cli.js as processes on Node 24.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { copyExampleRepo } from '../support/example-repo.js';

const node = process.execPath;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runAction(inputs: Record<string, string>) {
  const output = path.join(tmp, `output-${Math.random()}`);
  const summary = path.join(tmp, `summary-${Math.random()}`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: REPO_ROOT,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(node, [path.join(REPO_ROOT, 'dist', 'index.js')], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { ...r, outputs: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') };
}

describe('dist/ bundle', () => {
  it('runs on Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('the CLI validates the example repo', () => {
    const r = spawnSync(node, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'validate', 'examples/config-repo'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('Error');
    expect(r.stdout).toContain('valid: no errors, no warnings');
    expect(r.status).toBe(0);
  });

  it('the action validates the example repo and sets its outputs', () => {
    const r = runAction({ mode: 'validate', 'config-path': 'examples/config-repo' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatch(/errors<<.*\n0\n/);
    expect(r.outputs).toMatch(/warnings<<.*\n0\n/);
    expect(r.summary).toContain('pool-reconciler: validate');
    expect(r.summary).toContain('valid: no errors, no warnings');
  });

  it('the action annotates at most 10 errors and puts all of them in the summary', () => {
    const copy = copyExampleRepo();
    try {
      const labels = Array.from({ length: 15 }, (_, i) => `  - name: l${i}\n    min-redy: 1\n`).join('');
      copy.write('nodepool/nodepool.yaml', `labels:\n${labels}`);
      const rel = path.relative(REPO_ROOT, copy.dir);
      const r = runAction({ 'config-path': rel });
      expect(r.status).toBe(1);
      const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
      expect(annotations).toHaveLength(10);
      expect(r.stdout).toContain('::error::15 errors in the config repo');
      expect(annotations[0]).toMatch(/^::error title=nodepool\/unknown-key,file=.*nodepool\/nodepool\.yaml,line=3,col=5::/);
      expect(r.outputs).toMatch(/errors<<.*\n15\n/);
      expect((r.summary.match(/nodepool\/unknown-key/g) ?? []).length).toBe(15);
      expect(r.stdout).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      copy.cleanup();
    }
  });

  it('the action reports a bad input without a stack trace', () => {
    const r = runAction({ mode: 'frobnicate' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::input mode');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});
