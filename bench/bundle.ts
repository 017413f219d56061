/**
 * The bundle GitHub downloads and Node parses (issue 17): dist/ as committed beside the same sources built without
 * minifying, and the start-up of the path that loads the Kubernetes client (a plan against a closed port), with Node's
 * compile cache off (a first run) and warm (a later run on the same machine).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from './figures.js';
import { median, REPO_ROOT } from './figures.js';

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return total;
}

/**
 * What each module costs to load in a process of its own (no compile cache), over `node -e 0`: each bundled alone as
 * dist/ bundles it, the runs interleaved, medians. The commands load each only where it is used (the bundle test
 * checks it): the Kubernetes client for plan, apply, check-ssh and sandbox; ssh2 for check-ssh; Octokit in the action.
 */
async function moduleCosts(tmp: string): Promise<Figure[]> {
  const { build } = await import('esbuild');
  const entries: Array<[string, string, string]> = [
    ['the Kubernetes client (@kubernetes/client-node)', 'plan, apply, check-ssh, sandbox', "export * as k from '@kubernetes/client-node';"],
    ['ssh2', 'check-ssh', "export * as s from 'ssh2';"],
    ['Octokit (@actions/github)', 'the action', "export * as g from '@actions/github';"],
    ['the YAML reader, settings and validators (src/run/validate.ts)', 'every command', `export * from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'run', 'validate.ts'))};`],
  ];
  const files: string[] = [];
  for (const [i, [, , source]] of entries.entries()) {
    const entry = path.join(tmp, `module-${i}.ts`);
    writeFileSync(entry, source);
    const outfile = path.join(tmp, `module-${i}.mjs`);
    await build({
      entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node24', format: 'esm', minifyWhitespace: true, minifySyntax: true,
      external: ['*.node', 'cpu-features'], nodePaths: [path.join(REPO_ROOT, 'node_modules')], logLevel: 'error',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    files.push(outfile);
  }
  const env = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const once = (args: string[]): number => {
    const s = performance.now();
    spawnSync(process.execPath, args, { cwd: REPO_ROOT, env });
    return performance.now() - s;
  };
  const times: number[][] = [[], ...files.map(() => [])];
  for (let round = 0; round < 9; round++) {
    times[0].push(once(['-e', '0']));
    files.forEach((f, i) => times[i + 1].push(once([f])));
  }
  const bare = median(times[0]);
  return entries.map(([name, where], i) => ({ name: `loading ${name}, over node -e 0 (cold)`, value: median(times[i + 1]) - bare, unit: 'ms', note: `loaded by: ${where}` }));
}

export async function benchBundle(): Promise<Figure[]> {
  const node = process.execPath;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-bundle-bench-'));
  try {
    const plain = path.join(tmp, 'dist');
    const built = spawnSync(node, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), plain, '--no-minify'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the unminified build failed: ${built.stderr}`);
    const shipped = bytesUnder(path.join(REPO_ROOT, 'dist'));
    const unminified = bytesUnder(plain);

    // A plan that loads the Kubernetes client and fails at its first request (nothing listens on port 1).
    const kubeconfig = path.join(tmp, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: c, context: {cluster: c, user: u}}]',
      'current-context: c',
      '',
    ].join('\n'));
    const cacheDir = path.join(tmp, 'compile-cache');
    const planStart = (dist: string, cache: 'off' | 'warm' = 'off'): number =>
      median(
        Array.from({ length: 7 }, () => {
          const env = cache === 'off' ? { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } : { ...process.env, NODE_COMPILE_CACHE: cacheDir };
          const s = performance.now();
          const run = spawnSync(node, [path.join(dist, 'cli.js'), 'plan', 'examples/config-repo', '--target', 'production', '--kubeconfig', kubeconfig, '--commit', 'bench'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
          const ms = performance.now() - s;
          // Exit 3 (the cluster cannot be reached) is the run this row times; any other exit (a usage error) never
          // loaded the Kubernetes client.
          if (run.status !== 3) throw new Error(`bench: the plan to a closed port exited ${String(run.status)}, not 3: ${run.stderr.split('\n')[0]}`);
          return ms;
        }),
      );
    const modules = await moduleCosts(tmp);
    const planShipped = planStart(path.join(REPO_ROOT, 'dist'));
    const planPlain = planStart(plain);
    const planWarm = planStart(path.join(REPO_ROOT, 'dist'), 'warm');
    return [
      { name: 'dist/ as committed', value: shipped / 1048576, unit: 'MB' },
      { name: 'the same sources built without minifying', value: unminified / 1048576, unit: 'MB' },
      { name: 'dist/ / unminified', value: shipped / unminified, unit: 'x' },
      { name: 'plan to a closed port, Kubernetes client loaded (cold), dist/', value: planShipped, unit: 'ms' },
      { name: 'the same, unminified build', value: planPlain, unit: 'ms' },
      { name: 'dist/ / unminified, plan start-up', value: planShipped / planPlain, unit: 'x' },
      { name: 'plan start-up, dist/, with the compile cache a later run finds', value: planWarm, unit: 'ms' },
      { name: 'compile cache warm / off, plan start-up', value: planWarm / planShipped, unit: 'x' },
      ...modules,
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
