/**
 * The upstream Nodepool oracle (test/oracle/nodepool_oracle.py) as a long-lived child process: one JSON line per
 * config in, one verdict per line out.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (v: OracleVerdict) => void>();
  private nextId = 1;
  private readonly ready: Promise<void>;
  private stderr = '';

  constructor(python: string) {
    this.child = spawn(python, [path.join(here, 'nodepool_oracle.py')], {
      env: { ...process.env, PYTHONUTF8: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    const lines = createInterface({ input: this.child.stdout });
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((res, rej) => {
      resolveReady = res;
      rejectReady = rej;
    });
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as OracleVerdict & { id?: number; ready?: boolean };
      if (msg.ready) return resolveReady();
      const cb = this.pending.get(msg.id!);
      this.pending.delete(msg.id!);
      cb?.(msg);
    });
    this.child.on('exit', (code) => {
      const e = new Error(`the Nodepool oracle exited (${code}): ${this.stderr}`);
      rejectReady(e);
      for (const cb of this.pending.values()) cb({ verdict: 'error', error: e.message } as OracleVerdict);
      this.pending.clear();
    });
  }

  async judge(text: string, env: Record<string, string>): Promise<OracleVerdict> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, text, env }) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
