/**
 * SSH check results as a Markdown table (PR comment, job summary) or plain text (CLI). Pure.
 */
import type { SshCheckReport, SshHostResult } from '../core/ssh-types.js';

export type SshTableFormat = 'markdown' | 'text';

export interface RenderSshOptions {
  /** Show the builder's public key above the table (default true). */
  showPublicKey?: boolean;
}

const STATUS_MARK: Record<SshHostResult['status'], { md: string; text: string }> = {
  ok: { md: '✅', text: 'ok' },
  failed: { md: '❌', text: 'FAILED' },
  'accepted-new': { md: '⚠️', text: 'accepted-new' },
};

export function renderSshTable(report: SshCheckReport, format: SshTableFormat, options: RenderSshOptions = {}): string {
  return format === 'markdown' ? renderMarkdown(report, options) : renderText(report, options);
}

function cells(r: SshHostResult): string[] {
  const hk = r.hostKey
    ? `${shortAlg(r.hostKey.algorithm)} ${r.hostKey.fingerprint}${r.hostKey.pinned ? '' : ' (not pinned)'}`
    : '-';
  return [
    r.name,
    `${r.user}@${hostPort(r.address, r.port)}${r.userDefaulted ? ' (default user)' : ''}`,
    hk,
    r.auth,
    r.hostname ?? '-',
    r.pythonVersion ?? '-',
    r.latencyMs !== undefined ? `${r.latencyMs} ms` : `${r.durationMs} ms`,
  ];
}

const HEADERS = ['host', 'login', 'host key', 'auth', 'hostname', 'python3', 'time'];

function summary(report: SshCheckReport): string {
  const n = report.results.length;
  const failed = report.results.filter((r) => r.status === 'failed').length;
  const accepted = report.results.filter((r) => r.status === 'accepted-new').length;
  const parts = [`${n - failed - accepted} of ${n} image-builder${n === 1 ? '' : 's'} ok`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (accepted > 0) parts.push(`${accepted} accepted on first use`);
  return parts.join(', ');
}

function renderMarkdown(report: SshCheckReport, options: RenderSshOptions): string {
  const out: string[] = [];
  out.push(`**Image-builder SSH check:** ${mdText(summary(report))}`);
  if (options.showPublicKey !== false) {
    out.push('', `Builder public key (${mdCode(report.publicKeyFingerprint)}):`, '', fence(report.publicKey));
  }
  if (report.results.length > 0) {
    out.push('', `| | ${HEADERS.join(' | ')} |`, `|---|${HEADERS.map(() => '---').join('|')}|`);
    for (const r of report.results) {
      const c = cells(r).map((v, i) => (i === 2 && r.hostKey ? mdCode(v) : mdText(v)));
      out.push(`| ${STATUS_MARK[r.status].md} | ${c.join(' | ')} |`);
    }
  }
  const problems = report.results.filter((r) => r.status !== 'ok' || r.notes.length > 0);
  if (problems.length > 0) out.push('');
  for (const r of problems) {
    const where = r.file ? ` (${mdText(r.file)}${r.line !== undefined ? `:${r.line}` : ''})` : '';
    if (r.status === 'failed' && r.cause) {
      out.push(`- ❌ **${mdText(r.name)}**${where}: ${mdText(r.cause)}`);
      if (r.failure === 'host-key-unknown' && r.hostKey?.suggestedLine) {
        out.push('', indent(fence(r.hostKey.suggestedLine), '  '));
      }
    }
    if (r.status === 'accepted-new' && r.hostKey?.suggestedLine) {
      out.push(
        `- ⚠️ **${mdText(r.name)}**${where}: host key accepted on first use (${mdText(r.hostKey.fingerprint)}); ` +
          'commit this line to known_hosts:',
        '',
        indent(fence(r.hostKey.suggestedLine), '  '),
      );
    }
    for (const n of r.notes) {
      if (r.status === 'accepted-new' && n.startsWith('host key accepted on first use')) continue;
      out.push(`- ℹ️ ${mdText(r.name)}: ${mdText(n)}`);
    }
  }
  if (report.notes.length > 0) {
    out.push('');
    for (const n of report.notes) out.push(`- ℹ️ ${mdText(n)}`);
  }
  return out.join('\n') + '\n';
}

function renderText(report: SshCheckReport, options: RenderSshOptions): string {
  const out: string[] = [];
  out.push(`Image-builder SSH check: ${plain(summary(report))}`);
  if (options.showPublicKey !== false) {
    out.push(`Builder public key (${report.publicKeyFingerprint}):`, `  ${plain(report.publicKey)}`);
  }
  if (report.results.length > 0) {
    const rows = [['status', ...HEADERS], ...report.results.map((r) => [STATUS_MARK[r.status].text, ...cells(r).map(plain)])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    out.push('');
    for (const row of rows) out.push(row.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
  }
  for (const r of report.results) {
    if (r.status === 'failed' && r.cause) out.push(`${plain(r.name)}: ${plain(r.cause)}`);
    if (r.status === 'accepted-new' && r.hostKey?.suggestedLine) {
      out.push(`${plain(r.name)}: host key accepted on first use; commit this line to known_hosts:`);
      out.push(`  ${plain(r.hostKey.suggestedLine)}`);
    }
    for (const n of r.notes) {
      if (r.status === 'accepted-new' && n.startsWith('host key accepted on first use')) continue;
      out.push(`${plain(r.name)}: note: ${plain(n)}`);
    }
  }
  for (const n of report.notes) out.push(`note: ${plain(n)}`);
  return out.join('\n') + '\n';
}

function shortAlg(alg: string): string {
  const m: Record<string, string> = {
    'ssh-ed25519': 'ED25519',
    'ssh-rsa': 'RSA',
    'ssh-dss': 'DSA',
    'ecdsa-sha2-nistp256': 'ECDSA',
    'ecdsa-sha2-nistp384': 'ECDSA-384',
    'ecdsa-sha2-nistp521': 'ECDSA-521',
  };
  return m[alg] ?? alg;
}

function hostPort(address: string, port: number): string {
  const a = address.includes(':') ? `[${address}]` : address;
  return port === 22 ? a : `${a}:${port}`;
}

/** One line of printable text. */
function plain(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** Markdown inline text: escapes what GitHub would format, and breaks @mentions. */
function mdText(s: string): string {
  return plain(s)
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/(^|[^\w])@(?=\w)/g, '$1@\u200b');
}

/** Inline code that survives any backticks inside and stays in one table cell. */
function mdCode(s: string): string {
  const t = plain(s).replace(/\|/g, '\\|');
  const runs = t.match(/`+/g) ?? [];
  const fenceLen = Math.max(0, ...runs.map((r) => r.length)) + 1;
  const f = '`'.repeat(fenceLen);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${f}${pad}${t}${pad}${f}`;
}

function fence(s: string): string {
  const runs = s.match(/`{3,}/g) ?? [];
  const f = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${f}\n${plain(s)}\n${f}`;
}

function indent(s: string, by: string): string {
  return s
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
