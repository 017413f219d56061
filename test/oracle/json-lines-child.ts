/**
 * One Python oracle process spoken to in JSON lines: it first says `{"ready": true, …}`, then answers each request
 * `{"id": n, …}` with a line carrying the same id. Requests may overlap; an oracle that exits answers every pending
 * request with `failed(message)`. The Nodepool, YAML and Zuul oracles are this, each with its own script and answers.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export class JsonLinesChild<Answer, Ready = Record<string, unknown>> {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (v: Answer) => void>();
  private nextId = 1;
  private stderr = '';
  /** The oracle's ready line (its versions). */
  readonly ready: Promise<Ready>;

  constructor(python: string, script: string, what: string, failed: (message: string) => Answer) {
    this.child = spawn(python, [script], { env: { ...process.env, PYTHONUTF8: '1', PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    let resolveReady!: (v: Ready) => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((res, rej) => {
      resolveReady = res;
      rejectReady = rej;
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as Answer & { id?: number; ready?: boolean };
      if (msg.ready) return resolveReady(msg as unknown as Ready);
      const cb = this.pending.get(msg.id!);
      this.pending.delete(msg.id!);
      cb?.(msg);
    });
    this.child.on('exit', (code) => {
      const e = new Error(`the ${what} oracle exited (${code}): ${this.stderr}`);
      rejectReady(e);
      for (const cb of this.pending.values()) cb(failed(e.message));
      this.pending.clear();
    });
  }

  async request(body: Record<string, unknown>): Promise<Answer> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, ...body }) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
