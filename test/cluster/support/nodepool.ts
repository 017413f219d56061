/**
 * Upstream Nodepool for the real-cluster tier, run as upstream runs it: ZooKeeper (Debian's `zookeeper` package,
 * TLS only, as Nodepool 11 requires and sf-operator deploys it) and `nodepool-launcher` from the oracle venv
 * (scripts/nodepool-oracle-venv.sh), with its webapp on a loopback port. The launcher reads the config file the
 * fixture's `generate-config.sh` writes (sf-operator's base config, then the repo's `nodepool/nodepool.yaml`) and
 * re-reads it on its own, as in a Software Factory pod.
 *
 * What the tests give it: a `static` provider whose nodes are a real OpenSSH sshd on loopback (the launcher
 * key-scans each static node over SSH before it registers it), and `fake` providers (Nodepool's own in-process fake
 * cloud), and, when asked, `nodepool-builder` building with upstream's own fake `dib-cmd` (the wheel's
 * tests/fake-image-create, named `%p/tests/fake-image-create` as upstream's CI does) and uploading to the fake cloud,
 * so that `image-list` and `dib-image-list` are real. What stands for Zuul is nodepool_requestor.py: it asks for nodes through ZooKeeper, and marks the nodes
 * it gets in-use, with Nodepool's own ZooKeeper module.
 *
 * Not part of the cluster: ZooKeeper and the launcher are processes of this machine, started here, not by the
 * launcher Deployment's KWOK pod; what links them to the cluster is the file the pod's `generate-config.sh` (run by
 * KWOK's exec on this machine) writes.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oraclePython } from '../../oracle/oracle-client.js';
import { freePort, startSshd } from '../../support/sshd.js';
import type { TestSshd } from '../../support/sshd.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Debian's ZooKeeper jar, and the Netty jars its TLS listener needs that its manifest does not name. */
const ZK_JAR = '/usr/share/java/zookeeper.jar';
const ZK_EXTRA_JARS = ['netty-codec.jar', 'netty-resolver.jar', 'netty-transport-native-unix-common.jar', 'slf4j-simple.jar'].map((j) => `/usr/share/java/${j}`);

/** Why upstream Nodepool cannot run here (empty: it can). */
export function realNodepoolProblems(): string[] {
  const problems: string[] = [];
  const has = (cmd: string, args: string[]): boolean => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(ZK_JAR) || !has('java', ['-version'])) problems.push(`ZooKeeper is not installed (${ZK_JAR} and java: apt-get install zookeeper)`);
  if (!oraclePython()) problems.push('the Nodepool venv is missing (scripts/nodepool-oracle-venv.sh)');
  if (!has('openssl', ['version'])) problems.push('openssl is missing (the ZooKeeper TLS certificates)');
  return problems;
}

export interface RealNodepool {
  /** The launcher webapp's base URL (`http://127.0.0.1:<port>`): `/label-list`, `/node-list`, ... under it. */
  apiUrl: string;
  /** The base config sf-operator's generate-config.sh writes before the repo's file. */
  baseConfig: string;
  /** The config file the launcher reads (the launcher container's /etc/nodepool/nodepool.yaml). */
  configPath: string;
  /** The config file the builder reads, when a builder runs. */
  builderConfigPath?: string;
  /** The sshd the static nodes are. */
  sshd: TestSshd;
  /** One of the webapp's lists, as JSON. */
  list(name: 'node-list' | 'label-list' | 'request-list' | 'image-list' | 'dib-image-list'): Promise<Array<Record<string, unknown>>>;
  /** Ask for nodes of `labels` as Zuul does and hold them in-use until `release()`. */
  holdNodes(labels: string[]): Promise<{ request: string; nodes: string[]; release(): Promise<void> }>;
  /** The last lines of the launcher's and ZooKeeper's logs. */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

export interface RealNodepoolOptions {
  /** A directory of the fixture's (TLS material, ZooKeeper's data, the logs). */
  dir: string;
  /** The launcher's config file (the one generate-config.sh writes); written here first from `repoConfig`. */
  configFile: string;
  /** The repo's nodepool.yaml text, for the launcher's first config (what sf-operator deployed). */
  repoConfig: (sshd: TestSshd) => string;
  /**
   * Also run nodepool-builder, on this config file (the builder container's /etc/nodepool/nodepool.yaml), first
   * written from the repo's nodepool-builder.yaml text (`repoConfig`).
   */
  builder?: { configFile: string; repoConfig: () => string };
  say?: (line: string) => void;
}

function tls(dir: string): { ca: string; serverPem: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const f = (n: string): string => path.join(dir, n);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=pool-reconciler-tier-zookeeper-ca');
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const n of ['server', 'client']) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${n}.key`), '-out', f(`${n}.csr`), '-subj', `/CN=${n}`);
    ssl('x509', '-req', '-in', f(`${n}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${n}.crt`), '-days', '2', '-extfile', f('san.ext'));
  }
  writeFileSync(f('server.pem'), readFileSync(f('server.key'), 'utf8') + readFileSync(f('server.crt'), 'utf8'));
  return { ca: f('ca.crt'), serverPem: f('server.pem'), cert: f('client.crt'), key: f('client.key') };
}

function logTo(child: ChildProcess, file: string): void {
  child.stdout?.on('data', (d: Buffer) => appendFileSync(file, d));
  child.stderr?.on('data', (d: Buffer) => appendFileSync(file, d));
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startRealNodepool(o: RealNodepoolOptions): Promise<RealNodepool> {
  const say = o.say ?? ((): void => undefined);
  const python = oraclePython();
  if (!python) throw new Error('the Nodepool venv is missing (scripts/nodepool-oracle-venv.sh)');
  mkdirSync(o.dir, { recursive: true });
  const zkLog = path.join(o.dir, 'zookeeper.log');
  const launcherLog = path.join(o.dir, 'launcher.log');
  const builderLog = path.join(o.dir, 'builder.log');
  let zkChild: ChildProcess | undefined;
  let launcher: ChildProcess | undefined;
  let builder: ChildProcess | undefined;
  let sshd: TestSshd | undefined;
  const logs = (lines = 40): string => [
    `--- nodepool-launcher\n${tail(launcherLog, lines)}`,
    ...(o.builder ? [`--- nodepool-builder\n${tail(builderLog, lines)}`] : []),
    `--- zookeeper\n${tail(zkLog, Math.ceil(lines / 2))}`,
  ].join('\n');
  try {
    sshd = await startSshd();
    const certs = tls(path.join(o.dir, 'tls'));

    // ZooKeeper, standalone, TLS only on a loopback port.
    const zkPort = await freePort();
    const zkConf = path.join(o.dir, 'zookeeper-conf');
    mkdirSync(zkConf, { recursive: true });
    mkdirSync(path.join(o.dir, 'zookeeper-data'), { recursive: true });
    writeFileSync(path.join(zkConf, 'zoo.cfg'), [
      'tickTime=2000',
      `dataDir=${path.join(o.dir, 'zookeeper-data')}`,
      `secureClientPort=${zkPort}`,
      'secureClientPortAddress=127.0.0.1',
      'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory',
      `ssl.keyStore.location=${certs.serverPem}`,
      'ssl.keyStore.type=PEM',
      `ssl.trustStore.location=${certs.ca}`,
      'ssl.trustStore.type=PEM',
      'admin.enableServer=false',
      '',
    ].join('\n'));
    const classpath = [zkConf, ZK_JAR, ...ZK_EXTRA_JARS.filter((j) => existsSync(j))].join(':');
    zkChild = spawn('java', ['-cp', classpath, `-Dzookeeper.log.dir=${o.dir}`, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', path.join(zkConf, 'zoo.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
    logTo(zkChild, zkLog);
    const zkStarted = Date.now();
    while (!(await tcpOpen(zkPort))) {
      if (zkChild.exitCode !== null) throw new Error(`ZooKeeper exited (${zkChild.exitCode})`);
      if (Date.now() - zkStarted > 60_000) throw new Error(`ZooKeeper does not listen on 127.0.0.1:${zkPort} after 60 s`);
      await sleep(200);
    }
    say(`ZooKeeper (TLS) on 127.0.0.1:${zkPort}`);

    // sf-operator's base config (generate-config.sh), with this machine's addresses and files.
    const webappPort = await freePort();
    const baseConfig = [
      '---',
      `webapp: {port: ${webappPort}, listen_address: 127.0.0.1}`,
      `zookeeper-servers: [{host: 127.0.0.1, port: ${zkPort}}]`,
      `zookeeper-tls: {ca: ${certs.ca}, cert: ${certs.cert}, key: ${certs.key}}`,
      `images-dir: ${path.join(o.dir, 'dib')}`,
      `build-log-dir: ${path.join(o.dir, 'builds', 'logs')}`,
      '',
    ].join('\n');
    mkdirSync(path.dirname(o.configFile), { recursive: true });
    for (const d of ['dib', path.join('builds', 'logs')]) mkdirSync(path.join(o.dir, d), { recursive: true });
    writeFileSync(o.configFile, baseConfig + o.repoConfig(sshd));

    // The fake driver is an OpenStack driver: its `cloud` must be in a clouds.yaml (it never connects).
    const clouds = path.join(o.dir, 'clouds.yaml');
    writeFileSync(clouds, 'clouds:\n  fake:\n    auth: {auth_url: "https://fake.invalid/v3", username: u, password: p, project_name: x}\n    region_name: fake-region\n');
    const script = `import sys; sys.argv = ['nodepool-launcher', '-f', '-c', sys.argv[1], '-p', sys.argv[2]]; from nodepool.cmd.launcher import main; main()`;
    launcher = spawn(python, ['-c', script, o.configFile, path.join(o.dir, 'launcher.pid')], {
      cwd: o.dir,
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: clouds, HOME: o.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logTo(launcher, launcherLog);
    const apiUrl = `http://127.0.0.1:${webappPort}`;
    const list = async (name: string): Promise<Array<Record<string, unknown>>> => {
      const res = await fetch(`${apiUrl}/${name}`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return (await res.json()) as Array<Record<string, unknown>>;
    };
    const started = Date.now();
    for (;;) {
      if (launcher.exitCode !== null) throw new Error(`nodepool-launcher exited (${launcher.exitCode})`);
      const ready = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
      if (ready && (await list('label-list').then((l) => l.length > 0, () => false))) break;
      if (Date.now() - started > 120_000) throw new Error(`nodepool-launcher is not ready after 120 s (${apiUrl}/ready)`);
      await sleep(500);
    }
    say(`nodepool-launcher ${python.includes('11.0.0') ? '11.0.0 ' : ''}ready, its webapp at ${apiUrl}`);

    // The builder: builds with its diskimages' dib-cmd and uploads to its providers, as in the builder pod.
    if (o.builder) {
      mkdirSync(path.dirname(o.builder.configFile), { recursive: true });
      writeFileSync(o.builder.configFile, baseConfig + o.builder.repoConfig());
      const builderScript = `import sys; sys.argv = ['nodepool-builder', '-f', '-c', sys.argv[1], '-p', sys.argv[2]]; from nodepool.cmd.builder import main; main()`;
      builder = spawn(python, ['-c', builderScript, o.builder.configFile, path.join(o.dir, 'builder.pid')], {
        cwd: o.dir,
        env: { ...process.env, OS_CLIENT_CONFIG_FILE: clouds, HOME: o.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      logTo(builder, builderLog);
      say('nodepool-builder started');
    }

    const zkHosts = `127.0.0.1:${zkPort}`;
    const running = { zk: zkChild, launcher, builder, sshd };
    const holders: ChildProcess[] = [];
    return {
      apiUrl,
      baseConfig,
      configPath: o.configFile,
      ...(o.builder ? { builderConfigPath: o.builder.configFile } : {}),
      sshd,
      list,
      async holdNodes(labels) {
        const child = spawn(python, [path.join(here, 'nodepool_requestor.py'), zkHosts, certs.ca, certs.cert, certs.key, ...labels], { stdio: ['pipe', 'pipe', 'pipe'] });
        holders.push(child);
        let err = '';
        child.stderr?.on('data', (d: Buffer) => {
          err += d.toString();
        });
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout?.on('data', (d: Buffer) => {
            out += d.toString();
            const nl = out.indexOf('\n');
            if (nl >= 0) resolve(out.slice(0, nl));
          });
          child.once('exit', (code) => reject(new Error(`the requestor exited (${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`)));
        });
        const got = JSON.parse(line) as { request?: string; nodes?: string[]; error?: string };
        if (got.error || !got.request || !got.nodes) throw new Error(`the requestor: ${got.error ?? line}`);
        return {
          request: got.request,
          nodes: got.nodes,
          release: async () => {
            const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
            child.stdin?.end();
            await done;
          },
        };
      },
      logs,
      async stop() {
        for (const h of holders) await stopChild(h);
        await stopChild(running.builder);
        await stopChild(running.launcher);
        await stopChild(running.zk);
        await running.sshd.stop();
      },
    };
  } catch (err) {
    const detail = logs();
    await stopChild(builder);
    await stopChild(launcher);
    await stopChild(zkChild);
    await sshd?.stop();
    throw new Error(`upstream Nodepool did not start: ${err instanceof Error ? err.message : String(err)}\n${detail}`, { cause: err });
  }
}
