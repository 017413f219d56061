/**
 * A real OpenSSH sshd for tests (and the SSH benchmark), on loopback, with generated keys.
 *
 * One sshd process listens on three ports:
 * - `port`: a normal login (the user's own shell);
 * - `noPythonPort`: a `Match LocalPort` block with a ForceCommand that runs the requested command with PATH set to a
 *   directory holding only `hostname`, so python3 is really absent for that session;
 * - `hangPort`: every command is replaced by `sleep 3`, for the per-host timeout after login.
 *
 * Where /usr/sbin/sshd is not installed (and CI is not "true"), ssh2's own Server stands in with the same ports
 * and `kind: 'ssh2-standin'`; the run's closing summary says which server the SSH tests ran against, and how often
 * (test/support/run-notices.ts). Under CI=true a missing sshd is an error.
 *
 * No vitest import here: the benchmark uses this file too.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { RUN_NOTICES_FORCE, recordRunNotice } from './run-notices.js';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface GeneratedKey {
  /** Private key text (RSA as PKCS#1 PEM, like Secret nodepool-builder-ssh-key; others OpenSSH format). */
  privateKey: string;
  /** authorized_keys line. */
  publicKey: string;
}

export interface TestSshd {
  kind: 'openssh' | 'ssh2-standin';
  host: '127.0.0.1';
  /** Normal login. */
  port: number;
  /** python3 is not on PATH here. */
  noPythonPort: number;
  /** Logins work, but every command hangs (sleeps 3 s). */
  hangPort: number;
  /** The login user (the current user). */
  user: string;
  /** The server's host key, as `ssh-ed25519 AAAA...`. */
  hostPublicKey: string;
  /** Its second host key, as `ssh-rsa AAAA...` (the server prefers neither; clients choose). */
  hostRsaPublicKey: string;
  /** Authorized user key. */
  userKey: GeneratedKey;
  /** A valid key that is not authorized. */
  otherKey: GeneratedKey;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA...` for a port (default: `port`). */
  knownHostsLine(port?: number): string;
  /** Recent sshd log lines (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  /** sshd MaxStartups (default "100:30:200"), for many connections at once. */
  maxStartups?: string;
  /** sshd MaxSessions (default 20). */
  maxSessions?: number;
}

export function haveOpenSsh(): boolean {
  return existsSync(SSHD_PATH);
}

/** Starts sshd (or the stand-in). Call `stop()` when done. */
export async function startSshd(options: StartSshdOptions = {}): Promise<TestSshd> {
  // POOL_RECONCILER_TEST_SSHD=standin tries the stand-in on a machine that has sshd (not allowed under CI=true).
  const forceStandIn = process.env.POOL_RECONCILER_TEST_SSHD === 'standin' && process.env.CI !== 'true';
  if (haveOpenSsh() && !forceStandIn) {
    const sshd = await startOpenSsh(options);
    recordRunNotice({ topic: 'ssh', what: 'openssh' });
    return sshd;
  }
  if (process.env.CI === 'true') {
    throw new Error(`${SSHD_PATH} is required under CI=true: apt-get install -y openssh-server`);
  }
  const standIn = await startStandIn();
  recordRunNotice({ topic: 'ssh', what: forceStandIn ? `${RUN_NOTICES_FORCE}=standin` : `${SSHD_PATH} is not installed` });
  return standIn;
}

// ---------------------------------------------------------------------------------------------------------------
// keys

function haveSshKeygen(): boolean {
  return spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;
}

function generateKey(dir: string, name: string, type: 'ed25519' | 'rsa'): GeneratedKey {
  const file = path.join(dir, name);
  if (haveSshKeygen()) {
    const args = ['-q', '-t', type, '-N', '', '-C', name, '-f', file];
    if (type === 'rsa') args.push('-b', '2048', '-m', 'PEM');
    const r = spawnSync('ssh-keygen', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
    return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
  }
  const kp =
    type === 'rsa'
      ? ssh2.utils.generateKeyPairSync('rsa', { bits: 2048, comment: name })
      : ssh2.utils.generateKeyPairSync('ed25519', { comment: name });
  writeFileSync(file, kp.private, { mode: 0o600 });
  writeFileSync(`${file}.pub`, kp.public + '\n');
  return { privateKey: kp.private, publicKey: kp.public.trim() };
}

function keyBody(publicKey: string): string {
  return publicKey.split(/\s+/).slice(0, 2).join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// ports

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when something on host:port sends an SSH banner. */
async function waitForBanner(port: number, deadline: number, alive: () => string | undefined): Promise<void> {
  for (;;) {
    const dead = alive();
    if (dead !== undefined) throw new Error(dead);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ host: '127.0.0.1', port });
      const done = (v: boolean): void => {
        sock.destroy();
        resolve(v);
      };
      sock.setTimeout(500, () => done(false));
      sock.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
      sock.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`no SSH banner on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// OpenSSH

async function startOpenSsh(options: StartSshdOptions): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-sshd-'));
  try {
    const hostKey = generateKey(dir, 'ssh_host_ed25519_key', 'ed25519');
    const hostRsaKey = generateKey(dir, 'ssh_host_rsa_key', 'rsa');
    const userKey = generateKey(dir, 'user_rsa', 'rsa');
    const otherKey = generateKey(dir, 'other_ed25519', 'ed25519');
    writeFileSync(path.join(dir, 'authorized_keys'), userKey.publicKey + '\n');

    // The no-python session: PATH holds only `hostname`.
    const binDir = path.join(dir, 'nopython-bin');
    mkdirSync(binDir);
    const hostnameBin = ['/usr/bin/hostname', '/bin/hostname'].find((p) => existsSync(p));
    if (hostnameBin) symlinkSync(hostnameBin, path.join(binDir, 'hostname'));
    const forceScript = path.join(dir, 'nopython.sh');
    writeFileSync(forceScript, `exec /usr/bin/env -i PATH=${binDir} /bin/sh -c "$SSH_ORIGINAL_COMMAND"\n`);

    if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

    const user = os.userInfo().username;
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      let noPythonPort = await freePort();
      while (noPythonPort === port) noPythonPort = await freePort();
      let hangPort = await freePort();
      while (hangPort === port || hangPort === noPythonPort) hangPort = await freePort();
      const configFile = path.join(dir, 'sshd_config');
      const lines = [
        `ListenAddress 127.0.0.1:${port}`,
        `ListenAddress 127.0.0.1:${noPythonPort}`,
        `ListenAddress 127.0.0.1:${hangPort}`,
        `HostKey ${path.join(dir, 'ssh_host_ed25519_key')}`,
        `HostKey ${path.join(dir, 'ssh_host_rsa_key')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UseDNS no',
        'PrintMotd no',
        'PrintLastLog no',
        `MaxStartups ${options.maxStartups ?? '100:30:200'}`,
        `MaxSessions ${options.maxSessions ?? 20}`,
        'LoginGraceTime 30',
        'LogLevel VERBOSE',
        // A top-level bash started by sshd reads ~/.bashrc; with SHLVL already set it does not. This keeps the
        // sessions independent of this machine's dotfiles (and cheap): PATH is sshd's default.
        'SetEnv SHLVL=1',
        // OpenSSH >= 9.8 penalizes sources that fail to log in; tests fail logins on purpose.
        'PerSourcePenalties no',
        `Match LocalPort ${noPythonPort}`,
        `    ForceCommand /bin/sh ${forceScript}`,
        `Match LocalPort ${hangPort}`,
        '    ForceCommand exec sleep 3',
      ];
      writeFileSync(configFile, lines.join('\n') + '\n');
      let t = spawnSync(SSHD_PATH, ['-t', '-f', configFile], { encoding: 'utf8' });
      if (t.status !== 0 && /PerSourcePenalties/.test(t.stderr)) {
        writeFileSync(configFile, lines.filter((l) => !l.startsWith('PerSourcePenalties')).join('\n') + '\n');
        t = spawnSync(SSHD_PATH, ['-t', '-f', configFile], { encoding: 'utf8' });
      }
      if (t.status !== 0) throw new Error(`sshd -t rejected the test config: ${t.stderr.trim()}`);

      const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      const logLines: string[] = [];
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (d: string) => {
        logLines.push(...d.split('\n').filter(Boolean));
        if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
      });
      let exited: string | undefined;
      child.on('exit', (code, sig) => {
        exited = `sshd exited (${code ?? sig}): ${logLines.slice(-5).join(' | ')}`;
      });
      child.on('error', (e) => {
        exited = `sshd did not start: ${e.message}`;
      });
      try {
        const deadline = Date.now() + 10_000;
        await waitForBanner(port, deadline, () => exited);
        await waitForBanner(noPythonPort, deadline, () => exited);
        await waitForBanner(hangPort, deadline, () => exited);
      } catch (e) {
        lastError = (e as Error).message;
        await killChild(child);
        continue; // most likely a port taken between freePort() and bind: try again
      }
      const hostPublicKey = keyBody(hostKey.publicKey);
      return {
        kind: 'openssh',
        host: '127.0.0.1',
        port,
        noPythonPort,
        hangPort,
        user,
        hostPublicKey,
        hostRsaPublicKey: keyBody(hostRsaKey.publicKey),
        userKey,
        otherKey,
        knownHostsLine: (p = port) => `[127.0.0.1]:${p} ${hostPublicKey}`,
        log: () => logLines.join('\n'),
        stop: async () => {
          await killChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    throw new Error(`could not start sshd: ${lastError}`);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
    }, 3000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// ssh2 stand-in (only where OpenSSH is not installed, never under CI=true)

async function startStandIn(): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-sshd-'));
  const hostKey = generateKey(dir, 'ssh_host_ed25519_key', 'ed25519');
  const hostRsaKey = generateKey(dir, 'ssh_host_rsa_key', 'rsa');
  const userKey = generateKey(dir, 'user_rsa', 'rsa');
  const otherKey = generateKey(dir, 'other_ed25519', 'ed25519');
  const user = os.userInfo().username;
  const authorized = ssh2.utils.parseKey(userKey.publicKey);
  if (authorized instanceof Error) throw authorized;
  const logLines: string[] = [];
  const servers: ssh2.Server[] = [];

  const makeServer = (mode: 'normal' | 'nopython' | 'hang'): ssh2.Server =>
    new ssh2.Server({ hostKeys: [hostKey.privateKey, hostRsaKey.privateKey] }, (client) => {
      client.on('error', () => {});
      client.on('authentication', (ctx) => {
        if (ctx.method !== 'publickey' || ctx.username !== user) return ctx.reject(['publickey']);
        if (ctx.key.algo !== authorized.type && !(authorized.type === 'ssh-rsa' && /^rsa-sha2-/.test(ctx.key.algo))) {
          return ctx.reject(['publickey']);
        }
        if (!authorized.getPublicSSH().equals(ctx.key.data)) return ctx.reject(['publickey']);
        if (ctx.signature && ctx.blob) {
          const ok = authorized.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
          return ok ? ctx.accept() : ctx.reject(['publickey']);
        }
        return ctx.accept();
      });
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          if (mode === 'hang') return;
          const env = mode === 'nopython' ? { PATH: path.join(dir, 'nopython-bin') } : process.env;
          const child = spawn('/bin/sh', ['-c', info.command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout.on('data', (d: Buffer) => stream.write(d));
          child.stderr.on('data', (d: Buffer) => stream.stderr.write(d));
          child.on('close', (code) => {
            stream.exit(code ?? 1);
            stream.end();
          });
        });
      });
    });

  mkdirSync(path.join(dir, 'nopython-bin'));
  const hostnameBin = ['/usr/bin/hostname', '/bin/hostname'].find((p) => existsSync(p));
  if (hostnameBin) symlinkSync(hostnameBin, path.join(dir, 'nopython-bin', 'hostname'));

  const listen = (srv: ssh2.Server): Promise<number> =>
    new Promise((resolve, reject) => {
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        resolve(typeof addr === 'object' && addr ? addr.port : 0);
      });
    });
  const main = makeServer('normal');
  const nopy = makeServer('nopython');
  const hang = makeServer('hang');
  servers.push(main, nopy, hang);
  const port = await listen(main);
  const noPythonPort = await listen(nopy);
  const hangPort = await listen(hang);
  const hostPublicKey = keyBody(hostKey.publicKey);
  return {
    kind: 'ssh2-standin',
    host: '127.0.0.1',
    port,
    noPythonPort,
    hangPort,
    user,
    hostPublicKey,
    hostRsaPublicKey: keyBody(hostRsaKey.publicKey),
    userKey,
    otherKey,
    knownHostsLine: (p = port) => `[127.0.0.1]:${p} ${hostPublicKey}`,
    log: () => logLines.join('\n'),
    stop: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
