/**
 * Differential test: our reading of Zuul's config (src/validate/zuul.ts) against upstream Zuul's own loader and
 * parsers (test/oracle/zuul_oracle.py) on each file: whether Zuul loads the file, and for each nodeset and job it
 * keeps, whether it is valid, its name, the labels it asks for, the nodesets it names. Any difference fails, and the
 * count is printed: "N agree, N disagree".
 *
 *   npm run test:oracle                          the fixtures of test/oracle/zuul-fixtures/ and 3,000 generated files
 *                                                (a fixed seed and a rotating one, printed)
 *   ZUUL_ORACLE_SEED=N                           replay a rotating seed
 *   ZUUL_ORACLE_CASES=N                          another number of generated files
 *   ZUUL_ORACLE_CORPUS=DIR                       also every .yaml file of DIR (e.g. real config repos' zuul.d files)
 *
 * Needs the venv of scripts/zuul-oracle-venv.sh: without it the test skips with a notice, except under CI=true, where
 * a missing venv is a failure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { readZuulFile } from '../../src/validate/zuul.js';
import type { ZuulFileModel, ZuulNodeset } from '../../src/validate/zuul.js';
import { Rng } from './prng.js';
import { generateZuulCase } from './zuul-generator.js';
import { JsonLinesChild } from './json-lines-child.js';

/** The Zuul release the oracle runs (scripts/zuul-oracle-venv.sh installs it). */
const ZUUL_VERSION = process.env.ZUUL_VERSION ?? '14.3.0';
const here = path.dirname(fileURLToPath(import.meta.url));
const FIXED_SEED = 0x2001_0001;
const total = Number(process.env.ZUUL_ORACLE_CASES ?? 3_000);
const rotatingSeed = Number(process.env.ZUUL_ORACLE_SEED ?? Math.floor(Date.now() / 1000) % 2 ** 31);

function zuulPython(): string | undefined {
  if (process.env.ZUUL_ORACLE_PYTHON) return process.env.ZUUL_ORACLE_PYTHON;
  const cache = process.env.POOL_RECONCILER_CACHE ?? path.join(homedir(), '.cache', 'pool-reconciler');
  const venv = path.join(cache, `zuul-venv-${ZUUL_VERSION}`);
  return existsSync(path.join(venv, 'bin', 'python')) && existsSync(path.join(venv, '.installed')) ? path.join(venv, 'bin', 'python') : undefined;
}

const python = zuulPython();
if (!python) {
  const msg = `the Zuul ${ZUUL_VERSION} oracle venv is missing: run scripts/zuul-oracle-venv.sh`;
  if (process.env.CI === 'true') throw new Error(`${msg} (under CI=true a missing oracle is a failure)`);
  console.warn(`NOTICE: ${msg}; skipping the Zuul oracle comparison`);
}

/** What a file holds, in the oracle's words. */
interface Judgement {
  loaded: boolean;
  nodesets: Array<{ valid: boolean; name?: string | null; labels?: string[]; alternatives?: string[] }>;
  jobs: Array<{ valid: boolean; name?: string; nodeset?: null | { ref: string } | { labels: string[]; alternatives: string[] } }>;
  error?: string;
}

class ZuulOracle {
  private readonly child: JsonLinesChild<Judgement>;

  constructor(py: string) {
    this.child = new JsonLinesChild(py, path.join(here, 'zuul_oracle.py'), 'Zuul', (error): Judgement => ({ loaded: false, nodesets: [], jobs: [], error }));
  }

  judge(text: string): Promise<Judgement> {
    return this.child.request({ text });
  }

  close(): void {
    this.child.close();
  }
}

const nodesetShape = (ns: ZuulNodeset) => ({ labels: ns.labels.map((l) => l.label), alternatives: ns.alternatives.map((a) => a.name) });

/** Our reading, in the oracle's words. */
function ours(text: string): Judgement {
  const m: ZuulFileModel = readZuulFile({ kind: 'zuul', source: makeSource('zuul.d/oracle.yaml', text) }).model;
  return {
    loaded: m.loaded,
    nodesets: m.nodesets.map((n) => (n.nodeset ? { valid: true, name: n.nodeset.name, ...nodesetShape(n.nodeset) } : { valid: false })),
    jobs: m.jobs.map((j) => {
      if (!j.job) return { valid: false };
      const ns = j.job.nodeset;
      return { valid: true, name: j.job.name, nodeset: ns === undefined ? null : 'ref' in ns ? { ref: ns.ref } : nodesetShape(ns.inline) };
    }),
  };
}

interface Outcome {
  agree: number;
  disagree: Array<{ what: string; text: string; ours: Judgement; theirs: Judgement }>;
}

async function compareAll(oracle: ZuulOracle, cases: Array<{ what: string; text: string }>): Promise<Outcome> {
  const out: Outcome = { agree: 0, disagree: [] };
  const theirs = await Promise.all(cases.map((c) => oracle.judge(c.text)));
  cases.forEach((c, i) => {
    const t = theirs[i];
    if (t.error) throw new Error(`oracle error on ${c.what}: ${t.error}`);
    let o: Judgement;
    try {
      o = ours(c.text);
    } catch (e) {
      o = { loaded: false, nodesets: [], jobs: [], error: `CRASH ${(e as Error).stack ?? String(e)}` };
    }
    if (JSON.stringify(o) === JSON.stringify({ loaded: t.loaded, nodesets: t.nodesets, jobs: t.jobs })) out.agree++;
    else out.disagree.push({ what: c.what, text: c.text, ours: o, theirs: t });
  });
  return out;
}

function report(name: string, o: Outcome): string {
  const lines = [`Zuul ${ZUUL_VERSION} oracle, ${name}: ${o.agree} agree, ${o.disagree.length} disagree`];
  for (const d of o.disagree.slice(0, 3)) {
    lines.push(`--- ${d.what}\n${d.text}\nours:   ${JSON.stringify(d.ours)}\nZuul's: ${JSON.stringify(d.theirs)}`);
  }
  return lines.join('\n');
}

const yamlFiles = (dir: string): Array<{ what: string; text: string }> =>
  readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ what: f, text: readFileSync(path.join(dir, f), 'utf8') }));

describe.skipIf(!python)(`our Zuul reader against Zuul ${ZUUL_VERSION}'s own loader`, () => {
  const oracle = python ? new ZuulOracle(python) : undefined;
  afterAll(() => oracle?.close());

  it('agrees on the fixtures written from real Software Factory config repos', async () => {
    const cases = yamlFiles(path.join(here, 'zuul-fixtures'));
    const corpus = process.env.ZUUL_ORACLE_CORPUS;
    if (corpus) cases.push(...yamlFiles(corpus).map((c) => ({ ...c, what: `corpus ${c.what}` })));
    const o = await compareAll(oracle!, cases);
    console.log(report(corpus ? 'fixtures and corpus' : 'fixtures', o));
    // The fixtures are read, not refused: each holds nodesets or jobs Zuul keeps.
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const fixtures = await Promise.all(cases.slice(0, 3).map((c) => oracle!.judge(c.text)));
    expect(fixtures.every((f) => f.loaded)).toBe(true);
    expect(fixtures.flatMap((f) => [...f.nodesets, ...f.jobs]).filter((i) => i.valid).length).toBeGreaterThan(10);
    expect(o.disagree).toEqual([]);
  });

  for (const [name, seed] of [['fixed seed', FIXED_SEED], ['rotating seed', rotatingSeed]] as const) {
    it(`agrees on ${total / 2} generated zuul.d files (${name} ${seed})`, async () => {
      const rng = new Rng(seed);
      const cases = Array.from({ length: total / 2 }, (_, i) => {
        const c = generateZuulCase(rng.fork());
        return { what: `seed ${seed} case ${i} (${c.notes.join('; ') || 'no file-level mutation'})`, text: c.text };
      });
      const o = await compareAll(oracle!, cases);
      console.log(report(`${name} ${seed}`, o));
      // The generated files are not all refused: most items are kept by Zuul, some refused.
      const judged = await Promise.all(cases.slice(0, 200).map((c) => oracle!.judge(c.text)));
      expect(judged.filter((j) => j.loaded).length).toBeGreaterThan(100);
      expect(judged.flatMap((j) => j.nodesets).filter((n) => n.valid).length).toBeGreaterThan(50);
      expect(judged.flatMap((j) => j.nodesets).filter((n) => !n.valid).length).toBeGreaterThan(5);
      expect(o.disagree).toEqual([]);
    });
  }
});
