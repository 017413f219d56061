/** The CLI in this process (src/entry/cli.ts's `main`) with its output captured, as a terminal would show it. */
import { main } from '../../src/entry/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written. */
  out: string;
}

/**
 * The bundled example repo declares two targets (staging, production): a cluster command on it needs one. These
 * tests drive one cluster, the production view (every pool), as POOL_RECONCILER_TARGET selects it; a repo without
 * targets ignores the variable, and a test may set it (or --target) otherwise.
 */
export const EXAMPLE_TARGET_ENV = { POOL_RECONCILER_TARGET: 'production' } as const;

export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  env = { ...EXAMPLE_TARGET_ENV, ...env };
  let stdout = '';
  let stderr = '';
  let out = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
      out += s;
    },
    stderr: (s) => {
      stderr += s;
      out += s;
    },
    isTTY: false,
    env,
  });
  return { code, stdout, stderr, out };
}
