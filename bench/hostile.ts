/** Hostile YAML (issue 9): time and memory until the clear error, for each case including the 100 MB file. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRepo } from '../src/config/repo.js';
import { validateRepo } from '../src/validate/index.js';
import { HOSTILE_CASES } from '../test/support/hostile.js';
import type { Figure } from './figures.js';

export async function benchHostile(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-bench-hostile-'));
  const figures: Figure[] = [];
  try {
    for (const c of HOSTILE_CASES) {
      const repo = path.join(dir, c.name.replace(/\W+/g, '-'));
      mkdirSync(path.join(repo, 'nodepool'), { recursive: true });
      const bytes = c.bytes();
      writeFileSync(path.join(repo, 'nodepool', 'nodepool.yaml'), bytes);
      globalThis.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      const result = validateRepo(loadRepo(repo));
      const ms = performance.now() - started;
      const grown = Math.max(0, process.memoryUsage().heapUsed - heap) / 1048576;
      const rule = result.diagnostics.find((d) => d.severity === 'error')?.rule ?? 'none';
      figures.push({ name: `${c.name} (${(bytes.length / 1048576).toFixed(1)} MB) → ${rule}`, value: ms, unit: 'ms', note: `heap +${grown.toFixed(1)} MB` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
