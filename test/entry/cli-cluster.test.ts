/**
 * Which cluster the command line talks to, as kubectl users expect: `--context NAME`, KUBECONFIG with several files
 * merged, the context and server named in the plan's header, and the provider secret `--kube-config` told apart
 * from the cluster's `--kubeconfig` when one was meant for the other. Colours as the tools around it decide them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { colorFor } from '../../src/entry/output.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { cli } from '../support/cli.js';

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: { server: string } }>;
  users: Array<{ name: string }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  'current-context': string;
}

let sandbox: Sandbox;
let dir: string;
let sandboxConfig: Kubeconfig;
const ANSI = /\u001b\[/;

/** Two contexts: `sandbox` (the sandbox) and `elsewhere` (a server that refuses), `current` the current one. */
function twoContexts(current: string): string {
  const c = structuredClone(sandboxConfig);
  c.clusters.push({ name: 'elsewhere', cluster: { server: 'https://127.0.0.1:47998' } });
  c.contexts = [
    { name: 'sandbox', context: { ...c.contexts[0].context } },
    { name: 'elsewhere', context: { cluster: 'elsewhere', user: c.users[0].name } },
  ];
  c['current-context'] = current;
  return JSON.stringify(c);
}

beforeAll(async () => {
  sandbox = await startSandbox(EXAMPLE_REPO);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-contexts-'));
  sandboxConfig = load(sandbox.kubeconfig) as Kubeconfig;
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string): string => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('--context and KUBECONFIG', () => {
  it('--context NAME picks the context; the plan header names it and its server', async () => {
    const kubeconfig = file('two-contexts', twoContexts('elsewhere'));
    const current = await cli(['plan', '--kubeconfig', kubeconfig, '--commit', 'x', EXAMPLE_REPO]);
    expect(current.code).toBe(3);
    expect(current.stderr).toContain('https://127.0.0.1:47998: connection refused');
    const picked = await cli(['plan', '--kubeconfig', kubeconfig, '--context', 'sandbox', '--commit', 'x', EXAMPLE_REPO]);
    expect(picked.stderr).toBe('');
    expect(picked.code).toBe(0);
    expect(picked.stdout).toContain(`Cluster: context "sandbox", server ${sandbox.url}\n`);
    const json = JSON.parse((await cli(['plan', '--kubeconfig', kubeconfig, '--context', 'sandbox', '--commit', 'x', '--format', 'json', EXAMPLE_REPO])).stdout);
    expect(json.cluster).toEqual({ context: 'sandbox', server: sandbox.url });
  });

  it('a context the kubeconfig does not have is a usage error that lists those it has', async () => {
    const kubeconfig = file('two-contexts-2', twoContexts('sandbox'));
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--context', 'sandbx', '--commit', 'x', EXAMPLE_REPO]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('has no context "sandbx"');
    expect(r.stderr).toContain('Its contexts: sandbox, elsewhere.');
  });

  it('KUBECONFIG with several files is merged as kubectl merges it: the first current-context wins', async () => {
    const first = file('first', JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': 'sandbox' }));
    const second = file('second', twoContexts('elsewhere'));
    const r = await cli(['plan', '--commit', 'x', EXAMPLE_REPO], { KUBECONFIG: `${first}${path.delimiter}${second}`, HOME: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Cluster: context "sandbox", server ${sandbox.url}`);
  });
});

describe('--kube-config (a provider secret) is not --kubeconfig (the cluster)', () => {
  it('given alone, with no cluster kubeconfig anywhere, the error says which flag was meant', async () => {
    const r = await cli(['plan', '--kube-config', path.join(EXAMPLE_REPO, '..', 'sandbox', 'kube.config'), '--commit', 'x', EXAMPLE_REPO], { HOME: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('no kubeconfig');
    expect(r.stderr).toContain('--kube-config FILE is the provider secret kube.config');
    expect(r.stderr).toContain('the cluster to read and write is --kubeconfig FILE');
  });

  it("given the cluster's kubeconfig, whose contexts are not the providers', a note says so beside the finding", async () => {
    const kubeconfig = file('cluster-kubeconfig-2', sandbox.kubeconfig);
    const r = await cli(['plan', '--kube-config', kubeconfig, '--commit', 'x', EXAMPLE_REPO], { KUBECONFIG: kubeconfig });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secrets/unknown-context');
    expect(r.stderr).toContain('note: --kube-config FILE is the provider secret kube.config');
  });

  it('the same file given to both is said', async () => {
    const kubeconfig = file('cluster-kubeconfig-3', sandbox.kubeconfig);
    const r = await cli(['plan', '--kubeconfig', kubeconfig, '--kube-config', kubeconfig, '--commit', 'x', EXAMPLE_REPO]);
    expect(r.stderr).toContain('note: the same file is given as --kubeconfig and --kube-config');
  });
});

describe('colours', () => {
  it('FORCE_COLOR turns them on, then NO_COLOR and TERM=dumb off; else a terminal decides', () => {
    expect(colorFor(false, {})).toBe(false);
    expect(colorFor(true, {})).toBe(true);
    expect(colorFor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(true, { NO_COLOR: '' })).toBe(true);
    expect(colorFor(true, { TERM: 'dumb' })).toBe(false);
    expect(colorFor(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('reach the command: FORCE_COLOR colours a piped run', async () => {
    const args = ['validate', '--kind', 'cluster', file('bad-cluster.yaml', 'kind: Nope\n')];
    expect((await cli(args)).stdout).not.toMatch(ANSI);
    expect((await cli(args, { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
  });
});
