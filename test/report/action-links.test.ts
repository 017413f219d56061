/** Who and what in every title of the job summary, and findings linked to their line at the head commit. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import { applySummaryMarkdown, commentSections, validationSummaryMarkdown } from '../../src/report/action.js';
import type { ApplyOutcome } from '../../src/plan/outcome.js';

const CONTEXT = {
  mode: 'plan',
  target: 'prod',
  commit: 'abcdef0123456789abcdef0123456789abcdef01',
  commitUrl: 'https://github.com/acme/ci/commit/abcdef0123456789abcdef0123456789abcdef01',
  runUrl: 'https://github.com/acme/ci/actions/runs/42',
  findingUrl: (file: string, line: number) => `https://github.com/acme/ci/blob/abcdef0/${file}#L${line}`,
};
const FINDING: Diagnostic = { rule: 'nodepool/unknown-key', severity: 'error', file: 'config/nodepool/nodepool.yaml', line: 35, column: 9, message: 'unknown key `max-server`' };

describe('job summary and comment', () => {
  it('link each finding to its file and line at the head commit', () => {
    const md = validationSummaryMarkdown([FINDING], 1, 0, [], CONTEXT);
    expect(md.split('\n')[0]).toBe('## pool-reconciler: validate · plan · prod · [`abcdef012345`](https://github.com/acme/ci/commit/abcdef0123456789abcdef0123456789abcdef01) · [run](https://github.com/acme/ci/actions/runs/42)');
    expect(md).toContain('| ❌ error | [`config/nodepool/nodepool.yaml:35:9`](https://github.com/acme/ci/blob/abcdef0/config/nodepool/nodepool.yaml#L35) |');
    const sections = commentSections({ errors: 1, warnings: 0, diagnostics: [FINDING], context: CONTEXT });
    expect(sections[0].markdown).toContain('](https://github.com/acme/ci/blob/abcdef0/config/nodepool/nodepool.yaml#L35)');
  });

  it('name mode, target, commit and run in the apply title', () => {
    const outcome: ApplyOutcome = {
      ok: true, stage: 'done', steps: [], errors: [], notes: [], writes: 0, requests: 3, durationMs: 10,
      validation: { diagnostics: [], notices: [], sources: new Map(), podTemplates: [] },
    } as unknown as ApplyOutcome;
    const md = applySummaryMarkdown({ diagnostics: [], errors: 0, warnings: 0, notices: [] }, outcome, undefined, { ...CONTEXT, mode: 'apply' });
    expect(md).toContain('### Apply · apply · prod · [`abcdef012345`](https://github.com/acme/ci/commit/abcdef0123456789abcdef0123456789abcdef01) · [run](https://github.com/acme/ci/actions/runs/42): done');
  });
});
