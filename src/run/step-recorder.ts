/**
 * What apply knows of each step while it runs: its status, writes and message, and the progress it has said. The
 * executors report to it (it is their StepSink); it emits one typed progress event per step, in plan order: steps
 * that run in parallel finish in any order, so their events are held back until every earlier step of the batch has
 * been said ([6/14] before [7/14]).
 */
import type { StepSink } from '../io/cluster/steps/index.js';
import type { ApplyProgress, AppliedStep } from '../plan/outcome.js';
import type { Plan } from '../plan/types.js';
import { progressLine } from '../report/apply.js';

/**
 * The plan's steps before any has run: one with nothing to do is unchanged from the start (a report-only one says
 * so), whether or not the run reaches it; only a step with a change is not run until it runs. So a run that stops
 * early (a failed step, a signal, the lock lost, a refused plan) never counts an unchanged step as not run.
 */
export function stepsBeforeRun(plan: Plan): AppliedStep[] {
  return plan.steps.map((s) => ({
    id: s.id,
    action: s.action,
    summary: s.summary,
    writes: 0,
    ...(s.action === 'unchanged' ? { status: 'unchanged' as const } : s.action === 'drift' ? { status: 'unchanged' as const, message: 'reported only (nodes: report-only)' } : { status: 'not-run' as const }),
  }));
}

export class StepRecorder implements StepSink {
  readonly steps: AppliedStep[];
  failedStep: number | undefined;
  private held: { order: number[]; said: Set<number>; next: number } | undefined;

  constructor(
    plan: Plan,
    private readonly out: {
      say: ((line: string) => void) & { redact(s: string): string };
      onStep?: (event: ApplyProgress) => void;
      signal?: AbortSignal;
      /** An error as the one sentence a step's message shows. */
      messageOf(err: unknown): string;
    },
  ) {
    this.steps = stepsBeforeRun(plan);
  }

  readonly say = (line: string): void => this.out.say(line);
  readonly interrupted = (): boolean => this.out.signal?.aborted === true;
  readonly stopped = (): boolean => this.failedStep !== undefined || this.interrupted();

  applied(i: number, r: { status: 'applied' | 'unchanged'; writes: number; message?: string }): void {
    this.steps[i].status = r.status;
    this.steps[i].writes += r.writes;
    if (r.message) this.steps[i].message = r.message;
    this.report(i);
  }

  incomplete(i: number, message: string, writes = 0): void {
    this.steps[i].status = 'incomplete';
    this.steps[i].writes += writes;
    this.steps[i].message = message;
    this.report(i);
  }

  fail(i: number, err: unknown, writes = 0): void {
    this.steps[i].status = 'failed';
    this.steps[i].writes += writes;
    this.steps[i].message = this.out.messageOf(err);
    this.failedStep = this.failedStep === undefined ? i : Math.min(this.failedStep, i);
    this.report(i);
  }

  note(i: number, writes: number, message?: string): void {
    this.steps[i].writes += writes;
    if (message !== undefined) this.steps[i].message = message;
  }

  message(i: number): string | undefined {
    return this.steps[i].message;
  }

  /** A step that needs nothing done (unchanged, or only reported: `nodes: report-only`): said in its turn. */
  skip(i: number): void {
    this.emit(i);
  }

  /** Runs `batch` with its steps' events held back until they can be said in plan order. */
  async inOrder(indices: number[], batch: () => Promise<void>): Promise<void> {
    this.held = { order: indices, said: new Set(), next: 0 };
    try {
      await batch();
    } finally {
      // A step that never ran leaves a gap: say the ones after it that did finish, still in order.
      const h = this.held;
      this.held = undefined;
      for (const k of h.order.slice(h.next).filter((x) => h.said.has(x))) this.emit(k);
    }
  }

  private report(i: number): void {
    const h = this.held;
    if (!h) {
      this.emit(i);
      return;
    }
    h.said.add(i);
    while (h.next < h.order.length && h.said.has(h.order[h.next])) this.emit(h.order[h.next++]);
  }

  private emit(i: number): void {
    const r = this.steps[i];
    if (r.status === 'not-run') return;
    const redact = this.out.say.redact;
    const event: ApplyProgress = { index: i + 1, total: this.steps.length, status: r.status, id: r.id, summary: redact(r.summary), writes: r.writes, ...(r.message !== undefined ? { message: redact(r.message) } : {}) };
    this.out.onStep?.(event);
    const line = progressLine(event);
    if (line) this.out.say(line);
  }
}
