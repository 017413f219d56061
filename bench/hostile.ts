/**
 * Hostile input: YAML (issue 9): time and memory until the clear error, for each case including the 100 MB file;
 * fuzzed configs (the fuzz test's mutants); hashed known_hosts × inventory hosts at the size limits, and the SSH
 * check's fan-out to 3,000 hosts (issue 16). The unit tests check that each ends in the right error with bounded
 * work; the times and their targets are here.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRepo } from '../src/config/repo.js';
import { validateRepo } from '../src/validate/index.js';
import { HOSTILE_CASES } from '../test/support/hostile.js';
import type { Figure } from './figures.js';
import { startDroppingListener } from '../test/support/dropping-listener.js';
import { generateKeyPairSync } from 'node:crypto';
import { MAX_HASH_WORK, MAX_KNOWN_HOSTS_LINES, hashKnownHostsName } from '../src/config/known-hosts.js';
import { MAX_INVENTORY_HOSTS } from '../src/validate/inventory.js';
import { DEFAULT_SSH_CONCURRENCY, checkImageBuilders } from '../src/io/ssh/check.js';
import { fuzzSeeds, nextMutant, rng, validateMutant } from '../test/support/fuzz.js';
import { sharedDir } from '../test/support/shared.js';

export async function benchHostile(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-bench-hostile-'));
  const figures: Figure[] = [];
  try {
    for (const c of HOSTILE_CASES) {
      const repo = path.join(dir, c.name.replace(/\W+/g, '-'));
      mkdirSync(path.join(repo, 'nodepool'), { recursive: true });
      const bytes = c.bytes();
      writeFileSync(path.join(repo, 'nodepool', 'nodepool.yaml'), bytes);
      globalThis.gc?.();
      const heap = process.memoryUsage().heapUsed;
      const started = performance.now();
      const result = validateRepo(loadRepo(repo));
      const ms = performance.now() - started;
      const grown = Math.max(0, process.memoryUsage().heapUsed - heap) / 1048576;
      const rule = result.diagnostics.find((d) => d.severity === 'error')?.rule ?? 'none';
      figures.push({ name: `${c.name} (${(bytes.length / 1048576).toFixed(1)} MB) → ${rule} (target < 10,000)`, value: ms, unit: 'ms', note: `heap +${grown.toFixed(1)} MB` });
    }
    figures.push(...benchFuzz());
    figures.push(...benchKnownHosts(dir));
    figures.push(await benchFanOut());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJU0D27j6qO0pPPj81nJSg+346ZkgNfB5IB68hQe0Ova';

function inventory(n: number): string {
  return `all:\n  hosts:\n${Array.from({ length: n }, (_, i) => `    b${i}:\n      ansible_host: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n      ansible_user: nodepool\n`).join('')}`;
}

const FUZZ_MUTANTS = 2_000;

/** The fuzz test's mutants (its seed, its first 2,000): the mean and the slowest mutant's time to validate. */
function benchFuzz(): Figure[] {
  const seeds = fuzzSeeds(sharedDir());
  const random = rng(20261121);
  let total = 0;
  let slowest = 0;
  for (let n = 0; n < FUZZ_MUTANTS; n++) {
    const { seed, source } = nextMutant(seeds, n, random);
    const started = performance.now();
    validateMutant(seed, source);
    const ms = performance.now() - started;
    total += ms;
    slowest = Math.max(slowest, ms);
  }
  const from = `${FUZZ_MUTANTS.toLocaleString('en-US')} mutants of ${seeds.length} configs`;
  return [
    { name: `fuzzed configs, ${from}: mean per mutant (target < 20)`, value: total / FUZZ_MUTANTS, unit: 'ms' },
    { name: `fuzzed configs, ${from}: slowest mutant (target < 2,000)`, value: slowest, unit: 'ms' },
  ];
}

/** Hashed known_hosts (a salt per line, as `ssh-keygen -H` writes) × inventory hosts, at the limits. */
function benchKnownHosts(dir: string): Figure[] {
  const out: Figure[] = [];
  const cases: Array<[string, number, number]> = [
    [`hashed known_hosts ${MAX_KNOWN_HOSTS_LINES.toLocaleString('en-US')} lines × ${MAX_INVENTORY_HOSTS.toLocaleString('en-US')} hosts (the limits)`, MAX_KNOWN_HOSTS_LINES, MAX_INVENTORY_HOSTS],
    [`hashed known_hosts ${Math.floor(MAX_HASH_WORK / MAX_INVENTORY_HOSTS)} lines × ${MAX_INVENTORY_HOSTS.toLocaleString('en-US')} hosts (the most HMACs allowed)`, Math.floor(MAX_HASH_WORK / MAX_INVENTORY_HOSTS), MAX_INVENTORY_HOSTS],
  ];
  for (const [name, lines, hosts] of cases) {
    const repo = path.join(dir, `known-hosts-${lines}-${hosts}`);
    mkdirSync(path.join(repo, 'nodepool', 'dib-ansible'), { recursive: true });
    const kh = Array.from({ length: lines }, (_, i) => `${hashKnownHostsName(`other-${i}.example.org`)} ${KEY}`).join('\n') + '\n';
    writeFileSync(path.join(repo, 'nodepool', 'dib-ansible', 'known_hosts'), kh);
    writeFileSync(path.join(repo, 'nodepool', 'dib-ansible', 'inventory.yaml'), inventory(hosts));
    const started = performance.now();
    const result = validateRepo(loadRepo(repo));
    const ms = performance.now() - started;
    const rule = result.diagnostics.find((d) => d.rule.startsWith('known-hosts/') && d.severity === 'error')?.rule ?? 'looked up';
    out.push({ name: `${name} (${(kh.length / 1048576).toFixed(1)} MB) → ${rule} (target < 3,000)`, value: ms, unit: 'ms' });
  }
  return out;
}

/** The SSH check to 3,000 hosts: a loopback listener that takes each connection and drops it; the peak kept open. */
async function benchFanOut(): Promise<Figure> {
  const listener = await startDroppingListener();
  const port = listener.port;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  try {
    const hosts = Array.from({ length: 3_000 }, (_, i) => ({ name: `b${i}`, address: '127.0.0.1', port, user: 'nodepool' }));
    const started = performance.now();
    const report = await checkImageBuilders(hosts, { privateKey, knownHosts: '', connectTimeoutMs: 10_000, timeoutMs: 20_000 });
    const ms = performance.now() - started;
    const emfile = report.results.filter((r) => /EMFILE|too many open files/i.test(r.cause ?? '')).length;
    return { name: `SSH check fan-out to 3,000 hosts (each connection dropped by the peer)`, value: ms, unit: 'ms', note: `at most ${listener.peak} open at once (limit ${DEFAULT_SSH_CONCURRENCY}); EMFILE: ${emfile}` };
  } finally {
    listener.close();
  }
}
