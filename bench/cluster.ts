/**
 * Benchmarks of issue 3: validating a Konvoy `cluster.yaml` with 200 node pools and the Dispatch addon, plus 50
 * repositories' pod-template ConfigMaps and the cross-checks, against parsing the same files alone.
 */
import { settingsFrom } from '../src/config/settings.js';
import { makeSource } from '../src/config/source.js';
import { parseEmbeddedYaml } from '../src/config/embedded.js';
import { parseYaml } from '../src/config/yaml.js';
import type { YNode, YScalar } from '../src/config/yaml.js';
import { validateCluster } from '../src/validate/cluster.js';
import { checkDispatch } from '../src/validate/dispatch.js';
import { validatePodTemplate } from '../src/validate/pod-template.js';
import type { Figure } from './figures.js';
import { timeIt } from './figures.js';

const POOLS = 200;
const TEMPLATES = 50;
const KEY = 'konvoy.mesosphere.com/node_pool';

function toleration(indent: string, pool: string): string[] {
  return [
    `${indent}- key: ${KEY}`,
    `${indent}  operator: Equal`,
    `${indent}  value: ${pool}`,
    `${indent}  effect: NoExecute`,
  ];
}

/** A cluster.yaml with `pools` node pools (every third one tainted) and the Dispatch addon. */
export function generateCluster(pools: number): string {
  const prov: string[] = [
    'kind: ClusterProvisioner',
    'apiVersion: konvoy.mesosphere.io/v1beta2',
    'metadata:',
    '  name: bench',
    'spec:',
    '  provider: aws',
    '  nodePools:',
    '    - name: control-plane',
    '      controlPlane: true',
    '      count: 3',
    '      machine:',
    '        type: m5.xlarge',
  ];
  const conf: string[] = [
    '---',
    'kind: ClusterConfiguration',
    'apiVersion: konvoy.mesosphere.io/v1beta2',
    'metadata:',
    '  name: bench',
    'spec:',
    '  nodePools:',
    '    - name: control-plane',
  ];
  for (let i = 1; i < pools; i++) {
    const name = `pool-${i}`;
    prov.push(
      `    - name: ${name}`,
      `      count: ${1 + (i % 7)}`,
      '      machine:',
      '        type: m5.2xlarge',
      '        rootVolumeSize: 80',
      '        rootVolumeType: gp2',
      '        imagefsVolumeEnabled: true',
      '        imagefsVolumeSize: 160',
      '        imagefsVolumeType: gp2',
      '        imagefsVolumeDevice: xvdb',
      '      autoscaling:',
      '        minSize: 1',
      '        maxSize: 10',
    );
    conf.push(
      `    - name: ${name}`,
      '      labels:',
      `        - key: ${KEY}`,
      `          value: ${name}`,
      '        - key: ci.example.org/tier',
      `          value: tier-${i % 4}`,
    );
    if (i % 3 === 0) {
      conf.push('      taints:', `        - key: ${KEY}`, `          value: ${name}`, '          effect: NoExecute');
    }
  }
  const v = '            ';
  const values: string[] = [];
  for (const c of ['dispatch', 'tekton-dashboard']) values.push(`${v}${c}:`, `${v}  tolerations:`, ...toleration(`${v}  `, 'pool-3'));
  values.push(`${v}argo-cd:`);
  for (const c of ['controller', 'server', 'repoServer']) values.push(`${v}  ${c}:`, `${v}    tolerations:`, ...toleration(`${v}    `, 'pool-3'));
  values.push(
    `${v}tekton:`,
    `${v}  tolerations:`,
    ...toleration(`${v}  `, 'pool-3'),
    `${v}  configs:`,
    `${v}    defaultPodTemplate: |`,
    `${v}      nodeSelector:`,
    `${v}        ${KEY}: pool-3`,
    `${v}      tolerations:`,
    ...toleration(`${v}      `, 'pool-3'),
  );
  conf.push(
    '  addons:',
    '    - configRepository: https://github.com/mesosphere/kubeaddons-dispatch',
    '      configVersion: stable-1.20-1.4.6',
    '      addonsList:',
    '        - name: dispatch',
    '          enabled: true',
    '          values: |',
    ...values,
  );
  return [...prov, ...conf, ''].join('\n');
}

/** A repository's pod-template ConfigMap targeting one of the tainted pools. */
export function generatePodTemplate(i: number): string {
  const pool = `pool-${3 * (1 + (i % 60))}`;
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: repo-${i}-pod-template`,
    '  namespace: dispatch-ci',
    'data:',
    '  template: |-',
    '    nodeSelector:',
    `      ${KEY}: ${pool}`,
    '    tolerations:',
    ...toleration('    ', pool),
    '    securityContext:',
    '      runAsNonRoot: true',
    '      runAsUser: 1000',
    '',
  ].join('\n');
}

function dig(node: YNode | null | undefined, ...keys: Array<string | number>): YNode | undefined {
  let cur: YNode | null | undefined = node;
  for (const k of keys) {
    if (!cur) return undefined;
    if (typeof k === 'number') cur = cur.kind === 'seq' ? cur.items[k] : undefined;
    else cur = cur.kind === 'map' ? cur.byKey.get(k)?.value : undefined;
  }
  return cur ?? undefined;
}

export async function benchCluster(): Promise<Figure[]> {
  const settings = settingsFrom({ dispatch: { 'pod-template-key': 'template' } });
  const clusterText = generateCluster(POOLS);
  const templateTexts = Array.from({ length: TEMPLATES }, (_, i) => generatePodTemplate(i));
  const cluster = { kind: 'cluster' as const, source: makeSource('cluster.yaml', clusterText) };
  const templates = templateTexts.map((t, i) => ({ kind: 'pod-template' as const, source: makeSource(`dispatch/pod-templates/repo-${i}.yaml`, t) }));

  // Sanity: the generated input is valid, so the timing is of the checks, not of error reporting.
  const c = validateCluster(cluster, settings);
  const ts = templates.map((t) => validatePodTemplate(t, settings));
  const all = [...c.diagnostics, ...ts.flatMap((t) => t.diagnostics), ...checkDispatch(c.model, ts.map((t) => t.model))];
  const errors = all.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bench input is invalid: ${errors[0].rule} ${errors[0].message}`);

  const parseOnly = (): void => {
    const parsed = parseYaml(cluster.source);
    // The embedded YAML is parsed too, as validation must: the addon values and the default pod template.
    const values = dig(parsed.documents[1]?.root, 'spec', 'addons', 0, 'addonsList', 0, 'values') as YScalar;
    const inner = parseEmbeddedYaml(cluster.source, values);
    const dpt = dig(inner.parsed.documents[0]?.root, 'tekton', 'configs', 'defaultPodTemplate') as YScalar;
    parseEmbeddedYaml(cluster.source, dpt, { text: inner.text, map: inner.map });
    for (const t of templates) {
      const p = parseYaml(t.source);
      const data = dig(p.documents[0]?.root, 'data', 'template') as YScalar;
      parseEmbeddedYaml(t.source, data);
    }
  };
  const validate = (): void => {
    const cm = validateCluster(cluster, settings);
    const models = templates.map((t) => validatePodTemplate(t, settings).model);
    checkDispatch(cm.model, models);
  };

  const runs = 15;
  const parseMs = timeIt(runs, parseOnly);
  const validateMs = timeIt(runs, validate);
  const clusterOnlyMs = timeIt(runs, () => validateCluster(cluster, settings));
  const bytes = clusterText.length + templateTexts.reduce((n, t) => n + t.length, 0);
  return [
    { name: `input: cluster.yaml (${POOLS} pools) + ${TEMPLATES} pod templates`, value: bytes / 1024, unit: 'KiB' },
    { name: 'parse only (YAML, values and pod templates included)', value: parseMs, unit: 'ms' },
    { name: 'validate cluster.yaml alone', value: clusterOnlyMs, unit: 'ms' },
    { name: 'validate all + Dispatch cross-checks', value: validateMs, unit: 'ms' },
    { name: 'validation / parse', value: validateMs / parseMs, unit: 'x' },
  ];
}
