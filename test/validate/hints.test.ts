/** Hints on unknown keys: what replaced the keys Nodepool v3 removed, and the allowed keys listed once per section. */
import { describe, expect, it } from 'vitest';
import { makeSource } from '../../src/config/source.js';
import { validateNodepool } from '../../src/validate/nodepool.js';
import { validateFiles } from '../../src/validate/index.js';

const errors = (text: string) =>
  validateNodepool({ kind: 'nodepool', source: makeSource('nodepool.yaml', text) }, { softwareFactory: false }).diagnostics.filter(
    (d) => d.severity === 'error',
  );
const lines = (...ls: string[]) => ls.join('\n') + '\n';

describe('keys removed in Nodepool v3 say what replaced them', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['cron', lines('cron:', '  cleanup: "*/1 * * * *"'), /rebuild-age/],
    ['labels[].image', lines('labels:', '  - name: small', '    image: trusty'), /diskimage.*cloud-image|cloud-image.*diskimage/],
    ['labels[].providers', lines('labels:', '  - name: small', '    providers: [{name: cloud1}]'), /pools.*labels/],
    ['hostname-format', lines('providers:', '  - name: p', '    cloud: c', "    hostname-format: '{label.name}'"), /v3/],
    ['api-timeout', lines('providers:', '  - name: p', '    cloud: c', '    api-timeout: 60'), /clouds\.yaml/],
    ['images', lines('providers:', '  - name: p', '    cloud: c', '    images: []'), /cloud-images.*diskimages|diskimages.*cloud-images/],
    ['openstack max-servers', lines('providers:', '  - name: p', '    cloud: c', '    max-servers: 5'), /pools/],
    ['gearman-servers', lines('gearman-servers: []'), /ZooKeeper|zookeeper-servers/],
  ];
  for (const [what, text, want] of cases) {
    it(what, () => {
      const errs = errors(text);
      const e = errs.find((d) => d.rule === 'nodepool/unknown-key');
      expect(e, JSON.stringify(errs)).toBeDefined();
      expect(e!.hint).toMatch(/Nodepool v3|removed in v3|v3/);
      expect(e!.hint).toMatch(want);
    });
  }
});

describe('the allowed keys are listed once per file section', () => {
  it('the first unknown key of a kind of mapping lists them; the next ones point back to it', () => {
    const text = lines('labels:', '  - name: a', '    zzz: 1', '  - name: b', '    yyy: 2', '  - name: c', '    xxx: 3');
    const errs = errors(text).filter((d) => d.rule === 'nodepool/unknown-key');
    expect(errs).toHaveLength(3);
    expect(errs[0].hint).toMatch(/^Allowed keys here: `max-ready-age`, `min-ready`, `name`\.$/);
    for (const e of errs.slice(1)) {
      expect(e.hint).not.toContain('`min-ready`');
      expect(e.hint).toContain('line 3');
    }
  });

  it('through the whole validator too: every later finding points back to the first, not to another pointer', () => {
    const text = lines('labels:', '  - name: a', '    zzz: 1', '  - name: b', '    yyy: 2', '  - name: c', '    xxx: 3');
    const result = validateFiles([{ kind: 'nodepool', source: makeSource('nodepool.yaml', text) }], { standalone: true });
    const errs = result.diagnostics.filter((d) => d.rule === 'nodepool/unknown-key');
    expect(errs.map((d) => d.line)).toEqual([3, 5, 7]);
    expect(errs[0].hint).toMatch(/^Allowed keys here: `max-ready-age`, `min-ready`, `name`\.$/);
    for (const e of errs.slice(1)) expect(e.hint).toContain('line 3');
  });

  it('a close match still gets its own did-you-mean', () => {
    const errs = errors(lines('labels:', '  - name: a', '    zzz: 1', '  - name: b', '    min-redy: 2'));
    expect(errs[1].hint).toBe('Did you mean `min-ready`?');
  });
});
