/**
 * Mutation fuzzing of every conformance config and every file of the example repo: no uncaught exception,
 * and every rejected mutant gets a diagnostic that points inside its file. A hang fails the test at its timeout;
 * how long a mutant takes is measured by `npm run bench` (bench/hostile.ts), not asserted here.
 * 5,000 mutants per run with a fixed seed; FUZZ_MUTANTS=N (and FUZZ_SEED) for a larger run (`npm run test:soak`).
 */
import { describe, expect, it } from 'vitest';
import { fuzzSeeds, nextMutant, rng, validateMutant } from '../support/fuzz.js';
import { requireShared } from '../support/shared.js';

const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

const seeds = fuzzSeeds(requireShared('fuzzing the conformance corpus'));

describe('fuzzed configs', () => {
  it(`${MUTANTS} mutants: no crash, every error points inside its file`, () => {
    const random = rng(SEED);
    let rejected = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const { seed, source } = nextMutant(seeds, n, random);
      let result;
      try {
        result = validateMutant(seed, source);
      } catch (err) {
        throw new Error(`mutant ${n} of ${seed.name} (seed ${SEED}) crashed: ${(err as Error).stack}\n--- text ---\n${source.text}`, { cause: err });
      }
      const lineCount = source.lineStarts.length;
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) rejected++;
      for (const d of result.diagnostics) {
        const ok = d.file === seed.name && d.line >= 1 && d.line <= lineCount && d.column >= 1 && d.message.length > 0 && d.rule.includes('/');
        if (!ok) throw new Error(`mutant ${n} of ${seed.name}: diagnostic outside the file: ${JSON.stringify(d)}\n--- text ---\n${source.text}`);
      }
    }
    // Most mutants break something; the run must have exercised the error paths.
    expect(rejected).toBeGreaterThan(MUTANTS / 4);
  }, 600_000);
});
