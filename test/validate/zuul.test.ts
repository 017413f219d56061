import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { formatDiagnosticText } from '../../src/report/diagnostics.js';
import { toSarif } from '../../src/report/sarif.js';
import { runValidate } from '../../src/run/validate.js';
import { validateRepo } from '../../src/validate/index.js';
import { readZuulFile } from '../../src/validate/zuul.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { at, file, only } from './helpers.js';

let repo: RepoCopy | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function example(): RepoCopy {
  repo = copyExampleRepo();
  return repo;
}

const read = (text: string, name = 'zuul.d/x.yaml') => readZuulFile(file('zuul', name, text));

describe('Zuul config: read as Zuul reads it', () => {
  it('keeps nodesets, jobs with a nodeset name or an inline nodeset, and project job variants', () => {
    const { diagnostics, model } = read(`
- nodeset:
    name: two
    nodes:
      - name: [a, b]
        label: small
      - {name: c, label: big}
    groups:
      - name: g
        nodes: [a, c]
- job:
    name: j1
    nodeset: two
- job:
    name: j2
    nodeset:
      nodes:
        name: x
        label: pod
- project:
    check:
      jobs:
        - noop
        - j1:
            nodeset: {nodes: [{name: y, label: tiny}]}
- secret:
    name: s
    data:
      password: !encrypted/pkcs1-oaep
        - AAAA
`);
    expect(diagnostics).toEqual([]);
    expect(model.loaded).toBe(true);
    expect(model.nodesets[0].nodeset?.labels.map((l) => l.label)).toEqual(['small', 'big']);
    expect(model.jobs.map((j) => j.job?.nodeset)).toMatchObject([{ ref: 'two' }, { inline: { labels: [{ label: 'pod' }] } }]);
    expect(model.variants).toMatchObject([{ name: 'project check: j1', nodeset: { inline: { labels: [{ label: 'tiny' }] } } }]);
  });

  it('refuses a key written twice, compared as written (1 and "1" are one key for Zuul)', () => {
    const text = '- job:\n    name: a\n    vars:\n      1: x\n      "1": y\n';
    const { diagnostics, model } = read(text);
    expect(model.loaded).toBe(false);
    const d = only(diagnostics, 'zuul/duplicate-key');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', ...at(text, '"1"') });
    expect(d[0].related).toEqual([{ file: 'zuul.d/x.yaml', ...at(text, '1: x'), message: 'the first one' }]);
  });

  it('stops at the first item that is not a known one-key mapping, keeping those before', () => {
    const text = '- nodeset: {name: a, nodes: []}\n- jbo: {name: b}\n- nodeset: {name: c, nodes: []}\n';
    const { diagnostics, model } = read(text);
    expect(model.nodesets.map((n) => n.nodeset?.name)).toEqual(['a']);
    expect(only(diagnostics, 'zuul/config-item')[0]).toMatchObject({ ...at(text, 'jbo'), hint: 'Did you mean `job`?' });
  });

  it('refuses nodesets as NodeSetParser does: schema, localhost, duplicate nodes, groups of unknown nodes, !override', () => {
    const cases: Array<[string, string]> = [
      ['- nodeset: {name: a, nodes: [{name: n}]}', 'zuul/required'],
      ['- nodeset: {name: a, nodes: [{name: n, label: 3}]}', 'zuul/type'],
      ['- nodeset: {name: a, nodes: [], description: d}', 'zuul/unknown-key'],
      ['- nodeset: {name: a, nodes: [{name: localhost, label: l}]}', 'zuul/localhost'],
      ['- nodeset: {name: a, nodes: [], groups: [{name: my-localhost-group, nodes: []}]}', 'zuul/localhost'],
      ['- nodeset: {name: a, nodes: [{name: [n, m], label: l}, {name: m, label: l}]}', 'zuul/duplicate-node'],
      ['- nodeset: {name: a, nodes: [{name: n, label: l}], groups: [{name: g, nodes: o}]}', 'zuul/group-node'],
      ['- nodeset: {name: a, nodes: [{name: n, label: l}], groups: [{name: g, nodes: n}, {name: g, nodes: n}]}', 'zuul/duplicate-group'],
      ['- job: {name: j, nodeset: !override {nodes: []}}', 'zuul/type'],
      ['- job: {name: j, nodeset: [a]}', 'zuul/type'],
    ];
    for (const [text, rule] of cases) {
      const { diagnostics, model } = read(text);
      expect(diagnostics.map((d) => d.rule), text).toContain(rule);
      expect([...model.nodesets, ...model.jobs].every((i) => !i.valid), text).toBe(true);
    }
  });

  it('refuses a file whose tagged values Zuul cannot construct: base64 Python does not decode, !override on a number', () => {
    // Found by the Zuul oracle (test/oracle/zuul.oracle.test.ts): both files are refused by Zuul's loader.
    const secret = (chunk: string) => `- secret:\n    name: s\n    data:\n      p: !encrypted/pkcs1-oaep ${chunk}\n- job: {name: j}\n`;
    expect(read(secret('AAAABBBB')).model.loaded).toBe(true);
    expect(read(secret('AAAABB==')).model.loaded).toBe(true);
    for (const bad of ['AAAAB', 'AAAABBB', 'AA=A']) {
      const r = read(secret(bad));
      expect(r.model.loaded, bad).toBe(false);
      expect(r.diagnostics.map((d) => d.rule)).toEqual(['zuul/type']);
    }
    expect(read('- job: {name: j, files: !override 5}\n').model.loaded).toBe(false);
    expect(read('- job: {name: j, files: !override "5"}\n').model.loaded).toBe(false);
    expect(read('- job: {name: j, files: !override docs/.*}\n').model.loaded).toBe(true);
  });

  it('reads a recursive alias as ZuulSafeLoader builds it: vars that contain themselves are kept; a nodeset that does is refused by its schema', () => {
    // Zuul 14.3.0 (the oracle venv) loads each of these files; the job keeps its vars, the nodesets are invalid.
    for (const text of ['- job: &self\n    name: j\n    vars: {me: *self}\n', '- job:\n    name: j\n    vars:\n      r: &r [*r]\n']) {
      const { diagnostics, model } = read(text);
      expect(diagnostics, text).toEqual([]);
      expect(model.loaded).toBe(true);
      expect(model.jobs.map((j) => [j.job?.name, j.valid])).toEqual([['j', true]]);
    }
    const cases: Array<[string, string]> = [
      ['- nodeset:\n    name: a\n    nodes: &n [*n]\n', 'zuul/type'],
      ['- nodeset:\n    name: a\n    nodes:\n      - &m {name: n, label: l, extra: *m}\n', 'zuul/unknown-key'],
      ['- nodeset:\n    name: a\n    alternatives: &a [*a]\n', 'zuul/type'],
    ];
    for (const [text, rule] of cases) {
      const { diagnostics, model } = read(text);
      expect(model.loaded, text).toBe(true);
      expect(diagnostics.map((d) => d.rule), text).toEqual([rule]);
      expect(model.nodesets.every((n) => !n.valid), text).toBe(true);
    }
  });

  it('refuses a file of several YAML documents, and a file that is not a list', () => {
    expect(only(read('- job: {name: a}\n---\n- job: {name: b}\n').diagnostics, 'zuul/config-item')).toHaveLength(1);
    expect(only(read('job: {name: a}\n').diagnostics, 'zuul/config-item')).toHaveLength(1);
  });
});

describe('Zuul config against Nodepool labels', () => {
  it('the example repo has a zuul.d/ that is valid against its pools', () => {
    const r = validateRepo(loadRepo(example().dir));
    expect(r.diagnostics.filter((d) => d.rule.startsWith('zuul/'))).toEqual([]);
    expect(r.zuul?.files.map((f) => f.file)).toEqual(['zuul.d/jobs.yaml', 'zuul.d/nodesets.yaml']);
  });

  it('a label no pool offers is an error with both positions and the closest label', () => {
    const r = example();
    r.edit('zuul.d/nodesets.yaml', 'label: ubuntu-noble', 'label: ubuntu-nobel');
    const v = validateRepo(loadRepo(r.dir));
    const [d] = only(v.diagnostics, 'zuul/unknown-label');
    const zuulText = r.read('zuul.d/nodesets.yaml');
    const nodepoolText = r.read('nodepool/nodepool.yaml');
    expect(d).toMatchObject({ severity: 'error', file: 'zuul.d/nodesets.yaml', ...at(zuulText, 'ubuntu-nobel'), hint: 'Did you mean `ubuntu-noble`?' });
    expect(d.message).toContain('job tox-py312 would end in NODE_FAILURE');
    // Where the closest label is offered: the pool's label in nodepool.yaml (the third `ubuntu-noble`: not the
    // top-level `labels:` entry, nor the cloud-image `ubuntu-noble-cloud`).
    expect(d.related).toEqual([{ file: 'nodepool/nodepool.yaml', ...at(nodepoolText, 'ubuntu-noble', 2), message: expect.stringContaining('pool "main" offers "ubuntu-noble"') }]);
    const text = formatDiagnosticText(d, v.sources);
    expect(text).toContain('note: nodepool/nodepool.yaml:');
    const sarif = toSarif([d], { repoRoot: r.dir, toolVersion: '0.0.0' }) as { runs: Array<{ results: Array<{ relatedLocations?: unknown[] }> }> };
    expect(sarif.runs[0].results[0].relatedLocations).toHaveLength(1);
  });

  it('a label offered that no nodeset asks for is a notice; a nodeset not defined here a warning', () => {
    const r = example();
    r.edit('zuul.d/jobs.yaml', 'label: pod-fedora', 'label: pod-python');
    r.edit('zuul.d/jobs.yaml', 'nodeset: ubuntu-noble', 'nodeset: ubuntu-nobel');
    const v = validateRepo(loadRepo(r.dir));
    expect(only(v.diagnostics, 'zuul/unused-label').map((d) => [d.severity, d.message])).toEqual([
      ['notice', expect.stringContaining('"pod-fedora"')],
    ]);
    expect(only(v.diagnostics, 'zuul/unknown-nodeset')).toMatchObject([{ severity: 'warning', hint: 'Did you mean `ubuntu-noble`?' }]);
  });

  it('a label this change removes while a nodeset uses it names the jobs (the base read with git)', () => {
    const r = example();
    const git = (...args: string[]) => execFileSync('git', ['-C', r.dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    // The change: the pool stops offering centos-9-stream-large (and the top-level label goes too).
    const np = r.read('nodepool/nodepool.yaml');
    const cut = np.replace(/\n {2}- name: centos-9-stream-large\n[^\n]*/, '').replace(/\n {10}- name: centos-9-stream-large\n(?: {12}[^\n]*\n)*/, '\n');
    expect(cut).not.toContain('centos-9-stream-large');
    r.write('nodepool/nodepool.yaml', cut);
    const outcome = runValidate({ paths: [r.dir], base: 'main' });
    const removed = outcome.diagnostics.filter((d) => d.rule === 'zuul/removed-label');
    expect(removed).toHaveLength(1);
    expect(removed[0].message).toContain('nodeset "multinode-centos" asks for the label "centos-9-stream-large", which this change removes from Nodepool: job integration-multinode would end in NODE_FAILURE after merge');
    expect(removed[0].related?.[0]).toMatchObject({ file: `${r.dir}/nodepool/nodepool.yaml`, message: expect.stringContaining('on the base branch (main)') });
    // Without the base it is a label no pool offers.
    const plain = runValidate({ paths: [r.dir] });
    expect(plain.diagnostics.filter((d) => d.rule.startsWith('zuul/')).map((d) => d.rule)).toEqual(['zuul/unknown-label']);
  });
});

describe('Zuul config: where it is found', () => {
  it('reads the first of zuul.yaml, zuul.d/, .zuul.yaml, .zuul.d/ and warns about the others', () => {
    const r = example();
    writeFileSync(path.join(r.dir, '.zuul.yaml'), '- job: {name: hidden}\n');
    let loaded = loadRepo(r.dir);
    expect(loaded.files.filter((f) => f.kind === 'zuul').map((f) => f.source.path)).toEqual(['zuul.d/jobs.yaml', 'zuul.d/nodesets.yaml']);
    expect(only(loaded.diagnostics, 'zuul/ignored-config')).toMatchObject([{ file: '.zuul.yaml', severity: 'warning' }]);
    writeFileSync(path.join(r.dir, 'zuul.yaml'), '- job: {name: first}\n');
    loaded = loadRepo(r.dir);
    expect(loaded.files.filter((f) => f.kind === 'zuul').map((f) => f.source.path)).toEqual(['zuul.yaml']);
  });

  it('reads .yaml files at any depth, not under a directory with .zuul.ignore; the path can be set', () => {
    const r = example();
    mkdirSync(path.join(r.dir, 'zuul.d', 'more', 'deep'), { recursive: true });
    mkdirSync(path.join(r.dir, 'zuul.d', 'playbooks'), { recursive: true });
    writeFileSync(path.join(r.dir, 'zuul.d', 'more', 'deep', 'a.yaml'), '- job: {name: deep}\n');
    writeFileSync(path.join(r.dir, 'zuul.d', 'more', 'b.yml'), 'not read: .yml\n');
    writeFileSync(path.join(r.dir, 'zuul.d', 'playbooks', '.zuul.ignore'), '');
    writeFileSync(path.join(r.dir, 'zuul.d', 'playbooks', 'run.yaml'), '- hosts: all\n');
    expect(loadRepo(r.dir).files.filter((f) => f.kind === 'zuul').map((f) => f.source.path)).toEqual([
      'zuul.d/jobs.yaml', 'zuul.d/more/deep/a.yaml', 'zuul.d/nodesets.yaml',
    ]);
    mkdirSync(path.join(r.dir, 'ci'));
    writeFileSync(path.join(r.dir, 'ci', 'jobs.yaml'), '- job: {name: elsewhere}\n');
    writeFileSync(path.join(r.dir, '.pool-reconciler.yaml'), `${r.read('.pool-reconciler.yaml')}\npaths:\n  zuul: ci\n`);
    const loaded = loadRepo(r.dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files.filter((f) => f.kind === 'zuul').map((f) => f.source.path)).toEqual(['ci/jobs.yaml']);
  });
});
