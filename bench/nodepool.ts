/** Benchmarks of issue 2: Nodepool validation against parsing alone, and the CLI's cold start. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { makeSource } from '../src/config/source.js';
import { validateNodepool } from '../src/validate/nodepool.js';
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

function validateText(name: string, text: string): number {
  const r = validateNodepool({ kind: 'nodepool', source: makeSource(name, text) }, { softwareFactory: false });
  return r.diagnostics.filter((d) => d.severity === 'error').length;
}

export async function benchNodepool(): Promise<Figure[]> {
  const figures: Figure[] = [];

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

  // Generated configs: validation against js-yaml parsing the same text, at 1 MB and 5 MB.
  const perMb: number[] = [];
  for (const mb of [1, 5]) {
    const text = generateNodepoolConfig(mb * 1024 * 1024);
    const errors = validateText('big.yaml', text);
    if (errors) throw new Error(`the generated config has ${errors} errors`);
    const parse = timeIt(3, () => load(text, { schema: YAML11_SCHEMA }));
    const validate = timeIt(3, () => validateText('big.yaml', text));
    const size = (text.length / 1048576).toFixed(1);
    figures.push({ name: `js-yaml parse only, ${size} MB`, value: parse, unit: 'ms' });
    figures.push({ name: `validate (parse + checks), ${size} MB`, value: validate, unit: 'ms' });
    figures.push({ name: `validate / parse, ${size} MB (target <= 2)`, value: validate / parse, unit: 'x' });
    perMb.push(validate / (text.length / 1048576));
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
  const bare = runs(['-e', '0']);
  const help = runs([cli, '--help']);
  const validate = runs([cli, 'validate', 'examples/config-repo']);
  runs([cli, 'validate', 'examples/config-repo'], 'warm'); // fills the cache
  const validateWarm = runs([cli, 'validate', 'examples/config-repo'], 'warm');
  rmSync(cacheDir, { recursive: true, force: true });
  figures.push({ name: 'node -e 0', value: bare, unit: 'ms' });
  figures.push({ name: 'pool-reconciler --help (cold)', value: help, unit: 'ms' });
  figures.push({ name: 'CLI --help / node -e 0', value: help / bare, unit: 'x' });
  figures.push({ name: 'pool-reconciler validate examples/config-repo (cold, no compile cache)', value: validate, unit: 'ms' });
  figures.push({ name: 'CLI cold start / node -e 0', value: validate / bare, unit: 'x' });
  figures.push({ name: 'the same with the compile cache a later run finds', value: validateWarm, unit: 'ms' });
  figures.push({ name: 'compile cache warm / off, validate', value: validateWarm / validate, unit: 'x' });
  return figures;
}
