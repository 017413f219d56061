// The pods/exec WebSocket stream of the loopback API server: channel protocol v4/v5.channel.k8s.io.
// Channel byte first: 0 stdin, 1 stdout, 2 stderr, 3 status (a JSON Status without kind/apiVersion),
// 255 close-stream (v5 only). The server writes its output, then the status, then closes.

import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

// `ws` ships no types and @types/ws is not installed: describe the part used here.
interface WsSocket {
  readonly protocol: string;
  readonly readyState: number;
  send(data: Buffer): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: WsSocket) => void): void;
  close(): void;
  readonly clients: Set<WsSocket>;
}

type WsServerCtor = new (options: {
  noServer: true;
  clientTracking: true;
  handleProtocols: (protocols: Set<string>, req: IncomingMessage) => string | false;
}) => WsServer;

const requireFromHere = createRequire(import.meta.url);

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ChannelProtocol = (typeof CHANNEL_PROTOCOLS)[number];

export interface ExecStreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export interface ExecOutput {
  stdout?: string | Uint8Array;
  stderr?: string | Uint8Array;
  status: ExecStreamStatus;
}

export function successStatus(): ExecStreamStatus {
  return { metadata: {}, status: 'Success' };
}

/** What the kubelet's stream server writes for a command that exited non-zero (CRI runtimes' wording). */
export function exitCodeStatus(command: string[], code: number): ExecStreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export function internalErrorStatus(err: string): ExecStreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${err}`,
    reason: 'InternalError',
    details: { causes: [{ message: err }] },
    code: 500,
  };
}

/** Picks the first protocol the client offers that the server supports (wsstream's handshake order). */
export function negotiate(header: string | undefined, supported: readonly string[]): string | undefined {
  const offered = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return offered.find((p) => supported.includes(p));
}

export class ExecStreams {
  private readonly wss: WsServer;
  private readonly chosen = new WeakMap<IncomingMessage, string>();

  constructor() {
    const { WebSocketServer } = requireFromHere('ws') as { WebSocketServer: WsServerCtor };
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: true,
      handleProtocols: (_offered, req) => this.chosen.get(req) ?? false,
    });
  }

  /**
   * Completes the upgrade with `protocol` and runs `run` (with stdin when requested on v5, which can
   * signal the end of stdin), then writes stdout, stderr and the status, and closes.
   */
  serve(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    protocol: string,
    wantStdin: boolean,
    run: (stdin: Buffer | undefined) => Promise<ExecOutput>,
    onError: (err: unknown) => void,
  ): void {
    this.chosen.set(req, protocol);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const chunks: Buffer[] = [];
      let started = false;
      const start = (): void => {
        if (started) return;
        started = true;
        run(wantStdin && protocol === 'v5.channel.k8s.io' ? Buffer.concat(chunks) : undefined)
          .then((out) => {
            if (ws.readyState !== 1) return;
            const send = (channel: number, data: string | Uint8Array | undefined): void => {
              if (data === undefined || data.length === 0) return;
              ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
            };
            send(1, out.stdout);
            send(2, out.stderr);
            send(3, JSON.stringify(out.status));
            ws.close(1000);
          })
          .catch((err: unknown) => {
            onError(err);
            ws.terminate();
          });
      };
      ws.on('error', onError);
      ws.on('message', (data) => {
        if (data.length === 0) return;
        if (data[0] === 0) chunks.push(data.subarray(1));
        else if (data[0] === 255 && data[1] === 0) start();
      });
      ws.on('close', () => start());
      if (!(wantStdin && protocol === 'v5.channel.k8s.io')) start();
    });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
