/**
 * Output injection (issue 16, finding 4): a value from the config repo must not inject a workflow command
 * (`::error::`, `::add-mask::`) into a log line, must not put raw escape sequences on a terminal, and must not
 * become a live mention or link in Markdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/entry/cli.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

/** The lines the Actions runner would take as workflow commands: `::` after leading white space. */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('::'));
}

let copy: RepoCopy | undefined;
afterEach(() => {
  copy?.cleanup();
  copy = undefined;
});

const HOSTILE_KEY = '"max-server\\n::error::injected\\n::add-mask::x\\r::warning::cr\\u001b[2J\\u001b]8;;https://evil.example\\u0007"';

describe('a YAML key with a newline and workflow commands', () => {
  it('threat: a YAML key with a newline and ::error:: or ::add-mask:: injects workflow commands or terminal escapes into the log; holds: validate prints it on one line, with no command and no raw escape sequence', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', `${HOSTILE_KEY}: 20`);
    const r = await cli(['validate', copy.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('max-server');
    expect(commandLines(r.stdout + r.stderr)).toEqual([]);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('threat: a YAML key with workflow commands, in --format github annotations; holds: it is escaped as command data only', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', `${HOSTILE_KEY}: 20`);
    const r = await cli(['validate', '--format', 'github', copy.dir]);
    expect(r.code).toBe(1);
    const commands = commandLines(r.stdout + r.stderr);
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) /);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

/** What GitHub would render as live in a Markdown review comment: a mention, a link, an image, HTML, a code span. */
const MARKDOWN_LIVE: Array<[string, RegExp]> = [
  ['a mention', /(^|[^\w`\\])@[A-Za-z0-9]/],
  ['a URL', /[A-Za-z]:\/\//],
  ['an image or a link', /(?<!\\)\]\(/],
  ['HTML', /<(?!br>)[A-Za-z!/]/],
  ['a backtick that opens or closes a code span', /(?<!\\)`/],
];

describe('a YAML key with a backtick, a mention, a link, an image and HTML', () => {
  const KEY = '"max-server` @acme/admins ![x](https://evil.example/i.png) [y](https://evil.example) <img src=x onerror=alert(1)> `"';

  it('threat: a backtick in a YAML key closes the code span of a --format zuul comment and lets mentions, links, images and HTML in; holds: every Zuul comment and warning goes through the Markdown channel\'s escaping', async () => {
    copy = copyExampleRepo();
    copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', `${KEY}: 20`);
    const r = await cli(['validate', '--format', 'zuul', copy.dir]);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout) as { zuul: { file_comments: Record<string, Array<{ message: string }>>; warnings?: string[] } };
    const texts = [...Object.values(data.zuul.file_comments).flat().map((c) => c.message), ...(data.zuul.warnings ?? [])];
    expect(texts.join('\n')).toContain('max-server');
    const live = texts.flatMap((t) => MARKDOWN_LIVE.filter(([, re]) => re.test(t)).map(([what]) => `${what} in: ${t}`));
    expect(live).toEqual([]);
  });
});
