/**
 * Nodepool's own test configs, with what upstream Nodepool does with each (../shared/conformance/nodepool).
 * Our validator must agree on every one: a `valid` file gets no error, an `invalid` one at least one error on
 * the line the problem is on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { requireShared } from '../support/shared.js';

const shared = requireShared('the Nodepool conformance corpus');
const dir = shared ? path.join(shared, 'conformance', 'nodepool') : undefined;

interface Expected {
  file: string;
  verdict: 'valid' | 'invalid';
  says: string;
}

function expectations(): Expected[] {
  const rows = readFileSync(path.join(dir!, 'expected.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => {
    const [file, , , verdict, says] = r.split('\t');
    return { file, verdict: verdict as Expected['verdict'], says: says ?? '' };
  });
}

/** The line each invalid file's problem is on: found from the text, so the test states where upstream fails. */
const OFFENDING: Record<string, (text: string) => number[]> = {};
function lineOf(text: string, re: RegExp, nth = 0): number {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => (re.test(l) ? i + 1 : 0)).filter(Boolean);
  return hits[nth] ?? -1;
}
OFFENDING['aws__bad-config-images.yaml'] = (t) => [lineOf(t, /image-filters:/)];
OFFENDING['aws__diskimage-imdsv2-image.yaml'] = (t) => [lineOf(t, /import-method: image/)];
OFFENDING['config_validate__aws-fleet-allocation-strategy-error.yaml'] = (t) => [lineOf(t, /allocation-strategy:/)];
OFFENDING['config_validate__aws-fleet-exclusive-error.yaml'] = (t) => [lineOf(t, /instance-requirements:/)];
OFFENDING['config_validate__duplicate_diskimage_name.yaml'] = (t) => {
  // The second `- name: trusty` under the top-level `diskimages:`.
  const lines = t.split('\n');
  const start = lines.findIndex((l) => /^diskimages:/.test(l));
  const hits = lines.map((l, i) => (i > start && /^ {2}- name: trusty/.test(l) ? i + 1 : 0)).filter(Boolean);
  return [hits[1] ?? -1];
};
OFFENDING['config_validate__good.yaml'] = (t) => [lineOf(t, /- name: debian-stretch/, 1), lineOf(t, /- name: small-node/)];
OFFENDING['config_validate__k8s_spec_duplicate.yaml'] = (t) => [lineOf(t, /^\s+spec:/), lineOf(t, /^\s+image:/)];
OFFENDING['config_validate__metastatic_error.yaml'] = (t) => [lineOf(t, /max-parallel-jobs: 4/)];
OFFENDING['config_validate__missing_diskimage_provider.yaml'] = (t) => [lineOf(t, /name: wrong/)];
OFFENDING['config_validate__missing_parent_diskimage.yaml'] = (t) => [lineOf(t, /parent: this_does_not_exist/)];
OFFENDING['config_validate__missing_top_label.yaml'] = (t) => [lineOf(t, /- name: trusty/)];
OFFENDING['config_validate__no_diskimage_name.yaml'] = (t) => {
  const lines = t.split('\n');
  const start = lines.findIndex((l) => /^diskimages:/.test(l));
  return [start + 3]; // the item after the comment line
};
OFFENDING['config_validate__schema_error.yaml'] = (t) => [lineOf(t, /^nothandled:/)];
OFFENDING['config_validate__static_error.yaml'] = (t) => [lineOf(t, /^\s+cloud:/)];
OFFENDING['config_validate__yaml_error.yaml'] = () => [57];
OFFENDING['gce.yaml'] = (t) => [lineOf(t, /host:/)];
OFFENDING['integration_noocc.yaml'] = (t) => [lineOf(t, /- name: real-provider/)];

describe.skipIf(!dir)('Nodepool conformance corpus', () => {
  const cases = dir ? expectations() : [];

  it('covers every file in configs/', () => {
    const files = readdirSync(path.join(dir!, 'configs')).filter((f) => f.endsWith('.yaml')).sort();
    expect(cases.map((c) => c.file).sort()).toEqual(files);
    expect(cases.length).toBeGreaterThan(150);
  });

  for (const c of cases) {
    it(`${c.file} is ${c.verdict}`, () => {
      const text = readFileSync(path.join(dir!, 'configs', c.file), 'utf8');
      const result = validateNodepool(
        { kind: 'nodepool', source: makeSource(c.file, text) },
        { softwareFactory: false, env: c.file === 'config_validate__good.yaml' ? { NODEPOOL_PORT: '8005' } : {} },
      );
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (c.verdict === 'valid') {
        expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
        return;
      }
      expect(errors.length, `upstream says: ${c.says}`).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.file).toBe(c.file);
        expect(e.line).toBeGreaterThan(0);
        expect(e.column).toBeGreaterThan(0);
        expect(e.rule).toMatch(/^(nodepool|yaml)\//);
      }
      const want = OFFENDING[c.file];
      expect(want, `no expected line recorded for ${c.file}`).toBeDefined();
      const lines = want!(text);
      expect(lines.every((l) => l > 0)).toBe(true);
      const got = errors.map((e) => e.line);
      expect(got.some((l) => lines.includes(l)), `errors at lines ${got.join(', ')}; expected one at ${lines.join(' or ')}\n${JSON.stringify(errors, null, 1)}`).toBe(true);
    });
  }
});
