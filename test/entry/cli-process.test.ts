/** The built command as a process, the way people run it: in pipes. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../support/bundle.js';
import type { BuiltPackage } from '../support/bundle.js';

let pkg: BuiltPackage;
beforeAll(() => {
  pkg = buildPackage();
});
afterAll(() => pkg?.cleanup());

/** bash with pipefail: the status is the command's, not head's. */
function pipeline(script: string) {
  const env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, HOME: pkg.dir };
  return spawnSync('bash', ['-c', `set -o pipefail; ${script}`], { cwd: pkg.dir, env, encoding: 'utf8' });
}

describe('a reader that closes the pipe early', () => {
  it('`schema --stdout nodepool | head -1` ends quietly: no EPIPE, no stack trace, exit 0', () => {
    const r = pipeline('node dist/cli.js schema --stdout nodepool | head -1');
    expect(r.stdout).toBe('{\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
