/** The renderings of a Plan: Markdown, text, JSON. */
import { describe, expect, it } from 'vitest';
import { desire } from '../../src/desired/desired.js';
import { emptyLiveState } from '../../src/plan/live.js';
import { diff } from '../../src/plan/diff.js';
import type { Plan } from '../../src/plan/types.js';
import { lineDiff, renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/report/plan.js';
import { baseInput } from '../support/plan-helpers.js';

function planOf(over: Parameters<typeof baseInput>[0] = {}): Plan {
  const d = desire(baseInput(over));
  const live = emptyLiveState();
  live.workloads = d.workloads.map((w) => ({ kind: w.kind, namespace: w.namespace, name: w.name, exists: true, annotation: '0' }));
  return diff(d, live);
}

describe('lineDiff', () => {
  it('keeps common lines and marks the rest', () => {
    expect(lineDiff(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      { op: ' ', line: 'a' }, { op: '-', line: 'b' }, { op: '+', line: 'x' }, { op: ' ', line: 'c' }, { op: ' ', line: 'd' }, { op: '+', line: 'e' },
    ]);
    expect(lineDiff([], ['a'])).toEqual([{ op: '+', line: 'a' }]);
    expect(lineDiff(['a'], [])).toEqual([{ op: '-', line: 'a' }]);
  });
});

describe('Markdown', () => {
  it('has a summary table and a collapsible YAML diff per object', () => {
    const md = renderPlanMarkdown(planOf());
    expect(md.split('\n')[0]).toBe('### Plan: 3 to create, 2 rollouts');
    expect(md).toContain('| object | action | what changes |');
    expect(md).toContain('| ConfigMap `dispatch-ci/app-pod-template` | create | create: pod template in data key template, 1 label |');
    expect(md).toContain('| Pod with label `run=nodepool-launcher` in `sf` container `launcher` | exec | `/usr/local/bin/generate-config.sh 0123456789abcdef0123456789abcdef01234567` |');
    expect(md).toContain('<details><summary>ConfigMap dispatch-ci/app-pod-template: create</summary>');
    expect(md).toContain('+ data:\n+   template: |-\n');
    expect(md).toContain('Node pools without nodes yet');
    expect(md).toMatch(/<sub>plan `sha256:[0-9a-f]{64}`<\/sub>\n$/);
  });

  it('escapes what comes from the repo: a fence inside a value, HTML and pipes in names', () => {
    const plan = planOf({
      podTemplates: [{ name: 'a|b', namespace: '<img src=x>', key: 'template', value: '```\n</details>\n````', file: 'dispatch/pod-templates/x|y.yaml' }],
    });
    const md = renderPlanMarkdown(plan);
    // In a code span HTML is not read; in the table the pipe is escaped; in <summary> HTML is escaped.
    expect(md).toContain('| ConfigMap `<img src=x>/a\\|b` | create |');
    expect(md).toContain('<details><summary>ConfigMap &lt;img src=x&gt;/a|b: create</summary>');
    expect(md).toContain('From dispatch/pod-templates/x\\|y.yaml.');
    const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toContain('<img');
    // The diff fence is longer than any backtick run of the content.
    expect(md).toContain('`````diff\n');
    expect(md.match(/^<\/details>$/gm)?.length).toBe(md.match(/^<details>/gm)?.length);
  });

  it('stays within a length budget, saying what it left out', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      name: `t${String(i).padStart(3, '0')}`, namespace: 'ci', key: 'template', value: 'x\n'.repeat(40), file: `dispatch/pod-templates/t${i}.yaml`,
    }));
    const plan = planOf({ podTemplates: many });
    const md = renderPlanMarkdown(plan, { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/\d+ more steps? not shown \(see the JSON plan\)/);
    expect(md).toMatch(/\d+ more diffs? not shown here/);
    expect(renderPlanMarkdown(plan).length).toBeGreaterThan(100_000);
  });

  it('says "no changes" in one line', () => {
    const d = desire(baseInput({ secrets: {}, tektonDefaultPodTemplate: undefined, podTemplates: [], nodePools: [] }));
    const md = renderPlanMarkdown(diff(d, emptyLiveState()));
    const [first, ...rest] = md.trimEnd().split('\n\n');
    expect(first).toBe('**Plan: no changes.** The cluster matches the config repo (0 objects checked). Nodepool config refresh: always run on apply (`/usr/local/bin/generate-config.sh 0123456789abcdef0123456789abcdef01234567`).');
    expect(rest).toEqual([expect.stringMatching(/^<sub>plan /)]);
  });
});

describe('text', () => {
  it('colours only when asked, and strips control characters from names', () => {
    const plan = planOf({ podTemplates: [{ name: 'evil\u001b[2J', namespace: 'ci', key: 'template', value: 'a: 1' }] });
    const plain = renderPlanText(plan);
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('ConfigMap ci/evil\\x1b[2J');
    expect(plain).toMatch(/^Plan: 3 to create, 2 rollouts\n/);
    const coloured = renderPlanText(plan, { color: true });
    expect(coloured).toContain('\u001b[32m+ create   \u001b[0m');
    expect(coloured).not.toContain('\u001b[2J');
  });
});

describe('JSON', () => {
  it('is the plan itself, stable, and ends with a newline', () => {
    const plan = planOf();
    const json = renderPlanJson(plan);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(plan);
    expect(renderPlanJson(planOf())).toBe(json);
    expect(JSON.parse(json).format).toBe('pool-reconciler/plan/v2');
  });
});
