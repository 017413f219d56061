/** The example config repo grown to many Dispatch pod-template ConfigMaps, for the plan and apply benchmarks. */
import { copyExampleRepo } from '../test/support/example-repo.js';
import type { RepoCopy } from '../test/support/example-repo.js';

export const POOL_LABEL = 'konvoy.mesosphere.com/node_pool';

/** The namespace of template `i` when the templates are spread over `namespaces` namespaces (ci-00, ci-01, ...). */
export const templateNamespace = (i: number, namespaces: number): string => `ci-${String(i % namespaces).padStart(2, '0')}`;

/** Pod template `i`: a repository's ConfigMap that selects and tolerates the dispatch pool. */
export function podTemplate(i: number, namespaces: number): string {
  return [
    `# Pod template of repository repo-${i}`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: repo-${i}-pod-template`,
    `  namespace: ${templateNamespace(i, namespaces)}`,
    'data:',
    '  template: |-',
    '    nodeSelector:',
    `      ${POOL_LABEL}: dispatch`,
    '    tolerations:',
    '    - effect: NoExecute',
    `      key: ${POOL_LABEL}`,
    '      value: dispatch',
    '      operator: Equal',
    `    priorityClassName: ci-${i % 3}`,
    '',
  ].join('\n');
}

/** A copy of the example repo with `count` pod templates over `namespaces` namespaces. */
export function repoWithPodTemplates(count: number, namespaces: number): RepoCopy {
  const r = copyExampleRepo();
  for (let i = 0; i < count; i++) r.write(`dispatch/pod-templates/repo-${String(i).padStart(4, '0')}.yaml`, podTemplate(i, namespaces));
  return r;
}
