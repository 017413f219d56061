/**
 * Hostile YAML through the real loader: a clear positioned error from the limit that applies (nesting depth, alias
 * expansion, file size, encoding), never a hang or a crash, in bounded memory. How long each takes is measured by
 * `npm run bench` (bench/hostile.ts, with its target), not asserted here. The 100 MB case runs with
 * POOL_RECONCILER_SOAK=1 (npm run test:soak).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { HOSTILE_CASES } from '../support/hostile.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const soak = process.env.POOL_RECONCILER_SOAK === '1';

describe('hostile input', () => {
  for (const c of HOSTILE_CASES) {
    it.skipIf(c.large && !soak)(`${c.name}: a clear error in bounded memory`, () => {
      const repo = path.join(dir, c.name.replace(/\W+/g, '-'));
      mkdirSync(path.join(repo, 'nodepool'), { recursive: true });
      writeFileSync(path.join(repo, 'nodepool', 'nodepool.yaml'), c.bytes());
      const heapBefore = process.memoryUsage().heapUsed;
      const result = validateRepo(loadRepo(repo));
      const grown = process.memoryUsage().heapUsed - heapBefore;
      const error = result.diagnostics.find((d) => d.severity === 'error' && d.file === 'nodepool/nodepool.yaml');
      expect(error, JSON.stringify(result.diagnostics.slice(0, 3))).toBeDefined();
      expect(error!.rule).toMatch(c.rule);
      expect(error!.file).toBe('nodepool/nodepool.yaml');
      expect(error!.message.length).toBeLessThan(300);
      expect(grown).toBeLessThan(512 * 1024 * 1024);
    });
  }

  it('threat: settings paths that lead out of the config repo (../, absolute) to read files of the runner; holds: they are refused', () => {
    const repo = path.join(dir, 'escape');
    mkdirSync(path.join(repo, 'nodepool'), { recursive: true });
    writeFileSync(path.join(dir, 'outside.yaml'), 'labels: []\n');
    writeFileSync(path.join(repo, '.pool-reconciler.yaml'), 'paths:\n  nodepool: ../outside.yaml\n  cluster: /etc/hostname\n');
    const result = validateRepo(loadRepo(repo));
    const rules = result.diagnostics.map((d) => d.rule);
    expect(rules.filter((r) => r === 'repo/path-escape')).toHaveLength(2);
  });

  it('threat: a symbolic link in the config repo that leads out of it; holds: it is refused', async () => {
    const { symlinkSync } = await import('node:fs');
    const repo = path.join(dir, 'symlink');
    mkdirSync(path.join(repo, 'nodepool'), { recursive: true });
    writeFileSync(path.join(dir, 'secret.yaml'), 'labels: []\n');
    symlinkSync(path.join(dir, 'secret.yaml'), path.join(repo, 'nodepool', 'nodepool.yaml'));
    const result = validateRepo(loadRepo(repo));
    expect(result.diagnostics.map((d) => d.rule)).toContain('repo/path-escape');
    expect(result.nodepool).toBeUndefined();
  });
});
