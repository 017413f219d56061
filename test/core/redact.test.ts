import { describe, expect, it } from 'vitest';
import { MIN_LINE_LENGTH, REDACTED, Redactor, maskSecrets, secretForms, secretLines } from '../../src/core/redact.js';

const KUBECONFIG = [
  'apiVersion: v1',
  'kind: Config',
  'users:',
  '- name: ci',
  '  user:',
  '    token: sha256~S3cr3tT0kenValue',
  '',
].join('\n');

describe('maskSecrets', () => {
  it('masks each whole value and each non-empty trimmed line of a multi-line value', () => {
    const masked: string[] = [];
    const n = maskSecrets([KUBECONFIG, 'single-password', undefined, '', '   ', null], (s) => masked.push(s));
    expect(masked[0]).toBe(KUBECONFIG);
    expect(masked).toContain('kind: Config');
    expect(masked).toContain('token: sha256~S3cr3tT0kenValue');
    expect(masked).toContain('- name: ci');
    expect(masked).toContain('single-password');
    expect(masked).not.toContain('');
    expect(masked.every((m) => m.trim() === m || m === KUBECONFIG)).toBe(true);
    expect(n).toBe(masked.length);
  });

  it('registers a value only once and a single-line value only as itself', () => {
    const masked: string[] = [];
    maskSecrets(['abc', 'abc', 'x\ny\nx'], (s) => masked.push(s));
    expect(masked).toEqual(['abc', 'x\ny\nx', 'x', 'y']);
  });

  it('handles CRLF line endings', () => {
    const masked: string[] = [];
    maskSecrets(['line-one\r\nline-two\r\n'], (s) => masked.push(s));
    expect(masked).toEqual(['line-one\r\nline-two\r\n', 'line-one', 'line-two']);
  });

  it('secretLines gives distinct trimmed lines', () => {
    expect(secretLines('  a \n\n b\r\na')).toEqual(['a', 'b']);
  });
});

describe('Redactor', () => {
  it('replaces every occurrence of a value', () => {
    const r = new Redactor(['hunter22']);
    expect(r.redact('pw=hunter22, again hunter22.')).toBe(`pw=${REDACTED}, again ${REDACTED}.`);
    expect(r.contains('nothing here')).toBe(false);
    expect(r.contains('xhunter22x')).toBe(true);
  });

  it('ignores blank and missing secrets', () => {
    const r = new Redactor([undefined, null, '', '  ']);
    expect(r.size).toBe(0);
    expect(r.redact('text')).toBe('text');
  });

  it('redacts each line of a multi-line secret of at least 4 characters, and the whole value as one', () => {
    const r = new Redactor().add(KUBECONFIG);
    expect(r.redact(`before\n${KUBECONFIG}after`)).toBe(`before\n${REDACTED}after`);
    expect(r.redact('the token: sha256~S3cr3tT0kenValue leaked')).toBe(`the ${REDACTED} leaked`);
    expect(r.redact('kind: Config')).toBe(REDACTED);
    // Short lines would match everywhere; they are left alone.
    const short = new Redactor().add('abc\nlonger-line');
    expect(short.redact('abc and longer-line')).toBe(`abc and ${REDACTED}`);
    expect(MIN_LINE_LENGTH).toBe(4);
  });

  it('redacts base64 forms of the value and of each line, padded and unpadded', () => {
    const secret = 'p4ssw0rd!';
    const r = new Redactor([secret]);
    const b64 = Buffer.from(secret).toString('base64');
    expect(r.redact(`data: ${b64}`)).toBe(`data: ${REDACTED}`);
    const two = 'passwd12'; // 8 bytes: base64 ends with "="
    const r2 = new Redactor([two]);
    const padded = Buffer.from(two).toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    expect(r2.redact(padded)).toBe(REDACTED);
    expect(r2.redact(padded.replace(/=+$/, ''))).toBe(REDACTED);
    // A line's base64 (a kubeconfig token line encoded on its own).
    const rk = new Redactor([KUBECONFIG]);
    const lineB64 = Buffer.from('token: sha256~S3cr3tT0kenValue').toString('base64');
    expect(rk.redact(`x ${lineB64} y`)).toBe(`x ${REDACTED} y`);
    expect(rk.redact(Buffer.from(KUBECONFIG).toString('base64'))).toBe(REDACTED);
  });

  it('finds a secret inside a longer base64 blob at any of the three alignments', () => {
    const secret = 'sha256~S3cr3tT0kenValue';
    const r = new Redactor([secret]);
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      const blob = Buffer.from(`${prefix}token: ${secret}\nmore: stuff`).toString('base64');
      const out = r.redact(blob);
      expect(out, `prefix ${JSON.stringify(prefix)}`).toContain(REDACTED);
      // No 8-character run of the secret's own base64 core survives.
      expect(out.length).toBeLessThan(blob.length);
    }
  });

  it('redacts the JSON-escaped form of a multi-line secret (as in a JSON output)', () => {
    const r = new Redactor([KUBECONFIG]);
    const json = JSON.stringify({ plan: KUBECONFIG });
    expect(r.redact(json)).toBe(`{"plan":"${REDACTED}"}`);
  });

  it('prefers the longest match where secrets overlap', () => {
    const r = new Redactor(['abcd', 'abcdefgh']);
    expect(r.redact('abcdefgh abcd')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('escapes regular-expression characters in secrets', () => {
    const r = new Redactor(['a.b*c(d)[e]$^|\\']);
    expect(r.redact('x a.b*c(d)[e]$^|\\ y axbbbc')).toBe(`x ${REDACTED} y axbbbc`);
  });

  it('secretForms includes the value, its base64 and its JSON escape', () => {
    const forms = secretForms('a"b\nc');
    expect(forms).toContain('a"b\nc');
    expect(forms).toContain('a\\"b\\nc');
    expect(forms).toContain(Buffer.from('a"b\nc').toString('base64'));
  });
});
