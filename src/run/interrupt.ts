/**
 * SIGINT (Ctrl-C, and what GitHub sends first when a job is cancelled) and SIGTERM (a cancelled deploy, a pod being
 * stopped): while an apply runs, the first one asks it to stop (no new write starts, the wait in progress ends, the
 * Lease is released, the outcome says what was applied and what was not); a second one exits at once.
 */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface Interrupt {
  signal: AbortSignal;
  /** Stop listening (the run is over). */
  dispose(): void;
}

export function listenForInterrupt(say: (line: string) => void): Interrupt {
  const controller = new AbortController();
  const handlers = new Map<InterruptSignal, () => void>();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(name === 'SIGTERM' ? 143 : 130);
      say(`${name}: stopping: no new write starts; the step in progress ends, the Lease is released, and what was applied is listed (${name} again to exit at once)`);
      controller.abort(name);
    };
    handlers.set(name, handler);
    process.on(name, handler);
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
