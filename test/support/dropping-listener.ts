/**
 * A loopback TCP listener that takes each connection and drops it after a moment: every SSH host pointed at it fails
 * fast, and the listener counts how many connections were open at once (the SSH check's parallelism).
 */
import net from 'node:net';

export interface DroppingListener {
  port: number;
  /** Connections taken so far. */
  readonly total: number;
  /** The most connections open at once. */
  readonly peak: number;
  close(): void;
}

export async function startDroppingListener(holdMs = 20): Promise<DroppingListener> {
  let open = 0;
  let peak = 0;
  let total = 0;
  const server = net.createServer((s) => {
    open++;
    total++;
    peak = Math.max(peak, open);
    s.on('close', () => open--);
    s.on('error', () => {});
    setTimeout(() => s.destroy(), holdMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get total() {
      return total;
    },
    get peak() {
      return peak;
    },
    close: () => server.close(),
  };
}
