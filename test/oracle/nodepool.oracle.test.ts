/**
 * Differential test: our Nodepool validator against upstream Nodepool (config-validate + loadConfig) on generated
 * configs. Any disagreement of verdict fails, with the config shrunk to a minimal one.
 *
 *   npm run test:oracle                         5,000 cases: a fixed seed and a rotating one (printed)
 *   ORACLE_SEED=N npm run test:oracle           replay a rotating seed
 *   POOL_RECONCILER_SOAK=1 npm run test:oracle  100,000 cases (ORACLE_CASES=N for any other count)
 *
 * Needs the venv of scripts/nodepool-oracle-venv.sh: without it the test skips with a notice, except under
 * CI=true, where a missing venv is a failure.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { int, str, union } from '../../src/config/schema.js';
import type { Schema } from '../../src/config/schema.js';
import { makeSource } from '../../src/config/source.js';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { DRIVERS, nodepoolSchema } from '../../src/validate/nodepool-schema.js';
import { OUR_SCHEMA, generateCase, render, shrinkCandidates, upstreamSchemaSource } from './generator.js';
import type { AnySchemaShape, Case, SchemaSource, UpstreamSchemaJson } from './generator.js';
import { NODEPOOL_VERSION, Oracle, oraclePython } from './oracle-client.js';
import type { OracleVerdict } from './oracle-client.js';
import { Rng } from './prng.js';

const FIXED_SEED = 0x5eed_0001;
const soak = process.env.POOL_RECONCILER_SOAK === '1';
const total = Number(process.env.ORACLE_CASES ?? (soak ? 100_000 : 5_000));
const rotatingSeed = Number(process.env.ORACLE_SEED ?? Math.floor(Date.now() / 1000) % 2 ** 31);

const python = oraclePython();
if (!python) {
  const msg = `the Nodepool ${NODEPOOL_VERSION} oracle venv is missing: run scripts/nodepool-oracle-venv.sh`;
  if (process.env.CI === 'true') throw new Error(`${msg} (under CI=true a missing oracle is a failure)`);
  console.warn(`NOTICE: ${msg}; skipping the oracle comparison`);
}

/**
 * Upstream Nodepool's schema, read out of its voluptuous schemas (scripts/nodepool_schema.py): half of the generated
 * configs take their keys and types from it, so that what upstream accepts and we would refuse gets generated too.
 */
const upstream: SchemaSource | undefined = python
  ? upstreamSchemaSource(JSON.parse(execFileSync(python, [new URL('../../scripts/nodepool_schema.py', import.meta.url).pathname], { encoding: 'utf8' })) as UpstreamSchemaJson)
  : undefined;
const sourceFor = (rng: Rng): SchemaSource => (upstream && rng.chance(0.5) ? upstream : OUR_SCHEMA);

/**
 * The share of Nodepool's located complaints (a schema or YAML error with a line) that have one of our errors on
 * that line: asserted, and only ever raised (test/oracle/location-threshold.json).
 */
const LOCATION = JSON.parse(readFileSync(new URL('./location-threshold.json', import.meta.url), 'utf8')) as { min: number };

/**
 * Deliberate differences, each with its reason. Nothing else may differ.
 * Returns the reason when a disagreement is one of them.
 */
function allowed(ours: OurError[], theirs: OracleVerdict): string | undefined {
  // Our hostile-input limits (nesting depth, alias expansion, file size): Nodepool has none and may accept.
  const limits = new Set<OurError['rule']>(['yaml/too-deep', 'yaml/too-large']);
  if (theirs.verdict === 'valid' && ours.length && ours.every((d) => limits.has(d.rule))) return 'hostile-input limit';
  return undefined;
}

/** One of our errors, or our validator's crash (a disagreement whatever Nodepool says). */
type OurError = Omit<Diagnostic, 'rule'> & { rule: Diagnostic['rule'] | 'CRASH' };

interface Ours {
  verdict: 'valid' | 'invalid';
  errors: OurError[];
}

function ourVerdict(c: Case, text: string): Ours {
  const r = validateNodepool(
    { kind: c.kind, source: makeSource(c.kind === 'nodepool' ? 'nodepool.yaml' : 'nodepool-builder.yaml', text) },
    { softwareFactory: false, env: c.env },
  );
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return { verdict: errors.length ? 'invalid' : 'valid', errors };
}

interface Disagreement {
  c: Case;
  text: string;
  ours: Ours;
  theirs: OracleVerdict;
}

interface Compared {
  ours: Ours;
  theirs: OracleVerdict;
  /** Set when the verdicts differ (and the difference is not allowed). */
  disagreement?: Disagreement;
}

async function compareFull(oracle: Oracle, c: Case): Promise<Compared> {
  const text = render(c);
  let ours: Ours;
  const theirsP = oracle.judge(text, c.env);
  try {
    ours = ourVerdict(c, text);
  } catch (e) {
    // A crash is a disagreement whatever Nodepool says.
    ours = { verdict: 'invalid', errors: [{ rule: 'CRASH', severity: 'error', file: '', line: 0, column: 0, message: String((e as Error).stack) }] };
    const theirs = await theirsP;
    return { ours, theirs, disagreement: { c, text, ours, theirs } };
  }
  const theirs = await theirsP;
  if (theirs.verdict === 'error') throw new Error(`oracle error: ${theirs.error}`);
  if (ours.verdict === theirs.verdict || allowed(ours.errors, theirs)) return { ours, theirs };
  return { ours, theirs, disagreement: { c, text, ours, theirs } };
}

async function compare(oracle: Oracle, c: Case): Promise<Disagreement | undefined> {
  return (await compareFull(oracle, c)).disagreement;
}

/** Shrink a disagreement to a minimal config that still disagrees the same way. */
async function shrink(oracle: Oracle, d: Disagreement): Promise<Disagreement> {
  let best = d;
  let budget = 400;
  let progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (const cand of shrinkCandidates(best.c)) {
      if (--budget <= 0) break;
      const r = await compare(oracle, cand);
      if (r && r.ours.verdict === best.ours.verdict) {
        best = r;
        progress = true;
        break;
      }
    }
  }
  return best;
}

function signature(d: Disagreement): string {
  const theirs = (d.theirs.validate.error ?? d.theirs.load.error ?? '').replace(/@ data.*|line \d+.*|\d+/g, '').slice(0, 90);
  return `ours ${d.ours.verdict} ${d.ours.errors[0]?.rule ?? ''} / nodepool ${d.theirs.verdict} ${theirs}`;
}

function describeDisagreement(d: Disagreement, seed: number, index: number): string {
  return [
    `seed ${seed}, case ${index}: we say ${d.ours.verdict}, Nodepool ${NODEPOOL_VERSION} says ${d.theirs.verdict}`,
    `mutations: ${d.c.notes.join('; ') || '(none)'}  env: ${JSON.stringify(d.c.env)}  kind: ${d.c.kind}`,
    `nodepool config-validate: ${d.theirs.validate.ok ? 'pass' : `FAIL line ${d.theirs.validate.line ?? '?'}: ${d.theirs.validate.error}`}`,
    `nodepool loadConfig: ${d.theirs.load.ok ? 'ok' : `FAIL: ${d.theirs.load.error}`}`,
    `ours: ${d.ours.errors.map((e) => `${e.line}:${e.column} ${e.rule} ${e.message}`).join(' | ') || '(no error)'}`,
    '--- minimal config ---',
    d.text,
    '---',
  ].join('\n');
}

const WORKERS = Math.max(1, Number(process.env.ORACLE_WORKERS ?? 2));
/** ORACLE_SHOW_LINES=N prints N cases where none of our errors is on the line Nodepool's complaint names. */
const SHOW_LINES = Number(process.env.ORACLE_SHOW_LINES ?? 0);

describe.skipIf(!python)(`our Nodepool validator agrees with upstream Nodepool ${NODEPOOL_VERSION}`, () => {
  // Several oracle processes answer in parallel; cases go out in batches.
  const oracles = python ? Array.from({ length: WORKERS }, () => new Oracle(python)) : [];
  const totals = { agree: 0, disagree: 0, lineKnown: 0, lineHit: 0 };
  afterAll(() => {
    oracles.forEach((o) => o.close());
    console.log(`oracle total (Nodepool ${NODEPOOL_VERSION}, seeds ${FIXED_SEED} and ${rotatingSeed}): ${totals.agree} agree, ${totals.disagree} disagree`);
  });
  const runs: Array<[string, number, number]> = [
    ['fixed seed', FIXED_SEED, Math.ceil(total / 2)],
    ['rotating seed', rotatingSeed, Math.floor(total / 2)],
  ];

  for (const [what, seed, count] of runs) {
    it(`${count} generated configs (${what} ${seed})`, async () => {
      console.log(`oracle: ${what} ${seed} (replay with ORACLE_SEED=${seed}), ${count} cases`);
      const rng = new Rng(seed);
      let agree = 0;
      let valid = 0;
      let lineKnown = 0;
      let lineHit = 0;
      let shownLines = 0;
      const disagreements: Array<Disagreement & { index: number }> = [];
      const classes = new Map<string, number>();
      const BATCH = 16 * WORKERS;
      for (let start = 0; start < count; start += BATCH) {
        const cases = Array.from({ length: Math.min(BATCH, count - start) }, () => {
          const r = rng.fork();
          return generateCase(r, sourceFor(r));
        });
        const results = await Promise.all(cases.map((c, k) => compareFull(oracles[k % oracles.length], c)));
        results.forEach((r, k) => {
          if (r.theirs.verdict === 'valid') valid++;
          else if (r.theirs.validate.line != null && r.ours.verdict === 'invalid') {
            // How often one of our errors sits on the line Nodepool's complaint names (when it names one).
            lineKnown++;
            if (r.ours.errors.some((e) => e.line === r.theirs.validate.line)) lineHit++;
            else if (shownLines++ < SHOW_LINES) {
              console.log(`line differs: Nodepool line ${r.theirs.validate.line}: ${r.theirs.validate.error}\n` +
                `ours: ${r.ours.errors.map((e) => `${e.line}:${e.column} ${e.rule} ${e.message}`).join(' | ')}\n${render(cases[k])}`);
            }
          }
          if (!r.disagreement) agree++;
          else disagreements.push({ ...r.disagreement, index: start + k });
        });
      }
      for (const d of disagreements) {
        // One shrunk example per kind of disagreement (our first rule and Nodepool's first complaint).
        const kind = signature(d);
        classes.set(kind, (classes.get(kind) ?? 0) + 1);
        if (classes.get(kind) === 1 && classes.size <= 25) {
          const small = await shrink(oracles[0], d);
          console.log(describeDisagreement(small, seed, d.index));
        }
      }
      totals.agree += agree;
      totals.disagree += disagreements.length;
      totals.lineKnown += lineKnown;
      totals.lineHit += lineHit;
      if (classes.size) console.log(`disagreements by kind:\n${[...classes].map(([k, n]) => `  ${n}  ${k}`).join('\n')}`);
      console.log(`oracle (${what} ${seed}): ${agree} agree, ${disagreements.length} disagree; ` +
        `${valid} valid by Nodepool; ${lineHit}/${lineKnown} of Nodepool's schema and YAML complaints have one of our errors on their line`);
      expect(disagreements.length, `${disagreements.length} disagreements (shrunk examples above)`).toBe(0);
    }, 3_600_000);
  }

  it(`location agreement: at least ${(LOCATION.min * 100).toFixed(1)}% of Nodepool's located complaints have one of our errors on their line`, () => {
    const share = totals.lineKnown ? totals.lineHit / totals.lineKnown : 1;
    console.log(`oracle location agreement: ${totals.lineHit}/${totals.lineKnown} = ${(share * 100).toFixed(1)}% (threshold ${(LOCATION.min * 100).toFixed(1)}%)`);
    if (share > LOCATION.min + 0.02) console.log(`NOTICE: raise test/oracle/location-threshold.json to ${Math.floor(share * 1000) / 1000}`);
    expect(totals.lineKnown).toBeGreaterThan(0);
    expect(share).toBeGreaterThanOrEqual(LOCATION.min);
  });
});

/**
 * The oracle has to see false rejections and false acceptances: with a key removed from our schema (one upstream
 * accepts) and with a type widened (a value upstream refuses), it must find a disagreement.
 */
describe.skipIf(!python)('the oracle catches a deliberately broken schema', () => {
  const oracle = python ? new Oracle(python) : undefined;
  afterAll(() => oracle?.close());

  /** Generated cases (half from upstream's schema) until the first disagreement; the number of cases it took. */
  async function firstDisagreement(seed: number, limit: number): Promise<number | undefined> {
    const rng = new Rng(seed);
    for (let i = 0; i < limit; i += 16) {
      const cases = Array.from({ length: 16 }, () => {
        const r = rng.fork();
        return generateCase(r, sourceFor(r));
      });
      const results = await Promise.all(cases.map((c) => compareFull(oracle!, c)));
      const k = results.findIndex((r) => r.disagreement);
      if (k >= 0) return i + k + 1;
    }
    return undefined;
  }

  /** An object schema's field, in what the generator walks (`fields`) and what validation reads (its field map). */
  interface Spec {
    schema: Schema;
    required?: boolean;
  }
  const objectParts = (s: unknown) => s as { fields: Record<string, Spec>; fieldMap: Map<string, Spec> };
  function setField(s: unknown, key: string, spec: Spec | undefined): void {
    const o = objectParts(s);
    if (spec) {
      o.fields[key] = spec;
      o.fieldMap.set(key, spec);
    } else {
      delete o.fields[key];
      o.fieldMap.delete(key);
    }
  }

  it('a key removed from our schema (openstack image-upload-timeout): the oracle disagrees', async () => {
    const saved = objectParts(DRIVERS.openstack).fields['image-upload-timeout'];
    expect(saved).toBeDefined();
    setField(DRIVERS.openstack, 'image-upload-timeout', undefined);
    try {
      const n = await firstDisagreement(0xb20c_0001, 6000);
      console.log(`broken schema (key removed): first disagreement after ${n ?? 'no'} cases`);
      expect(n).toBeDefined();
    } finally {
      setField(DRIVERS.openstack, 'image-upload-timeout', saved);
    }
  }, 3_600_000);

  it('a type widened in our schema (labels[].min-ready: int or string): the oracle disagrees', async () => {
    const label = (objectParts(nodepoolSchema).fields.labels.schema as unknown as AnySchemaShape).item;
    const saved = objectParts(label).fields['min-ready'];
    setField(label, 'min-ready', { ...saved, schema: union([int(), str()]) });
    try {
      const n = await firstDisagreement(0xb20c_0002, 6000);
      console.log(`broken schema (type widened): first disagreement after ${n ?? 'no'} cases`);
      expect(n).toBeDefined();
    } finally {
      setField(label, 'min-ready', saved);
    }
  }, 3_600_000);

  it('the schema is whole again: no disagreement on the same cases', async () => {
    expect(await firstDisagreement(0xb20c_0001, 400)).toBeUndefined();
  }, 3_600_000);
});
