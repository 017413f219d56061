import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyExampleRepo, EXAMPLE_REPO, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { cli } from '../support/cli.js';


let copy: RepoCopy | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

describe('pool-reconciler validate', () => {
  it('finds the bundled example repo clean', async () => {
    const r = await cli(['validate', EXAMPLE_REPO]);
    expect(r.stdout).toContain('valid: no errors, no warnings');
    expect(r.code).toBe(0);
  });

  it('prints file:line:column, the rule, the source line and a hint, and exits 1', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const line = lineContaining(copy.read('nodepool/nodepool.yaml'), 'max-server: 20');
    const r = await cli(['validate', copy.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`nodepool/nodepool.yaml:${line}:9: error[nodepool/unknown-key] provider "vexxhost-ca-ymq-1", pool "main": unknown key \`max-server\``);
    expect(r.stdout).toContain('        max-server: 20');
    expect(r.stdout).toContain('hint: Did you mean `max-servers`?');
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('gives JSON with --format json', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', '  - name: ubuntu-noble\n    min-ready: 1\n', '');
    const r = await cli(['validate', '--format', 'json', copy.dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ version: 2, command: 'validate', exitCode: 1, validation: { valid: false, errors: 1 } });
    expect(out.validation.diagnostics[0]).toMatchObject({ rule: 'nodepool/undefined-label', severity: 'error', file: `${copy.dir}/nodepool/nodepool.yaml` });
    expect(out.validation.diagnostics[0].line).toBeGreaterThan(0);
  });

  it('validates a single file by its path or --kind', async () => {
    copy = copyExampleRepo();
    copy.write('np.yaml', 'labels:\n  - name: a\n    min-ready: "2"\n');
    const byKind = await cli(['validate', '--kind', 'nodepool', `${copy.dir}/np.yaml`]);
    expect(byKind.code).toBe(1);
    expect(byKind.stdout).toMatch(/np\.yaml:3:16: error\[nodepool\/type\]/);
    const unknown = await cli(['validate', `${copy.dir}/np.yaml`]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('give --kind');
  });

  it('fails on warnings only with --strict', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', '    min-ready: 2\n', '    min-ready: 2\n    min-ready: 3\n');
    expect((await cli(['validate', copy.dir])).code).toBe(0);
    const strict = await cli(['validate', '--strict', copy.dir]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('warning[yaml/duplicate-key]');
  });

  it('exits 4 on usage errors', async () => {
    expect((await cli(['validate', '--format', 'xml'])).code).toBe(4);
    expect((await cli(['frobnicate'])).code).toBe(4);
    expect((await cli(['validate', '--nope'])).code).toBe(4);
    expect((await cli([])).code).toBe(4);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('substitutes NODEPOOL_ variables from the environment', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: %(NODEPOOL_MAX)');
    expect((await cli(['validate', copy.dir], { NODEPOOL_MAX: '25' })).code).toBe(0);
    const unset = await cli(['validate', copy.dir]);
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain('error[nodepool/env-unset]');
  });

  it('refuses a playbook path that leaves the repo', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool-builder.yaml', 'dib-ansible centos-9.yaml', 'dib-ansible ../../../etc/passwd');
    const r = await cli(['validate', copy.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[nodepool/dib-playbook-path]');
  });
});

describe('a mistyped command or option', () => {
  it('gets a "did you mean" and exit 4, for commands, options and values', async () => {
    const command = await cli(['valdate', EXAMPLE_REPO]);
    expect(command.code).toBe(4);
    expect(command.stderr).toContain('unknown command "valdate". Did you mean `validate`?');
    const option = await cli(['validate', '--frmat', 'json', EXAMPLE_REPO]);
    expect(option.code).toBe(4);
    expect(option.stderr).toContain('unknown option --frmat. Did you mean `--format`?');
    const planOption = await cli(['plan', '--kubeconfg', 'k', EXAMPLE_REPO]);
    expect(planOption.stderr).toContain('Did you mean `--kubeconfig`?');
    const value = await cli(['validate', '--format', 'jsno', EXAMPLE_REPO]);
    expect(value.code).toBe(4);
    expect(value.stderr).toContain('Did you mean `json`?');
    const schema = await cli(['schema', '--stdout', 'nodepol']);
    expect(schema.stderr).toContain('Did you mean `nodepool`?');
    // Nothing close: no guess.
    expect((await cli(['validate', '--zzzzzz', EXAMPLE_REPO])).stderr).not.toContain('Did you mean');
  });
});

describe('exit codes', () => {
  it('a directory with no config file, or a path that does not exist, is a config error: exit 4', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-empty-'));
    try {
      const r = await cli(['validate', empty]);
      expect(r.stdout).toContain('repo/empty');
      expect(r.code).toBe(4);
      expect((await cli(['validate', '--format', 'json', empty])).code).toBe(4);
      expect((await cli(['plan', '--commit', 'x', empty])).code).toBe(4);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const missing = await cli(['validate', path.join(os.tmpdir(), 'pool-reconciler-no-such-dir')]);
    expect(missing.stdout).toContain('does not exist');
    expect(missing.code).toBe(4);
  });

  it('a wrong .pool-reconciler.yaml is a config error (4); a finding in a config file is 1', async () => {
    copy = copyExampleRepo();
    copy.write('.pool-reconciler.yaml', 'pathz: {}\n');
    expect((await cli(['validate', copy.dir])).code).toBe(4);
    copy.cleanup();
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    expect((await cli(['validate', copy.dir])).code).toBe(1);
  });
});

describe('validate lists the files it read', () => {
  it('as a line in text and an array in JSON', async () => {
    const text = await cli(['validate', EXAMPLE_REPO]);
    const line = text.stdout.split('\n').find((l) => l.startsWith('checked '));
    expect(line).toMatch(/^checked 11 files: /);
    expect(line).toContain(`${EXAMPLE_REPO}/nodepool/nodepool.yaml`);
    expect(line).toContain(`${EXAMPLE_REPO}/cluster.yaml`);
    const json = JSON.parse((await cli(['validate', '--format', 'json', EXAMPLE_REPO])).stdout);
    expect(json.validation.files).toContain(`${EXAMPLE_REPO}/nodepool/dib-ansible/inventory.yaml`);
    expect(json.validation.files).toContain(`${EXAMPLE_REPO}/dispatch/pod-templates/app.yaml`);
    expect(json.validation.files).toHaveLength(11);
  });
});
