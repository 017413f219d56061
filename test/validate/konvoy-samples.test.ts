/**
 * Konvoy's own documentation samples (1.x, dcos-docs-site), rewritten as equivalent files in konvoy-samples/: each
 * must validate clean. And the direction of `cluster/pool-mismatch` (real-cluster.md section 7): a
 * ClusterConfiguration pool must name a ClusterProvisioner pool; provisioner pools need not be repeated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settingsFrom } from '../../src/config/settings.js';
import { validateCluster } from '../../src/validate/cluster.js';
import { BASE } from './fixtures.js';
import { at, edit, file, where } from './helpers.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'konvoy-samples');
const settings = settingsFrom(undefined);
const run = (text: string) => validateCluster(file('cluster', 'cluster.yaml', text), settings);

describe('Konvoy documentation samples validate clean', () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    it(f, () => {
      const r = run(readFileSync(path.join(dir, f), 'utf8'));
      expect(r.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(r.diagnostics, null, 1)).toEqual([]);
    });
  }
});

describe('cluster/pool-mismatch: a configuration pool must name a provisioner pool', () => {
  it('a provisioner pool without a configuration entry is fine (control-plane, bastion)', () => {
    const text = readFileSync(path.join(dir, 'v1beta2-aws-reference.yaml'), 'utf8');
    expect(run(text).diagnostics.filter((d) => d.rule === 'cluster/pool-mismatch')).toEqual([]);
  });

  it('a configuration pool that names no provisioner pool is an error, with a hint that never removes a pool', () => {
    const text = edit(BASE, '    - name: worker\n      labels:', '    - name: workers\n      labels:');
    const found = run(text).diagnostics.filter((d) => d.rule === 'cluster/pool-mismatch');
    expect(found.map(where)).toEqual([at(text, 'workers')]);
    expect(found[0].message).toContain('node pool "workers"');
    expect(found[0].hint).toBe('Did you mean `worker`?');
    const other = run(edit(BASE, '    - name: worker\n      labels:', '    - name: gpu\n      labels:'))
      .diagnostics.find((d) => d.rule === 'cluster/pool-mismatch')!;
    expect(other.hint).toMatch(/ClusterProvisioner\.spec\.nodePools/);
    expect(other.hint).not.toMatch(/remove the pool from the ClusterProvisioner/i);
  });
});

describe('a DKP 2.x Cluster API manifest', () => {
  it('is not a Konvoy 1.x cluster.yaml: the hint says so', () => {
    const text = 'apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: c\nspec: {}\n';
    const d = run(text).diagnostics.find((x) => x.rule === 'cluster/no-configuration')!;
    expect(d.hint).toMatch(/DKP 2\.x Cluster API/);
    expect(d.hint).toMatch(/paths\.cluster/);
  });
});
