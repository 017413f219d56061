import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, type CommentSection, codeBlock, layoutComment, outcomeMarkdown, parseHeader, renderComment, renderHeader, safeUrl, setOutcome, statusLines } from '../../../src/report/comment.js';
import { escapeMarkdown } from '../../../src/core/markdown.js';

const RUN = 'https://github.com/acme/pools/actions/runs/123';
const SUMMARY = 'https://github.com/acme/pools/actions/runs/123/attempts/1#summary-456';

describe('the hidden header', () => {
  it('is the first line and round-trips', () => {
    const header = { v: 1 as const, target: 'prod', planHash: 'abc123', commit: 'f'.repeat(40), mode: 'plan' };
    const body = renderComment({ header, statusLines: ['ok'], sections: [] });
    const first = body.split('\n')[0];
    expect(first).toBe(renderHeader(header));
    expect(first).toMatch(/^<!-- pool-reconciler \{"v":1,"target":"prod",.*\} -->$/);
    expect(parseHeader(body)).toEqual(header);
  });

  it('cannot be closed or forged by a config value', () => {
    const evil = 'x --> <!-- pool-reconciler {"v":1,"target":"other"} --> --!> <script>&';
    const line = renderHeader({ v: 1, target: evil, planHash: 'a-->b' });
    // Exactly one comment opener and one closer, at the ends.
    expect(line.startsWith('<!-- pool-reconciler {')).toBe(true);
    expect(line.endsWith('} -->')).toBe(true);
    const inner = line.slice('<!-- '.length, -' -->'.length);
    expect(inner).not.toMatch(/--|<|>|!/);
    expect(line).not.toContain('\n');
    expect(parseHeader(line)).toEqual({ v: 1, target: evil, planHash: 'a-->b' });
  });

  it('keeps a multi-line target on one line', () => {
    const line = renderHeader({ v: 1, target: 'a\nb\u2028c' });
    expect(line.split('\n')).toHaveLength(1);
    expect(parseHeader(line)?.target).toBe('a\nb\u2028c');
  });

  it('parseHeader reads only the first line and only our shape', () => {
    const h = renderHeader({ v: 1, target: 't' });
    expect(parseHeader(`hello\n${h}`)).toBeUndefined();
    expect(parseHeader(`${h}\r\nbody`)).toEqual({ v: 1, target: 't' });
    expect(parseHeader('<!-- pool-reconciler {"v":2,"target":"t"} -->')).toBeUndefined();
    expect(parseHeader('<!-- pool-reconciler {"v":1} -->')).toBeUndefined();
    expect(parseHeader('<!-- pool-reconciler {"v":1,"target":"t","planHash":5} -->')).toBeUndefined();
    expect(parseHeader('<!-- pool-reconciler {"v":1,"target":"t","outcome":"maybe"} -->')).toBeUndefined();
    expect(parseHeader('<!-- pool-reconciler {not json} -->')).toBeUndefined();
    expect(parseHeader('<!-- sticky {"v":1,"target":"t"} -->')).toBeUndefined();
    expect(parseHeader('')).toBeUndefined();
    expect(parseHeader(null)).toBeUndefined();
  });

  it('a config value in a section cannot make the body start with another header', () => {
    const evilTitle = '<!-- pool-reconciler {"v":1,"target":"prod"} -->\n# hijack';
    const body = renderComment({
      header: { v: 1, target: 'staging' },
      title: evilTitle,
      statusLines: [],
      sections: [{ title: evilTitle, markdown: escapeMarkdown(evilTitle) }, { title: evilTitle, collapsible: true, code: { text: evilTitle } }],
    });
    expect(parseHeader(body)?.target).toBe('staging');
    // Outside code blocks no raw comment opener from the config survives.
    const outsideCode = body.replace(/```[\s\S]*?```/g, '');
    expect(outsideCode.split('<!-- pool-reconciler {').length).toBe(2);
    expect(outsideCode).not.toContain('\n# hijack');
  });
});

describe('renderComment', () => {
  it('lays out title, status, sections and the run link', () => {
    const body = renderComment({
      header: { v: 1, target: 'prod', mode: 'plan' },
      statusLines: statusLines({ errors: 0, warnings: 1, changes: 3, ssh: { checked: 2, failed: 0 } }),
      sections: [
        { title: 'Findings', markdown: '| a | b |\n|---|---|\n| 1 | 2 |' },
        { title: 'Secret nodepool-providers-secrets', collapsible: true, code: { text: '- old\n+ new', language: 'diff' } },
      ],
      runUrl: RUN,
      summaryUrl: SUMMARY,
    });
    expect(body).toContain('### pool-reconciler · plan · prod');
    expect(body).toContain('⚠️ **valid**, 1 warning  \n📝 **3 changes** planned  \n🔑 ✅ SSH check: all 2 image-builders reachable');
    expect(body).toContain('#### Findings');
    expect(body).toContain('<details><summary>Secret nodepool-providers-secrets</summary>\n\n```diff\n- old\n+ new\n```\n\n</details>');
    expect(body).toContain(`[Workflow run](${RUN})`);
    expect(body).not.toContain('more section');
  });

  it('says that no plan was made when there is none', () => {
    const lines = statusLines({ errors: 2, warnings: 0, noPlanReason: 'no cluster credentials (fork pull request)' });
    expect(lines[0]).toBe('❌ **2 errors**');
    expect(lines[1]).toMatch(/^ℹ️ No plan was made: no cluster credentials \(fork pull request\)/);
  });

  it('a plan of 2,000 changes stays under the limit and points to the job summary', () => {
    const sections: CommentSection[] = [{ title: 'Summary', markdown: '| kind | count |\n|---|---|\n| Node | 2000 |' }];
    for (let i = 0; i < 2000; i++) {
      sections.push({
        title: `Node worker-${i} (pool gpü-${i})`,
        collapsible: true,
        code: { language: 'diff', text: Array.from({ length: 6 }, (_, j) => `- taint${j}: old-value-${i}-✓\n+ taint${j}: new-value-${i}-✓`).join('\n') },
      });
    }
    const r = layoutComment({ header: { v: 1, target: 'prod', planHash: 'h' }, statusLines: ['📝 **2,000 changes** planned'], sections, runUrl: RUN, summaryUrl: SUMMARY });
    expect(r.chars).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r.body.length).toBe(r.chars);
    expect(Buffer.byteLength(r.body)).toBe(r.bytes);
    expect(r.shown).toBeGreaterThan(10);
    expect(r.omitted).toBeGreaterThan(1000);
    expect(r.shown + r.omitted + (r.partial ? 1 : 0)).toBe(2001);
    expect(r.body).toContain('| Node | 2000 |'); // the summary is kept
    expect(r.body).toContain('📝 **2,000 changes** planned');
    expect(r.body).toContain(`more sections are in the job summary: ${SUMMARY}`);
    expect(r.body).toContain(`${r.omitted.toLocaleString('en-US')} more sections`);
    // Sections are whole: every <details> and code fence is closed.
    expect(r.body.split('<details>').length).toBe(r.body.split('</details>').length);
    expect((r.body.match(/^```/gm) ?? []).length % 2).toBe(0);
    // Sections in order, the first ones kept.
    expect(r.body).toContain('worker-0 ');
    expect(r.body.indexOf('worker-0 ')).toBeLessThan(r.body.indexOf('worker-1 '));
    // Room is left for the apply outcome.
    const withOutcome = setOutcome(r.body, outcomeMarkdown({ kind: 'failed', step: 3, stepCount: 5, error: 'x'.repeat(5000) }, RUN), 'failed');
    expect(Buffer.byteLength(withOutcome)).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  it('measures bytes: multi-byte text is cut earlier than its character count alone would', () => {
    const text = '€'.repeat(1000); // 1,000 UTF-16 units, 3,000 bytes
    const sections = Array.from({ length: 40 }, (_, i) => ({ title: `s${i}`, markdown: text }));
    const r = layoutComment({ header: { v: 1, target: 't' }, statusLines: [], sections, summaryUrl: SUMMARY });
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r.chars).toBeLessThan(COMMENT_LIMIT / 2);
    expect(r.omitted).toBeGreaterThan(15);
  });

  it('one huge diff is shown cut, by whole lines, with the rest in the summary', () => {
    const big = Array.from({ length: 20000 }, (_, i) => `+ line ${i}`).join('\n');
    const r = layoutComment({
      header: { v: 1, target: 't' },
      statusLines: ['s'],
      sections: [{ title: 'Huge', collapsible: true, code: { text: big, language: 'diff' } }, { title: 'After', markdown: 'after' }],
      summaryUrl: SUMMARY,
    });
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(r).toMatchObject({ shown: 0, partial: true, omitted: 1 });
    expect(r.body).toContain('+ line 0\n');
    expect(r.body).toMatch(/\+ line \d+\n… \(cut here; the job summary has the rest\)\n```/);
    expect(r.body).toContain('the rest of “Huge” and 1 more section are in the job summary');
  });

  it('cuts absurdly long status lines instead of going over', () => {
    const r = layoutComment({ header: { v: 1, target: 't' }, statusLines: ['x'.repeat(200_000)], sections: [{ title: 'a', markdown: 'b' }] });
    expect(r.bytes).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(parseHeader(r.body)?.target).toBe('t');
  });

  it('escapes titles for Markdown and for HTML', () => {
    const body = renderComment({
      header: { v: 1, target: 't' },
      statusLines: [],
      sections: [
        { title: '</summary></details><img src=x>', collapsible: true, markdown: 'm' },
        { title: '# not a heading | `x`', markdown: 'm' },
      ],
    });
    expect(body).toContain('<summary>&lt;/summary&gt;&lt;/details&gt;&lt;img src=x&gt;</summary>');
    expect(body).toContain('#### \\# not a heading \\| \\`x\\`');
  });

  it('codeBlock picks a fence the text cannot close', () => {
    expect(codeBlock('a ``` b')).toBe('````\na ``` b\n````');
    expect(codeBlock('plain', 'diff; rm -rf')).toBe('```diffrm-rf\nplain\n```');
  });

  it('safeUrl keeps http(s) only and encodes characters that end a Markdown link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://x.test/a(b)c d')).toBe('https://x.test/a%28b%29c%20d');
  });
});

describe('setOutcome', () => {
  const base = renderComment({ header: { v: 1, target: 'prod', planHash: 'h1', mode: 'plan' }, statusLines: ['📝 **1 change** planned'], sections: [] });

  it('fills the outcome slot below the title and sets the header outcome', () => {
    const out = setOutcome(base, outcomeMarkdown({ kind: 'applied', commit: 'abcdef1234567890' }, RUN), 'applied');
    expect(parseHeader(out)).toMatchObject({ target: 'prod', planHash: 'h1', outcome: 'applied' });
    expect(out).toContain('<!-- pool-reconciler:outcome -->\n✅ **Applied** at `abcdef123456` after merge ([run](https://github.com/acme/pools/actions/runs/123)).\n<!-- /pool-reconciler:outcome -->');
    expect(out).toContain('📝 **1 change** planned');
    // Setting it again replaces, not appends.
    const again = setOutcome(out, outcomeMarkdown({ kind: 'failed', step: 2, stepCount: 5, stepName: 'nodepool config', error: 'exit 1' }), 'failed');
    expect(again).not.toContain('Applied');
    expect(again).toContain('❌ **Apply failed at step 2 of 5** (nodepool config): exit 1.');
    expect(parseHeader(again)?.outcome).toBe('failed');
  });

  it('adds a slot to a body without one', () => {
    const old = `${renderHeader({ v: 1, target: 'prod' })}\nold body`;
    const out = setOutcome(old, 'X', 'plan-changed');
    expect(out.split('\n').slice(1)).toEqual(['<!-- pool-reconciler:outcome -->', 'X', '<!-- /pool-reconciler:outcome -->', 'old body']);
  });

  it('plan-changed names both hashes', () => {
    expect(outcomeMarkdown({ kind: 'plan-changed', applied: false, reviewedPlanHash: 'aaaa', appliedPlanHash: 'bbbb' })).toBe(
      '⚠️ **Not applied: the plan changed since review** (reviewed `aaaa`, now `bbbb`).',
    );
    expect(outcomeMarkdown({ kind: 'plan-changed', applied: true })).toMatch(/Applied, but the plan changed since review/);
  });

  it('stays under the limit even for a body that is already full', () => {
    const full = `${renderHeader({ v: 1, target: 'prod' })}\n${'y'.repeat(COMMENT_LIMIT - 60)}`;
    const out = setOutcome(full, 'z'.repeat(3000), 'failed');
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(parseHeader(out)?.outcome).toBe('failed');
  });
});
