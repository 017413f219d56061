/**
 * The image-builder inventory of sf-operator's dib-ansible (`nodepool/dib-ansible/inventory.yaml`): an Ansible YAML
 * inventory read the way Ansible's `yaml` inventory plugin reads it (groups with `hosts`, `children` and `vars`,
 * host ranges like `builder[01:03]`, variables inherited from `all` down through parent groups to the host), turned
 * into the list of image-builders the SSH check connects to.
 *
 * Also checks that each build playbook's `hosts:` pattern matches a host, and that `known_hosts` pins a host key for
 * each image-builder (the SSH check refuses unknown hosts).
 */
import type { RepoFile } from '../config/repo.js';
import { documentsOf } from '../config/repo.js';
import type { YMap, YNode } from '../config/yaml.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { DEFAULT_SSH_PORT, MAX_HASH_WORK, MAX_KNOWN_HOSTS_LINES, hashedSalts, hmacsComputed, parseKnownHosts, pinnedKeysFor } from '../config/known-hosts.js';

/** Image-builders read at most: a Nodepool builder has a handful; the SSH check opens a connection to each. */
export const MAX_INVENTORY_HOSTS = 5_000;
import type { ImageBuilderHost } from '../core/ssh-types.js';
import { isNull, posOf } from './k8s-yaml.js';
import { anything, object, report } from '../config/schema.js';
import type { CheckContext } from '../config/schema.js';

export const INVENTORY_RULE_PREFIX = 'inventory';

export interface InventoryHost extends ImageBuilderHost {
  name: string;
  /** `ansible_host` (or `ansible_ssh_host`), else the inventory name. */
  address: string;
  user?: string;
  port?: number;
  file: string;
  /** Where the host is first named in the inventory. */
  line: number;
  column: number;
  /** Groups the host belongs to (not `all`), sorted. */
  groups: string[];
  /** False when the address, port or user is unusable (an error was reported). */
  valid: boolean;
}

interface VarDef {
  node: YNode | null;
  /** Where the variable is set (its key), for messages. */
  keyOffset: number;
}

interface GroupInfo {
  name: string;
  vars: Map<string, VarDef>;
  hosts: Set<string>;
  children: Set<string>;
  parents: Set<string>;
}

interface HostInfo {
  name: string;
  vars: Map<string, VarDef>;
  groups: Set<string>;
  offset: number;
}

const groupSchema = object(
  { hosts: anything(), children: anything(), vars: anything() },
  {
    rejected: {
      host: 'Ansible reads `hosts:` (plural); with `host:` the hosts are skipped.',
      groups: 'Subgroups go under `children:`.',
      var: 'Group variables go under `vars:`.',
    },
  },
);

/** Ansible's host ranges: `www[01:50].example.com`, `db-[a:f]`, `[1:10:2]`. */
export function expandHostPattern(pattern: string): string[] | { error: string } {
  const m = /^(.*?)\[([^\]]*)\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head, range, tail] = m;
  const parts = range.split(':');
  if (parts.length < 2 || parts.length > 3) return { error: `host range [${range}] must be [start:end] or [start:end:step]` };
  const [beg, end, stepText] = parts;
  const step = stepText === undefined || stepText === '' ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) return { error: `host range [${range}] has a bad step` };
  const tails = expandHostPattern(tail);
  if (!Array.isArray(tails)) return tails;
  const names: string[] = [];
  if (/^[0-9]*$/.test(beg) && /^[0-9]+$/.test(end)) {
    const from = beg === '' ? 0 : Number(beg);
    const to = Number(end);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    if ((to - from) / step > 10_000) return { error: `host range [${range}] is too large` };
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
    for (let i = from; i <= to; i += step) {
      const n = width ? String(i).padStart(width, '0') : String(i);
      for (const t of tails) names.push(head + n + t);
    }
    return names;
  }
  if (/^[a-zA-Z]?$/.test(beg) && /^[a-zA-Z]$/.test(end)) {
    const from = (beg || 'a').charCodeAt(0);
    const to = end.charCodeAt(0);
    if (from > to) return { error: `host range [${range}] starts after it ends` };
    for (let c = from; c <= to; c += step) for (const t of tails) names.push(head + String.fromCharCode(c) + t);
    return names;
  }
  return { error: `host range [${range}] must be numeric ([01:10]) or alphabetic ([a:f])` };
}

const HOSTNAME_RE = /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return false;
  const dbl = s.split('::').length - 1;
  if (dbl > 1) return false;
  const groups = s.split(':').filter((g) => g !== '');
  if (!groups.every((g, i) => /^[0-9A-Fa-f]{1,4}$/.test(g) || (i === groups.length - 1 && IPV4_RE.test(g)))) return false;
  const width = groups.length + (IPV4_RE.test(groups[groups.length - 1] ?? '') ? 1 : 0);
  return dbl === 1 ? width < 8 : width === 8;
}

/** Why `address` cannot be given to ssh as a host, or undefined when it can. */
export function addressProblem(address: string): { message: string; hint: string } | undefined {
  if (address.trim() === '') return { message: 'is empty', hint: 'Set `ansible_host` to the image-builder\'s host name or IP address.' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    return { message: `${JSON.stringify(address)} is a URL, not a host`, hint: 'Give only the host name or IP address, without `ssh://` or any path.' };
  }
  if (address.endsWith('/')) {
    return { message: `${JSON.stringify(address)} ends with "/"`, hint: `Remove the trailing "/": ${JSON.stringify(address.replace(/\/+$/, ''))}.` };
  }
  if (/\s/.test(address)) return { message: `${JSON.stringify(address)} contains white space`, hint: 'Give one host name or IP address.' };
  if (address.includes('@')) {
    return { message: `${JSON.stringify(address)} contains a user ("user@host")`, hint: 'Put the user in `ansible_user` and only the host in `ansible_host`.' };
  }
  if (address.includes('/')) return { message: `${JSON.stringify(address)} contains "/"`, hint: 'Give only the host name or IP address.' };
  const hostPort = /^([^:]+):(\d+)$/.exec(address);
  if (hostPort) {
    return { message: `${JSON.stringify(address)} includes a port`, hint: `Set \`ansible_host: ${hostPort[1]}\` and \`ansible_port: ${hostPort[2]}\`.` };
  }
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (IPV4_RE.test(bare) || isIPv6(bare) || HOSTNAME_RE.test(address)) return undefined;
  return { message: `${JSON.stringify(address)} is not a host name or IP address`, hint: 'Host names use letters, digits, "-" and "."; check for typos.' };
}

function isTemplated(node: YNode | null): boolean {
  return !!node && node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('{{');
}

class InventoryReader {
  readonly groups = new Map<string, GroupInfo>();
  readonly hosts = new Map<string, HostInfo>();

  constructor(private readonly cx: CheckContext<typeof INVENTORY_RULE_PREFIX>) {
    this.group('all');
  }

  group(name: string): GroupInfo {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, vars: new Map(), hosts: new Set(), children: new Set(), parents: new Set() };
      this.groups.set(name, g);
    }
    return g;
  }

  readGroup(name: string, node: YNode | null, parent: string | undefined, depth: number): void {
    const g = this.group(name);
    if (parent && parent !== name) {
      this.group(parent).children.add(name);
      g.parents.add(parent);
    }
    if (isNull(node)) return;
    if (depth > 100) return;
    const cx = this.cx;
    if (node!.kind !== 'map') {
      report(cx, node!.offset, 'type', `group "${name}" must be a mapping (with \`hosts\`, \`children\`, \`vars\`), not ${node!.kind === 'seq' ? 'a list' : 'a single value'}`,
        'Ansible skips it, so its hosts are not image-builders.');
      return;
    }
    cx.where.push(`group "${name}"`);
    try {
      groupSchema.check(node, cx, [], node!.offset);
    } finally {
      cx.where.pop();
    }
    const map = node as YMap;
    const vars = map.byKey.get('vars');
    if (vars && !isNull(vars.value)) {
      if (vars.value.kind !== 'map') {
        report(cx, vars.value.offset, 'type', `\`vars\` of group "${name}" must be a mapping of variables`);
      } else {
        for (const p of vars.value.pairs) if (p.name !== undefined) g.vars.set(p.name, { node: p.value, keyOffset: p.key.offset });
      }
    }
    const hosts = map.byKey.get('hosts');
    if (hosts && !isNull(hosts.value)) {
      if (hosts.value.kind !== 'map') {
        report(cx, hosts.value.offset, 'type',
          `\`hosts\` of group "${name}" must be a mapping of host names (each with its variables), not ${hosts.value.kind === 'seq' ? 'a list' : 'a single value'}`,
          hosts.value.kind === 'seq' ? 'Write each host as a key: `hosts: {builder1: {ansible_host: ...}}`.' : undefined);
      } else {
        for (const p of hosts.value.pairs) {
          const pattern = p.key.kind === 'scalar' && p.key.value !== null ? String(p.key.value) : undefined;
          if (pattern === undefined) {
            report(cx, p.key.offset, 'type', `a host name in group "${name}" must be a string`);
            continue;
          }
          const names = expandHostPattern(pattern);
          if (!Array.isArray(names)) {
            report(cx, p.key.offset, 'value', `host ${JSON.stringify(pattern)}: ${names.error}`);
            continue;
          }
          let hostVars: YMap | undefined;
          if (!isNull(p.value)) {
            if (p.value.kind !== 'map') {
              report(cx, p.value.offset, 'type', `host "${pattern}" must have a mapping of variables (or nothing), not ${p.value.kind === 'seq' ? 'a list' : 'a single value'}`,
                'Write `ansible_host: ...` under the host name.');
            } else hostVars = p.value;
          }
          for (const hn of names) {
            let h = this.hosts.get(hn);
            if (!h) {
              h = { name: hn, vars: new Map(), groups: new Set(), offset: p.key.offset };
              this.hosts.set(hn, h);
            }
            h.groups.add(name);
            g.hosts.add(hn);
            if (hostVars) for (const v of hostVars.pairs) if (v.name !== undefined) h.vars.set(v.name, { node: v.value, keyOffset: v.key.offset });
          }
        }
      }
    }
    const children = map.byKey.get('children');
    if (children && !isNull(children.value)) {
      if (children.value.kind !== 'map') {
        report(cx, children.value.offset, 'type', `\`children\` of group "${name}" must be a mapping of group names`);
      } else {
        for (const p of children.value.pairs) {
          if (p.name === undefined) continue;
          this.readGroup(p.name, p.value, name, depth + 1);
        }
      }
    }
  }

  /** Depth of each group below `all` (longest path), and the groups in loops. */
  depths(): { depth: Map<string, number>; loops: string[] } {
    const depth = new Map<string, number>();
    const loops: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string): number => {
      if (name === 'all') return 0;
      const known = depth.get(name);
      if (known !== undefined) return known;
      if (visiting.has(name)) {
        loops.push(name);
        return 1;
      }
      visiting.add(name);
      const g = this.groups.get(name)!;
      let d = 1;
      for (const p of g.parents) d = Math.max(d, visit(p) + 1);
      visiting.delete(name);
      depth.set(name, d);
      return d;
    };
    for (const name of this.groups.keys()) visit(name);
    return { depth, loops };
  }

  /** All groups a host is in, with ancestors (not `all`). */
  ancestry(host: HostInfo): Set<string> {
    const out = new Set<string>();
    const stack = [...host.groups];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === 'all' || out.has(n)) continue;
      out.add(n);
      for (const p of this.groups.get(n)?.parents ?? []) stack.push(p);
    }
    return out;
  }

  /** A host's variables, with Ansible's precedence: all < shallower groups < deeper groups < host. */
  varsOf(host: HostInfo, depth: Map<string, number>): Map<string, VarDef> {
    const groups = [...this.ancestry(host)];
    const priority = (g: string): number => {
      const v = this.groups.get(g)?.vars.get('ansible_group_priority')?.node;
      return v && v.kind === 'scalar' && v.tag === 'int' ? (v.value as number) : 1;
    };
    groups.sort((a, b) => (depth.get(a)! - depth.get(b)!) || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0));
    const out = new Map<string, VarDef>(this.groups.get('all')!.vars);
    for (const g of groups) for (const [k, v] of this.groups.get(g)!.vars) out.set(k, v);
    for (const [k, v] of host.vars) out.set(k, v);
    return out;
  }

  /** Hosts of a group, including those of its children. */
  hostsOfGroup(name: string): Set<string> {
    if (name === 'all') return new Set(this.hosts.keys());
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = [name];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const g = this.groups.get(n);
      if (!g) continue;
      for (const h of g.hosts) out.add(h);
      for (const c of g.children) stack.push(c);
    }
    if (name === 'ungrouped') {
      for (const h of this.hosts.values()) if ([...h.groups].every((x) => x === 'all' || x === 'ungrouped')) out.add(h.name);
    }
    return out;
  }
}

function firstVar(vars: Map<string, VarDef>, ...names: string[]): { name: string; def: VarDef } | undefined {
  for (const n of names) {
    const def = vars.get(n);
    if (def) return { name: n, def };
  }
  return undefined;
}

function scalarText(node: YNode | null): string | undefined {
  if (node === null || node.kind !== 'scalar') return undefined;
  if (node.value === null) return '';
  if (typeof node.value === 'string' || typeof node.value === 'number') return String(node.value);
  return undefined;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const IMPLICIT_LOCALHOST = new Set(['localhost', '127.0.0.1', '::1']);

/** Hosts an Ansible `hosts:` pattern selects (`all`, groups, hosts, globs, `~regex`, `a:&b`, `a:!b`, `a,b`). */
export function matchHostPattern(pattern: string, inv: {
  hostNames: string[];
  groupNames: string[];
  hostsOfGroup: (g: string) => Set<string>;
}): Set<string> {
  const terms = pattern.includes(',')
    ? pattern.split(',')
    : isIPv6(pattern.trim())
      ? [pattern]
      : pattern.split(':');
  let result = new Set<string>();
  const one = (term: string): Set<string> => {
    const t = term.trim().replace(/\[[-0-9:]*\]$/, '');
    if (t === 'all' || t === '*') return new Set(inv.hostNames);
    const out = new Set<string>();
    if (t.startsWith('~')) {
      let re: RegExp;
      try {
        re = new RegExp(t.slice(1));
      } catch {
        return out;
      }
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
      return out;
    }
    if (inv.groupNames.includes(t)) for (const h of inv.hostsOfGroup(t)) out.add(h);
    if (inv.hostNames.includes(t)) out.add(t);
    if (out.size === 0 && /[*?]/.test(t)) {
      const re = globToRegExp(t);
      for (const g of inv.groupNames) if (re.test(g)) for (const h of inv.hostsOfGroup(g)) out.add(h);
      for (const h of inv.hostNames) if (re.test(h)) out.add(h);
    }
    if (out.size === 0 && IMPLICIT_LOCALHOST.has(t)) out.add(t);
    return out;
  };
  const ordered = [...terms.filter((x) => !/^\s*[!&]/.test(x)), ...terms.filter((x) => /^\s*&/.test(x)), ...terms.filter((x) => /^\s*!/.test(x))];
  for (const raw of ordered) {
    const term = raw.trim();
    if (term === '') continue;
    if (term.startsWith('&')) {
      const keep = one(term.slice(1));
      result = new Set([...result].filter((h) => keep.has(h)));
    } else if (term.startsWith('!')) {
      const drop = one(term.slice(1));
      result = new Set([...result].filter((h) => !drop.has(h)));
    } else {
      for (const h of one(term)) result.add(h);
    }
  }
  return result;
}

function checkPlaybook(file: RepoFile, reader: InventoryReader, inventoryPath: string, diagnostics: Diagnostic[]): void {
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const root = parsed.documents[0]?.root ?? null;
  if (!root || root.kind !== 'seq') return; // not a playbook (a vars or tasks file)
  const cx: CheckContext<typeof INVENTORY_RULE_PREFIX> = { source: file.source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const hostNames = [...reader.hosts.keys()];
  const groupNames = [...reader.groups.keys()];
  const inv = { hostNames, groupNames, hostsOfGroup: (g: string) => reader.hostsOfGroup(g) };
  for (const play of root.items) {
    if (play.kind !== 'map') continue;
    const pair = play.byKey.get('hosts');
    if (!pair) continue;
    const node = pair.value;
    const patterns: Array<{ text: string; offset: number }> = [];
    if (node.kind === 'scalar' && node.value !== null) patterns.push({ text: String(node.value), offset: node.offset });
    else if (node.kind === 'seq') {
      for (const item of node.items) if (item.kind === 'scalar' && item.value !== null) patterns.push({ text: String(item.value), offset: item.offset });
    }
    if (patterns.some((p) => p.text.includes('{{'))) continue;
    const matched = new Set<string>();
    for (const p of patterns) for (const h of matchHostPattern(p.text, inv)) matched.add(h);
    if (matched.size > 0) continue;
    const shown = patterns.map((p) => p.text).join(', ');
    const candidates = [...groupNames.filter((g) => g !== 'all' && g !== 'ungrouped'), ...hostNames];
    let closest: string | undefined;
    let best = Infinity;
    for (const c of candidates) {
      const d = levenshtein(shown, c);
      if (d < best) {
        best = d;
        closest = c;
      }
    }
    report(cx, patterns[0]?.offset ?? node.offset, 'no-matching-hosts',
      `\`hosts: ${shown}\` matches no host of ${inventoryPath}: ansible-playbook skips the play and the image is not built`,
      closest && best <= Math.max(2, Math.floor(shown.length / 3))
        ? `Did you mean \`${closest}\`?`
        : hostNames.length
          ? `The inventory has ${candidates.map((c) => `\`${c}\``).join(', ')}.`
          : 'Add the image-builder to the inventory.');
  }
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

export interface InventoryValidation {
  diagnostics: Diagnostic[];
  hosts: InventoryHost[];
  /** HMACs spent matching host names against hashed known_hosts lines: the work MAX_HASH_WORK bounds. */
  hmacs: number;
}

/**
 * Validate the image-builder inventory, the playbooks' `hosts:` and the pinned host keys. Returns every host
 * (the SSH check's input); `valid` says whether its address, port and user are usable.
 * Long because Ansible's inventory (groups, children, inherited vars) is read in one pass whose context every rule
 * uses; the playbooks and known_hosts are checked in their own functions.
 */
export function validateInventory(
  file: RepoFile,
  playbooks: RepoFile[],
  knownHosts?: RepoFile,
): InventoryValidation {
  const source = file.source;
  const diagnostics: Diagnostic[] = [];
  const cx: CheckContext<typeof INVENTORY_RULE_PREFIX> = { source, diagnostics, rulePrefix: INVENTORY_RULE_PREFIX, where: [] };
  const parsed = documentsOf(file);
  diagnostics.push(...parsed.diagnostics);
  const reader = new InventoryReader(cx);
  if (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics, hosts: [], hmacs: 0 };
  const root = parsed.documents[0]?.root ?? null;
  if (!isNull(root)) {
    if (root!.kind !== 'map') {
      report(cx, root!.offset, 'type', 'the inventory must be a mapping of groups (`all:`, `ungrouped:`, ...)',
        'Start with `all:` and put the image-builders under `hosts:`.');
    } else {
      for (const p of root!.pairs) {
        if (p.name === undefined) {
          report(cx, p.key.offset, 'type', 'a group name must be a string');
          continue;
        }
        reader.readGroup(p.name, p.value, p.name === 'all' ? undefined : 'all', 0);
      }
    }
  }
  const { depth, loops } = reader.depths();
  for (const g of new Set(loops)) {
    diagnostics.push({ rule: 'inventory/group-loop', severity: 'error', file: source.path, line: 1, column: 1,
      message: `group "${g}" is its own ancestor through \`children\`: Ansible refuses the inventory`,
      hint: 'Remove one of the `children` links.' });
  }

  const hosts: InventoryHost[] = [];
  for (const h of reader.hosts.values()) {
    if (hosts.length === MAX_INVENTORY_HOSTS) {
      const pos = posOf(source, h.offset);
      diagnostics.push({ rule: 'inventory/too-many-hosts', severity: 'error', file: source.path, line: pos.line, column: pos.column,
        message: `host "${h.name}" is one more than the ${MAX_INVENTORY_HOSTS.toLocaleString('en-US')} image-builders this check reads (${reader.hosts.size.toLocaleString('en-US')} in all); the rest are not checked`,
        hint: 'The inventory is the image-builders of nodepool-builder: list only those (a few hosts), not a whole fleet.' });
      break;
    }
    const vars = reader.varsOf(h, depth);
    const pos = posOf(source, h.offset);
    const host: InventoryHost = {
      name: h.name,
      address: h.name,
      file: source.path,
      line: pos.line,
      column: pos.column,
      groups: [...reader.ancestry(h)].sort(),
      valid: true,
    };
    const before = diagnostics.length;
    // Address.
    const addr = firstVar(vars, 'ansible_host', 'ansible_ssh_host');
    if (addr) {
      const node = addr.def.node;
      const at = node && !isNull(node) ? node.offset : addr.def.keyOffset;
      const text = scalarText(node);
      if (isTemplated(node)) {
        host.address = String((node as { value: unknown }).value);
      } else if (text === undefined) {
        report(cx, at, 'bad-address', `host "${h.name}": \`${addr.name}\` must be a host name or IP address, not a ${node?.kind === 'map' ? 'mapping' : node?.kind === 'seq' ? 'list' : 'boolean'}`);
      } else if (text.trim() === '') {
        report(cx, at, 'no-address', `host "${h.name}" has an empty \`${addr.name}\`: there is nothing to connect to`,
          'Set it to the image-builder\'s host name or IP address.');
      } else {
        host.address = text;
        const problem = addressProblem(text);
        if (problem) report(cx, at, 'bad-address', `host "${h.name}": \`${addr.name}\` ${problem.message}`, problem.hint);
      }
    } else {
      const problem = addressProblem(h.name);
      if (problem) {
        report(cx, h.offset, 'no-address', `host "${h.name}" has no \`ansible_host\`, and its name is not a host name or IP address`,
          'Add `ansible_host:` with the image-builder\'s host name or IP address.');
      } else if (!h.name.includes('.') && !IPV4_RE.test(h.name) && !isIPv6(h.name) && h.name !== 'localhost') {
        report(cx, h.offset, 'implicit-address',
          `host "${h.name}" has no \`ansible_host\`: Ansible connects to "${h.name}" itself, which must resolve from the nodepool-builder pod`,
          'Set `ansible_host` to the image-builder\'s fully qualified name or IP address.', 'warning');
      }
    }
    // Port.
    const port = firstVar(vars, 'ansible_port', 'ansible_ssh_port');
    if (port && !isNull(port.def.node) && !isTemplated(port.def.node)) {
      const node = port.def.node!;
      let value: number | undefined;
      if (node.kind === 'scalar' && node.tag === 'int') value = node.value as number;
      else if (node.kind === 'scalar' && node.tag === 'str' && /^\s*\d+\s*$/.test(node.value as string)) value = Number(node.value);
      if (value === undefined || !Number.isInteger(value) || value < 1 || value > 65535) {
        report(cx, node.offset, 'bad-port',
          `host "${h.name}": \`${port.name}\` must be a TCP port (1 to 65535), not ${node.kind === 'scalar' ? JSON.stringify(node.value) : 'a ' + node.kind}`,
          'SSH listens on 22 unless configured otherwise.');
      } else host.port = value;
    }
    // User.
    const user = firstVar(vars, 'ansible_user', 'ansible_ssh_user', 'ansible_ssh_user_name');
    if (user && !isNull(user.def.node) && !isTemplated(user.def.node)) {
      const node = user.def.node!;
      const text = node.kind === 'scalar' && node.tag === 'str' ? (node.value as string) : undefined;
      if (text === undefined || text.trim() === '' || /[\s@:/]/.test(text)) {
        report(cx, node.offset, 'bad-user',
          `host "${h.name}": \`${user.name}\` must be a user name, not ${node.kind === 'scalar' ? JSON.stringify(node.value) : 'a ' + node.kind}`,
          'sf-operator\'s image-builders use `ansible_user: nodepool`.');
      } else host.user = text;
    }
    host.valid = diagnostics.length === before || diagnostics.slice(before).every((d) => d.severity !== 'error');
    hosts.push(host);
  }
  if (reader.hosts.size === 0 && !parsed.diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({ rule: 'inventory/no-hosts', severity: 'error', file: source.path, line: root ? posOf(source, root.offset).line : 1,
      column: root ? posOf(source, root.offset).column : 1,
      message: 'the inventory has no hosts: dib-ansible has no image-builder to run the build playbooks on',
      hint: 'Add the image-builders: `all: {hosts: {image-builder: {ansible_host: ..., ansible_user: nodepool}}}`.' });
  }

  for (const pb of playbooks) checkPlaybook(pb, reader, source.path, diagnostics);

  // Pinned host keys.
  const kh = knownHosts ? parseKnownHosts(knownHosts.source.text) : undefined;
  if (knownHosts && kh) {
    for (const p of kh.problems) {
      diagnostics.push({ rule: 'known-hosts/invalid-line', severity: 'warning', file: knownHosts.source.path, line: p.line, column: 1,
        message: `${knownHosts.source.path} line ${p.line}: ${p.message}; ssh skips this line`, hint: 'Fix or remove the line.' });
    }
  }
  if (knownHosts && kh?.tooManyLines !== undefined) {
    diagnostics.push({ rule: 'known-hosts/too-many-lines', severity: 'error', file: knownHosts.source.path, line: kh.tooManyLines, column: 1,
      message: `${knownHosts.source.path} has more than ${MAX_KNOWN_HOSTS_LINES.toLocaleString('en-US')} lines: from line ${kh.tooManyLines.toLocaleString('en-US')} on, it is not read`,
      hint: 'Pin only the image-builders\' host keys here (a line or two per host).' });
  }
  // Each host name is looked up once per distinct salt of the hashed lines: bound that work before doing it.
  const names = new Set(hosts.filter((h) => h.valid && !h.address.includes('{{')).map((h) => `${h.address}:${h.port ?? DEFAULT_SSH_PORT}`));
  const salts = kh ? hashedSalts(kh) : [];
  const hashingAllowed = salts.length * names.size <= MAX_HASH_WORK;
  if (knownHosts && !hashingAllowed) {
    const first = salts[Math.floor(MAX_HASH_WORK / Math.max(1, names.size))] ?? salts[salts.length - 1];
    diagnostics.push({ rule: 'known-hosts/too-much-hashing', severity: 'error', file: knownHosts.source.path, line: first.line, column: 1,
      message: `${knownHosts.source.path} has ${salts.length.toLocaleString('en-US')} hashed lines with different salts and the inventory ${names.size.toLocaleString('en-US')} hosts: ` +
        `matching them takes ${(salts.length * names.size).toLocaleString('en-US')} HMACs, more than the ${MAX_HASH_WORK.toLocaleString('en-US')} allowed; from this line on, the host keys were not looked up`,
      hint: 'Write the image-builders\' lines unhashed (`ssh-keyscan` without -H: known_hosts here is public and reviewed like code), and remove lines for other hosts.' });
  }
  for (const host of hosts) {
    if (!host.valid || host.address.includes('{{') || !hashingAllowed) continue;
    const port = host.port ?? DEFAULT_SSH_PORT;
    if (kh && pinnedKeysFor(kh, host.address, port).length > 0) continue;
    const name = port === DEFAULT_SSH_PORT ? host.address : `[${host.address}]:${port}`;
    diagnostics.push({
      rule: 'inventory/host-key-not-pinned',
      severity: 'warning',
      file: source.path,
      line: host.line,
      column: host.column,
      message: knownHosts
        ? `image-builder "${host.name}" (${name}) has no pinned host key in ${knownHosts.source.path}: the SSH check will refuse it`
        : `image-builder "${host.name}" (${name}) has no pinned host key: there is no known_hosts file, so the SSH check will refuse it`,
      hint: `Add its key: \`ssh-keyscan ${port === DEFAULT_SSH_PORT ? '' : `-p ${port} `}-t ed25519 ${host.address}\`, checked against the host itself, to ${knownHosts?.source.path ?? 'nodepool/dib-ansible/known_hosts'}.`,
    });
  }
  return { diagnostics, hosts, hmacs: kh ? hmacsComputed(kh) : 0 };
}
