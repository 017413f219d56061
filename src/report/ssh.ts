/**
 * SSH check results as a Markdown table (PR comment, job summary) or plain text (CLI). Pure.
 */
import type { SshCheckReport, SshHostResult } from '../core/ssh-types.js';
import { codeBlock, escapeMarkdown, markdownCode } from '../core/markdown.js';
import { terminalText } from '../core/terminal.js';

export type SshTableFormat = 'markdown' | 'text';

export interface RenderSshOptions {
  /** Show the builder's public key above the table (default true). */
  showPublicKey?: boolean;
}

const STATUS_MARK: Record<SshHostResult['status'], { md: string; text: string }> = {
  ok: { md: '✅', text: 'ok' },
  failed: { md: '❌', text: 'FAILED' },
  'accepted-new': { md: '⚠️', text: 'accepted-new' },
  probed: { md: '🔍', text: 'probed' },
  'not-checked': { md: '⏭️', text: 'not checked' },
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
  const probed = report.results.filter((r) => r.status === 'probed').length;
  const skipped = report.results.filter((r) => r.status === 'not-checked').length;
  const parts = [`${n - failed - accepted - probed - skipped} of ${n} image-builder${n === 1 ? '' : 's'} ok`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (accepted > 0) parts.push(`${accepted} accepted on first use`);
  if (probed > 0) parts.push(`${probed} changed in this pull request: host key and reachability checked, logged in to with the builder key after merge`);
  if (skipped > 0) parts.push(`${skipped} new in this pull request: not checked, checked after merge`);
  return parts.join(', ');
}

function renderMarkdown(report: SshCheckReport, options: RenderSshOptions): string {
  const out: string[] = [];
  out.push(`**Image-builder SSH check:** ${escapeMarkdown(summary(report))}`);
  if (options.showPublicKey !== false) {
    out.push('', `Builder public key (${markdownCode(report.publicKeyFingerprint)}):`, '', codeBlock(report.publicKey));
  }
  if (report.results.length > 0) {
    out.push('', `| | ${HEADERS.join(' | ')} |`, `|---|${HEADERS.map(() => '---').join('|')}|`);
    for (const r of report.results) {
      const c = cells(r).map((v, i) => (i === 2 && r.hostKey ? markdownCode(v) : escapeMarkdown(v)));
      out.push(`| ${STATUS_MARK[r.status].md} | ${c.join(' | ')} |`);
    }
  }
  const problems = report.results.filter((r) => r.status !== 'ok' || r.notes.length > 0);
  if (problems.length > 0) out.push('');
  for (const r of problems) {
    const where = r.file ? ` (${escapeMarkdown(r.file)}${r.line !== undefined ? `:${r.line}` : ''})` : '';
    if (r.status === 'failed' && r.cause) {
      out.push(`- ❌ **${escapeMarkdown(r.name)}**${where}: ${escapeMarkdown(r.cause)}`);
      if (r.failure === 'host-key-unknown' && r.hostKey?.suggestedLine) {
        out.push('', indent(codeBlock(r.hostKey.suggestedLine), '  '));
      }
    }
    if (r.status === 'accepted-new' && r.hostKey?.suggestedLine) {
      out.push(
        `- ⚠️ **${escapeMarkdown(r.name)}**${where}: host key accepted on first use (${escapeMarkdown(r.hostKey.fingerprint)}); ` +
          'commit this line to known_hosts:',
        '',
        indent(codeBlock(r.hostKey.suggestedLine), '  '),
      );
    }
    for (const n of r.notes) {
      out.push(`- ℹ️ ${escapeMarkdown(r.name)}: ${escapeMarkdown(n)}`);
    }
  }
  if (report.notes.length > 0) {
    out.push('');
    for (const n of report.notes) out.push(`- ℹ️ ${escapeMarkdown(n)}`);
  }
  return out.join('\n') + '\n';
}

function renderText(report: SshCheckReport, options: RenderSshOptions): string {
  const out: string[] = [];
  out.push(`Image-builder SSH check: ${terminalText(summary(report))}`);
  if (options.showPublicKey !== false) {
    out.push(`Builder public key (${report.publicKeyFingerprint}):`, `  ${terminalText(report.publicKey)}`);
  }
  if (report.results.length > 0) {
    const rows = [['status', ...HEADERS], ...report.results.map((r) => [STATUS_MARK[r.status].text, ...cells(r).map((c) => terminalText(c))])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    out.push('');
    for (const row of rows) out.push(row.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
  }
  for (const r of report.results) {
    if (r.status === 'failed' && r.cause) out.push(`${terminalText(r.name)}: ${terminalText(r.cause)}`);
    if (r.status === 'accepted-new' && r.hostKey?.suggestedLine) {
      out.push(`${terminalText(r.name)}: host key accepted on first use; commit this line to known_hosts:`);
      out.push(`  ${terminalText(r.hostKey.suggestedLine)}`);
    }
    for (const n of r.notes) {
      out.push(`${terminalText(r.name)}: note: ${terminalText(n)}`);
    }
  }
  for (const n of report.notes) out.push(`note: ${terminalText(n)}`);
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

function indent(s: string, by: string): string {
  return s
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
