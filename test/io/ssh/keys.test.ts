import { generateKeyPairSync } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { derivePublicKey, parseBuilderKey, redactPrivateKey, SshKeyError } from '../../../src/io/ssh/keys.js';
import { fingerprintSha256 } from '../../../src/config/known-hosts.js';

const { utils } = ssh2;

const rsa = utils.generateKeyPairSync('rsa', { bits: 2048, comment: 'test' });
const ed = utils.generateKeyPairSync('ed25519', { comment: 'test' });
const body = (pub: string): string => pub.split(' ').slice(0, 2).join(' ');

function keyError(fn: () => unknown): SshKeyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SshKeyError) return e;
    throw e;
  }
  throw new Error('expected an SshKeyError');
}

/** Lines of base64 from a private key, which must never show up in a message. */
function secretLines(priv: string): string[] {
  return priv.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----') && !l.includes(':'));
}

describe('derivePublicKey', () => {
  it('derives the authorized_keys line of an RSA PKCS#1 PEM key (the Secret nodepool-builder-ssh-key format)', () => {
    const parsed = utils.parseKey(rsa.private);
    if (parsed instanceof Error) throw parsed;
    const pem = parsed.getPrivatePEM();
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(derivePublicKey(pem)).toBe(`${body(rsa.public)} pool-reconciler`);
    expect(derivePublicKey(pem.replace(/\n/g, '\r\n'))).toBe(`${body(rsa.public)} pool-reconciler`);
  });

  it('derives it from an OpenSSH-format ed25519 key, with the fingerprint', () => {
    const k = parseBuilderKey(ed.private);
    expect(k.publicKey).toBe(`${body(ed.public)} pool-reconciler`);
    expect(k.type).toBe('ssh-ed25519');
    expect(k.fingerprint).toBe(fingerprintSha256(Buffer.from(body(ed.public).split(' ')[1], 'base64')));
  });

  it('refuses a passphrase-protected OpenSSH key without echoing it', () => {
    const enc = utils.generateKeyPairSync('ed25519', { passphrase: 'pw', cipher: 'aes256-ctr', rounds: 1 });
    const e = keyError(() => derivePublicKey(enc.private));
    expect(e.code).toBe('passphrase-protected');
    expect(e.message).toMatch(/protected by a passphrase/);
    for (const l of secretLines(enc.private)) expect(e.message).not.toContain(l);
  });

  it('refuses passphrase-protected PEM (PKCS#1 and PKCS#8)', () => {
    const pkcs1 = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' },
    }).privateKey;
    const pkcs8 = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' },
    }).privateKey;
    expect(keyError(() => derivePublicKey(pkcs1)).code).toBe('passphrase-protected');
    expect(keyError(() => derivePublicKey(pkcs8)).code).toBe('passphrase-protected');
  });

  it('refuses a public key, an empty string and garbage, never quoting the input', () => {
    expect(keyError(() => derivePublicKey(rsa.public)).code).toBe('public-key');
    expect(keyError(() => derivePublicKey('  \n')).code).toBe('empty');
    const garbage = '-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWNhbmFyeS12YWx1ZS0xMjM0NTY3ODkw\n-----END OPENSSH PRIVATE KEY-----\n';
    const e = keyError(() => derivePublicKey(garbage));
    expect(e.code).toBe('unparsable');
    expect(e.message).not.toContain('c2VjcmV0');
    expect(e.message).not.toContain('secret-canary');
    // A truncated real key.
    const truncated = rsa.private.split('\n').slice(0, 5).join('\n');
    const t = keyError(() => derivePublicKey(truncated));
    for (const l of secretLines(truncated)) expect(t.message).not.toContain(l);
  });
});

describe('redactPrivateKey', () => {
  it('removes any line of the private key from a text', () => {
    const line = secretLines(rsa.private)[3];
    expect(redactPrivateKey(`oops: ${line} end`, rsa.private)).toBe('oops: [redacted] end');
    expect(redactPrivateKey('nothing here', rsa.private)).toBe('nothing here');
  });
});
