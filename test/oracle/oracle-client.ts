/**
 * The upstream Nodepool oracle (test/oracle/nodepool_oracle.py) as a long-lived child process: one JSON line per
 * config in, one verdict per line out.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonLinesChild } from './json-lines-child.js';

/** The Nodepool release the oracle runs (scripts/nodepool-oracle-venv.sh installs it). */
export const NODEPOOL_VERSION = process.env.NODEPOOL_VERSION ?? '11.0.0';

export interface Judgement {
  ok: boolean;
  error: string | null;
  line: number | null;
}

export interface OracleVerdict {
  verdict: 'valid' | 'invalid' | 'error';
  validate: Judgement;
  load: Judgement;
  error?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The venv's python, or undefined when the venv has not been created. */
export function oraclePython(): string | undefined {
  if (process.env.NODEPOOL_ORACLE_PYTHON) return process.env.NODEPOOL_ORACLE_PYTHON;
  const cache = process.env.POOL_RECONCILER_CACHE ?? path.join(homedir(), '.cache', 'pool-reconciler');
  const py = path.join(cache, `nodepool-venv-${NODEPOOL_VERSION}`, 'bin', 'python');
  return existsSync(py) && existsSync(path.join(cache, `nodepool-venv-${NODEPOOL_VERSION}`, '.installed')) ? py : undefined;
}

export class Oracle {
  private readonly child: JsonLinesChild<OracleVerdict>;

  constructor(python: string) {
    this.child = new JsonLinesChild(python, path.join(here, 'nodepool_oracle.py'), 'Nodepool', (error) => ({ verdict: 'error', error }) as OracleVerdict);
  }

  judge(text: string, env: Record<string, string>): Promise<OracleVerdict> {
    return this.child.request({ text, env });
  }

  close(): void {
    this.child.close();
  }
}
