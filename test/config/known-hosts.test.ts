import { describe, expect, it } from 'vitest';
import {
  entryMatchesName,
  fingerprintSha256,
  formatKnownHostsLine,
  hashKnownHostsName,
  keyTypeOfBlob,
  knownHostsName,
  matchPattern,
  parseKnownHosts,
  pinnedKeysFor,
  verifyHostKey,
} from '../../src/config/known-hosts.js';

// Keys and fingerprints made with ssh-keygen (fingerprints from `ssh-keygen -lf`).
const K1 = 'AAAAC3NzaC1lZDI1NTE5AAAAIJtKRQiylR1Sr7ruZB7JjKRKJxk5B905bpO/vOlbbwXc';
const K1_FP = 'SHA256:hJqNWlqJf3qQPFxArIhMTwMVqb34CIvyjLjYTDMqFoE';
const K2 = 'AAAAC3NzaC1lZDI1NTE5AAAAIFWq+SRpwEIl8mcOQSzszXHswoqepWoSkB9a/dZ/WWT7';
const K2_FP = 'SHA256:6m4ARG2WatpjS/7OGJ86c5R0R+6b/wL6v4bL2MM4/g4';
const K3 =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPtPl+KikpKX8qQCL8ipMOpHB9yutP1LnJ7CpXoa7yGToBpN3tw6JHXWrLZlgX6fghMxRQDQvONDNJUWexuC2xw=';
const K3_FP = 'SHA256:OPvQhLZEAI0hUQAygqBTCLgXIYKRYoXAK1eLEwD/sh4';
const blob = (b64: string): Buffer => Buffer.from(b64, 'base64');

// `ssh-keygen -H` output for "builder.example.com" and "[10.0.0.7]:2222", both with K1.
const HASHED_NAME = '|1|I3bosHkMan2OfWzUvcn1+z2m0D4=|FDalEf/f7Ao/5h1wictmAISOUzU=';
const HASHED_PORT = '|1|/5ZHbNVAkPCOcovhoQ3+gQV8TCU=|RjTgFmlMw/Ok/9SnTdZAiUrjMHA=';

describe('fingerprints and blobs', () => {
  it('computes SHA256 fingerprints the way ssh-keygen -l does', () => {
    expect(fingerprintSha256(blob(K1))).toBe(K1_FP);
    expect(fingerprintSha256(blob(K2))).toBe(K2_FP);
    expect(fingerprintSha256(blob(K3))).toBe(K3_FP);
  });

  it('reads the key type inside a blob', () => {
    expect(keyTypeOfBlob(blob(K1))).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(blob(K3))).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOfBlob(Buffer.from('nonsense'))).toBeUndefined();
    expect(keyTypeOfBlob(Buffer.alloc(2))).toBeUndefined();
  });

  it('names hosts like ssh: plain for port 22, [host]:port otherwise, lower case', () => {
    expect(knownHostsName('Builder.Example.COM', 22)).toBe('builder.example.com');
    expect(knownHostsName('10.0.0.7', 2222)).toBe('[10.0.0.7]:2222');
    expect(knownHostsName('::1', 2200)).toBe('[::1]:2200');
  });

  it('formats the line to commit', () => {
    expect(formatKnownHostsLine('10.0.0.7', 2222, blob(K1))).toBe(`[10.0.0.7]:2222 ssh-ed25519 ${K1}`);
    expect(formatKnownHostsLine('b1.example.com', 22, blob(K3))).toBe(`b1.example.com ecdsa-sha2-nistp256 ${K3}`);
  });
});

describe('parseKnownHosts', () => {
  it('parses plain, comma lists, hashed, [host]:port, markers and comments, skipping blanks and # lines', () => {
    const kh = parseKnownHosts(
      [
        '# image-builders',
        '',
        `b1.example.com,10.0.0.5 ssh-ed25519 ${K1} root@b1`,
        `[10.0.0.7]:2222 ecdsa-sha2-nistp256 ${K3}`,
        `${HASHED_NAME} ssh-ed25519 ${K1}`,
        `@revoked * ssh-ed25519 ${K2}`,
        `@cert-authority *.example.com ssh-ed25519 ${K2}`,
        '   ',
      ].join('\r\n'),
    );
    expect(kh.problems).toEqual([]);
    expect(kh.entries.map((e) => [e.line, e.marker ?? '', e.keyType])).toEqual([
      [3, '', 'ssh-ed25519'],
      [4, '', 'ecdsa-sha2-nistp256'],
      [5, '', 'ssh-ed25519'],
      [6, 'revoked', 'ssh-ed25519'],
      [7, 'cert-authority', 'ssh-ed25519'],
    ]);
    expect(kh.entries[0].comment).toBe('root@b1');
    expect(kh.entries[0].hosts).toHaveLength(2);
    expect(kh.entries[2].hosts[0].kind).toBe('hashed');
  });

  it('reports unusable lines with their line numbers and skips them', () => {
    const kh = parseKnownHosts(
      [
        `@bogus host ssh-ed25519 ${K1}`,
        'onlyhost ssh-ed25519',
        `host ssh-foo ${K1}`,
        'host ssh-ed25519 not*base64',
        `host ssh-rsa ${K1}`,
        `|1|short|x ssh-ed25519 ${K1}`,
        `good ssh-ed25519 ${K1}`,
      ].join('\n'),
    );
    expect(kh.entries.map((e) => e.line)).toEqual([7]);
    expect(kh.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(kh.problems[4].message).toMatch(/does not match the key itself \(ssh-ed25519\)/);
  });
});

describe('host matching', () => {
  it('matches OpenSSH globs', () => {
    expect(matchPattern('b1.example.com', '*.example.com')).toBe(true);
    expect(matchPattern('example.com', '*.example.com')).toBe(false);
    expect(matchPattern('b1', 'b?')).toBe(true);
    expect(matchPattern('b12', 'b?')).toBe(false);
    expect(matchPattern('[10.0.0.7]:2222', '[10.0.0.*]:2222')).toBe(true);
    expect(matchPattern('anything', '*')).toBe(true);
    expect(matchPattern('abcabd', '*abd')).toBe(true);
  });

  it('lets a negated pattern exclude a host', () => {
    const kh = parseKnownHosts(`*.example.com,!evil.example.com ssh-ed25519 ${K1}`);
    expect(entryMatchesName(kh.entries[0], 'good.example.com')).toBe(true);
    expect(entryMatchesName(kh.entries[0], 'evil.example.com')).toBe(false);
  });

  it('matches names hashed by ssh-keygen -H, including [host]:port', () => {
    const kh = parseKnownHosts(`${HASHED_NAME} ssh-ed25519 ${K1}\n${HASHED_PORT} ssh-ed25519 ${K1}\n`);
    expect(verifyHostKey(kh, 'builder.example.com', 22, blob(K1))).toMatchObject({ status: 'match', entry: { line: 1 } });
    expect(verifyHostKey(kh, 'BUILDER.example.com', 22, blob(K1)).status).toBe('match');
    expect(verifyHostKey(kh, '10.0.0.7', 2222, blob(K1))).toMatchObject({ status: 'match', entry: { line: 2 } });
    expect(verifyHostKey(kh, '10.0.0.7', 22, blob(K1)).status).toBe('unknown');
    expect(verifyHostKey(kh, 'builder.example.com', 2222, blob(K1)).status).toBe('unknown');
  });

  it('hashes names the way ssh-keygen does', () => {
    const salt = Buffer.from('I3bosHkMan2OfWzUvcn1+z2m0D4=', 'base64');
    expect(hashKnownHostsName('builder.example.com', salt)).toBe(HASHED_NAME);
    const random = hashKnownHostsName('[h]:2200');
    const kh = parseKnownHosts(`${random} ssh-ed25519 ${K2}`);
    expect(verifyHostKey(kh, 'h', 2200, blob(K2)).status).toBe('match');
  });

  it('does not treat a plain name as matching [name]:port, nor the reverse', () => {
    const kh = parseKnownHosts(`10.0.0.7 ssh-ed25519 ${K1}\n[10.0.0.8]:2222 ssh-ed25519 ${K1}`);
    expect(verifyHostKey(kh, '10.0.0.7', 2222, blob(K1)).status).toBe('unknown');
    expect(verifyHostKey(kh, '10.0.0.8', 22, blob(K1)).status).toBe('unknown');
    expect(verifyHostKey(kh, '10.0.0.8', 2222, blob(K1)).status).toBe('match');
  });
});

describe('verifyHostKey', () => {
  const text = [
    `b1.example.com ssh-ed25519 ${K1}`,
    `b1.example.com ecdsa-sha2-nistp256 ${K3}`,
    `b2.example.com ssh-ed25519 ${K1}`,
    `@revoked b2.example.com ssh-ed25519 ${K2}`,
    `@cert-authority *.example.com ssh-ed25519 ${K2}`,
  ].join('\n');
  const kh = parseKnownHosts(text);

  it('matches any pinned key of the host', () => {
    expect(verifyHostKey(kh, 'b1.example.com', 22, blob(K1))).toMatchObject({ status: 'match', entry: { line: 1 } });
    expect(verifyHostKey(kh, 'b1.example.com', 22, blob(K3))).toMatchObject({ status: 'match', entry: { line: 2 } });
  });

  it('reports a mismatch with every key expected', () => {
    const v = verifyHostKey(kh, 'b1.example.com', 22, blob(K2));
    expect(v.status).toBe('mismatch');
    if (v.status !== 'mismatch') throw new Error('unreachable');
    expect(v.expected.map((e) => e.line)).toEqual([1, 2]);
  });

  it('refuses a revoked key even where another line would allow it', () => {
    const both = parseKnownHosts(`b2.example.com ssh-ed25519 ${K2}\n@revoked * ssh-ed25519 ${K2}`);
    expect(verifyHostKey(both, 'b2.example.com', 22, blob(K2))).toMatchObject({ status: 'revoked', entry: { line: 2 } });
    expect(verifyHostKey(kh, 'b2.example.com', 22, blob(K2)).status).toBe('revoked');
  });

  it('ignores @cert-authority lines, with a note', () => {
    const v = verifyHostKey(kh, 'b3.example.com', 22, blob(K2));
    expect(v.status).toBe('unknown');
    expect(v.notes.join()).toMatch(/line 5: @cert-authority ignored/);
  });

  it('lists the pinned keys of a host (markers excluded)', () => {
    expect(pinnedKeysFor(kh, 'b2.example.com', 22).map((e) => e.line)).toEqual([3]);
    expect(pinnedKeysFor(kh, 'nowhere', 22)).toEqual([]);
  });

  it('fails closed on an empty file', () => {
    expect(verifyHostKey(parseKnownHosts(''), 'b1.example.com', 22, blob(K1)).status).toBe('unknown');
  });
});
