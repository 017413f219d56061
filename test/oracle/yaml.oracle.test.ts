/**
 * The YAML layer against Nodepool's two loaders: our reader (src/config/yaml.ts) against pure-Python PyYAML (what
 * `nodepool config-validate` runs) and libyaml's CSafeLoader (what the launcher and builder run), on
 *   - PyYAML's own test data (tests/legacy_tests/data of its sdist, fetched by scripts/nodepool-oracle-venv.sh into
 *     the cache, never into the repo), and
 *   - generated Nodepool configs carrying the constructs where readers differ (test/oracle/yaml-generator.ts),
 *     a fixed seed and a rotating one (ORACLE_SEED=N replays it; YAML_ORACLE_CASES=N sets the count).
 * For each text: the same value when both loaders load the same value (tagged canonical JSON), a refusal when they
 * load different values, and a refusal naming the loader(s) that refuse when one does, on the line of their error
 * (see compare in yaml-oracle.ts). Prints "N agree, N disagree" per corpus and fails on a disagreement
 * test/oracle/yaml-allow.json does not list with a reason.
 *
 * Without the venv or the corpus the test skips with a notice, except under CI=true, where it fails.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { oraclePython } from './oracle-client.js';
import { Rng } from './prng.js';
import { generateYamlCase } from './yaml-generator.js';
import { PYYAML_VERSION, YamlOracle, compare, pyyamlCorpus, pyyamlDataDir } from './yaml-oracle.js';

interface AllowEntry {
  corpus: 'pyyaml' | 'generated';
  case?: string;
  class?: string;
  reason: string;
}

const allow = (JSON.parse(readFileSync(new URL('./yaml-allow.json', import.meta.url), 'utf8')) as { entries: AllowEntry[] }).entries;
for (const e of allow) {
  if (!e.reason || e.reason.length < 20) throw new Error(`yaml-allow.json: every entry needs a reason (${JSON.stringify(e)})`);
}
const allowedBy = (corpus: AllowEntry['corpus'], key: string): AllowEntry | undefined =>
  allow.find((e) => e.corpus === corpus && (corpus === 'pyyaml' ? e.case === key : e.class === key));

const python = oraclePython();
const dataDir = pyyamlDataDir();
const missing = !python ? 'the oracle venv is missing' : !dataDir ? `PyYAML ${PYYAML_VERSION}'s test data is missing` : undefined;
if (missing) {
  const msg = `${missing}: run scripts/nodepool-oracle-venv.sh`;
  if (process.env.CI === 'true') throw new Error(`${msg} (under CI=true a missing corpus is a failure, not a skip)`);
  console.warn(`NOTICE: ${msg}; skipping the YAML-layer oracle`);
}

const FIXED_SEED = 0x7a31_0001;
const rotatingSeed = Number(process.env.ORACLE_SEED ?? Math.floor(Date.now() / 1000) % 2 ** 31);
const generatedTotal = Number(process.env.YAML_ORACLE_CASES ?? (process.env.POOL_RECONCILER_SOAK === '1' ? 40_000 : 4_000));

interface Tally {
  agree: number;
  disagree: number;
  allowed: number;
  failures: string[];
  /** Refusals of random YAML syntax (`soup`) alike but on another line than the loaders' (said, not failing). */
  soupOtherLine: string[];
}

function tally(): Tally {
  return { agree: 0, disagree: 0, allowed: 0, failures: [], soupOtherLine: [] };
}

function report(what: string, t: Tally, extra = ''): void {
  console.log(`YAML oracle (${what}): ${t.agree} agree, ${t.disagree} disagree (${t.allowed} of them allowed by yaml-allow.json)${extra}`);
  for (const f of t.failures.slice(0, 20)) console.log(f);
  if (t.soupOtherLine.length) {
    console.log(`YAML oracle (${what}): ${t.soupOtherLine.length} refusals of random YAML syntax on another line than the loaders' (counted among those that agree: who refuses agrees; not failing)`);
    for (const f of t.soupOtherLine.slice(0, 5)) console.log(f);
  }
}

describe.skipIf(missing !== undefined)(`our YAML reader agrees with PyYAML ${PYYAML_VERSION} (pure) and its libyaml (CSafeLoader)`, () => {
  const oracle = missing ? undefined : new YamlOracle(python!);
  const used = new Set<AllowEntry>();
  afterAll(() => oracle?.close());

  it('runs the pinned PyYAML', async () => {
    const v = await oracle!.ready;
    console.log(`YAML oracle: PyYAML ${v.pyyaml}, libyaml ${v.libyaml}`);
    expect(v.pyyaml).toBe(PYYAML_VERSION);
  });

  it("PyYAML's own test data", async () => {
    const { cases, notUtf8 } = pyyamlCorpus(dataDir!);
    expect(cases.length).toBeGreaterThan(300);
    const t = tally();
    for (const c of cases) {
      const r = compare(c.text, await oracle!.judge(c.text));
      if (r.agree && !r.otherLine) {
        t.agree++;
        continue;
      }
      t.disagree++;
      const entry = allowedBy('pyyaml', c.name);
      if (entry) {
        t.allowed++;
        used.add(entry);
      } else t.failures.push(`--- ${c.name}: ${r.why || r.otherLine}`);
    }
    report("PyYAML's test data", t, `; ${notUtf8} files left out as not UTF-8 (Nodepool opens files as UTF-8 text)`);
    expect(t.failures, t.failures.join('\n')).toEqual([]);
  });

  for (const [what, seed, count] of [
    ['fixed seed', FIXED_SEED, Math.ceil(generatedTotal / 2)],
    ['rotating seed', rotatingSeed, Math.floor(generatedTotal / 2)],
  ] as const) {
    it(`${count} generated configs (${what} ${seed})`, async () => {
      console.log(`YAML oracle: ${what} ${seed} (replay with ORACLE_SEED=${seed}), ${count} cases`);
      const rng = new Rng(seed);
      const t = tally();
      const byClass = new Map<string, number>();
      for (let i = 0; i < count; i += 32) {
        const batch = Array.from({ length: Math.min(32, count - i) }, () => generateYamlCase(rng.fork()));
        const answers = await Promise.all(batch.map((c) => oracle!.judge(c.text)));
        batch.forEach((c, k) => {
          const r = compare(c.text, answers[k]);
          if (r.agree && r.otherLine && c.cls === 'soup') t.soupOtherLine.push(`--- case ${i + k} [soup] ${JSON.stringify(c.text)}\n${r.otherLine}`);
          if (r.agree && (!r.otherLine || c.cls === 'soup')) {
            t.agree++;
            return;
          }
          t.disagree++;
          const entry = allowedBy('generated', c.cls);
          if (entry) {
            t.allowed++;
            used.add(entry);
            return;
          }
          byClass.set(c.cls, (byClass.get(c.cls) ?? 0) + 1);
          if (byClass.get(c.cls)! <= 3) t.failures.push(`--- case ${i + k} [${c.cls}] ${JSON.stringify(c.text)}\n${r.why || r.otherLine}`);
        });
      }
      report(`generated, ${what} ${seed}`, t, byClass.size ? `; by class: ${[...byClass].map(([k, n]) => `${k} ${n}`).join(', ')}` : '');
      expect(t.failures, t.failures.join('\n')).toEqual([]);
    }, 3_600_000);
  }

  it('every allow-list entry is still needed', () => {
    const stale = allow.filter((e) => !used.has(e));
    expect(stale.map((e) => e.case ?? e.class), 'entries of yaml-allow.json no case needed: remove them').toEqual([]);
  });
});
