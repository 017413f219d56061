/**
 * Every entry point checks the Node it runs on before loading what needs a newer one: on the system's Node 20 the
 * built command and action say what to do (exit 4, exit 1), not "Cannot read properties of undefined".
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliNodeMessage, nodeTooOld } from '../../src/core/node-version.js';
import { buildPackage, systemNode, systemPath } from '../support/bundle.js';
import type { BuiltPackage } from '../support/bundle.js';

let pkg: BuiltPackage;
beforeAll(() => {
  pkg = buildPackage();
});
afterAll(() => pkg?.cleanup());

describe('nodeTooOld', () => {
  it('draws the line at 22.19', () => {
    for (const v of ['20.20.2', 'v20.0.0', '22.18.9', '18.19.0', '22.9.0']) expect(nodeTooOld(v), v).toBe(true);
    for (const v of ['22.19.0', 'v22.19.1', '22.20.0', '24.21.0', '25.0.0']) expect(nodeTooOld(v), v).toBe(false);
  });

  it('gives back the command as typed, through npx', () => {
    const m = cliNodeMessage('20.20.2', '/usr/bin/node', ['plan', '--kubeconfig', 'my file', 'repo']);
    expect(m).toContain("npx pool-reconciler plan --kubeconfig 'my file' repo");
    expect(m).toContain('plan needs Node ≥ 22.19 (the Kubernetes client does), and this is Node 20.20.2');
    expect(m).toContain('validate, schema and --help run on it');
  });
});

const old = systemNode();
const hasOldNode = !!old && nodeTooOld(old.version);
if (!hasOldNode) console.warn(`NOTICE: the system node (${old?.version ?? 'none'}) is not older than 22.19; the old-Node process tests are skipped`);

describe.runIf(hasOldNode)(`on the system's Node ${old?.version}`, () => {
  const kubeconfig = () => {
    const file = path.join(pkg.dir, 'kubeconfig');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    return file;
  };
  const env = () => ({ PATH: systemPath(), HOME: pkg.dir });

  it('`dist/cli.js plan` says which Node it needs and the npx command to run instead (exit 4), after its --help', () => {
    const r = spawnSync('/usr/bin/env', ['node', 'dist/cli.js', 'plan', '--kubeconfig', kubeconfig(), 'examples/config-repo'], { cwd: pkg.dir, env: env(), encoding: 'utf8' });
    expect(r.stderr).not.toContain('Cannot read properties');
    expect(r.stderr).toContain(`plan needs Node ≥ 22.19 (the Kubernetes client does), and this is Node ${old!.version}`);
    expect(r.stderr).toContain(`npx pool-reconciler plan --kubeconfig ${kubeconfig()} examples/config-repo`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(4);
  });

  // The commands that do not load the Kubernetes client run on the older Node: the pre-commit hook, SARIF and Zuul.
  const run = (args: string[]) => spawnSync('/usr/bin/env', ['node', 'dist/cli.js', ...args], { cwd: pkg.dir, env: env(), encoding: 'utf8' });

  it('`validate`, in every format, runs on it', () => {
    const text = run(['validate', 'examples/config-repo']);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('valid: no errors, no warnings');
    expect(text.status).toBe(0);
    const sarif = run(['validate', '--format', 'sarif', 'examples/config-repo']);
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
    expect(sarif.status).toBe(0);
    const zuul = run(['validate', '--format', 'zuul', 'examples/config-repo']);
    expect(JSON.parse(zuul.stdout)).toEqual({ zuul: { file_comments: {} } });
    expect(zuul.status).toBe(0);
    const json = run(['validate', '--format', 'json', 'examples/config-repo']);
    expect(JSON.parse(json.stdout).validation.valid).toBe(true);
  });

  it('`--help`, each command\'s help and `schema` run on it', () => {
    for (const args of [['--help'], ['--version'], ['plan', '--help'], ['apply', '--help'], ['sandbox', '--help'], ['check-ssh', '--help'], ['schema', '--stdout', 'cluster']]) {
      const r = run(args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it('a validation finding is exit 1 there too, with its position', () => {
    const r = run(['validate', '--kind', 'cluster', 'package.json']);
    expect(r.stderr).not.toContain('needs Node');
    expect(r.status).toBe(1);
  });

  // The bundle loads Node's modules with process.getBuiltinModule (scripts/build.mjs), which came with Node 20.16: an
  // older Node 20 gets it from the entry. Deleting it before the entry runs makes this Node such a one.
  it('runs `validate`, `schema` and the version check of `plan` on a Node 20 without process.getBuiltinModule', () => {
    const older = (args: string[]) => spawnSync('/usr/bin/env', ['node', '--import', 'data:text/javascript,delete process.getBuiltinModule', 'dist/cli.js', ...args], { cwd: pkg.dir, env: env(), encoding: 'utf8' });
    const probe = spawnSync('/usr/bin/env', ['node', '--import', 'data:text/javascript,delete process.getBuiltinModule', '-p', 'typeof process.getBuiltinModule'], { env: env(), encoding: 'utf8' });
    expect(probe.stdout.trim()).toBe('undefined');
    const v = older(['validate', 'examples/config-repo']);
    expect(v.stderr).toBe('');
    expect(v.stdout).toContain('valid: no errors, no warnings');
    expect(v.status).toBe(0);
    const s = older(['schema', '--stdout', 'cluster']);
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    const p = older(['plan', '--kubeconfig', kubeconfig(), 'examples/config-repo']);
    expect(p.stderr).toContain('plan needs Node ≥ 22.19');
    expect(p.status).toBe(4);
  });

  it('`dist/index.js` fails the step with the same sentence as an error annotation (exit 1)', () => {
    const r = spawnSync('/usr/bin/env', ['node', 'dist/index.js'], { cwd: pkg.dir, env: env(), encoding: 'utf8' });
    expect(r.stdout).toMatch(/^::error title=pool-reconciler::pool-reconciler needs Node ≥ 22\.19/);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });

  it('`npx pool-reconciler` from the same shell runs on the Node 24 npm ci installed', () => {
    const r = spawnSync('npx', ['--no-install', 'pool-reconciler', 'validate', 'examples/config-repo'], { cwd: pkg.dir, env: env(), encoding: 'utf8' });
    expect(r.stderr).not.toContain('needs Node');
    expect(r.stdout).toContain('valid: no errors, no warnings');
    expect(r.status).toBe(0);
  });
});
