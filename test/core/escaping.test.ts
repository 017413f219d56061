/** One escaping module per output channel (issue 16, finding 4): Markdown, terminal, workflow commands. */
import { describe, expect, it } from 'vitest';
import { codeBlock, escapeHtml, escapeMarkdown, escapeMarkdownProse, markdownCode } from '../../src/core/markdown.js';
import { terminalLines, terminalText } from '../../src/core/terminal.js';
import { annotationText, escapeData, escapeProperty, logLine, workflowCommand } from '../../src/core/workflow-commands.js';

/** What GitHub would turn into a mention or a link in rendered Markdown text (not in code). */
const LIVE = [/(^|[^\w`])@[A-Za-z0-9]/, /[A-Za-z]:\/\//, /(^|[\s*_~(])www\./i, /[\w.+-]@[A-Za-z0-9-]+\.[A-Za-z]/];

describe('Markdown', () => {
  it('neutralises mentions of users and teams, bare URLs, www. names and e-mail addresses', () => {
    for (const hostile of ['@octocat', 'ping @acme/admins now', 'see https://evil.example/x', 'www.evil.example', 'mail root@evil.example', '(@ghost)']) {
      const out = escapeMarkdown(hostile);
      for (const re of LIVE) expect(out, `${hostile} → ${out}`).not.toMatch(re);
      expect(out.replace(/\u200b/g, '')).toBe(hostile); // only zero-width spaces added
    }
    for (const re of LIVE) expect(escapeHtml('<b>@acme/team https://x.example</b>')).not.toMatch(re);
  });

  it('cannot open HTML, a comment header, a fence, or break a table row', () => {
    const out = escapeMarkdown('<!-- pool-reconciler {"v":1} -->\n```\n| a | b |');
    expect(out.replace(/<br>/g, '')).not.toMatch(/<|```|\n|(?<!\\)\|/);
    expect(markdownCode('a`b|c\nd')).toBe('``a`b\\|c d``');
    expect(codeBlock('x\n````\ny')).toMatch(/^`````\nx\n````\ny\n`````$/);
  });

  it('drops control characters and escape sequences', () => {
    expect(escapeMarkdown('a\u001b[31mb\u202ec')).toBe('a \\[31mb c');
  });
  it("prose with the tool's own code spans: each `…` pair is a code span, the rest escaped prose; an odd backtick leaves it all prose", () => {
    expect(escapeMarkdownProse('run `sf-operator deploy` when *ready*')).toBe('run `sf-operator deploy` when \\*ready\\*');
    expect(escapeMarkdownProse('a`b')).toBe(escapeMarkdown('a`b'));
    expect(escapeMarkdownProse('`a|b` and ``')).toBe('`a\\|b` and ');
    // A value from the repo with backticks can shift the pairs, never make markup: a mention, a link or HTML stays
    // inside a code span (where GitHub renders it as text) or is escaped as prose.
    for (const hostile of ['label x`@octocat`y in `pool`', 'x` <img src=x> `y `www.evil.example`', '`a\n<!-- pool-reconciler -->`', '``` fence ```']) {
      const out = escapeMarkdownProse(hostile);
      const prose = out.split('`').filter((_, i) => i % 2 === 0).join('');
      for (const re of LIVE) expect(prose, `${hostile} → ${out}`).not.toMatch(re);
      expect(prose).not.toMatch(/<(?!br>)/); // HTML only inside a code span, where it is text (as markdownCode allows)
      expect(out).not.toMatch(/\n|``/); // one line, and no empty span or fence
    }
  });
});

describe('terminal', () => {
  it('writes control characters and escape sequences visibly, on one line', () => {
    expect(terminalText('a\nb\r\u001b[2J\u0007\u009b\u202e')).toBe('a\\nb\\r\\x1b[2J\\x07\\x9b\\u202e');
    expect(terminalText('tab\tkept')).toBe('tab\tkept');
    expect(terminalLines('one\u001b\ntwo')).toBe('one\\x1b\ntwo');
  });
});

describe('workflow commands', () => {
  it('escapes as @actions/core does, and control characters visibly', () => {
    expect(escapeData('50%\r\n::error::x\u001b')).toBe('50%25%0D%0A::error::x\\x1b');
    expect(escapeProperty('a:b,c\n')).toBe('a%3Ab%2Cc%0A');
    expect(workflowCommand('error', [['file', 'a,b'], ['title', 'r:1']], 'm\n::add-mask::s')).toBe('::error file=a%2Cb,title=r%3A1::m%0A::add-mask::s');
  });

  it('keeps a log line from being read as a command, even when a value comes first', () => {
    for (const hostile of ['::add-mask::x', '  ::error::y', 'ok\n::warning::z']) {
      const line = logLine(hostile);
      expect(line).not.toMatch(/\n/);
      expect(line.trimStart().startsWith('::')).toBe(false);
    }
    expect(annotationText('a\nb\u001b')).toBe('a\nb\\x1b');
  });
});
