/** `--format zuul`: findings as the data Zuul's zuul_return takes to comment on the change. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toZuulReturn } from '../../src/report/zuul.js';
import { copyExampleRepo, EXAMPLE_REPO, lineContaining } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { zuulReturnProblems } from '../support/zuul.js';
import { cli } from '../support/cli.js';


let copy: RepoCopy | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

describe('validate --format zuul', () => {
  it('puts each finding on its line, the path relative to the config repo, in the shape Zuul documents', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
    const line = lineContaining(copy.read('nodepool/nodepool.yaml'), 'max-server: 20');
    const r = await cli(['validate', '--format', 'zuul', copy.dir]);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(zuulReturnProblems(data)).toEqual([]);
    expect(Object.keys(data.zuul.file_comments)).toEqual(['nodepool/nodepool.yaml']);
    expect(data.zuul.file_comments['nodepool/nodepool.yaml']).toEqual([
      { line, level: 'error', message: expect.stringMatching(/^error\\\[nodepool\/unknown-key\\\] at column 9: .*unknown key \\`max-server\\`\nHint: Did you mean \\`max-servers\\`\?$/) },
    ]);
  });

  it('a clean repo gives no comments; paths stay relative when run from inside the repo', async () => {
    const clean = JSON.parse((await cli(['validate', '--format', 'zuul', EXAMPLE_REPO])).stdout);
    expect(clean).toEqual({ zuul: { file_comments: {} } });
    expect(zuulReturnProblems(clean)).toEqual([]);
  });

  it('a finding about a whole file, or about a secret input, becomes a warning (no line to put it on)', () => {
    const root = path.resolve('/repo');
    const data = toZuulReturn(
      [
        { rule: 'repo/missing', severity: 'error', file: '/repo/cluster.yaml', line: 0, column: 0, message: 'cluster.yaml does not exist' },
        { rule: 'secrets/syntax', severity: 'error', file: 'input:clouds-yaml', line: 3, column: 1, message: 'does not parse' },
        { rule: 'inventory/implicit-address', severity: 'notice', file: '/repo/a.yaml', line: 2, column: 1, message: 'note' },
        { rule: 'yaml/duplicate-key', severity: 'warning', file: '/repo/__proto__', line: 1, column: 1, message: 'odd name' },
      ],
      { repoRoot: root },
    );
    expect(zuulReturnProblems(data)).toEqual([]);
    // Markdown, escaped (Zuul posts it as a comment): the brackets are literal. A comment sits on its line; its
    // text names the column (a `range` would need the finding's end, and Gerrit and GitHub count columns apart).
    expect(data.zuul.warnings).toEqual(['cluster.yaml: error\\[repo/missing\\] cluster.yaml does not exist', 'clouds-yaml line 3, column 1: error\\[secrets/syntax\\] does not parse']);
    expect(data.zuul.file_comments['a.yaml']).toEqual([{ line: 2, level: 'info', message: 'notice\\[inventory/implicit-address\\] at column 1: note' }]);
    expect(Object.getOwnPropertyNames(data.zuul.file_comments)).toContain('__proto__');
  });

  it('the shape check is not a rubber stamp', () => {
    expect(zuulReturnProblems({ zuul: { file_comments: { '/abs/x.yaml': [{ line: 1, message: 'm' }] } } })).not.toEqual([]);
    expect(zuulReturnProblems({ zuul: { file_comments: { 'x.yaml': [{ line: 0, message: 'm' }] } } })).not.toEqual([]);
    expect(zuulReturnProblems({ zuul: { file_comments: { 'x.yaml': [{ line: 1, message: 'm', level: 'fatal' }] } } })).not.toEqual([]);
  });
});
