/**
 * The builder's private key: parse it (ssh2's parser, no I/O) and derive the public half.
 * Errors name what is wrong and never contain any of the key text.
 */
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { fingerprintSha256 } from '../../config/known-hosts.js';

const { utils } = ssh2;

export const PUBLIC_KEY_COMMENT = 'pool-reconciler';

export type SshKeyErrorCode = 'empty' | 'passphrase-protected' | 'public-key' | 'unparsable';

export class SshKeyError extends Error {
  readonly code: SshKeyErrorCode;
  constructor(code: SshKeyErrorCode, message: string) {
    super(message);
    this.name = 'SshKeyError';
    this.code = code;
  }
}

export interface BuilderKey {
  /** The parsed private key, to hand to ssh2. Keep it out of any report. */
  parsed: ParsedKey;
  /** authorized_keys line: `<type> <base64> pool-reconciler`. */
  publicKey: string;
  /** Key type, e.g. `ssh-rsa`. */
  type: string;
  /** `SHA256:` fingerprint of the public key. */
  fingerprint: string;
}

const WHAT = 'the builder SSH private key';
const WHERE =
  'give the unencrypted private key (PEM or OpenSSH format), as in key "priv" of Secret nodepool-builder-ssh-key';

/** Parses the builder's private key. Throws SshKeyError (with no key content in it) if it cannot be used. */
export function parseBuilderKey(privateKey: string): BuilderKey {
  if (typeof privateKey !== 'string' || privateKey.trim() === '') {
    throw new SshKeyError('empty', `${WHAT} is empty; ${WHERE}`);
  }
  const text = privateKey.replace(/\r\n?/g, '\n');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED|^Encryption:\s*(?!none)\S/m.test(text)) {
    throw passphraseError();
  }
  let parsed: ParsedKey | Error;
  try {
    parsed = utils.parseKey(text);
  } catch {
    parsed = new Error('parse failed');
  }
  if (parsed instanceof Error) {
    // ssh2's messages may quote bytes of the key; classify them, never pass them on.
    if (/passphrase|encrypted/i.test(parsed.message)) throw passphraseError();
    throw new SshKeyError('unparsable', `${WHAT} could not be parsed (not a supported SSH private key); ${WHERE}`);
  }
  if (!parsed.isPrivateKey()) {
    throw new SshKeyError('public-key', `${WHAT} is a public key, not a private key; ${WHERE}`);
  }
  const blob = parsed.getPublicSSH();
  return {
    parsed,
    publicKey: `${parsed.type} ${blob.toString('base64')} ${PUBLIC_KEY_COMMENT}`,
    type: parsed.type,
    fingerprint: fingerprintSha256(blob),
  };
}

/** The authorized_keys line for a private key (see parseBuilderKey for errors). */
export function derivePublicKey(privateKey: string): string {
  return parseBuilderKey(privateKey).publicKey;
}

function passphraseError(): SshKeyError {
  return new SshKeyError(
    'passphrase-protected',
    `${WHAT} is protected by a passphrase, which pool-reconciler cannot use (nodepool-builder cannot either); ${WHERE}`,
  );
}

/**
 * Replaces any piece of the private key's text found in `text` (a defence for messages that come from elsewhere).
 */
export function redactPrivateKey(text: string, privateKey: string): string {
  let out = text;
  for (const chunk of privateKeyChunks(privateKey)) {
    if (out.includes(chunk)) out = out.split(chunk).join('[redacted]');
  }
  return out;
}

function privateKeyChunks(privateKey: string): string[] {
  const chunks = new Set<string>();
  for (const line of privateKey.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= 16 && !t.startsWith('-----')) chunks.add(t);
  }
  return [...chunks];
}
