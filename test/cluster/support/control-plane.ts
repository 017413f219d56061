/**
 * A real Kubernetes control plane for the tests, started and stopped by them: etcd, kube-apiserver (TLS with serving
 * certificates from a CA made here with the `openssl` CLI, RBAC and Node authorization, service-account tokens),
 * kube-controller-manager, kube-scheduler, and KWOK for the nodes (its stages make pods Running and Ready, its
 * ClusterExec makes `pods/exec` run a local command). Everything lives in one temporary directory; every process is
 * on a free loopback port; the logs are kept and shown when something fails.
 *
 * The binaries come from `scripts/build-control-plane.sh` (a cache outside the repo, keyed by version):
 * `POOL_RECONCILER_CONTROL_PLANE_BIN` names the directory, else the newest complete one under
 * `$POOL_RECONCILER_CACHE` (default `~/.cache/pool-reconciler`)/control-plane/. With
 * `POOL_RECONCILER_KUBECONFIG` (an admin kubeconfig of an existing cluster, e.g. kind's) nothing but KWOK is started
 * and the tests run against that cluster.
 */
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';

export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;

/** The annotation KWOK is told to manage nodes by. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.POOL_RECONCILER_CACHE ?? path.join(os.homedir(), '.cache', 'pool-reconciler');
}

/** The directory holding every binary, or undefined when none is complete. */
export function findBinaries(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const complete = (dir: string): boolean => BINARIES.every((b) => existsSync(path.join(dir, b)));
  if (env.POOL_RECONCILER_CONTROL_PLANE_BIN) {
    return complete(env.POOL_RECONCILER_CONTROL_PLANE_BIN) ? env.POOL_RECONCILER_CONTROL_PLANE_BIN : undefined;
  }
  const root = path.join(cacheDir(env), 'control-plane');
  if (!existsSync(root)) return undefined;
  const dirs = readdirSync(root)
    .map((k) => path.join(root, k, 'bin'))
    .filter(complete)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return dirs[0];
}

/** `kwok` only (for an external cluster). */
export function findKwok(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POOL_RECONCILER_KWOK && existsSync(env.POOL_RECONCILER_KWOK)) return env.POOL_RECONCILER_KWOK;
  const dir = findBinaries(env);
  if (dir) return path.join(dir, 'kwok');
  const root = path.join(cacheDir(env), 'control-plane');
  if (!existsSync(root)) return undefined;
  for (const k of readdirSync(root)) {
    const p = path.join(root, k, 'bin', 'kwok');
    if (existsSync(p)) return p;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// Certificates, with the openssl CLI

export interface Pki {
  dir: string;
  caCrt: string;
  caKey: string;
  /** PEM of the CA certificate. */
  caPem: string;
  servingCrt: string;
  servingKey: string;
  saKey: string;
  saPub: string;
  client(name: string): { crt: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a serving certificate for 127.0.0.1/localhost/kubernetes, client certificates, a service-account key pair. */
export function makePki(dir: string, clients: Record<string, { cn: string; o?: string }>): Pki {
  mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3', '-subj', '/CN=pool-reconciler-test-ca'], dir);
  const sign = (name: string, subj: string, ext: string): void => {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '3', '-extfile', `${name}.ext`], dir);
  };
  sign('serving', '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' +
    'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  for (const [name, c] of Object.entries(clients)) {
    sign(name, `${c.o ? `/O=${c.o}` : ''}/CN=${c.cn}`, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  }
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const p = (f: string): string => path.join(dir, f);
  return {
    dir,
    caCrt: p('ca.crt'),
    caKey: p('ca.key'),
    caPem: readFileSync(p('ca.crt'), 'utf8'),
    servingCrt: p('serving.crt'),
    servingKey: p('serving.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    client: (name) => ({ crt: p(`${name}.crt`), key: p(`${name}.key`) }),
  };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A kubeconfig with the CA inline and either a client certificate (inline) or a bearer token. */
export function kubeconfigYaml(server: string, caPem: string, user: { certFile?: string; keyFile?: string; token?: string }, namespace = 'default'): string {
  const auth = user.token !== undefined
    ? `    token: ${user.token}\n`
    : `    client-certificate-data: ${b64(readFileSync(user.certFile ?? '', 'utf8'))}\n    client-key-data: ${b64(readFileSync(user.keyFile ?? '', 'utf8'))}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- name: pool-reconciler-test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(caPem)}
users:
- name: user
  user:
${auth}contexts:
- name: test
  context:
    cluster: pool-reconciler-test
    user: user
    namespace: ${namespace}
current-context: test
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

export interface ControlPlane {
  /** `https://127.0.0.1:<port>` (or the external cluster's server). */
  url: string;
  /** CA of the API server's serving certificate. */
  caPem: string;
  /** An admin (system:masters) kubeconfig, as text and as a file. */
  adminKubeconfig: string;
  adminKubeconfigFile: string;
  /** `/version` of the API server. */
  version: { gitVersion: string; major: string; minor: string };
  /** The temporary directory of this control plane. */
  dir: string;
  /** The node IP KWOK gives its nodes (the API server dials it for exec). */
  nodeIp: string;
  /** Whether this is an external cluster (POOL_RECONCILER_KUBECONFIG). */
  external: boolean;
  /** The harness's own CA and a serving certificate for 127.0.0.1 it signed (PEM), for loopback servers of the tests. */
  pki: { caPem: string; cert: string; key: string };
  /** The API server's audit log (JSON lines, Metadata level, requests of ServiceAccounts only); absent when external. */
  auditLog?: string;
  /** Stop the API server (SIGKILL: as a crash), and start it again on the same port. */
  killApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  /** The last lines of every component's log. */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Where the binaries are (default: findBinaries()). */
  binDir?: string;
  /** KWOK's configuration documents (Stages, ClusterExec, ...), YAML; written to its --config file. */
  kwokConfig: string;
  /** Extra environment for KWOK (its exec'd commands inherit it). Prepended to PATH: `pathPrepend`. */
  kwokEnv?: Record<string, string>;
  pathPrepend?: string;
  /** A command KWOK is run through (e.g. `unshare ... wrapper.sh`): KWOK's argv is appended to it. */
  kwokWrapper?: string[];
  /** Keep the directory after stop (for a person to look at). */
  keep?: boolean;
  /** Parent of the temporary directory (default the OS's). */
  tmpRoot?: string;
  /** Called with each line the harness says (default: nothing). */
  say?: (line: string) => void;
}

function startProc(name: string, bin: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Proc {
  const out: WriteStream = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: false });
  const proc: Proc = {
    name,
    child,
    log: logFile,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.on('error', (e) => out.write(`\n[harness] ${name} failed to start: ${e.message}\n`));
  return proc;
}

async function stopProc(p: Proc | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const done = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET over TLS with the CA and an admin client certificate (or a token); resolves status and body. */
export function httpsGet(url: string, opts: { caPem: string; cert?: string; key?: string; token?: string; timeoutMs?: number }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, {
      ca: opts.caPem,
      ...(opts.cert ? { cert: readFileSync(opts.cert), key: readFileSync(opts.key ?? '') } : {}),
      headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
      timeout: opts.timeoutMs ?? 2_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, procs: Proc[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const p of procs) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) while waiting for ${what}:\n${tail(p.log, 30)}`);
      }
    }
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(150);
  }
}

/**
 * Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK (or KWOK only, against the cluster
 * of POOL_RECONCILER_KUBECONFIG). Resolves once the API server is healthy, the controllers run and KWOK is up.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const say = options.say ?? ((): void => undefined);
  const dir = mkdtempSync(path.join(options.tmpRoot ?? os.tmpdir(), 'pool-reconciler-cp-'));
  const logDir = path.join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const procs: Proc[] = [];
  const byName = new Map<string, Proc>();
  const launch = (name: string, bin: string, args: string[], env?: NodeJS.ProcessEnv): Proc => {
    const p = startProc(name, bin, args, path.join(logDir, `${name}.log`), env);
    const i = procs.findIndex((x) => x.name === name);
    if (i >= 0) procs.splice(i, 1, p);
    else procs.push(p);
    byName.set(name, p);
    return p;
  };
  const logs = (lines = 40): string => procs.map((p) => `----- ${p.name} (${p.log}) -----\n${tail(p.log, lines)}`).join('\n');
  const stopAll = async (): Promise<void> => {
    for (const p of [...procs].reverse()) await stopProc(p);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const external = process.env.POOL_RECONCILER_KUBECONFIG;
    const nodeIp = process.env.POOL_RECONCILER_KWOK_NODE_IP ?? '127.0.0.1';
    const pki = makePki(path.join(dir, 'pki'), {
      admin: { cn: 'pool-reconciler-admin', o: 'system:masters' },
      'kube-controller-manager': { cn: 'system:kube-controller-manager' },
      'kube-scheduler': { cn: 'system:kube-scheduler' },
      kwok: { cn: 'kwok-controller', o: 'system:masters' },
      'apiserver-kubelet-client': { cn: 'kube-apiserver-kubelet-client', o: 'system:masters' },
    });

    let url: string;
    let caPem: string;
    let adminKubeconfig: string;
    let kwokKubeconfig: string;
    let apiserverArgs: string[] = [];
    let binDir = '';
    if (external) {
      adminKubeconfig = readFileSync(external, 'utf8');
      kwokKubeconfig = adminKubeconfig;
      const m = /server:\s*(\S+)/.exec(adminKubeconfig);
      url = m?.[1] ?? '';
      const ca = /certificate-authority-data:\s*(\S+)/.exec(adminKubeconfig);
      caPem = ca ? Buffer.from(ca[1], 'base64').toString('utf8') : '';
    } else {
      binDir = options.binDir ?? findBinaries() ?? '';
      if (!binDir) throw new Error('the control-plane binaries are missing: run scripts/build-control-plane.sh');
      const [etcdPort, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
      url = `https://127.0.0.1:${apiPort}`;
      caPem = pki.caPem;
      const admin = pki.client('admin');
      adminKubeconfig = kubeconfigYaml(url, caPem, { certFile: admin.crt, keyFile: admin.key });
      kwokKubeconfig = kubeconfigYaml(url, caPem, { certFile: pki.client('kwok').crt, keyFile: pki.client('kwok').key });

      say(`control plane: starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from ${binDir}`);
      const etcd = launch('etcd', path.join(binDir, 'etcd'), [
        '--name=default',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
        '--quota-backend-bytes=2147483648',
      ]);
      await waitFor('etcd', async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, 30_000, [etcd]);

      const kubeletClient = pki.client('apiserver-kubelet-client');
      // Who asked for what, as the API server authorized it: the requests of ServiceAccounts (the tool's).
      writeFileSync(path.join(dir, 'audit-policy.yaml'), `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: ["system:serviceaccounts"]
  namespaces: []
  omitManagedFields: true
- level: None
`);
      apiserverArgs = [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--tls-cert-file=${pki.servingCrt}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--client-ca-file=${pki.caCrt}`,
        '--authorization-mode=Node,RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--endpoint-reconciler-type=none',
        `--kubelet-client-certificate=${kubeletClient.crt}`,
        `--kubelet-client-key=${kubeletClient.key}`,
        '--kubelet-preferred-address-types=InternalIP',
        '--allow-privileged=true',
        '--profiling=false',
        '--enable-priority-and-fairness=false',
        `--audit-policy-file=${path.join(dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${path.join(logDir, 'audit.log')}`,
        '--audit-log-mode=blocking',
        '--audit-log-format=json',
        '--v=1',
      ];
      const api = launch('kube-apiserver', path.join(binDir, 'kube-apiserver'), apiserverArgs);
      await waitFor('kube-apiserver /readyz', async () => (await httpsGet(`${url}/readyz`, { caPem, cert: admin.crt, key: admin.key })).status === 200, 90_000, [etcd, api]);

      const componentKubeconfig = (name: string): string => {
        const c = pki.client(name);
        const f = path.join(dir, `${name}.kubeconfig`);
        writeFileSync(f, kubeconfigYaml(url, caPem, { certFile: c.crt, keyFile: c.key }));
        return f;
      };
      const kcmKc = componentKubeconfig('kube-controller-manager');
      launch('kube-controller-manager', path.join(binDir, 'kube-controller-manager'), [
        `--kubeconfig=${kcmKc}`,
        `--authentication-kubeconfig=${kcmKc}`,
        `--authorization-kubeconfig=${kcmKc}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        '--leader-elect=false',
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki.saKey}`,
        `--root-ca-file=${pki.caCrt}`,
        '--controllers=*,-node-ipam-controller,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller',
        '--concurrent-deployment-syncs=5',
        '--v=1',
      ]);
      const schedKc = componentKubeconfig('kube-scheduler');
      launch('kube-scheduler', path.join(binDir, 'kube-scheduler'), [
        `--kubeconfig=${schedKc}`,
        `--authentication-kubeconfig=${schedKc}`,
        `--authorization-kubeconfig=${schedKc}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${await freePort()}`,
        '--leader-elect=false',
        '--v=1',
      ]);
    }

    const adminKubeconfigFile = path.join(dir, 'admin.kubeconfig');
    writeFileSync(adminKubeconfigFile, adminKubeconfig, { mode: 0o600 });
    const kwokKcFile = path.join(dir, 'kwok.kubeconfig');
    writeFileSync(kwokKcFile, kwokKubeconfig, { mode: 0o600 });
    const kwokConfigFile = path.join(dir, 'kwok.yaml');
    writeFileSync(kwokConfigFile, options.kwokConfig);
    const kwokBin = external ? findKwok() : path.join(binDir, 'kwok');
    if (!kwokBin) throw new Error('kwok is missing: run scripts/build-control-plane.sh (or set POOL_RECONCILER_KWOK)');
    const kwokPort = await freePort();
    const kwokEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...(options.kwokEnv ?? {}),
      PATH: options.pathPrepend ? `${options.pathPrepend}${path.delimiter}${process.env.PATH ?? ''}` : (process.env.PATH ?? ''),
      HOME: path.join(dir, 'kwok-home'),
    };
    mkdirSync(path.join(dir, 'kwok-home'), { recursive: true });
    const wrap = options.kwokWrapper ?? [];
    const kwok = launch('kwok', wrap[0] ?? kwokBin, [...wrap.slice(1), ...(wrap.length ? [kwokBin] : []),
      `--kubeconfig=${kwokKcFile}`,
      `--config=${kwokConfigFile}`,
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      `--node-ip=${nodeIp}`,
      `--node-port=${kwokPort}`,
      `--server-address=${external ? '0.0.0.0' : '127.0.0.1'}:${kwokPort}`,
      `--tls-cert-file=${pki.servingCrt}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
    ], kwokEnv);
    await waitFor('kwok', async () => {
      const r = await httpsGet(`https://127.0.0.1:${kwokPort}/healthz`, { caPem: pki.caPem });
      return r.status === 200;
    }, 30_000, [kwok]);

    const admin = pki.client('admin');
    const getJson = async (p: string): Promise<unknown> => {
      const r = external
        ? await httpsGetWithKubeconfig(url, p, adminKubeconfig)
        : await httpsGet(`${url}${p}`, { caPem, cert: admin.crt, key: admin.key });
      if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${r.body.slice(0, 200)}`);
      return JSON.parse(r.body) as unknown;
    };
    const version = (await getJson('/version')) as ControlPlane['version'];
    if (!external) {
      // The controllers are up when the service-account controller has made `default` in kube-system.
      await waitFor('kube-controller-manager (ServiceAccount default)', async () => {
        await getJson('/api/v1/namespaces/kube-system/serviceaccounts/default');
        return true;
      }, 60_000, procs);
    }

    const cp: ControlPlane = {
      url,
      caPem,
      adminKubeconfig,
      adminKubeconfigFile,
      version,
      dir,
      nodeIp,
      external: !!external,
      pki: { caPem: pki.caPem, cert: readFileSync(pki.servingCrt, 'utf8'), key: readFileSync(pki.servingKey, 'utf8') },
      ...(external ? {} : { auditLog: path.join(logDir, 'audit.log') }),
      async killApiServer() {
        if (external) throw new Error('cannot kill the API server of an external cluster');
        await stopProc(byName.get('kube-apiserver'), 'SIGKILL');
      },
      async startApiServer() {
        if (external) return;
        const p = launch('kube-apiserver', path.join(binDir, 'kube-apiserver'), apiserverArgs);
        await waitFor('kube-apiserver /readyz after a restart', async () => (await httpsGet(`${url}/readyz`, { caPem, cert: admin.crt, key: admin.key })).status === 200, 90_000, [p]);
      },
      logs,
      stop: stopAll,
    };
    return cp;
  } catch (err) {
    const detail = logs(25);
    await stopAll();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${detail}`, { cause: err });
  }
}

/** A GET with the credentials of a kubeconfig (token or client certificate data). */
async function httpsGetWithKubeconfig(server: string, p: string, kubeconfig: string): Promise<{ status: number; body: string }> {
  const pick = (k: string): string | undefined => new RegExp(`${k}:\\s*(\\S+)`).exec(kubeconfig)?.[1];
  const dec = (v: string | undefined): string | undefined => (v ? Buffer.from(v, 'base64').toString('utf8') : undefined);
  const caPem = dec(pick('certificate-authority-data')) ?? '';
  const cert = dec(pick('client-certificate-data'));
  const key = dec(pick('client-key-data'));
  const token = pick('token');
  return new Promise((resolve, reject) => {
    const req = https.get(`${server}${p}`, { ca: caPem, ...(cert && key ? { cert, key } : {}), headers: token ? { Authorization: `Bearer ${token}` } : {}, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
  });
}
