import { describe, expect, it } from 'vitest';
import { hashKnownHostsName } from '../../src/config/known-hosts.js';
import { addressProblem, expandHostPattern, matchHostPattern, validateInventory } from '../../src/validate/inventory.js';
import { at, edit, file, one, only, where } from './helpers.js';

// ed25519 public keys made with ssh-keygen for these tests.
const KEY1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJU0D27j6qO0pPPj81nJSg+346ZkgNfB5IB68hQe0Ova';
const KEY2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINiQuw6o1Vc7szmXYuxQ3zYnFsDX9yp8KqN5xFzSvXMa';

const INVENTORY = `all:
  vars:
    ansible_user: nodepool
  children:
    image-builder:
      hosts:
        image-builder-01:
          ansible_host: image-builder-01.ci.example.org
        image-builder-02:
          ansible_host: 203.0.113.22
          ansible_port: 2222
`;

const PLAYBOOK = `- hosts: image-builder
  tasks:
    - ansible.builtin.command: hostname
`;

const KNOWN_HOSTS = `# pinned
image-builder-01.ci.example.org ${KEY1}
[203.0.113.22]:2222 ${KEY2}
`;

const INV = 'nodepool/dib-ansible/inventory.yaml';
const KH = 'nodepool/dib-ansible/known_hosts';

function run(inventory: string, playbooks: string[] = [PLAYBOOK], knownHosts: string | null = KNOWN_HOSTS) {
  return validateInventory(
    file('inventory', INV, inventory),
    playbooks.map((p, i) => file('playbook', `nodepool/dib-ansible/play${i}.yaml`, p)),
    knownHosts === null ? undefined : file('known-hosts', KH, knownHosts),
  );
}

describe('a valid inventory', () => {
  it('gives the hosts with inherited variables and no diagnostics', () => {
    const r = run(INVENTORY);
    expect(r.diagnostics).toEqual([]);
    expect(r.hosts).toEqual([
      { name: 'image-builder-01', address: 'image-builder-01.ci.example.org', user: 'nodepool', file: INV, ...at(INVENTORY, 'image-builder-01'), groups: ['image-builder'], valid: true },
      { name: 'image-builder-02', address: '203.0.113.22', user: 'nodepool', port: 2222, file: INV, ...at(INVENTORY, 'image-builder-02'), groups: ['image-builder'], valid: true },
    ]);
  });

  it('applies Ansible variable precedence: all < parent group < child group < host, and group priority', () => {
    const text = `all:
  vars: {ansible_user: from-all, ansible_port: 1001}
  children:
    builders:
      vars: {ansible_user: from-builders, ansible_port: 1002}
      children:
        fast:
          vars: {ansible_port: 1003}
          hosts:
            b1: {ansible_host: b1.example.org}
            b2: {ansible_host: b2.example.org, ansible_port: 1004}
    a-group:
      vars: {ansible_user: from-a-group, ansible_group_priority: 5}
      hosts:
        b1:
    z-group:
      vars: {ansible_user: from-z-group}
      hosts:
        b1:
`;
    const r = run(text, [], '');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const byName = Object.fromEntries(r.hosts.map((h) => [h.name, h]));
    // b1: depth-1 groups a-group (priority 5) and z-group and builders; a-group wins by priority; fast (depth 2) sets the port.
    expect([byName.b1.user, byName.b1.port]).toEqual(['from-a-group', 1003]);
    expect([byName.b2.user, byName.b2.port]).toEqual(['from-builders', 1004]);
    expect(byName.b1.groups).toEqual(['a-group', 'builders', 'fast', 'z-group']);
  });

  it('expands host ranges', () => {
    expect(expandHostPattern('builder[01:03].example.org')).toEqual(['builder01.example.org', 'builder02.example.org', 'builder03.example.org']);
    expect(expandHostPattern('b-[a:c]')).toEqual(['b-a', 'b-b', 'b-c']);
    expect(expandHostPattern('n[1:10:4]')).toEqual(['n1', 'n5', 'n9']);
    expect(expandHostPattern('n[3:1]')).toEqual({ error: 'host range [3:1] starts after it ends' });
    const text = `all:\n  hosts:\n    builder[1:2].example.org:\n      ansible_user: nodepool\n`;
    const r = run(text, [], `builder1.example.org ${KEY1}\nbuilder2.example.org ${KEY2}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.hosts.map((h) => [h.name, h.address, h.line, h.column])).toEqual([
      ['builder1.example.org', 'builder1.example.org', 3, 5],
      ['builder2.example.org', 'builder2.example.org', 3, 5],
    ]);
  });
});

describe('addresses, ports and users', () => {
  it('inventory/bad-address: a trailing "/" (the sf-operator docs typo)', () => {
    const text = edit(INVENTORY, 'image-builder-01.ci.example.org', 'image-builder-01.ci.example.org/');
    const r = run(text);
    const d = one(r.diagnostics, 'inventory/bad-address');
    expect(where(d)).toEqual(at(text, 'image-builder-01.ci.example.org/'));
    expect(d.hint).toBe('Remove the trailing "/": "image-builder-01.ci.example.org".');
    expect(r.hosts[0].valid).toBe(false);
  });

  it('inventory/bad-address: a URL, a user@host, a host:port', () => {
    for (const [bad, hint] of [
      ['ssh://image-builder-01.ci.example.org', 'without `ssh://`'],
      ['nodepool@image-builder-01.ci.example.org', '`ansible_user`'],
      ['image-builder-01.ci.example.org:22', '`ansible_port: 22`'],
    ]) {
      const text = edit(INVENTORY, 'image-builder-01.ci.example.org', bad);
      const d = one(run(text).diagnostics, 'inventory/bad-address');
      expect(where(d)).toEqual(at(text, bad));
      expect(d.hint).toContain(hint);
    }
  });

  it('inventory/no-address: an empty ansible_host, or none and a name that is not a host', () => {
    let text = edit(INVENTORY, 'ansible_host: image-builder-01.ci.example.org', 'ansible_host:');
    let d = one(run(text).diagnostics, 'inventory/no-address');
    expect(where(d)).toEqual(at(text, 'ansible_host:'));
    text = edit(INVENTORY, '        image-builder-01:\n          ansible_host: image-builder-01.ci.example.org\n', '        "image builder":\n');
    d = one(run(text).diagnostics, 'inventory/no-address');
    expect(where(d)).toEqual(at(text, '"image builder"'));
  });

  it('inventory/implicit-address: no ansible_host and a short name (warning)', () => {
    const text = edit(INVENTORY, '          ansible_host: image-builder-01.ci.example.org\n', '');
    const r = run(text);
    const d = one(r.diagnostics, 'inventory/implicit-address');
    expect([d.severity, d.line, d.column]).toEqual(['warning', ...Object.values(at(text, 'image-builder-01'))]);
    expect(r.hosts[0].address).toBe('image-builder-01');
  });

  it('inventory/bad-port', () => {
    for (const bad of ['0', '70000', 'ssh', 'true']) {
      const text = edit(INVENTORY, 'ansible_port: 2222', `ansible_port: ${bad}`);
      const d = one(run(text).diagnostics, 'inventory/bad-port');
      expect(where(d)).toEqual(at(text, `ansible_port: ${bad}`, 0, 14));
    }
    // A quoted number is what Ansible converts.
    const r = run(edit(INVENTORY, 'ansible_port: 2222', 'ansible_port: "2222"'));
    expect(r.diagnostics).toEqual([]);
    expect(r.hosts[1].port).toBe(2222);
  });

  it('inventory/bad-user, found where it is set (group vars)', () => {
    const text = edit(INVENTORY, 'ansible_user: nodepool', 'ansible_user: "node pool"');
    const r = run(text);
    expect(only(r.diagnostics, 'inventory/bad-user').map(where)).toEqual([at(text, '"node pool"'), at(text, '"node pool"')]);
  });

  it('templated values are not judged', () => {
    const text = edit(INVENTORY, 'ansible_host: 203.0.113.22', 'ansible_host: "{{ lookup(\'env\', \'BUILDER2\') }}"');
    expect(run(text).diagnostics).toEqual([]);
  });

  it('addressProblem accepts host names and IPv4/IPv6 addresses', () => {
    expect(addressProblem('builder.example.org')).toBeUndefined();
    expect(addressProblem('10.0.0.7')).toBeUndefined();
    expect(addressProblem('2001:db8::7')).toBeUndefined();
    expect(addressProblem('bad_host!')?.message).toBe('"bad_host!" is not a host name or IP address');
  });
});

describe('the inventory structure', () => {
  it('inventory/unknown-key: `host:` instead of `hosts:`', () => {
    const text = edit(INVENTORY, '      hosts:', '      host:');
    const r = run(text, []);
    const d = one(r.diagnostics, 'inventory/unknown-key');
    expect(where(d)).toEqual(at(text, 'host:'));
    expect(d.hint).toContain('`hosts:` (plural)');
    expect(one(r.diagnostics, 'inventory/no-hosts').severity).toBe('error');
  });

  it('inventory/type: hosts written as a list', () => {
    const text = 'all:\n  hosts:\n    - builder1.example.org\n';
    const d = one(run(text, []).diagnostics, 'inventory/type');
    expect(where(d)).toEqual(at(text, '- builder1'));
  });

  it('inventory/no-hosts', () => {
    const text = 'all:\n  children:\n    image-builder:\n';
    const d = one(run(text, []).diagnostics, 'inventory/no-hosts');
    expect(where(d)).toEqual({ line: 1, column: 1 });
  });

  it('inventory/group-loop', () => {
    const text = `all:
  children:
    a:
      children:
        b:
          hosts:
            h1.example.org:
          children:
            a:
`;
    const d = one(run(text, [], `h1.example.org ${KEY1}\n`).diagnostics, 'inventory/group-loop');
    expect(d.message).toContain('is its own ancestor');
  });
});

describe('playbooks', () => {
  it('inventory/no-matching-hosts: at the playbook\'s hosts, with a suggestion', () => {
    const pb = PLAYBOOK.replace('hosts: image-builder', 'hosts: image-builders');
    const d = one(run(INVENTORY, [pb]).diagnostics, 'inventory/no-matching-hosts');
    expect([d.file, d.line, d.column]).toEqual(['nodepool/dib-ansible/play0.yaml', 1, 10]);
    expect(d.hint).toBe('Did you mean `image-builder`?');
  });

  it('matches groups, hosts, all, localhost, globs, regexes, unions, intersections and exclusions', () => {
    for (const pattern of ['all', '"*"', 'image-builder-01', 'localhost', 'image-builder-0*', "'~image-builder-\\d+'", 'image-builder:&image-builder-01',
      'image-builder:!image-builder-02', '[image-builder-02, nothing]', '"{{ target }}"']) {
      const pb = PLAYBOOK.replace('image-builder', pattern);
      expect(run(INVENTORY, [pb]).diagnostics, pattern).toEqual([]);
    }
    const pb = PLAYBOOK.replace('image-builder', 'image-builder:!image-builder-0*');
    expect(one(run(INVENTORY, [pb]).diagnostics, 'inventory/no-matching-hosts').line).toBe(1);
  });

  it('files that are not playbooks are skipped', () => {
    expect(run(INVENTORY, ['build_dir: /var/tmp\n', '- name: a task file\n  command: true\n']).diagnostics).toEqual([]);
  });

  it('matchHostPattern follows Ansible for unions and exclusions', () => {
    const inv = {
      hostNames: ['a1', 'a2', 'b1'],
      groupNames: ['all', 'a', 'b'],
      hostsOfGroup: (g: string) => new Set(g === 'a' ? ['a1', 'a2'] : g === 'b' ? ['b1'] : ['a1', 'a2', 'b1']),
    };
    expect([...matchHostPattern('a:b', inv)].sort()).toEqual(['a1', 'a2', 'b1']);
    expect([...matchHostPattern('all:!a', inv)]).toEqual(['b1']);
    expect([...matchHostPattern('!a2:a', inv)]).toEqual(['a1']);
    expect([...matchHostPattern('a:&a2', inv)]).toEqual(['a2']);
  });
});

describe('pinned host keys (known_hosts)', () => {
  it('inventory/host-key-not-pinned: one warning per builder without a key, at the host', () => {
    const kh = KNOWN_HOSTS.replace(/^\[203.*\n/m, '');
    const d = one(run(INVENTORY, [PLAYBOOK], kh).diagnostics, 'inventory/host-key-not-pinned');
    expect([d.severity, d.file, d.line, d.column]).toEqual(['warning', INV, ...Object.values(at(INVENTORY, 'image-builder-02'))]);
    expect(d.message).toContain('[203.0.113.22]:2222');
  });

  it('the port matters: a key pinned for port 22 does not pin port 2222', () => {
    const kh = KNOWN_HOSTS.replace('[203.0.113.22]:2222', '203.0.113.22');
    expect(only(run(INVENTORY, [PLAYBOOK], kh).diagnostics, 'inventory/host-key-not-pinned')).toHaveLength(1);
  });

  it('hashed names count', () => {
    const kh = `${hashKnownHostsName('image-builder-01.ci.example.org')} ${KEY1}\n${hashKnownHostsName('[203.0.113.22]:2222')} ${KEY2}\n`;
    expect(run(INVENTORY, [PLAYBOOK], kh).diagnostics).toEqual([]);
  });

  it('a revoked key does not pin', () => {
    const kh = KNOWN_HOSTS.replace('image-builder-01.ci.example.org', '@revoked image-builder-01.ci.example.org');
    expect(only(run(INVENTORY, [PLAYBOOK], kh).diagnostics, 'inventory/host-key-not-pinned').map((d) => d.line)).toEqual([at(INVENTORY, 'image-builder-01').line]);
  });

  it('without a known_hosts file, every builder is warned about', () => {
    const r = run(INVENTORY, [PLAYBOOK], null);
    expect(only(r.diagnostics, 'inventory/host-key-not-pinned')).toHaveLength(2);
    expect(r.diagnostics[0].message).toContain('there is no known_hosts file');
  });

  it('known-hosts/invalid-line', () => {
    const kh = KNOWN_HOSTS + 'broken-line\n';
    const d = one(run(INVENTORY, [PLAYBOOK], kh).diagnostics, 'known-hosts/invalid-line');
    expect([d.file, d.line, d.column, d.severity]).toEqual([KH, 4, 1, 'warning']);
  });
});

describe('bounded work (issue 16: 2.8 MB of hashed known_hosts with 100 hosts took 39 s)', () => {
  const hostsInventory = (n: number): string =>
    `all:\n  hosts:\n${Array.from({ length: n }, (_, i) => `    b${i}:\n      ansible_host: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n      ansible_user: nodepool\n`).join('')}`;
  const hashedLines = (n: number): string =>
    Array.from({ length: n }, (_, i) => `${hashKnownHostsName(`other-${i}.example.org`)} ${KEY1}`).join('\n') + '\n';
  const allPlaybook = ['- hosts: all\n  tasks: []\n'];

  it('hashed lines × hosts beyond the budget: a positioned error, not the HMACs', () => {
    const result = run(hostsInventory(800), allPlaybook, hashedLines(2_000));
    const r = result.diagnostics;
    expect(result.hmacs).toBe(0);
    const d = one(r, 'known-hosts/too-much-hashing');
    expect(d).toMatchObject({ severity: 'error', file: KH });
    expect(d.line).toBeGreaterThan(1);
    expect(d.message).toMatch(/2,000 hashed lines.*800 hosts/);
    expect(d.hint).toMatch(/unhashed/);
  });

  it('within the budget, each host name is hashed once per distinct salt, not once per line', () => {
    const salt = Buffer.alloc(20, 7);
    const lines = Array.from({ length: 5_000 }, (_, i) => `${hashKnownHostsName(`other-${i}.example.org`, salt)} ${KEY1}`).join('\n');
    const result = run(hostsInventory(500), allPlaybook, `${lines}\n${hashKnownHostsName('10.0.0.3', salt)} ${KEY2}\n`);
    // 500 hosts × 1 salt, not 500 × 5,001 lines.
    expect(result.hmacs).toBe(500);
    const r = result.diagnostics;
    expect(r.filter((d) => d.rule === 'known-hosts/too-much-hashing')).toEqual([]);
    expect(r.filter((d) => d.rule === 'inventory/host-key-not-pinned')).toHaveLength(499);
  });

  it('caps the known_hosts lines and the inventory hosts with a positioned error', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `h${i}.example.org ${KEY1}`).join('\n');
    const kh = one(run(INVENTORY, [PLAYBOOK], many).diagnostics, 'known-hosts/too-many-lines');
    expect(kh).toMatchObject({ severity: 'error', file: KH, line: 10_001 });
    const inv = one(run(hostsInventory(5_001), allPlaybook, '').diagnostics, 'inventory/too-many-hosts');
    expect(inv).toMatchObject({ severity: 'error', file: INV });
    expect(inv.line).toBeGreaterThan(5_000 * 3);
  });
});
