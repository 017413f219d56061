/**
 * `npm run cluster`: the commands its banner offers run as printed against the real control plane it starts, each
 * through a shell in another process, as in another terminal (the least-privilege kubeconfig it writes included).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bannerCommands } from '../support/banner.js';
import { REPO_ROOT } from '../support/shared.js';
import { skipReason } from './support/tier.js';

function sh(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: REPO_ROOT, env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(skipReason() || !!process.env.POOL_RECONCILER_KUBECONFIG)('the `npm run cluster` banner', () => {
  it('offers plan, a reviewed plan file, apply of that plan and kubectl, each of which runs as printed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-banner-'));
    const kubeconfig = path.join(dir, 'sf.kubeconfig');
    // Its own process group: Ctrl-C reaches npm and the control plane it runs, as in a terminal.
    const cluster = spawn('npm', ['run', 'cluster', '--', '--kubeconfig', kubeconfig], { cwd: REPO_ROOT, env: process.env, detached: true });
    let out = '';
    const banner = await new Promise<string>((resolve, reject) => {
      const read = (d: Buffer): void => {
        out += d.toString();
        if (out.includes('Running until Ctrl-C.')) resolve(out);
      };
      cluster.stdout.on('data', read);
      cluster.stderr.on('data', read);
      cluster.on('close', (code) => reject(new Error(`npm run cluster ended (${code}) before its banner: ${out}`)));
    });
    try {
      const commands = bannerCommands(banner);
      expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['npx pool-reconciler plan', 'npx pool-reconciler plan', 'npx pool-reconciler apply', `kubectl --kubeconfig ${kubeconfig}`]);
      for (const command of commands) {
        const r = await sh(command);
        expect(r.code, `${command}\n${r.output}`).toBe(0);
      }
    } finally {
      const closed = new Promise((resolve) => cluster.once('close', resolve));
      process.kill(-cluster.pid!, 'SIGINT');
      await closed;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
