// While apply runs, the merged pull request's comment says so ("applying… step 3 of 14"), then the outcome replaces
// it; with the real Octokit against the loopback GitHub server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as github from '@actions/github';
import { applyProgressReporter, postApplyOutcome, upsertComment } from '../../../src/io/github/comment.js';
import { parseHeader, renderComment } from '../../../src/report/comment.js';
import type { ApplyProgress } from '../../../src/plan/outcome.js';
import { runApply } from '../../../src/run/apply.js';
import { request, startCluster } from '../../support/apply-helpers.js';
import { SECRETS } from '../../support/plan-helpers.js';
import { ACTIONS_BOT, type GitHubServer, startGitHubServer } from '../../support/github-server.js';

let server: GitHubServer;
beforeAll(async () => {
  server = await startGitHubServer();
  server.addToken({ token: 'ghs_actions', user: ACTIONS_BOT, installation: true });
});
afterAll(() => server.close());

const octokit = (): ReturnType<typeof github.getOctokit> => github.getOctokit('ghs_actions', { baseUrl: server.url });
const retry = { sleep: async () => undefined };

describe('the apply progress in the pull request comment', () => {
  const step = (index: number, total: number, id: string, status: ApplyProgress['status'] = 'applied'): ApplyProgress => ({ index, total, id, status, summary: '…', writes: 1 });

  it("shows an INCOMPLETE step at once, fed by runApply's own events (issue 25)", async () => {
    const c = await startCluster();
    try {
      // A provider key no container mounts, left for `sf-operator deploy`: the Secret step is incomplete.
      c.repo.write('.pool-reconciler.yaml', 'dispatch:\n  pod-template-key: template\nsoftware-factory:\n  new-provider-keys: sf-operator-deploy\n');
      const events: ApplyProgress[] = [];
      const o = await runApply(request(c, { secrets: { ...SECRETS, 'aws.config': '[default]\nregion = x\n' }, onStep: (e) => events.push(e) }));
      expect(o.stage).toBe('incomplete');
      // Every step is an event, in plan order, unchanged ones included.
      expect(events.map((e) => e.index)).toEqual(o.steps.map((_, i) => i + 1));
      expect(events.some((e) => e.status === 'unchanged')).toBe(true);
      const where = { owner: 'acme', repo: 'pools', issueNumber: 43 };
      const planned = await upsertComment(octokit(), {
        ...where, target: 'prod', mode: 'update', retry,
        body: renderComment({ header: { v: 1, target: 'prod', planHash: 'sha256:abc', commit: 'c'.repeat(40), mode: 'plan' }, statusLines: ['📝 planned'], sections: [] }),
      });
      let clock = 0;
      const p = applyProgressReporter(octokit(), { owner: 'acme', repo: 'pools', pullNumber: 43, target: 'prod', outcome: { kind: 'applied' }, retry, intervalMs: 60_000, now: () => clock });
      const incomplete = events.find((e) => e.status === 'incomplete')!;
      p.update(events.find((e) => e.status === 'applied')!);
      await p.flush();
      expect(server.comment(planned.id!)!.body).toContain('(applied)');
      clock = 1; // well within the interval: only an incomplete or failed step is written at once
      p.update(incomplete);
      await p.flush();
      expect(server.comment(planned.id!)!.body).toContain(`⏳ **Applying…** step ${incomplete.index} of ${events.length}: Secret/sf/nodepool-providers-secrets (incomplete: written, not effective yet)`);
    } finally {
      await c.close();
    }
  });

  it('says "applying… step n of m" while apply runs, throttled, and the outcome replaces it', async () => {
    const where = { owner: 'acme', repo: 'pools', issueNumber: 41 };
    const planned = await upsertComment(octokit(), {
      ...where, target: 'prod', mode: 'update', retry,
      body: renderComment({ header: { v: 1, target: 'prod', planHash: 'sha256:abc', commit: 'c'.repeat(40), mode: 'plan' }, statusLines: ['📝 **3 changes** planned'], sections: [] }),
    });
    let clock = 0;
    const p = applyProgressReporter(octokit(), {
      owner: 'acme', repo: 'pools', pullNumber: 41, target: 'prod', outcome: { kind: 'applied' }, retry,
      runUrl: 'https://github.com/acme/pools/actions/runs/9', intervalMs: 1000, now: () => clock,
    });
    p.update(step(1, 14, 'Secret/sf/nodepool-providers-secrets'));
    p.update(step(2, 14, 'Deployment/sf/nodepool-launcher')); // within the interval: not written
    await p.flush();
    let stored = server.comment(planned.id!)!.body;
    expect(parseHeader(stored)?.outcome).toBe('applying');
    expect(stored).toContain('⏳ **Applying…** step 1 of 14: Secret/sf/nodepool-providers-secrets (applied) ([run](https://github.com/acme/pools/actions/runs/9))');
    expect(stored).toContain('📝 **3 changes** planned');
    clock = 5000;
    p.update(step(3, 14, 'exec/launcher'));
    await p.flush();
    stored = server.comment(planned.id!)!.body;
    expect(stored).toContain('step 3 of 14: exec/launcher');
    expect(stored).not.toContain('step 1 of 14');
    // The outcome takes the slot.
    await postApplyOutcome(octokit(), { owner: 'acme', repo: 'pools', pullNumber: 41, target: 'prod', outcome: { kind: 'applied', commit: 'abcdef0123456789' }, retry });
    stored = server.comment(planned.id!)!.body;
    expect(parseHeader(stored)?.outcome).toBe('applied');
    expect(stored).not.toContain('Applying…');
    expect(stored).toContain('✅ **Applied**');
  });

  it('does nothing when the pull request has no comment of ours', async () => {
    const p = applyProgressReporter(octokit(), { owner: 'acme', repo: 'pools', pullNumber: 77, target: 'prod', outcome: { kind: 'applied' }, retry, intervalMs: 0 });
    p.update(step(1, 2, 'Secret/sf/x'));
    await p.flush();
    expect(server.comments('acme', 'pools', 77)).toEqual([]);
  });
});

describe('a refused apply on the pull request', () => {
  it('shows the reviewed plan against the current one, step by step, escaped', async () => {
    const { outcomeMarkdown } = await import('../../../src/report/comment.js');
    const md = outcomeMarkdown({
      kind: 'plan-changed', applied: false, reviewedPlanHash: 'sha256:aaaa', appliedPlanHash: 'sha256:bbbb',
      differences: ['+ update Node/worker-3: label ci.example.org/workload=general added', '~ ConfigMap/ci/x|y: create → update <b>'],
    });
    expect(md).toContain('⚠️ **Not applied: the plan changed since review**');
    expect(md).toContain('<details open><summary>What changed since review, step by step</summary>');
    expect(md).toContain('- `+ update Node/worker-3: label ci.example.org/workload=general added`');
    // In a code span HTML is not read, and the pipe cannot end a table.
    expect(md).toContain('- `~ ConfigMap/ci/x\\|y: create → update <b>`');
  });
});
