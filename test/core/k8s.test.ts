import { describe, expect, it } from 'vitest';
import {
  duplicateTaints,
  isQualifiedName,
  isValidLabelValue,
  taintToString,
  tolerates,
  untoleratedTaints,
  validateLabel,
  validateTaints,
  validateToleration,
  validateTolerations,
} from '../../src/core/k8s.js';
import type { Taint, Toleration } from '../../src/core/k8s.js';

// Expected verdicts follow the API server (apimachinery util/validation, core validation) and the scheduler
// (Toleration.ToleratesTaint). Messages are the API server's text.

const QN_REGEX =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LV_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const SUBDOMAIN_REGEX =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('label keys (IsQualifiedName)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['simple name', 'foo', []],
    ['prefixed', 'konvoy.mesosphere.com/node_pool', []],
    ['name with dots, dashes, underscores', 'a.b-c_d', []],
    ['upper case name', 'MyName', []],
    ['single character', 'a', []],
    ['63-character name', 'a'.repeat(63), []],
    ['64-character name', 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['253-character prefix (no per-label limit)', `${'a'.repeat(253)}/x`, []],
    ['254-character prefix', `${'a'.repeat(254)}/x`, ['prefix part must be no more than 253 characters']],
    ['empty', '', ['name part must be non-empty', `name part ${QN_REGEX}`]],
    ['empty prefix', '/foo', ['prefix part must be non-empty']],
    ['empty name after prefix', 'example.com/', ['name part must be non-empty', `name part ${QN_REGEX}`]],
    ['upper-case prefix', 'Example.com/foo', [`prefix part ${SUBDOMAIN_REGEX}`]],
    ['prefix with underscore', 'my_domain.com/foo', [`prefix part ${SUBDOMAIN_REGEX}`]],
    ['name starting with a dash', '-foo', [`name part ${QN_REGEX}`]],
    ['name ending with a dot', 'foo.', [`name part ${QN_REGEX}`]],
    ['name with a space', 'foo bar', [`name part ${QN_REGEX}`]],
    ['name with =', 'nospecialchars^=@', [`name part ${QN_REGEX}`]],
    [
      'two slashes',
      'a/b/c',
      [
        `a qualified name ${QN_REGEX} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
  ];
  it.each(cases)('%s: %j', (_what, key, expected) => {
    expect(isQualifiedName(key)).toEqual(expected);
  });
});

describe('label values (IsValidLabelValue)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['empty is allowed', '', []],
    ['plain', 'dispatch', []],
    ['mixed', 'My_Value-1.2', []],
    ['63 characters', 'v'.repeat(63), []],
    ['64 characters', 'v'.repeat(64), ['must be no more than 63 characters']],
    ['slash', 'a/b', [LV_REGEX]],
    ['leading underscore', '_a', [LV_REGEX]],
    ['trailing dash', 'a-', [LV_REGEX]],
    ['colon', 'a:b', [LV_REGEX]],
    ['too long and bad', `${'v'.repeat(64)}-`, ['must be no more than 63 characters', LV_REGEX]],
  ];
  it.each(cases)('%s: %j', (_what, value, expected) => {
    expect(isValidLabelValue(value)).toEqual(expected);
  });

  it('reports node labels on the key, then the value, as ValidateLabels does', () => {
    expect(validateLabel('bad key', 'bad/value', 'metadata.labels').map((e) => e.message)).toEqual([
      `metadata.labels: Invalid value: "bad key": name part ${QN_REGEX}`,
      `metadata.labels: Invalid value: "bad/value": ${LV_REGEX}`,
    ]);
  });
});

describe('taints (validateNodeTaints)', () => {
  const cases: Array<[string, Taint[], string[]]> = [
    ['valid NoExecute', [{ key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }], []],
    ['valid without value', [{ key: 'dedicated', effect: 'NoSchedule' }], []],
    ['valid PreferNoSchedule', [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }], []],
    [
      'empty key',
      [{ key: '', value: 'v', effect: 'NoSchedule' }],
      [`spec.taints[0].key: Invalid value: "": name part must be non-empty`, `spec.taints[0].key: Invalid value: "": name part ${QN_REGEX}`],
    ],
    ['bad value', [{ key: 'k', value: 'a b', effect: 'NoSchedule' }], [`spec.taints[0].value: Invalid value: "a b": ${LV_REGEX}`]],
    ['missing effect', [{ key: 'k', value: 'v', effect: '' }], ['spec.taints[0].effect: Required value']],
    [
      'unknown effect',
      [{ key: 'k', value: 'v', effect: 'NoScheduleNoAdmit' }],
      ['spec.taints[0].effect: Unsupported value: "NoScheduleNoAdmit": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ],
    [
      'effects are case-sensitive',
      [{ key: 'k', value: 'v', effect: 'noexecute' }],
      ['spec.taints[0].effect: Unsupported value: "noexecute": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ],
    [
      'same key and effect twice (values differ)',
      [
        { key: 'k', value: 'a', effect: 'NoSchedule' },
        { key: 'k', value: 'b', effect: 'NoSchedule' },
      ],
      ['spec.taints[1]: Duplicate value: {"key":"k","value":"b","effect":"NoSchedule"}: taints must be unique by key and effect pair'],
    ],
    [
      'same key with different effects is fine',
      [
        { key: 'k', value: 'a', effect: 'NoSchedule' },
        { key: 'k', value: 'a', effect: 'NoExecute' },
      ],
      [],
    ],
    [
      'same effect with different keys is fine',
      [
        { key: 'k1', value: 'a', effect: 'NoSchedule' },
        { key: 'k2', value: 'a', effect: 'NoSchedule' },
      ],
      [],
    ],
  ];
  it.each(cases)('%s', (_what, taints, expected) => {
    expect(validateTaints(taints).map((e) => e.message)).toEqual(expected);
  });

  it('finds duplicates by (key, effect) pair with the first index', () => {
    expect(
      duplicateTaints([
        { key: 'a', effect: 'NoSchedule' },
        { key: 'b', effect: 'NoSchedule' },
        { key: 'a', effect: 'NoExecute' },
        { key: 'a', value: 'x', effect: 'NoSchedule' },
        { key: 'b', effect: 'NoSchedule' },
      ]),
    ).toEqual([
      { index: 3, first: 0 },
      { index: 4, first: 1 },
    ]);
  });

  it('prints taints as kubectl does', () => {
    expect(taintToString({ key: 'k', value: 'v', effect: 'NoExecute' })).toBe('k=v:NoExecute');
    expect(taintToString({ key: 'k', effect: 'NoSchedule' })).toBe('k:NoSchedule');
  });
});

describe('tolerations (ValidateTolerations)', () => {
  const cases: Array<[string, Toleration, string[]]> = [
    ['Equal with value', { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, []],
    ['empty operator means Equal', { key: 'foo', value: 'bar' }, []],
    ['Exists without value', { key: 'foo', operator: 'Exists', effect: 'NoExecute' }, []],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, []],
    ['tolerationSeconds with NoExecute', { key: 'foo', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }, []],
    ['tolerationSeconds null is unset', { key: 'foo', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: null }, []],
    [
      'empty key with empty operator',
      { value: 'bar' },
      ['spec.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    ],
    [
      'empty key with Equal',
      { operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
      ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    ],
    [
      'Exists with a value',
      { key: 'foo', operator: 'Exists', value: 'bar', effect: 'NoSchedule' },
      [
        'spec.tolerations[0].operator: Invalid value: {"key":"foo","operator":"Exists","value":"bar","effect":"NoSchedule"}: value must be empty when `operator` is \'Exists\'',
      ],
    ],
    [
      'operator is case-sensitive',
      { key: 'foo', operator: 'exists' },
      ['spec.tolerations[0].operator: Unsupported value: "exists": supported values: "Equal", "Exists"'],
    ],
    [
      'Lt is not supported',
      { key: 'foo', operator: 'Lt', value: '5' },
      ['spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists"'],
    ],
    [
      'tolerationSeconds with NoSchedule',
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 20 },
      ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ],
    [
      'tolerationSeconds with an empty effect',
      { key: 'foo', operator: 'Exists', tolerationSeconds: 20 },
      ["spec.tolerations[0].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ],
    [
      'unknown effect',
      { key: 'foo', operator: 'Exists', effect: 'NoExecut' },
      ['spec.tolerations[0].effect: Unsupported value: "NoExecut": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ],
    ['bad key', { key: 'a/b/c', operator: 'Exists' }, [`spec.tolerations[0].key: Invalid value: "a/b/c": a qualified name ${QN_REGEX} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]],
    ['bad value with Equal (reported on operator, as upstream)', { key: 'foo', operator: 'Equal', value: 'a b' }, [`spec.tolerations[0].operator: Invalid value: "a b": ${LV_REGEX}`]],
  ];
  it.each(cases)('%s', (_what, toleration, expected) => {
    expect(validateToleration(toleration, 'spec.tolerations[0]').map((e) => e.message)).toEqual(expected);
  });

  it('names the cross-field rule a toleration breaks, so that a hint is chosen from the rule, not from the wording', () => {
    const rules = (t: Toleration) => validateToleration(t, 'spec.tolerations[0]').map((e) => e.rule);
    expect(rules({ operator: 'Equal', value: 'v' })).toEqual(['empty-key-needs-exists']);
    expect(rules({ key: 'foo', operator: 'Exists', value: 'v' })).toEqual(['exists-takes-no-value']);
    expect(rules({ key: 'foo', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 })).toEqual(['seconds-need-no-execute']);
    expect(rules({ key: 'foo', operator: 'Exists', effect: 'NoExecut' })).toEqual([undefined]);
  });

  it('validates lists with indexed paths and tells which part is wrong', () => {
    const errs = validateTolerations([{ key: 'ok', operator: 'Exists' }, { key: 'x', operator: 'Exists', value: 'v' }]);
    expect(errs.map((e) => [e.field, e.part])).toEqual([['spec.tolerations[1].operator', 'value']]);
  });
});

describe('matching (ToleratesTaint)', () => {
  const foo: Taint = { key: 'foo', value: 'bar', effect: 'NoSchedule' };
  const fooExec: Taint = { key: 'foo', value: 'bar', effect: 'NoExecute' };
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['Exists on key and effect', { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }, foo, true],
    ['Equal with another effect', { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, fooExec, false],
    ['bare Exists tolerates everything', { operator: 'Exists' }, fooExec, true],
    ['Equal with value, any effect', { key: 'foo', operator: 'Equal', value: 'bar' }, fooExec, true],
    ['empty operator is Equal', { key: 'foo', value: 'bar', effect: 'NoSchedule' }, foo, true],
    ['Equal with another value', { key: 'foo', operator: 'Equal', value: 'baz' }, foo, false],
    ['values compare case-sensitively', { key: 'foo', operator: 'Equal', value: 'Bar' }, foo, false],
    ['Equal without value does not match a valued taint', { key: 'foo', operator: 'Equal' }, foo, false],
    ['Equal without value matches a taint without value', { key: 'foo', operator: 'Equal' }, { key: 'foo', effect: 'NoSchedule' }, true],
    ['another key', { key: 'fo', operator: 'Exists' }, foo, false],
    ['keys compare exactly (node-pool vs node_pool)', { key: 'konvoy.mesosphere.com/node-pool', operator: 'Exists' },
      { key: 'konvoy.mesosphere.com/node_pool', value: 'dispatch', effect: 'NoExecute' }, false],
    ['empty key with Exists and an effect', { operator: 'Exists', effect: 'NoExecute' }, foo, false],
    ['empty key with Exists and the effect', { operator: 'Exists', effect: 'NoSchedule' }, foo, true],
    ['unknown operator never matches', { key: 'foo', operator: 'exists' }, foo, false],
    ['tolerationSeconds plays no part', { key: 'foo', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }, fooExec, true],
    ['Exists ignores the value', { key: 'foo', operator: 'Exists' }, { key: 'foo', value: 'anything', effect: 'PreferNoSchedule' }, true],
  ];
  it.each(cases)('%s', (_what, toleration, taint, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });

  it('lists the hard taints left untolerated', () => {
    const taints: Taint[] = [
      { key: 'a', value: '1', effect: 'NoSchedule' },
      { key: 'b', value: '2', effect: 'NoExecute' },
      { key: 'c', value: '3', effect: 'PreferNoSchedule' },
    ];
    expect(untoleratedTaints([{ key: 'a', operator: 'Exists' }], taints)).toEqual([taints[1]]);
    expect(untoleratedTaints([{ operator: 'Exists' }], taints)).toEqual([]);
  });
});
