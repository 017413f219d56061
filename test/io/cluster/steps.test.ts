/** Apply as a table of executors (issue 25): one per kind of plan step, and the type check refuses a kind without one. */
import { describe, expect, it } from 'vitest';
import { STEP_EXECUTORS } from '../../../src/io/cluster/steps/index.js';
import type { StepExecutor } from '../../../src/io/cluster/steps/index.js';
import { STEP_KINDS, stepId, stepKindOf } from '../../../src/plan/types.js';
import type { PlanStep, StepKind } from '../../../src/plan/types.js';
import { desire } from '../../../src/desired/desired.js';
import { diff } from '../../../src/plan/diff.js';
import { emptyLiveState } from '../../../src/plan/live.js';
import { baseInput } from '../../support/plan-helpers.js';

describe('the executor table', () => {
  it('has an executor for every kind of step, and a new kind does not compile without one', () => {
    expect(Object.keys(STEP_EXECUTORS).sort()).toEqual([...STEP_KINDS].sort());
    // @ts-expect-error: a table that lacks a kind's executor is a type error.
    const lacking: { readonly [K in StepKind | 'a-new-kind']: StepExecutor } = STEP_EXECUTORS;
    expect(lacking).toBe(STEP_EXECUTORS);
  });

  it('a step is a variant of its kind: an exec step without its command, or a node step with a Secret\'s fields, does not compile', () => {
    // @ts-expect-error: an exec step needs its command.
    const noCommand: PlanStep = { id: 'exec/x', kind: 'exec', action: 'exec', object: { kind: 'Pod', name: 'p' }, summary: '', changes: [] };
    // @ts-expect-error: a node step has no secretKeys.
    const mixed: PlanStep = { id: 'Node/n', kind: 'node', action: 'update', object: { kind: 'Node', name: 'n' }, summary: '', changes: [], pool: 'p', secretKeys: { added: [], changed: [], removed: [], unchanged: [] } };
    const node: PlanStep = { id: 'Node/n', kind: 'node', action: 'update', object: { kind: 'Node', name: 'n' }, summary: '', changes: [], pool: 'p' };
    expect([noCommand, mixed, node].map((s) => s.kind)).toEqual(['exec', 'node', 'node']);
  });

  it('every step of a plan has the kind of its object and the id stepId builds', () => {
    const plan = diff(desire(baseInput()), emptyLiveState());
    for (const s of plan.steps) {
      expect(s.kind).toBe(stepKindOf(s.object));
      expect(s.id).toBe(s.kind === 'exec' ? stepId({ exec: s.exec!.component }) : stepId(s.object));
    }
    expect(new Set(plan.steps.map((s) => s.kind))).toEqual(new Set(['secret', 'exec', 'configmap'])); // no workload or node exists yet
  });
});
