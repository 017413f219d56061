/** Benchmarks of issue 2: Nodepool validation against parsing alone, and the CLI's cold start. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { oraclePython } from '../test/oracle/oracle-client.js';
import type { Figure } from './figures.js';
import { median, REPO_ROOT, timeIt } from './figures.js';

/**
 * What the cold start would be if its compiling were cached, an experiment (nothing the CLI ships): the code validate
 * runs (the command line's static imports; the other commands' dynamic imports left out) bundled as one CommonJS
 * script, run through vm.Script, once without a code cache and once with the V8 code cache that a first run made after
 * it ran (createCachedData then holds the functions compiled lazily too, not only the top level, as Node's compile
 * cache does). Node's ES module loader takes no code cache (vm.SourceTextModule needs a flag), and a cache is only good
 * for the Node that made it: so the row that counts is the cold one above.
 */
export async function codeCacheExperiment(tmp: string, bare: number, shipped: number): Promise<Figure[]> {
  const dir = path.join(tmp, 'code-cache');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(entry, `import { main } from ${JSON.stringify(path.join(REPO_ROOT, 'src/entry/cli.js'))};\nmain(process.argv.slice(2)).then((c) => { process.exitCode = c; });\n`);
  const script = path.join(dir, 'validate-path.cjs');
  await build({
    entryPoints: [entry], outfile: script, bundle: true, platform: 'node', target: 'node24', format: 'cjs', logLevel: 'error',
    minifyWhitespace: true, minifySyntax: true, external: ['*.node', 'cpu-features'],
    define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [{ name: 'dynamic-imports-left-out', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }],
  });
  const loader = path.join(dir, 'loader.cjs');
  writeFileSync(loader, [
    "const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');",
    'const [file, cache, make] = [process.env.BENCH_SCRIPT, process.env.BENCH_CACHE, process.env.BENCH_MAKE_CACHE];',
    'let cachedData; try { if (cache && !make) cachedData = fs.readFileSync(cache); } catch {}',
    'const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });',
    "if (cachedData && script.cachedDataRejected) throw new Error('the code cache was rejected');",
    'const m = { exports: {} };',
    'script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, require("node:path").dirname(file));',
    "if (make) process.on('exit', () => fs.writeFileSync(cache, script.createCachedData()));",
    '',
  ].join('\n'));
  const cache = path.join(dir, 'validate-path.cache');
  const env = (extra: Record<string, string>) => ({ ...process.env, NODE_DISABLE_COMPILE_CACHE: '1', BENCH_SCRIPT: script, BENCH_CACHE: cache, ...extra });
  const once = (extra: Record<string, string>): number => {
    const s = performance.now();
    const run = spawnSync(process.execPath, [loader, 'validate', 'examples/config-repo'], { cwd: REPO_ROOT, env: env(extra), encoding: 'utf8' });
    const ms = performance.now() - s;
    if (run.status !== 0) throw new Error(`bench: the code-cache experiment exited ${String(run.status)}: ${run.stderr.split('\n')[0]}`);
    return ms;
  };
  once({ BENCH_MAKE_CACHE: '1' });
  const without: number[] = [];
  const withCache: number[] = [];
  for (let i = 0; i < 11; i++) {
    without.push(once({ BENCH_CACHE: '' }));
    withCache.push(once({}));
  }
  const [plain, cached] = [median(without), median(withCache)];
  return [
    { name: 'experiment: validate examples/config-repo, its code as one CommonJS script (no code cache)', value: plain, unit: 'ms', note: `${(plain / bare).toFixed(2)}x node -e 0; the shipped ES modules: ${shipped.toFixed(0)} ms` },
    { name: 'experiment: the same from a V8 code cache made after a first run (not shipped: see bench/nodepool.ts)', value: cached, unit: 'ms', note: `${(cached / bare).toFixed(2)}x node -e 0; ${(statSync(cache).size / 1024).toFixed(0)} KB of cache for ${(statSync(script).size / 1024).toFixed(0)} KB of code` },
  ];
}

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

/** The validator and reader bundle, and js-yaml bundled the same way (the child processes import them): paths. */
interface Bundles {
  validator: string;
  jsYaml: string;
}

async function bundle(dir: string): Promise<Bundles> {
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(entry, [
    `export { validateNodepool } from ${JSON.stringify(path.join(REPO_ROOT, 'src/validate/nodepool.js'))};`,
    `export { parseYaml } from ${JSON.stringify(path.join(REPO_ROOT, 'src/config/yaml.js'))};`,
    `export { makeSource } from ${JSON.stringify(path.join(REPO_ROOT, 'src/config/source.js'))};`,
    '',
  ].join('\n'));
  const jsYamlEntry = path.join(dir, 'js-yaml-entry.ts');
  writeFileSync(jsYamlEntry, "export { load, YAML11_SCHEMA } from 'js-yaml';\n");
  const options = { bundle: true, platform: 'node', target: 'node24', format: 'esm', logLevel: 'warning', minifyWhitespace: true, minifySyntax: true } as const;
  const validator = path.join(dir, 'validator.mjs');
  const jsYaml = path.join(dir, 'js-yaml.mjs');
  await build({ ...options, entryPoints: [entry], outfile: validator });
  await build({ ...options, entryPoints: [jsYamlEntry], outfile: jsYaml, nodePaths: [path.join(REPO_ROOT, 'node_modules')] });
  return { validator, jsYaml };
}

/**
 * The child process of a generated-config row: reads the file, imports one side (the bundled validator and reader, or
 * js-yaml bundled the same way), and calls it `calls` times, printing each call's CPU time (process.cpuUsage: user +
 * system, all of the process's threads, GC helpers included) and wall time, in ms, as JSON.
 */
const CHILD = `import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, mode, file, calls] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const m = await import(pathToFileURL(bundle).href);
const fn = mode === 'js-yaml' ? () => m.load(text, { schema: m.YAML11_SCHEMA })
  : mode === 'reader' ? () => { if (m.parseYaml(m.makeSource('nodepool.yaml', text)).documents.length !== 1) throw new Error('not read'); }
  : () => {
    const r = m.validateNodepool({ kind: 'nodepool', source: m.makeSource('nodepool.yaml', text) }, { softwareFactory: false });
    if (r.diagnostics.length) throw new Error(r.diagnostics.length + ' diagnostics');
  };
const out = [];
for (let i = 0; i < Number(calls); i++) {
  const c = process.cpuUsage();
  const w = performance.now();
  fn();
  const d = process.cpuUsage(c);
  out.push({ cpu: (d.user + d.system) / 1000, wall: performance.now() - w });
}
process.stdout.write(JSON.stringify(out));
`;

type Side = 'js-yaml' | 'reader' | 'validate';
interface Call {
  cpu: number;
  wall: number;
}

/** One fresh process of one side on `file`: its first three calls. */
function child(script: string, bundle: string, side: Side, file: string): Call[] {
  const r = spawnSync(process.execPath, [script, bundle, side, file, '3'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench: the ${side} child failed: ${r.stderr.split('\n').slice(0, 5).join(' ')}`);
  return JSON.parse(r.stdout) as Call[];
}

/**
 * `rounds` interleaved rounds (each runs the three sides, each in its own fresh process): per side the median first
 * call and third call (CPU and wall), and per round the ratios to js-yaml's, medians.
 */
function freshProcesses(rounds: number, script: string, bundles: Record<Side, string>, file: string) {
  const sides: Side[] = ['js-yaml', 'reader', 'validate'];
  const runs = new Map<Side, Call[][]>(sides.map((s) => [s, []]));
  for (let i = 0; i < rounds; i++) for (const s of sides) runs.get(s)!.push(child(script, bundles[s], s, file));
  const pick = (s: Side, call: number, what: keyof Call): number[] => runs.get(s)!.map((r) => r[call][what]);
  const med = (s: Side, call: number, what: keyof Call = 'cpu'): number => median(pick(s, call, what));
  const ratio = (s: Side, call: number, what: keyof Call = 'cpu'): number => {
    const base = pick('js-yaml', call, what);
    return median(pick(s, call, what).map((t, i) => t / base[i]));
  };
  return { med, ratio };
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
  const bundles = await bundle(tmp);
  const v = (await import(pathToFileURL(bundles.validator).href)) as Bundled;
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

  // Generated configs, 1 MB and 5 MB: js-yaml's bare parse, our reader alone, and our validate, as a `validate` runs
  // them: each in a fresh process of its own (the bundles above), interleaved rounds, the CPU time of the call. The
  // first call is what the CLI does (a cold JIT for both sides); the third call in the same process is the warm one.
  const script = path.join(tmp, 'child.mjs');
  writeFileSync(script, CHILD);
  const sideBundles: Record<Side, string> = { 'js-yaml': bundles.jsYaml, reader: bundles.validator, validate: bundles.validator };
  const perMb: number[] = [];
  const perMbFirst: number[] = [];
  for (const mb of [1, 5]) {
    const text = generateNodepoolConfig(mb * 1024 * 1024);
    const errors = validateText('big.yaml', text);
    if (errors) throw new Error(`the generated config has ${errors} errors`);
    const file = path.join(tmp, `nodepool-${mb}mb.yaml`);
    writeFileSync(file, text);
    const m = freshProcesses(7, script, sideBundles, file);
    const size = (text.length / 1048576).toFixed(1);
    const warm = (s: Side): string => `3rd call ${m.med(s, 2).toFixed(0)} ms`;
    figures.push({ name: `js-yaml parse only, ${size} MB (CPU of the first call, fresh process)`, value: m.med('js-yaml', 0), unit: 'ms', note: warm('js-yaml') });
    figures.push({ name: `our YAML reader (parse, positions, both loaders' readings), ${size} MB (CPU of the first call, fresh process)`, value: m.med('reader', 0), unit: 'ms',
      note: `${m.ratio('reader', 0).toFixed(2)}x js-yaml; ${warm('reader')}, ${m.ratio('reader', 2).toFixed(2)}x js-yaml's` });
    figures.push({ name: `validate (parse + checks), ${size} MB (CPU of the first call, fresh process)`, value: m.med('validate', 0), unit: 'ms', note: warm('validate') });
    figures.push({ name: `validate / js-yaml parse, ${size} MB (target <= 1.3)`, value: m.ratio('validate', 0), unit: 'x',
      note: `first calls, CPU, each in a fresh process; wall ${m.ratio('validate', 0, 'wall').toFixed(2)}x; 3rd calls ${m.ratio('validate', 2).toFixed(2)}x CPU` });
    perMb.push(m.med('validate', 2) / (text.length / 1048576));
    perMbFirst.push(m.med('validate', 0) / (text.length / 1048576));
    if (mb === 1) {
      mkdirSync(path.join(tmp, 'repo-1mb', 'nodepool'), { recursive: true });
      writeFileSync(path.join(tmp, 'repo-1mb', 'nodepool', 'nodepool.yaml'), text);
    }
  }
  // Per MB, the warm call: the first call's cost is mostly compiling the code (the same at 1 and 5 MB), not reading.
  figures.push({ name: 'validate ms per MB, 5 MB / 1 MB (linear = 1; 3rd calls, CPU)', value: perMb[1] / perMb[0], unit: 'x',
    note: `first calls: ${(perMbFirst[1] / perMbFirst[0]).toFixed(2)}x (the first call compiles the code: a fixed cost)` });

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
    const run = spawnSync(node, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' }, encoding: 'utf8' });
    const ms = performance.now() - s;
    // A run that failed (a usage error, a finding) is not the start-up this row times.
    if (run.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${String(run.status)}: ${run.stderr.split('\n')[0]}`);
    return ms;
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
  figures.push(...(await codeCacheExperiment(tmp, bare, validate)));

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
