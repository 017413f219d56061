/**
 * examples/workflows/: the README's workflows, as files. Each is the README's block as written; each step that uses
 * the action gives only inputs action.yml declares and reads only outputs it sets; every `inputs.X` is declared and
 * every `steps.ID` is an earlier step; the actions it pins are current majors. The manual workflow's apply path is
 * run: its plan step's output stored as the workflow stores it, its `reviewed` step's script run by bash as the
 * runner would, and the action applying what that step hands it through `reviewed-plan`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { homedir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planArtifactName } from '../../src/io/github/artifact.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { EXAMPLE_REPO } from '../support/example-repo.js';
import { runAction } from '../support/run-action.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { REPO_ROOT } from '../support/shared.js';

const DIR = path.join(REPO_ROOT, 'examples', 'workflows');
const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const action = load(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  outputs?: Record<string, string>;
  strategy?: { matrix?: unknown; 'max-parallel'?: number; 'fail-fast'?: boolean };
  steps: Step[];
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
const text = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
const workflow = (file: string) => load(text(file)) as Workflow;
const OURS = 'your-org/pool-reconciler@v0';

/** The oldest major of each action that is not deprecated (Node 20 runtimes are). */
const CURRENT: Record<string, number> = {
  'actions/checkout': 6,
  'github/codeql-action/upload-sarif': 4,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
};

describe('examples/workflows', () => {
  it('are the README\'s workflow blocks, as written, each file once', () => {
    const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((b) => /^on:/m.test(b));
    expect(blocks.length).toBe(files.length);
    for (const file of files) expect(blocks, file).toContain(text(file));
  });

  it('pin current majors of the actions they use', () => {
    for (const file of files) {
      for (const step of Object.values(workflow(file).jobs).flatMap((j) => j.steps)) {
        if (!step.uses || step.uses === OURS) continue;
        const [name, ref] = step.uses.split('@');
        expect(CURRENT[name], `${file}: ${step.uses} is not known to this test`).toBeDefined();
        expect(Number(ref.replace(/^v/, '')), `${file}: ${step.uses}`).toBeGreaterThanOrEqual(CURRENT[name]);
      }
    }
  });

  it('give the action only inputs it declares, read only outputs it sets, and refer to declared inputs and earlier steps', () => {
    for (const file of files) {
      const wf = workflow(file);
      const dispatch = (wf.on as { workflow_dispatch?: { inputs?: Record<string, unknown> } }).workflow_dispatch;
      const declared = new Set(Object.keys(dispatch?.inputs ?? {}));
      for (const job of Object.values(wf.jobs)) {
        const seen = new Map<string, Step>();
        for (const step of job.steps) {
          if (step.uses === OURS) for (const key of Object.keys(step.with ?? {})) expect(action.inputs[key], `${file}: input ${key}`).toBeDefined();
          const expressions = JSON.stringify(step).match(/\$\{\{[^}]*\}\}|inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+/g) ?? [];
          for (const e of expressions.join(' ').matchAll(/\binputs\.([\w-]+)/g)) expect(declared.has(e[1]), `${file}: inputs.${e[1]}`).toBe(true);
          for (const e of expressions.join(' ').matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
            const from = seen.get(e[1]);
            expect(from, `${file}: steps.${e[1]} is not an earlier step`).toBeDefined();
            if (from?.uses === OURS) expect(action.outputs[e[2]], `${file}: output ${e[2]}`).toBeDefined();
          }
          if (step.id) seen.set(step.id, step);
        }
      }
    }
  });

  it('the manual workflow stores and takes the plan artifact under the name the plan runs use', () => {
    const steps = workflow('pool-reconciler-manual.yml').jobs.run.steps;
    const ours = steps.find((s) => s.uses === OURS)!;
    const name = planArtifactName(ours.with!.target);
    expect(steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with?.name).toBe(name);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.name).toBe(name);
  });
});

describe('the manual workflow, run', () => {
  let sandbox: Sandbox;
  let gh: GitHubServer;
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-workflow-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  beforeEach(async () => {
    [sandbox, gh] = await Promise.all([startSandbox(EXAMPLE_REPO), startGitHubServer()]);
    gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
    // Staging comes before production in the example repo's order of promotion: it applied this commit already.
    gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'def456', state: 'success', context: 'pool-reconciler/apply: staging' });
  });
  afterEach(async () => {
    await Promise.all([sandbox.close(), gh.close()]);
  });

  const steps = workflow('pool-reconciler-manual.yml').jobs.run.steps;
  const ours = steps.find((s) => s.uses === OURS)!;
  /** The action's inputs as the workflow gives them, for the dispatch inputs and the `reviewed` step's output. */
  const inputsFor = (dispatch: Record<string, string>, reviewed: string): Record<string, string> => {
    const given: Record<string, string> = {};
    for (const [key, value] of Object.entries(ours.with!)) {
      given[key] = value
        .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => dispatch[n] ?? '')
        .replace(/\$\{\{\s*steps\.reviewed\.outputs\.plan\s*\}\}/g, reviewed)
        .replace(/\$\{\{\s*secrets\.KUBECONFIG\s*\}\}/g, sandbox.kubeconfig)
        .replace(/\$\{\{\s*secrets\.[\w]+\s*\}\}/g, '');
    }
    // github-token: the input's default, the run's token.
    return { ...given, 'config-path': path.relative(REPO_ROOT, EXAMPLE_REPO), 'rollout-timeout': '30', 'github-token': 'actions-token' };
  };
  // Dispatched on the default branch, as apply requires.
  const dispatch = (inputs: Record<string, string>) =>
    runAction(inputs, { eventName: 'workflow_dispatch', event: { ref: 'refs/heads/main', repository: { default_branch: 'main' } }, githubApiUrl: gh.url, env: { GITHUB_ACTOR: 'octo-admin', GITHUB_REF: 'refs/heads/main' } });

  it('mode plan, then mode apply with plan-run: the stored plan.json reaches reviewed-plan and is applied', async () => {
    const planned = await dispatch(inputsFor({ mode: 'plan', 'skip-plan-check': 'false' }, ''));
    expect(planned.status, planned.stdout).toBe(0);
    // The workflow's "store the plan" step, as the runner runs it (PLAN from the action's plan output).
    const store = steps.find((s) => s.env?.PLAN)!;
    const runDir = path.join(work, 'plan-run');
    mkdirSync(runDir, { recursive: true });
    const stored = spawnSync('bash', ['-e', '-c', store.run!], { cwd: runDir, env: { PATH: process.env.PATH, PLAN: planned.output('plan') }, encoding: 'utf8' });
    expect(stored.status, stored.stderr).toBe(0);
    // download-artifact puts plan.json under its path; the `reviewed` step hands it on as an output.
    const applyDir = path.join(work, 'apply-run');
    const download = steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    mkdirSync(path.join(applyDir, download.with!.path), { recursive: true });
    writeFileSync(path.join(applyDir, download.with!.path, 'plan.json'), readFileSync(path.join(runDir, 'plan.json')));
    const outputFile = path.join(applyDir, 'github-output');
    writeFileSync(outputFile, '');
    const reviewedStep = steps.find((s) => s.id === 'reviewed')!;
    const handed = spawnSync('bash', ['-e', '-c', reviewedStep.run!], { cwd: applyDir, env: { PATH: process.env.PATH, GITHUB_OUTPUT: outputFile }, encoding: 'utf8' });
    expect(handed.status, handed.stderr).toBe(0);
    const m = /^plan<<(\w+)\n([\s\S]*)\n\1\n$/.exec(readFileSync(outputFile, 'utf8'));
    expect(m, 'the reviewed step writes a multi-line output').not.toBeNull();

    const applied = await dispatch(inputsFor({ mode: 'apply', 'plan-run': '1234', 'skip-plan-check': 'false' }, m![2]));
    expect(applied.status, applied.stdout).toBe(0);
    expect(applied.stdout).toContain('Reviewed plan: the reviewed-plan input');
    expect(applied.output('exit-code')).toBe('0');
  });

  it('mode apply without plan-run stops with no reviewed plan, and says what the manual path is', async () => {
    const r = await dispatch(inputsFor({ mode: 'apply', 'skip-plan-check': 'false' }, ''));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error title=reviewed plan::Reviewed plan: none\. A manual apply takes the reviewed plan with the reviewed-plan input/);
    expect(sandbox.server.requestsMatching({}).filter((q) => q.method !== 'GET' && !q.path.includes('/leases'))).toEqual([]);
  });

  it('skip-plan-check applies, and the run records the override with who started it', async () => {
    const r = await dispatch(inputsFor({ mode: 'apply', 'skip-plan-check': 'true' }, ''));
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/::warning title=reviewed plan::Apply without a reviewed plan \(skip-plan-check\), run started by octo-admin/);
  });
});

/**
 * actionlint (rhysd/actionlint), built from its Go module by scripts/build-actionlint.sh into the cache outside the
 * repo (.ci/run builds it): ACTIONLINT names another binary. Missing: a skip with a notice, and under CI=true a failure.
 */
function actionlintBinary(): string | undefined {
  if (process.env.ACTIONLINT) return process.env.ACTIONLINT;
  const script = readFileSync(path.join(REPO_ROOT, 'scripts', 'build-actionlint.sh'), 'utf8');
  const version = /ACTIONLINT_VERSION:-(v[\d.]+)/.exec(script)?.[1];
  const cache = process.env.POOL_RECONCILER_CACHE ?? path.join(homedir(), '.cache', 'pool-reconciler');
  const bin = path.join(cache, 'actionlint', version ?? 'unknown', 'bin', 'actionlint');
  return existsSync(bin) ? bin : undefined;
}
const ACTIONLINT = actionlintBinary();
if (!ACTIONLINT) {
  const msg = 'actionlint is not built: run scripts/build-actionlint.sh (it needs Go)';
  if (process.env.CI === 'true') throw new Error(`${msg} (under CI=true a missing linter is a failure, not a skip)`);
  console.warn(`NOTICE: ${msg}; the example workflows are not linted`);
}

interface LintError { message: string; filepath: string; line: number; column: number; kind: string }
function actionlint(paths: string[]): LintError[] {
  const r = spawnSync(ACTIONLINT!, ['-no-color', '-format', '{{json .}}', ...paths], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed to run (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout || '[]') as LintError[];
}

describe.skipIf(!ACTIONLINT)('examples/workflows, linted by actionlint', () => {
  it('every example workflow passes actionlint', () => {
    const errors = actionlint(files.map((f) => path.join(DIR, f)));
    expect(errors.map((e) => `${path.basename(e.filepath)}:${e.line}:${e.column}: ${e.message} [${e.kind}]`)).toEqual([]);
  });

  it('the linter is live: an output the targets job does not set, and a matrix job without its needs, are caught', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-actionlint-'));
    try {
      const broken = path.join(dir, 'broken.yml');
      writeFileSync(broken, text('pool-reconciler-targets-plan.yml')
        .replace('fromJSON(needs.targets.outputs.matrix)', 'fromJSON(needs.targets.outputs.matrixes)')
        .replace('needs: [targets, plan]', 'needs: [plan]'));
      const kinds = actionlint([broken]).map((e) => e.kind);
      expect(kinds).toContain('expression');
      expect(kinds.length).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the two-target example (staging, production)', () => {
  const plan = workflow('pool-reconciler-targets-plan.yml');
  const apply = workflow('pool-reconciler-targets-apply.yml');
  const ours = (job: Job) => job.steps.find((s) => s.uses === OURS)!;

  it('plans a matrix from mode targets, each job in its target\'s environment, and gathers them in one comment job after the matrix', () => {
    expect(ours(plan.jobs.targets).with).toEqual({ mode: 'targets' });
    expect(plan.jobs.targets.outputs?.matrix).toBe('${{ steps.targets.outputs.matrix }}');
    expect(plan.jobs.plan.strategy?.matrix).toBe('${{ fromJSON(needs.targets.outputs.matrix) }}');
    expect(plan.jobs.plan.environment).toBe('${{ matrix.environment }}');
    expect(ours(plan.jobs.plan).with?.target).toBe('${{ matrix.target }}');
    expect(ours(plan.jobs.comment).with).toEqual({ mode: 'comment' });
    expect(plan.jobs.comment.needs).toContain('plan');
    expect(plan.jobs.comment.if).toMatch(/^always\(\)/);
    expect(plan.permissions).toMatchObject({ 'pull-requests': 'write', actions: 'read' });
  });

  it('applies one target at a time in the matrix order, with statuses: write for the promotion gate, taking the reviewed plan from the plan workflow', () => {
    expect(apply.jobs.apply.strategy).toMatchObject({ 'max-parallel': 1, matrix: '${{ fromJSON(needs.targets.outputs.matrix) }}' });
    expect(apply.jobs.apply.environment).toBe('${{ matrix.environment }}');
    expect(ours(apply.jobs.apply).with?.target).toBe('${{ matrix.target }}');
    expect(apply.permissions).toMatchObject({ statuses: 'write', actions: 'read', 'pull-requests': 'write' });
    expect(ours(apply.jobs.apply).with?.['plan-workflow']).toBe('.github/workflows/pool-reconciler-targets-plan.yml');
    expect((apply.on as { push?: unknown }).push).toBeDefined();
  });
});
