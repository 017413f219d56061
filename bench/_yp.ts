import { load, YAML11_SCHEMA } from 'js-yaml';
import { parseYaml } from '../src/config/yaml.js';
import { makeSource } from '../src/config/source.js';
import { validateNodepool } from '../src/validate/nodepool.js';
import { generateNodepoolConfig } from './nodepool.js';
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const t = (fn: () => unknown) => { const s = process.cpuUsage(); fn(); const d = process.cpuUsage(s); return (d.user + d.system) / 1000; };
for (const mb of [1, 5]) {
  const text = generateNodepoolConfig(mb * 1048576);
  const js: number[] = [], p: number[] = [], v: number[] = [], rp: number[] = [], rv: number[] = [];
  for (let i = 0; i < 9; i++) {
    const a = t(() => load(text, { schema: YAML11_SCHEMA }));
    const b = t(() => parseYaml(makeSource('x.yaml', text)));
    const c = t(() => validateNodepool({ kind: 'nodepool', source: makeSource('x.yaml', text) }, { softwareFactory: false }));
    if (i < 2) continue;
    js.push(a); p.push(b); v.push(c); rp.push(b / a); rv.push(c / a);
  }
  console.log(`${mb} MB js-yaml ${med(js).toFixed(0)} parse ${med(p).toFixed(0)} validate ${med(v).toFixed(0)} | parse/js ${med(rp).toFixed(2)} validate/js ${med(rv).toFixed(2)}`);
}
