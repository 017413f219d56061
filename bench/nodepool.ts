/** Benchmarks of issue 2: Nodepool validation against parsing alone, and the CLI's cold start. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { oraclePython } from '../test/oracle/oracle-client.js';
import type { Figure } from './figures.js';
import { median, REPO_ROOT, timeIt } from './figures.js';

/** A Nodepool launcher config of about `targetBytes`: many providers of every common driver, thousands of labels. */
export function generateNodepoolConfig(targetBytes: number): string {
  const out: string[] = ['labels:'];
  const providers: string[] = ['providers:'];
  let labelCount = 0;
  let size = 0;
  for (let p = 0; size < targetBytes; p++) {
    const labels: string[] = [];
    for (let l = 0; l < 10; l++) {
      const name = `label-${p}-${l}`;
      out.push(`  - name: ${name}`, `    min-ready: ${l % 3}`);
      labels.push(name);
      labelCount++;
    }
    if (p % 3 === 0) {
      providers.push(
        `  - name: cloud-${p}`,
        `    driver: openstack`,
        `    cloud: cloud-${p}`,
        `    region-name: region-${p % 7}`,
        `    rate: 0.5`,
        `    cloud-images:`,
        `      - name: image-${p}`,
        `        image-name: Image ${p}`,
        `        username: zuul`,
        `    pools:`,
        `      - name: main`,
        `        max-servers: ${10 + (p % 50)}`,
        `        networks: [net-${p}]`,
        `        labels:`,
        ...labels.flatMap((n) => [`          - name: ${n}`, `            cloud-image: image-${p}`, `            flavor-name: flavor-${p % 5}`, `            key-name: zuul`]),
      );
    } else if (p % 3 === 1) {
      providers.push(
        `  - name: k8s-${p}`,
        `    driver: kubernetes`,
        `    context: ctx-${p}`,
        `    pools:`,
        `      - name: ns-${p}`,
        `        max-servers: 20`,
        `        labels:`,
        ...labels.flatMap((n) => [`          - name: ${n}`, `            type: pod`, `            image: quay.io/zuul/${n}:latest`, `            cpu: 2`, `            memory: 2048`, `            env:`, `              - name: A`, `                value: b`]),
      );
    } else {
      providers.push(
        `  - name: static-${p}`,
        `    driver: static`,
        `    pools:`,
        `      - name: main`,
        `        nodes:`,
        ...labels.flatMap((n, i) => [`          - name: host-${p}-${i}.example.org`, `            labels: [${n}]`, `            username: zuul`, `            connection-port: 22`]),
      );
    }
    size = 0;
    for (const l of out) size += l.length + 1;
    for (const l of providers) size += l.length + 1;
  }
  void labelCount;
  return out.join('\n') + '\n' + providers.join('\n') + '\n';
}

/** The validator and the YAML reader as the bundle ships them (esbuild, no tsx transform in the way). */
interface Bundled {
  validateNodepool: typeof import('../src/validate/nodepool.js').validateNodepool;
  parseYaml: typeof import('../src/config/yaml.js').parseYaml;
  makeSource: typeof import('../src/config/source.js').makeSource;
}

async function bundled(dir: string): Promise<Bundled> {
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(entry, [
    `export { validateNodepool } from ${JSON.stringify(path.join(REPO_ROOT, 'src/validate/nodepool.js'))};`,
    `export { parseYaml } from ${JSON.stringify(path.join(REPO_ROOT, 'src/config/yaml.js'))};`,
    `export { makeSource } from ${JSON.stringify(path.join(REPO_ROOT, 'src/config/source.js'))};`,
    '',
  ].join('\n'));
  const out = path.join(dir, 'validator.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node24', format: 'esm', outfile: out, logLevel: 'warning', minifyWhitespace: true, minifySyntax: true });
  return (await import(pathToFileURL(out).href)) as Bundled;
}

/** CPU time (user + system, ms) of one call: less sensitive than wall time to the other processes of a busy machine. */
function cpuMs(fn: () => unknown): number {
  const s = process.cpuUsage();
  fn();
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
}

/** Medians of `runs` interleaved rounds (after two warm-ups) of each function, and of each one's ratio to the first. */
function interleaved(runs: number, fns: Array<() => unknown>): { ms: number[]; ratio: number[] } {
  const ms: number[][] = fns.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    const round = fns.map((f) => cpuMs(f));
    if (i >= 2) round.forEach((t, j) => ms[j].push(t));
  }
  return { ms: ms.map(median), ratio: ms.map((xs) => median(xs.map((t, i) => t / ms[0][i]))) };
}

/** `nodepool -c FILE config-validate` of upstream Nodepool (the oracle venv), wall time of the process; undefined without the venv. */
function upstreamValidate(file: string): number | undefined {
  const py = oraclePython();
  if (!py) return undefined;
  const script = path.join(path.dirname(py), 'nodepool');
  return median(Array.from({ length: 3 }, () => {
    const s = performance.now();
    const r = spawnSync(py, [script, '-c', file, 'config-validate'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: nodepool config-validate failed: ${r.stderr.split('\n').slice(-3).join(' ')}`);
    return performance.now() - s;
  }));
}

export async function benchNodepool(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-nodepool-bench-'));
  const v = await bundled(tmp);
  const validateText = (name: string, text: string): number => {
    const r = v.validateNodepool({ kind: 'nodepool', source: v.makeSource(name, text) }, { softwareFactory: false });
    return r.diagnostics.filter((d) => d.severity === 'error').length;
  };

  // The conformance corpus, when ../shared is there.
  const corpus = path.resolve(REPO_ROOT, '..', 'shared', 'conformance', 'nodepool', 'configs');
  let files: Array<[string, string]> = [];
  try {
    files = readdirSync(corpus).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(path.join(corpus, f), 'utf8')]);
  } catch {
    figures.push({ name: 'conformance corpus', value: NaN, unit: 'ms', note: '../shared not found' });
  }
  if (files.length) {
    const t = timeIt(5, () => {
      for (const [f, text] of files) validateText(f, text);
    });
    figures.push({ name: `validate the conformance corpus (${files.length} files)`, value: t, unit: 'ms' });
  }

  // Generated configs: the bundled validator and YAML reader against js-yaml's bare parse of the same text, at 1 MB and
  // 5 MB, CPU time, interleaved (each round runs the three; the ratios are per round).
  const perMb: number[] = [];
  for (const mb of [1, 5]) {
    const text = generateNodepoolConfig(mb * 1024 * 1024);
    const errors = validateText('big.yaml', text);
    if (errors) throw new Error(`the generated config has ${errors} errors`);
    const m = interleaved(7, [
      () => load(text, { schema: YAML11_SCHEMA }),
      () => v.parseYaml(v.makeSource('big.yaml', text)),
      () => validateText('big.yaml', text),
    ]);
    const size = (text.length / 1048576).toFixed(1);
    figures.push({ name: `js-yaml parse only, ${size} MB (CPU)`, value: m.ms[0], unit: 'ms' });
    figures.push({ name: `our YAML reader (parse, positions, both loaders' readings), ${size} MB (CPU)`, value: m.ms[1], unit: 'ms', note: `${m.ratio[1].toFixed(2)}x js-yaml` });
    figures.push({ name: `validate (parse + checks), ${size} MB (CPU)`, value: m.ms[2], unit: 'ms' });
    figures.push({ name: `validate / js-yaml parse, ${size} MB (target <= 1.3)`, value: m.ratio[2], unit: 'x' });
    perMb.push(m.ms[2] / (text.length / 1048576));
    if (mb === 1) {
      mkdirSync(path.join(tmp, 'repo-1mb', 'nodepool'), { recursive: true });
      writeFileSync(path.join(tmp, 'repo-1mb', 'nodepool', 'nodepool.yaml'), text);
    }
  }
  figures.push({ name: 'validate ms per MB, 5 MB / 1 MB (linear = 1)', value: perMb[1] / perMb[0], unit: 'x' });

  // Cold start of the CLI on the example repo beside `node -e 0`: with Node's compile cache off (a first run, or a
  // fresh CI machine), and with it as a later run on the same machine finds it.
  const node = process.execPath;
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-compile-cache-'));
  const runs = (args: string[], cache: 'off' | 'warm' = 'off') =>
    median(
      Array.from({ length: 7 }, () => {
        const env = cache === 'off' ? { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } : { ...process.env, NODE_COMPILE_CACHE: cacheDir };
        const s = performance.now();
        spawnSync(node, args, { cwd: REPO_ROOT, env });
        return performance.now() - s;
      }),
    );
  // Interleaved: each round runs the three, so that the machine's load weighs on each alike.
  const once = (args: string[]): number => {
    const s = performance.now();
    spawnSync(node, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
    return performance.now() - s;
  };
  const cold: number[][] = [[], [], []];
  for (let i = 0; i < 11; i++) {
    cold[0].push(once(['-e', '0']));
    cold[1].push(once([cli, '--help']));
    cold[2].push(once([cli, 'validate', 'examples/config-repo']));
  }
  const [bare, help, validate] = cold.map(median);
  runs([cli, 'validate', 'examples/config-repo'], 'warm'); // fills the cache
  const validateWarm = runs([cli, 'validate', 'examples/config-repo'], 'warm');
  rmSync(cacheDir, { recursive: true, force: true });
  figures.push({ name: 'node -e 0', value: bare, unit: 'ms' });
  figures.push({ name: 'pool-reconciler --help (cold)', value: help, unit: 'ms' });
  figures.push({ name: 'CLI --help / node -e 0 (target <= 2)', value: help / bare, unit: 'x' });
  figures.push({ name: 'pool-reconciler validate examples/config-repo (cold, no compile cache)', value: validate, unit: 'ms' });
  figures.push({ name: 'CLI cold start / node -e 0 (target <= 2.5)', value: validate / bare, unit: 'x' });
  figures.push({ name: 'the same with the compile cache a later run finds', value: validateWarm, unit: 'ms' });
  figures.push({ name: 'compile cache warm / off, validate', value: validateWarm / validate, unit: 'x' });

  // Beside upstream: `nodepool config-validate` (the oracle venv) on the same nodepool.yaml, each a process.
  const peers: Array<[string, string[], string]> = [
    ['the example repo', [cli, 'validate', 'examples/config-repo'], path.join(REPO_ROOT, 'examples', 'config-repo', 'nodepool', 'nodepool.yaml')],
    ['a 1.0 MB nodepool.yaml', [cli, 'validate', path.join(tmp, 'repo-1mb')], path.join(tmp, 'repo-1mb', 'nodepool', 'nodepool.yaml')],
  ];
  for (const [what, ours, file] of peers) {
    const up = upstreamValidate(file);
    const mine = runs(ours);
    figures.push({
      name: `pool-reconciler validate, ${what} (process)`,
      value: mine,
      unit: 'ms',
      note: up === undefined ? 'upstream: the oracle venv is absent (scripts/nodepool-oracle-venv.sh)' : `upstream \`nodepool config-validate\`: ${up.toFixed(0)} ms; ratio ${(mine / up).toFixed(3)}x (${(up / mine).toFixed(1)} times faster)`,
    });
  }
  rmSync(tmp, { recursive: true, force: true });
  return figures;
}
