/**
 * The deployment flavor is a setting: `.pool-reconciler.yaml` `nodepool.flavor: software-factory | standalone`
 * (default software-factory), overridden by `--standalone` and the action's `standalone` input.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/config/repo.js';
import { settingsFrom } from '../../src/config/settings.js';
import { validateRepo } from '../../src/validate/index.js';
import { cli } from '../support/cli.js';

const PLAIN_NODEPOOL = ['zookeeper-servers:', '  - host: zk.example.com', '    port: 2281', 'labels:', '  - name: small', ''].join('\n');

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function repo(settings: string | undefined, nodepool = PLAIN_NODEPOOL): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flavor-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'nodepool'));
  writeFileSync(path.join(dir, 'nodepool', 'nodepool.yaml'), nodepool);
  if (settings !== undefined) writeFileSync(path.join(dir, '.pool-reconciler.yaml'), settings);
  return dir;
}

const errorsOf = (dir: string, standalone?: boolean) =>
  validateRepo(loadRepo(dir), standalone === undefined ? {} : { standalone }).diagnostics.filter((d) => d.severity === 'error');

describe('nodepool.flavor', () => {
  it('defaults to software-factory', () => {
    expect(settingsFrom(undefined).nodepool.flavor).toBe('software-factory');
    expect(errorsOf(repo(undefined)).map((d) => d.rule)).toEqual(['nodepool/sf-base-key']);
  });

  it('standalone in .pool-reconciler.yaml turns the Software Factory rules off', () => {
    expect(settingsFrom({ nodepool: { flavor: 'standalone' } }).nodepool.flavor).toBe('standalone');
    expect(errorsOf(repo('nodepool:\n  flavor: standalone\n'))).toEqual([]);
  });

  it('--standalone (or the action input) overrides the setting, both ways', () => {
    expect(errorsOf(repo(undefined), true)).toEqual([]);
    expect(errorsOf(repo('nodepool:\n  flavor: standalone\n'), false).map((d) => d.rule)).toEqual(['nodepool/sf-base-key']);
  });

  it('an unknown flavor is a settings error', () => {
    const errs = errorsOf(repo('nodepool:\n  flavor: plain\n'));
    expect(errs).toContainEqual(expect.objectContaining({ rule: 'settings/value', file: '.pool-reconciler.yaml', line: 2 }));
  });

  it('every Software Factory rule says it applies because of the flavor, and how to change it', () => {
    const dir = repo(undefined, ['---', 'zookeeper-servers: []', 'webapp: {port: 1}', 'labels: []', '---', 'labels: []', ''].join('\n'));
    const sf = validateRepo(loadRepo(dir)).diagnostics.filter((d) => d.rule.startsWith('nodepool/sf-'));
    expect(sf.length).toBeGreaterThan(0);
    for (const d of sf) {
      expect(d.hint).toContain('nodepool.flavor');
      expect(d.hint).toContain('standalone');
    }
    const single = repo(undefined, ['---', 'zookeeper-servers: []', 'labels: []', ''].join('\n'));
    const all = validateRepo(loadRepo(single)).diagnostics.filter((d) => d.rule.startsWith('nodepool/sf-'));
    expect(all.map((d) => d.rule).sort()).toEqual(['nodepool/sf-base-key', 'nodepool/sf-document-start']);
    for (const d of all) expect(d.hint).toMatch(/flavor: standalone/);
  });

  it('no hint tells a plain Nodepool user to remove zookeeper-servers', () => {
    const d = validateRepo(loadRepo(repo(undefined))).diagnostics.find((x) => x.rule === 'nodepool/sf-base-key')!;
    expect(d.hint).not.toMatch(/^[^.]*Remove it\.?$/);
    expect(d.hint).toMatch(/plain Nodepool.*keep it/i);
  });
});

describe('the CLI and the flavor setting', () => {

  it('follows nodepool.flavor without --standalone, and --standalone overrides the default', async () => {
    expect((await cli(['validate', repo('nodepool:\n  flavor: standalone\n')])).code).toBe(0);
    const sf = await cli(['validate', repo(undefined)]);
    expect(sf.code).toBe(1);
    expect(sf.stdout).toContain('nodepool/sf-base-key');
    expect((await cli(['validate', '--standalone', repo(undefined)])).code).toBe(0);
  });
});
