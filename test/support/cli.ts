/** The CLI in this process (src/entry/cli.ts's `main`) with its output captured, as a terminal would show it. */
import { main } from '../../src/entry/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written. */
  out: string;
}

export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
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
