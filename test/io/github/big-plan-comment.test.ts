/** The pull-request comment for a plan of 2,000 changes stays under GitHub's limit and points to the job summary. */
import { describe, expect, it } from 'vitest';
import { emptyLiveState } from '../../../src/plan/live.js';
import { desire } from '../../../src/desired/desired.js';
import { diff } from '../../../src/plan/diff.js';
import { renderPlanMarkdown } from '../../../src/report/plan.js';
import { COMMENT_LIMIT, layoutComment, statusLines } from '../../../src/report/comment.js';
import { baseInput } from '../../support/plan-helpers.js';

describe('a plan of 2,000 changes in the comment', () => {
  it('keeps the summary, cuts the rest, and links to the job summary', () => {
    const podTemplates = Array.from({ length: 2_000 }, (_, i) => ({
      name: `repo-${i}-pod-template`,
      namespace: `dispatch-${i % 50}`,
      key: 'template',
      value: `tolerations:\n- key: konvoy.mesosphere.com/node_pool\n  operator: Equal\n  value: dispatch\n  effect: NoExecute\n# repository ${i}\n`,
      file: `dispatch/pod-templates/repo-${i}.yaml`,
    }));
    const plan = diff(desire(baseInput({ podTemplates })), emptyLiveState());
    expect(plan.changes).toBeGreaterThanOrEqual(2_000);
    const full = renderPlanMarkdown(plan);
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT); // it really would not fit
    const rendered = layoutComment({
      header: { v: 1, target: 'production', planHash: plan.hash, commit: 'abc123' },
      statusLines: statusLines({ errors: 0, warnings: 0, changes: plan.changes }),
      sections: [{ title: 'Plan', markdown: renderPlanMarkdown(plan, { headingLevel: 4, maxChars: 60_000 }) }],
      runUrl: 'https://github.example/acme/ci-config/actions/runs/42',
    });
    expect(rendered.chars).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(Buffer.byteLength(rendered.body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(rendered.body).toContain(`${plan.changes.toLocaleString('en-US')} changes`);
    expect(rendered.body).toMatch(/job summary/);
    expect(rendered.body).toContain('https://github.example/acme/ci-config/actions/runs/42');
  });
});
