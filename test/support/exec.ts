/** An exec through client-node's Exec (the WebSocket channel protocol), its stdout, stderr and final Status captured. */
import { Writable } from 'node:stream';
import { Exec } from '@kubernetes/client-node';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';

export interface ExecCapture {
  stdout: string;
  stderr: string;
  status: V1Status;
}

export async function execCapture(kc: KubeConfig, namespace: string, pod: string, container: string, command: string[]): Promise<ExecCapture> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        into.push(Buffer.from(chunk));
        cb();
      },
    });
  const status = await new Promise<V1Status>((resolve, reject) => {
    new Exec(kc).exec(namespace, pod, container, command, sink(out), sink(err), null, false, resolve).catch(reject);
  });
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), status };
}
