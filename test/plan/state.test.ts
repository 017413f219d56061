/**
 * The state ConfigMap is read as untrusted input (issue 23): anyone who may edit ConfigMaps in the Software Factory
 * namespace can write it. Its `managed.configMaps` entries are checked as a DNS-1123 namespace and ConfigMap name,
 * within the namespaces this repo names, before any request is built from them; its `nodepool-content` is inflated
 * with a bound on the output.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, MAX_STATE_INFLATED } from '../../src/plan/state.js';
import type { DeployedState } from '../../src/plan/state.js';

const STATE: DeployedState = {
  commit: 'abc123',
  planHash: `sha256:${'0'.repeat(64)}`,
  appliedAt: '2026-11-01T12:00:00Z',
  nodepool: { digest: 'sha256:d', files: { 'nodepool/nodepool.yaml': 'sha256:f' }, content: { 'nodepool/nodepool.yaml': 'labels: []\n' } },
  managed: { pools: ['worker'], configMaps: ['dispatch-ci/app-pod-template'] },
};

const SCOPE = { namespaces: ['sf', 'tekton-pipelines', 'dispatch-ci'] };

function withManaged(configMaps: string[]): Record<string, string> {
  const { data } = encodeState(STATE);
  return { ...data, managed: JSON.stringify({ pools: ['worker'], configMaps }) };
}

describe('state entries: checked before any request', () => {
  it('keeps a well-formed entry in a namespace this repo names', () => {
    const r = decodeState(encodeState(STATE).data, SCOPE);
    expect(r.state?.managed.configMaps).toEqual(['dispatch-ci/app-pod-template']);
    expect(r.notes).toEqual([]);
  });

  it('drops an entry that is not a DNS-1123 namespace and ConfigMap name (victim/.., a second slash, upper case, a query)', () => {
    const bad = ['victim/..', 'dispatch-ci/..', 'dispatch-ci/.', '../x', 'dispatch-ci/a/b', 'dispatch-ci/', '/x', 'Dispatch-CI/x', 'dispatch-ci/x%2F..', 'dispatch-ci/x?watch=1', 'dispatch-ci'];
    const r = decodeState(withManaged([...bad, 'dispatch-ci/app-pod-template']), SCOPE);
    expect(r.state?.managed.configMaps).toEqual(['dispatch-ci/app-pod-template']);
    expect(r.notes).toHaveLength(bad.length);
    expect(r.notes[0]).toMatch(/^the state ConfigMap's managed entry "victim\/\.\." is not a namespace\/name pair of a DNS-1123 label and subdomain: ignored \(not read, not deleted\)/);
  });

  it("drops an entry outside the namespaces this repo names", () => {
    const r = decodeState(withManaged(['other-team/their-config', 'kube-system/coredns', 'dispatch-ci/app-pod-template']), SCOPE);
    expect(r.state?.managed.configMaps).toEqual(['dispatch-ci/app-pod-template']);
    expect(r.notes).toEqual([
      expect.stringMatching(/^the state ConfigMap's managed entry "other-team\/their-config" is in namespace other-team, which this repo does not name \(sf, tekton-pipelines, dispatch-ci\): ignored \(not read, not deleted\)/),
      expect.stringMatching(/"kube-system\/coredns" is in namespace kube-system/),
    ]);
  });

  it('without a scope, only the form is checked', () => {
    const r = decodeState(withManaged(['other-team/their-config', 'victim/..']));
    expect(r.state?.managed.configMaps).toEqual(['other-team/their-config']);
    expect(r.notes).toHaveLength(1);
  });
});

describe('nodepool-content: inflated with a bound', () => {
  it('reads content that inflates within the bound', () => {
    const r = decodeState(encodeState(STATE).data, SCOPE);
    expect(r.state?.nodepool.content).toEqual(STATE.nodepool.content);
  });

  it('inflates a gzip bomb only up to MAX_STATE_INFLATED, and says the content is too large to read', () => {
    // 64 MiB of one repeated byte: about 64 KB of gzip, well inside a ConfigMap.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const data = { ...encodeState(STATE).data, 'nodepool-content': bomb.toString('base64') };
    const r = decodeState(data, SCOPE);
    expect(r.state).toBeDefined();
    expect(r.state?.nodepool.content).toBeUndefined();
    expect(r.state?.nodepool.digest).toBe(STATE.nodepool.digest);
    expect(r.notes).toEqual([
      `the state ConfigMap's nodepool-content inflates to more than ${MAX_STATE_INFLATED / 1024 / 1024} MiB, more than any Nodepool config this tool records: not read (edited by hand?); the Nodepool config is compared by file digest only, and the next apply writes the state again`,
    ]);
  });

  it('a nodepool-content that is not gzip is said the same way, not as an exception', () => {
    const data = { ...encodeState(STATE).data, 'nodepool-content': Buffer.from('not gzip').toString('base64') };
    const r = decodeState(data, SCOPE);
    expect(r.state?.nodepool.content).toBeUndefined();
    expect(r.notes).toEqual([expect.stringMatching(/^the state ConfigMap's nodepool-content is not readable \(edited by hand\?\): not read;/)]);
  });
});
