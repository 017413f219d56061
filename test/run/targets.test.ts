/**
 * Several clusters from one config repo (`targets:` in .pool-reconciler.yaml): each target's view of the settings,
 * the validation of every view with the target named on findings only some have, the targets command and its
 * matrix of the targets a change touches, and a plan reviewed for one target refused for another.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsFrom, targetProblem } from '../../src/config/settings.js';
import { loadRepo } from '../../src/config/repo.js';
import { validateRepo } from '../../src/validate/index.js';
import { runValidate } from '../../src/run/validate.js';
import { runTargets } from '../../src/run/targets.js';
import { planIntent, intentDifferences } from '../../src/plan/intent.js';
import { desire } from '../../src/desired/desired.js';
import { desiredInputFrom } from '../../src/desired/from-validation.js';
import { copyExampleRepo, EXAMPLE_REPO } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { cli } from '../support/cli.js';

let repo: RepoCopy | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function gitRepo(r: RepoCopy): void {
  const git = (...args: string[]) => {
    const x = spawnSync('git', ['-C', r.dir, '-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
    if (x.status !== 0) throw new Error(x.stderr);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
}

describe('targets in the settings', () => {
  const doc = {
    'software-factory': { namespace: 'sf', 'providers-secret': 'p' },
    nodepool: { env: { NODEPOOL_A: 'top', NODEPOOL_B: 'b' } },
    targets: {
      staging: { environment: 'stage-env', 'software-factory': { namespace: 'sf-staging' }, nodepool: { env: { NODEPOOL_A: 'staging' } }, pools: ['dispatch'] },
      production: { nodes: 'report-only' },
    },
  };

  it("a target's view puts its keys over the top level: mappings merge, values replace; the order is the settings'", () => {
    const staging = settingsFrom(doc, 'staging');
    expect(staging.softwareFactory).toMatchObject({ namespace: 'sf-staging', providersSecret: 'p' });
    expect(staging.nodepool.env).toEqual({ NODEPOOL_A: 'staging', NODEPOOL_B: 'b' });
    expect(staging.pools?.map((p) => p.name)).toEqual(['dispatch']);
    expect(staging.target).toBe('staging');
    const production = settingsFrom(doc, 'production');
    expect(production.softwareFactory.namespace).toBe('sf');
    expect(production.nodes).toBe('report-only');
    expect(production.pools).toBeUndefined();
    expect(settingsFrom(doc).targets.map((t) => [t.name, t.environment])).toEqual([['staging', 'stage-env'], ['production', undefined]]);
  });

  it('a repo with targets needs one named, and only one it declares; a repo without takes any', () => {
    const s = settingsFrom(doc);
    expect(targetProblem(s, undefined)).toMatch(/declares targets \(staging, production\): give --target/);
    expect(targetProblem(s, 'prod')).toMatch(/no target "prod"; its targets are staging, production/);
    expect(targetProblem(s, 'production')).toBeUndefined();
    expect(targetProblem(settingsFrom({}), undefined)).toBeUndefined();
  });

  it("a pool a target names that cluster.yaml lacks is an error where the settings name it, with the closest name", () => {
    repo = copyExampleRepo();
    repo.edit('.pool-reconciler.yaml', 'pools: [control-plane, dispatch]', 'pools: [control-plane, dispatc]');
    const r = validateRepo(loadRepo(repo.dir, { target: 'staging' }));
    const d = r.diagnostics.find((x) => x.rule === 'settings/unknown-pool');
    expect(d).toMatchObject({ file: '.pool-reconciler.yaml', severity: 'error', message: expect.stringContaining('did you mean "dispatch"') });
    expect(d!.line).toBe(repo.read('.pool-reconciler.yaml').split('\n').findIndex((l) => l.includes('dispatc]')) + 1);
    expect(d!.column).toBeGreaterThan(0);
  });

  it("validation checks every target's view and names the targets of a finding only some have", () => {
    repo = copyExampleRepo();
    // Only staging names a pool cluster.yaml lacks; a key error in the launcher file is every target's.
    repo.edit('.pool-reconciler.yaml', 'pools: [control-plane, dispatch]', 'pools: [control-plane, dispatch, gpu]');
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const all = runValidate({ paths: [repo.dir] });
    const staged = all.diagnostics.filter((d) => d.targets);
    expect(staged.map((d) => d.rule)).toEqual(['settings/unknown-pool']);
    const shared = all.diagnostics.filter((d) => d.rule === 'nodepool/unknown-key');
    expect(shared).toHaveLength(1);
    expect(shared[0].targets).toBeUndefined();
    for (const d of staged) {
      expect(d.targets).toEqual(['staging']);
      expect(d.message.startsWith('[staging] ')).toBe(true);
    }
    // One target asked: only its view, untagged.
    const prod = runValidate({ paths: [repo.dir], target: 'production' });
    expect(prod.diagnostics.some((d) => d.targets)).toBe(false);
  });

  it('a plan reviewed for one target differs in intent from the same change planned for another', () => {
    const intentOf = (target: string) => {
      const loaded = loadRepo(EXAMPLE_REPO, { target });
      const v = validateRepo(loaded);
      const d = desire(desiredInputFrom(loaded, v, { commit: 'c', secrets: {} }).input);
      return planIntent(d, { deletes: [], removedPools: [] }, undefined);
    };
    expect(intentDifferences(intentOf('staging'), intentOf('production'))).toContain('~ target: the plan was reviewed for target staging, this is target production');
  });
});

describe('pool-reconciler targets', () => {
  it('lists the example repo\'s targets in the order of promotion, as text, JSON and a matrix', async () => {
    const text = await cli(['targets', EXAMPLE_REPO]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('1. staging (environment staging, pools control-plane, dispatch)\n2. production (environment production)\n');
    const json = JSON.parse((await cli(['targets', '--format', 'json', EXAMPLE_REPO])).stdout);
    expect(json.targets.map((t: { name: string; order: number }) => [t.name, t.order])).toEqual([['staging', 1], ['production', 2]]);
    const matrix = JSON.parse((await cli(['targets', '--format', 'matrix', EXAMPLE_REPO])).stdout);
    expect(matrix).toEqual({ include: [{ target: 'staging', order: 1, environment: 'staging' }, { target: 'production', order: 2, environment: 'production' }] });
  });

  it('with --changed-since, a change to a pool only production has touches production only; a shared file both', async () => {
    repo = copyExampleRepo();
    gitRepo(repo);
    repo.edit('cluster.yaml', 'value: general', 'value: generic');
    const matrix = JSON.parse((await cli(['targets', '--format', 'matrix', '--changed-since', 'HEAD', repo.dir])).stdout);
    expect(matrix.include.map((e: { target: string }) => e.target)).toEqual(['production']);
    const json = runTargets({ repoPath: repo.dir, changedSince: 'HEAD' });
    expect(json.targets.find((t) => t.name === 'staging')).toMatchObject({ changed: false, reason: expect.stringContaining('same') });
    repo.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-servers: 21');
    const both = JSON.parse((await cli(['targets', '--format', 'matrix', '--changed-since', 'HEAD', repo.dir])).stdout);
    expect(both.include.map((e: { target: string }) => e.target)).toEqual(['staging', 'production']);
  });

  it('unchanged repo: no target touched; an unreadable base: every target, said', async () => {
    repo = copyExampleRepo();
    gitRepo(repo);
    expect(JSON.parse((await cli(['targets', '--format', 'matrix', '--changed-since', 'HEAD', repo.dir])).stdout)).toEqual({ include: [] });
    const r = await cli(['targets', '--format', 'matrix', '--changed-since', 'deadbeef', repo.dir]);
    expect(JSON.parse(r.stdout).include).toHaveLength(2);
    expect(r.stderr).toMatch(/note: .*deadbeef.*every target counts as changed/);
  });

  it('plan and apply on a repo with targets need one, and say which there are', async () => {
    const r = await cli(['plan', '--commit', 'x', EXAMPLE_REPO], { POOL_RECONCILER_TARGET: '' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('declares targets (staging, production): give --target');
    const unknown = await cli(['apply', '--skip-plan-check', '--target', 'prod', '--commit', 'x', EXAMPLE_REPO]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('no target "prod"');
  });
});

describe('a run for a target the settings do not declare', () => {
  it('is a finding of the settings file, so no plan is made from the top level for that cluster', () => {
    const r = validateRepo(loadRepo(EXAMPLE_REPO, { target: 'prod' }));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ rule: 'settings/unknown-target', file: '.pool-reconciler.yaml', severity: 'error', message: expect.stringContaining('no target "prod"') }));
    // A repo without targets has one, whatever a run calls it.
    repo = copyExampleRepo();
    repo.write('.pool-reconciler.yaml', 'dispatch:\n  pod-template-key: template\n');
    expect(validateRepo(loadRepo(repo.dir, { target: 'default' })).diagnostics.filter((d) => d.rule.startsWith('settings/'))).toEqual([]);
  });
});
