/**
 * A certificate authority and a server certificate for the sandbox's HTTPS, made in-process: Node can make and use
 * keys (node:crypto) but has no X.509 writer, so the certificates are written here as DER (ITU-T X.690) by hand,
 * the few ASN.1 types RFC 5280 needs. Nothing to install (no openssl). The keys are ECDSA P-256, signed with
 * SHA-256: what kubectl (Go's crypto/x509) and Node's TLS both accept.
 *
 * The server certificate names 127.0.0.1 and localhost (subjectAltName; Go ignores the common name) and is for
 * serverAuth; the CA certificate is what a kubeconfig's `certificate-authority-data` carries.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

// ---- DER ----

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octetString = (b: Buffer): Buffer => tlv(0x04, b);
const bitString = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const boolean = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
/** Context-specific, constructed: [n] EXPLICIT. */
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const base128: number[] = [];
    for (let v = p; ; v = Math.floor(v / 128)) {
      base128.unshift((v % 128) | (base128.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...base128);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime (YYMMDDHHMMSSZ) until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 asks. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

// ---- X.509 ----

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const SIGNATURE_ALGORITHM = sequence(oid(OID.ecdsaWithSha256));

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(oid(OID.organization), utf8('pool-reconciler sandbox'))),
    set(sequence(oid(OID.commonName), utf8(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** KeyUsage bits (RFC 5280 §4.2.1.3), as a DER BIT STRING with its unused bits counted. */
function keyUsage(bits: number[]): Buffer {
  let value = 0;
  for (const b of bits) value |= 0x80 >> b;
  const unused = value === 0 ? 0 : Math.min(7, Math.log2(value & -value));
  return tlv(0x03, Buffer.from([unused, value]));
}

/** The key identifier RFC 5280 §4.2.1.2 suggests: SHA-1 of the subjectPublicKey bits. */
function keyId(spki: Buffer): Buffer {
  // The SPKI's last element is the BIT STRING of the key; for P-256 it is the final 65 bytes (uncompressed point).
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

interface CertificateSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  issuerKeyId?: Buffer;
  ca: boolean;
  ips?: string[];
  dnsNames?: string[];
  notBefore: Date;
  notAfter: Date;
}

function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function certificate(spec: CertificateSpec): { der: Buffer; keyId: Buffer } {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const ownKeyId = keyId(spki);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  const extensions = [
    extension(OID.basicConstraints, true, spec.ca ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, keyUsage(spec.ca ? [0, 5, 6] : [0])),
    extension(OID.subjectKeyIdentifier, false, octetString(ownKeyId)),
  ];
  if (spec.issuerKeyId) extensions.push(extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, spec.issuerKeyId))));
  if (!spec.ca) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))));
    const names = [...(spec.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...(spec.ips ?? []).map((ip) => tlv(0x87, ipBytes(ip)))];
    extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    SIGNATURE_ALGORITHM,
    name(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, { key: spec.signer, dsaEncoding: 'der' });
  return { der: sequence(tbs, SIGNATURE_ALGORITHM, bitString(signature)), keyId: ownKeyId };
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface SandboxTls {
  /** The CA certificate (PEM): what a client trusts (a kubeconfig's certificate-authority-data). */
  ca: string;
  /** The server's certificate (PEM), issued by the CA for 127.0.0.1 and localhost. */
  cert: string;
  /** The server's private key (PKCS#8 PEM). */
  key: string;
}

/** A fresh CA and a server certificate signed by it, valid from an hour ago for `days` days. */
export function makeSandboxTls(options: { days?: number; now?: Date } = {}): SandboxTls {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = new Date(now.getTime() + (options.days ?? 30) * 86400_000);
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = 'pool-reconciler sandbox CA';
  const ca = certificate({ subject: caName, issuer: caName, publicKey: caKeys.publicKey, signer: caKeys.privateKey, ca: true, notBefore, notAfter });
  const server = certificate({
    subject: 'pool-reconciler sandbox API server',
    issuer: caName,
    publicKey: serverKeys.publicKey,
    signer: caKeys.privateKey,
    issuerKeyId: ca.keyId,
    ca: false,
    ips: ['127.0.0.1'],
    dnsNames: ['localhost'],
    notBefore,
    notAfter,
  });
  return {
    ca: pem('CERTIFICATE', ca.der),
    cert: pem('CERTIFICATE', server.der),
    key: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
