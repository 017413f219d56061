/**
 * Every command the sandbox banner prints runs as printed: the banner's `npx pool-reconciler sandbox --kubeconfig
 * FILE REPO` is started as a user would start it (the built package, a shell without node_modules/.bin), and each
 * line it offers to try is run through a shell in another process, as in another terminal, and must succeed.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, systemPath } from '../support/bundle.js';
import type { BuiltPackage } from '../support/bundle.js';
import { invocationOf, tryCommands } from '../../src/entry/try-commands.js';
import { bannerCommands } from '../support/banner.js';

let pkg: BuiltPackage;
beforeAll(() => {
  pkg = buildPackage();
});
afterAll(() => pkg?.cleanup());

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('NOTICE: kubectl is not installed; the banner\'s kubectl line is not run');

describe('the sandbox banner', () => {
  it('offers plan, a reviewed plan file, apply of that plan and kubectl, each of which runs as printed', { timeout: 120_000 }, async () => {
    const env = { PATH: systemPath(), HOME: pkg.dir };
    // Its own process group: Ctrl-C reaches npx and the command it runs, as in a terminal.
    const sandbox = spawn('npx', ['pool-reconciler', 'sandbox', '--kubeconfig', 'sandbox.kubeconfig', 'examples/config-repo'], { cwd: pkg.dir, env, detached: true });
    let out = '';
    sandbox.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const banner = await new Promise<string>((resolve, reject) => {
      sandbox.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Stop with Ctrl-C.')) resolve(out);
      });
      sandbox.on('close', (code) => reject(new Error(`the sandbox ended (${code}) before its banner: ${out}`)));
    });
    try {
      const commands = bannerCommands(banner);
      expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
        'npx pool-reconciler plan',
        'npx pool-reconciler plan',
        'npx pool-reconciler apply',
        'kubectl --kubeconfig sandbox.kubeconfig',
      ]);
      for (const command of commands) {
        if (command.startsWith('kubectl') && !hasKubectl) continue;
        const r = await new Promise<{ code: number | null; output: string }>((resolve) => {
          const child = spawn('sh', ['-c', command], { cwd: pkg.dir, env });
          let output = '';
          child.stdout.on('data', (d: Buffer) => (output += d.toString()));
          child.stderr.on('data', (d: Buffer) => (output += d.toString()));
          child.on('close', (code) => resolve({ code, output }));
        });
        expect(r.code, `${command}\n${r.output}`).toBe(0);
        if (command.includes(' apply ')) expect(r.output).toMatch(/as reviewed/);
        if (command.startsWith('kubectl')) expect(r.output).toContain('konvoy.mesosphere.com/node_pool=dispatch');
      }
    } finally {
      const closed = new Promise((resolve) => sandbox.once('close', resolve));
      process.kill(-sandbox.pid!, 'SIGINT');
      await closed;
    }
  });
});

describe('the commands offered', () => {
  it('are those of the way the tool was started', () => {
    expect(invocationOf('/x/node_modules/.bin/pool-reconciler', '/x')).toBe('npx pool-reconciler');
    expect(invocationOf('/usr/local/bin/pool-reconciler', '/home/u')).toBe('pool-reconciler');
    expect(invocationOf('/home/u/pool-reconciler.js', '/home/u')).toBe('node pool-reconciler.js');
    expect(invocationOf('/opt/pool reconciler/cli.js', '/home/u')).toBe("node '/opt/pool reconciler/cli.js'");
  });

  it('quote what a shell would split, and give --commit to plan and apply alike when the repo has no commit of its own', () => {
    const [plan, toFile, apply] = tryCommands({ invocation: 'npx pool-reconciler', kubeconfig: '/tmp/my dir/k', repo: path.join('examples', 'config-repo') });
    expect(plan).toBe("npx pool-reconciler plan --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo");
    expect(toFile).toBe("npx pool-reconciler plan --format json --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo > '/tmp/my dir/k.plan.json'");
    expect(apply).toBe("npx pool-reconciler apply --plan '/tmp/my dir/k.plan.json' --commit example --kubeconfig '/tmp/my dir/k' examples/config-repo");
  });
});
