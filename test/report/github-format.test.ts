/** `--format github`: workflow commands that GitHub turns into annotations, escaped as @actions/core escapes them. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { escapeData, escapeProperty, formatGithubAnnotations, githubAnnotation } from '../../src/report/github.js';

const d = (over: Partial<Diagnostic>): Diagnostic => ({
  rule: 'nodepool/unknown-key',
  severity: 'error',
  file: 'nodepool/nodepool.yaml',
  line: 37,
  column: 9,
  message: 'unknown key `max-server`',
  ...over,
});

/** Undo the escaping the way the runner does, to check nothing is lost. */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
}

describe('github workflow command annotations', () => {
  it('writes ::error / ::warning / ::notice with file, line, col and the rule as title', () => {
    expect(githubAnnotation(d({}))).toBe('::error file=nodepool/nodepool.yaml,line=37,col=9,title=nodepool/unknown-key::unknown key `max-server`');
    expect(githubAnnotation(d({ severity: 'warning' }))).toMatch(/^::warning file=/);
    expect(githubAnnotation(d({ severity: 'notice' }))).toMatch(/^::notice file=/);
  });

  it('leaves out line and col when the finding is about the whole file, and col when there is none', () => {
    expect(githubAnnotation(d({ line: 0, column: 0 }))).toBe('::error file=nodepool/nodepool.yaml,title=nodepool/unknown-key::unknown key `max-server`');
    expect(githubAnnotation(d({ column: 0 }))).toBe('::error file=nodepool/nodepool.yaml,line=37,title=nodepool/unknown-key::unknown key `max-server`');
  });

  it('puts the hint on a second line of the message', () => {
    expect(githubAnnotation(d({ hint: 'Did you mean `max-servers`?' }))).toBe(
      '::error file=nodepool/nodepool.yaml,line=37,col=9,title=nodepool/unknown-key::unknown key `max-server`%0AHint: Did you mean `max-servers`?',
    );
  });

  it('escapes data and properties exactly as @actions/core does', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    // `%` first, so an escape sequence in the input is not read back as one.
    expect(escapeData('%0A')).toBe('%250A');
    expect(unescapeData(escapeData('%0A'))).toBe('%0A');
  });

  it('a hostile message or path cannot end the command or start another one', () => {
    const line = githubAnnotation(
      d({
        file: 'dispatch/pod-templates/a,title=x::evil.yaml',
        message: 'bad value "x"\n::set-env name=NODE_OPTIONS::--require=/tmp/p\r\n::add-mask::%s',
        hint: 'fix it: now, please',
      }),
    );
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toContain('\r');
    const m = /^::error (?<props>[^:]*)::(?<message>.*)$/.exec(line);
    expect(m, line).not.toBeNull();
    const props = Object.fromEntries(m!.groups!.props.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    expect(Object.keys(props)).toEqual(['file', 'line', 'col', 'title']);
    expect(unescapeProperty(props.file)).toBe('dispatch/pod-templates/a,title=x::evil.yaml');
    expect(unescapeData(m!.groups!.message)).toBe(
      'bad value "x"\n::set-env name=NODE_OPTIONS::--require=/tmp/p\r\n::add-mask::%s\nHint: fix it: now, please',
    );
  });

  it('makes absolute paths under the repository root relative, with forward slashes', () => {
    expect(githubAnnotation(d({ file: '/home/runner/work/r/r/cluster.yaml' }), { repoRoot: '/home/runner/work/r/r' })).toMatch(/^::error file=cluster.yaml,/);
    expect(githubAnnotation(d({ file: 'config\\cluster.yaml' }))).toMatch(/^::error file=config\/cluster.yaml,/);
    expect(githubAnnotation(d({ file: '/elsewhere/cluster.yaml' }), { repoRoot: '/home/runner/work/r/r' })).toMatch(/^::error file=\/elsewhere\/cluster.yaml,/);
    expect(githubAnnotation(d({ file: 'C:\\w\\r\\cluster.yaml' }), { repoRoot: 'C:\\w\\r' })).toMatch(/^::error file=cluster.yaml,/);
  });

  it('ends with the summary line', () => {
    const out = formatGithubAnnotations([d({}), d({ severity: 'warning', line: 40 })]);
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^::error /),
      expect.stringMatching(/^::warning /),
      'invalid: 1 error, 1 warning',
      '',
    ]);
    expect(formatGithubAnnotations([])).toBe('valid: no errors, no warnings\n');
  });
});
