/**
 * examples/zuul/: the job and playbook for a Software Factory config repo. The playbook's own command lines are
 * run here as Zuul's node would run them, on a machine with only a Node and the release file: the release file built
 * now stands where the download task puts it, and PATH holds `node` and nothing else (no npm, no npx): Node 20 for
 * validate (the machine's own), the Node 24 that ensure-nodejs would install for plan. What they print is checked
 * against the shape Zuul documents for zuul_return.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { systemNode } from '../support/bundle.js';
import { copyExampleRepo, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { REPO_ROOT } from '../support/shared.js';
import { zuulReturnProblems } from '../support/zuul.js';

const ZUUL = path.join(REPO_ROOT, 'examples', 'zuul');

interface Task {
  name: string;
  'ansible.builtin.command'?: { argv: string[]; chdir: string };
  'ansible.builtin.get_url'?: { url: string; dest: string; checksum: string };
}
interface Job {
  job?: { name: string; run: string; files: string[]; secrets?: Array<{ name: string }>; roles?: Array<{ zuul: string }>; vars?: Record<string, string> };
}

const jobs = load(readFileSync(path.join(ZUUL, 'zuul.d', 'pool-reconciler.yaml'), 'utf8')) as Job[];
const job = jobs.find((j) => j.job)!.job!;
const playbookText = readFileSync(path.join(ZUUL, job.run), 'utf8');
const playbook = load(playbookText) as Array<{ vars: Record<string, string>; roles: Array<{ role: string; node_version?: number }>; tasks: Task[] }>;

function command(name: string): { argv: string[]; chdir: string } {
  const task = playbook[0].tasks.find((t) => t.name === name);
  const c = task?.['ansible.builtin.command'];
  if (!c) throw new Error(`the playbook has no command task ${JSON.stringify(name)}`);
  return c;
}

/** Jinja's `{{ name }}` for the playbook's variables; an unknown one fails the test. */
function render(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`no value for {{ ${name} }}`);
    return vars[name];
  });
}

/** The machine: its home (where the download task puts the release file) and a bin directory per Node. */
let home: string;
let tool: string;
const nodeOnly: Record<'validate' | 'plan', string> = { validate: '', plan: '' };
let repo: RepoCopy | undefined;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-zuul-'));
  const download = playbook[0].tasks.find((t) => t['ansible.builtin.get_url'])!['ansible.builtin.get_url']!;
  tool = render(render(download.dest, playbook[0].vars), { ansible_user_dir: home });
  // The release file, built now, where get_url puts it.
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), path.join(home, 'release'), '--release'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the release file did not build: ${r.stderr}`);
  spawnSync('cp', [path.join(home, 'release', 'pool-reconciler.js'), tool]);
  for (const [command, node] of [['validate', systemNode()?.path ?? process.execPath], ['plan', process.execPath]] as const) {
    const dir = path.join(home, `bin-${command}`);
    mkdirSync(dir);
    symlinkSync(node, path.join(dir, 'node'));
    nodeOnly[command] = dir;
  }
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

/**
 * Runs a command line of the playbook asynchronously (a sandbox may be answering from this process), with `node` the
 * only command on PATH.
 */
function run(argv: string[], cwd: string, bin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { PATH: bin, HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('examples/zuul', () => {
  it('has one check job per target of the example repo, each with its own cluster secret, in check and gate', () => {
    const targets = Object.keys((load(readFileSync(path.join(REPO_ROOT, 'examples', 'config-repo', '.pool-reconciler.yaml'), 'utf8')) as { targets: Record<string, unknown> }).targets);
    const perTarget = jobs.filter((j) => j.job && (j.job as { parent?: string }).parent === job.name).map((j) => j.job as unknown as { name: string; vars: Record<string, string>; secrets: Array<{ secret: string }> });
    expect(perTarget.map((j) => j.vars.pool_reconciler_target)).toEqual(targets);
    expect(new Set(perTarget.map((j) => j.secrets[0].secret)).size).toBe(targets.length);
    const project = jobs.find((j) => (j as { project?: unknown }).project) as unknown as { project: Record<string, { jobs: string[] }> };
    for (const pipeline of ['check', 'gate']) expect(project.project[pipeline].jobs).toEqual(perTarget.map((j) => j.name));
  });

  it('the node needs a Node and the release file: ensure-nodejs, one download checked by its sha256, no npm', () => {
    expect(job.roles).toEqual([{ zuul: 'zuul/zuul-jobs' }]);
    expect(playbook[0].roles).toEqual([{ role: 'ensure-nodejs', node_version: 24 }]);
    const download = playbook[0].tasks.find((t) => t['ansible.builtin.get_url'])!['ansible.builtin.get_url']!;
    expect(download.url).toMatch(/\/releases\/download\/\{\{ pool_reconciler_version \}\}\/pool-reconciler\.js$/);
    expect(download.checksum).toBe('sha256:{{ pool_reconciler_sha256 }}');
    expect(Object.keys(job.vars ?? {})).toEqual(['pool_reconciler_version', 'pool_reconciler_sha256', 'pool_reconciler_target']);
    expect(JSON.stringify(playbook)).not.toMatch(/\b(npm|npx)\b/);
    for (const task of playbook[0].tasks) {
      const argv = task['ansible.builtin.command']?.argv;
      if (argv) expect(argv.slice(0, 2), task.name).toEqual(['node', '{{ tool }}']);
    }
  });

  it('the job runs the playbook, on changes to the config files only', () => {
    expect(existsSync(path.join(ZUUL, job.run))).toBe(true);
    const touches = (file: string) => job.files.some((re) => new RegExp(re).test(file));
    for (const file of ['nodepool/nodepool.yaml', 'nodepool/dib-ansible/inventory.yaml', 'cluster.yaml', 'dispatch/pod-templates/app.yaml', '.pool-reconciler.yaml']) {
      expect(touches(file), file).toBe(true);
    }
    for (const file of ['zuul/main.yaml', 'README.md']) expect(touches(file), file).toBe(false);
    expect(job.secrets?.[0].name).toBe('pool_reconciler_cluster');
  });

  it("the playbook's validate command returns each finding as a file comment, in the shape Zuul documents", async () => {
    repo = copyExampleRepo();
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const line = lineContaining(repo.read('nodepool/nodepool.yaml'), 'max-server: 20');
    const c = command('pool-reconciler validate');
    const vars = { tool, repo_dir: repo.dir };
    const r = await run(c.argv.map((a) => render(a, vars)), render(c.chdir, vars), nodeOnly.validate);
    expect(r.stderr).not.toMatch(/needs Node|\n\s+at /);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(zuulReturnProblems(data)).toEqual([]);
    expect(data.zuul.file_comments).toEqual({
      'nodepool/nodepool.yaml': [{ line, level: 'error', message: expect.stringContaining('unknown key \\`max-server\\`') }],
    });
  });

  it("the playbook's plan command, with a kubeconfig as the secret would give it, returns the plan's headline", async () => {
    repo = copyExampleRepo();
    const sandbox = await startSandbox(repo.dir, { target: 'production' });
    try {
      const kubeconfig = path.join(repo.dir, '..', `${path.basename(repo.dir)}.kubeconfig`);
      writeFileSync(kubeconfig, sandbox.kubeconfig, { mode: 0o600 });
      const c = command('pool-reconciler plan');
      const vars = { tool, repo_dir: repo.dir, kubeconfig, pool_reconciler_target: 'production' };
      const r = await run(c.argv.map((a) => render(a, vars)), render(c.chdir, vars), nodeOnly.plan);
      expect(r.code, r.stderr).toBe(0);
      const data = JSON.parse(r.stdout);
      expect(zuulReturnProblems(data)).toEqual([]);
      expect(data.zuul.file_comments).toEqual({});
      // Before a first apply nothing deployed is recorded: the Nodepool config refresh counts as a change too.
      expect(data.zuul.warnings).toEqual([expect.stringMatching(/^pool-reconciler plan: \d+ to create, \d+ to update, Nodepool config refresh \(nothing deployed recorded yet\)$/)]);
      spawnSync('rm', ['-f', kubeconfig]);
    } finally {
      await sandbox.close();
    }
  });
});
