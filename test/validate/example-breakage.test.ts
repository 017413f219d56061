/**
 * The bundled example repo validates clean, and breaking any one of its files gives the expected error, with its
 * rule and the line and column of what was broken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { copyExampleRepo, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';

let copy: RepoCopy | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

interface Breakage {
  file: string;
  from: string;
  to: string;
  rule: string;
  /** Text of the line the error is on (after the edit), and the column. */
  line: string;
  column: number;
  /** The error is reported in another file than the one broken. */
  reportedIn?: string;
}

const BREAKAGES: Breakage[] = [
  { file: 'nodepool/nodepool.yaml', from: 'max-servers: 20', to: 'max-servers: "20"', rule: 'nodepool/type', line: 'max-servers: "20"', column: 22 },
  { file: 'nodepool/nodepool.yaml', from: '  - name: pod-fedora\n    min-ready: 1\n', to: '', rule: 'nodepool/undefined-label', line: '- name: pod-fedora', column: 19 },
  { file: 'nodepool/nodepool.yaml', from: '# Nodepool launcher', to: '---\n# Nodepool launcher', rule: 'nodepool/sf-document-start', line: '---', column: 1 },
  { file: 'nodepool/nodepool-builder.yaml', from: '      - qcow2', to: '      - vhd', rule: 'nodepool/dib-format', line: '- vhd', column: 9 },
  { file: 'nodepool/nodepool-builder.yaml', from: 'centos-9.yaml', to: 'centos-10.yaml', rule: 'nodepool/dib-playbook', line: 'dib-cmd:', column: 14 },
  { file: 'cluster.yaml', from: 'effect: NoExecute', to: 'effect: NoEvict', rule: 'cluster/invalid-taint', line: 'effect: NoEvict', column: 19 },
  { file: 'cluster.yaml', from: '              - effect: NoExecute\n                key: konvoy.mesosphere.com/node_pool\n                value: dispatch\n                operator: Equal\n            argo-cd:', to: '              - effect: NoExecute\n                key: konvoy.mesosphere.com/node_pool\n                value: dispatch\n                operator: equal\n            argo-cd:', rule: 'cluster/invalid-toleration', line: 'operator: equal', column: 27 },
  { file: 'dispatch/pod-templates/app.yaml', from: 'operator: Equal', to: 'operator: Exists', rule: 'pod-template/invalid-toleration', line: 'value: dispatch', column: 14 },
  { file: 'nodepool/dib-ansible/inventory.yaml', from: 'ansible_port: 2222', to: 'ansible_port: 70000', rule: 'inventory/bad-port', line: 'ansible_port: 70000', column: 25 },
  { file: 'nodepool/dib-ansible/centos-9.yaml', from: 'hosts: image-builder', to: 'hosts: image-builders', rule: 'inventory/no-matching-hosts', line: 'hosts: image-builders', column: 10 },
  { file: '.pool-reconciler.yaml', from: 'pod-template-key: template', to: 'pod-template-keys: template', rule: 'settings/unknown-key', line: 'pod-template-keys', column: 3 },
];

describe('the example config repo', () => {
  it('validates clean', () => {
    copy = copyExampleRepo();
    const result = validateRepo(loadRepo(copy.dir));
    expect(result.diagnostics).toEqual([]);
  });

  for (const b of BREAKAGES) {
    it(`${b.file}: ${JSON.stringify(b.to.split('\n').find((l) => l.trim()) ?? 'removed')} gives ${b.rule} at its position`, () => {
      copy = copyExampleRepo();
      copy.edit(b.file, b.from, b.to);
      const result = validateRepo(loadRepo(copy.dir));
      const file = b.reportedIn ?? b.file;
      const errors = result.diagnostics.filter((d) => d.rule === b.rule);
      expect(errors.length, JSON.stringify(result.diagnostics, null, 1)).toBeGreaterThan(0);
      const want = { file, line: lineContaining(copy.read(file), b.line), column: b.column };
      expect(errors.map((e) => ({ file: e.file, line: e.line, column: e.column }))).toContainEqual(want);
    });
  }
});
