/**
 * The exit codes as terraform's `plan -detailed-exitcode` users read them: with `--exit-code`, 0 no changes, 2 changes,
 * anything else an error (1 findings, 3 cluster or network, 4 usage or config); a kubeconfig that is missing or does
 * not parse is a usage or config error, not a cluster one.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { EXIT } from '../../src/run/exit.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { cli } from '../support/cli.js';

let repo: RepoCopy;
let sandbox: Sandbox;
let kubeconfig: string;

beforeEach(async () => {
  repo = copyExampleRepo();
  sandbox = await startSandbox(repo.dir);
  kubeconfig = path.join(repo.dir, 'kubeconfig');
  writeFileSync(kubeconfig, sandbox.kubeconfig);
});

afterEach(async () => {
  await sandbox.close();
  repo.cleanup();
});

describe('plan --exit-code', () => {
  it('is 2 with changes, 0 once applied, and 1 for a validation error: three codes', async () => {
    const plan = ['plan', '--exit-code', '--kubeconfig', kubeconfig, '--commit', 'abc123', repo.dir];
    const changes = await cli(plan);
    expect(changes.stderr).toBe('');
    expect(changes.code).toBe(2);
    expect(EXIT.changes).toBe(2);
    // Without --exit-code, changes are a success.
    expect((await cli(plan.filter((a) => a !== '--exit-code'))).code).toBe(0);
    const applied = await cli(['apply', '--skip-plan-check', '--kubeconfig', kubeconfig, '--commit', 'abc123', repo.dir]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await cli(plan)).code).toBe(0);
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    expect((await cli(plan)).code).toBe(1);
  });

  it('is 3 when the cluster cannot be reached, and says connection refused with the server', async () => {
    await sandbox.close();
    const r = await cli(['plan', '--exit-code', '--kubeconfig', kubeconfig, '--commit', 'x', repo.dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/);
    sandbox = await startSandbox(repo.dir);
  });
});

describe('a kubeconfig that is missing or malformed is a usage or config error (4)', () => {
  it('a file that does not exist', async () => {
    const r = await cli(['plan', '--exit-code', '--kubeconfig', path.join(repo.dir, 'nope'), '--commit', 'x', repo.dir]);
    expect(r.stderr).toContain('--kubeconfig');
    expect(r.code).toBe(4);
  });

  it('a file that is not a kubeconfig, in plan, apply and check-ssh', async () => {
    writeFileSync(kubeconfig, 'clusters: [unclosed\n');
    for (const args of [
      ['plan', '--kubeconfig', kubeconfig, '--commit', 'x', repo.dir],
      ['apply', '--skip-plan-check', '--kubeconfig', kubeconfig, '--commit', 'x', repo.dir],
      ['check-ssh', '--kubeconfig', kubeconfig, repo.dir],
    ]) {
      const r = await cli(args);
      expect(r.stderr, args[0]).toMatch(/not valid YAML \(line \d+, column \d+\)/);
      expect(r.code, args[0]).toBe(EXIT.usage);
    }
    expect(EXIT.usage).toBe(4);
  });

  it('none at all: no --kubeconfig, no KUBECONFIG, no ~/.kube/config', async () => {
    const r = await cli(['plan', '--commit', 'x', repo.dir], { HOME: repo.dir });
    expect(r.stderr).toContain('no kubeconfig');
    expect(r.code).toBe(4);
  });
});
