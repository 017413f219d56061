/**
 * The one registry of rules: every diagnostic's `rule` is an id of this table. SARIF's rule descriptions, the
 * README's rule table and the docs come from here. `RuleId` is the type of the table's keys, and a diagnostic's
 * `rule` has that type: an id that is not registered here does not compile. Validators that report under a prefix
 * (the schema language, the shared Kubernetes checks) name their rules as `RuleName<area>`, which holds only the
 * names registered under every area the caller may report for.
 */
import type { Severity } from './diagnostic.js';

export interface Rule {
  id: RuleId;
  /** The severity it is reported with (a few rules report a warning in some cases; this is the usual one). */
  severity: Severity;
  /** A few words: SARIF's shortDescription, the README table. */
  title: string;
  /** What the rule checks and why it matters. */
  description: string;
  /** What to do about a finding, in general (each finding's own hint is more precise). */
  help: string;
}

type Entry = [severity: Severity, title: string, description: string, help: string];

/** The areas, in the README's order; each rule id is `<area>/<name>`. */
export const RULE_AREAS = {
  repo: 'the config repository and `.pool-reconciler.yaml`',
  settings: '`.pool-reconciler.yaml`',
  yaml: 'YAML as PyYAML reads it',
  nodepool: 'Nodepool launcher and builder files',
  cluster: 'Konvoy `cluster.yaml`',
  'pod-template': 'Dispatch pod-template ConfigMaps and Tekton pod templates',
  dispatch: 'Dispatch tolerations against the node pools',
  inventory: 'the image-builder inventory',
  'known-hosts': 'pinned SSH host keys',
  secrets: 'provider secret inputs',
  zuul: "Zuul's config (`zuul.d/`): nodesets, jobs and the Nodepool labels they ask for",
  plan: 'planning against the cluster',
  ssh: 'the image-builder SSH check',
} as const satisfies Record<string, string>;

export type RuleArea = keyof typeof RULE_AREAS;

/** The rules the schema language (src/config/schema.ts) reports, under each area that has a schema. */
type SchemaRuleName = 'unknown-key' | 'required' | 'type' | 'value' | 'pattern' | 'exclusive';

const SCHEMA_RULES = <A extends RuleArea>(area: A, what: string): Record<`${A}/${SchemaRuleName}`, Entry> => ({
  [`${area}/unknown-key`]: ['error', 'Unknown key', `A key that ${what} does not accept: the reader rejects the whole file, or ignores the setting silently.`, 'Fix the spelling (the finding suggests the closest key) or remove the key.'],
  [`${area}/required`]: ['error', 'Required key missing', `A key that ${what} needs is absent.`, 'Add the key named in the finding.'],
  [`${area}/type`]: ['error', 'Wrong type', `A value of the wrong type (a list where a mapping is expected, a string where a number is) for ${what}.`, 'Write the value with the type the finding names.'],
  [`${area}/value`]: ['error', 'Invalid value', `A value outside what ${what} accepts (an unknown choice, a number out of range).`, 'Use one of the values the finding lists.'],
  [`${area}/pattern`]: ['error', 'Malformed value', `A string that does not have the form ${what} expects.`, 'Write the value in the form the finding gives.'],
  [`${area}/exclusive`]: ['error', 'Mutually exclusive keys', `Two keys of which ${what} accepts only one.`, 'Keep one of the two keys.'],
}) as Record<`${A}/${SchemaRuleName}`, Entry>;

const ENTRIES = {
  'repo/missing': ['error', 'File missing', 'A file or directory named in `.pool-reconciler.yaml`, listed under `required:` or given on the command line does not exist.', 'Create the file, fix the path in `.pool-reconciler.yaml`, or remove it from `required:`.'],
  'repo/not-found': ['error', 'Path not found', 'A path given on the command line or as `config-path` does not exist: there is nothing to check there.', 'Check the path (and the working directory).'],
  'repo/not-a-file': ['error', 'Not a regular file', 'A config path names a directory, a device or something else that is not a regular file.', 'Point the path at a file.'],
  'repo/too-large': ['error', 'File too large', 'A config file is larger than the limit: no real config is that large, and reading it would cost minutes.', 'Split or trim the file; check it is the file you meant.'],
  'repo/path-escape': ['error', 'Path leaves the repository', 'A config path is absolute, climbs out with `..`, or is a symbolic link to a place outside the config repository.', 'Keep every config file inside the repository; replace the link by the file.'],
  'repo/empty': ['error', 'No config files', 'None of the files pool-reconciler reads exists: the directory is probably not the config repository.', 'Run it on the config repository, or set the paths in `.pool-reconciler.yaml`.'],
  ...SCHEMA_RULES('settings', '`.pool-reconciler.yaml`'),
  'settings/unknown-target': ['error', 'Unknown target', 'A run names a target (`--target`, `POOL_RECONCILER_TARGET`, the action\'s `target` input) that `targets:` in `.pool-reconciler.yaml` does not declare: its view of the repo does not exist.', 'Name a declared target (`pool-reconciler targets` lists them), or add it under `targets:`.'],
  'settings/unknown-pool': ['error', 'Target names an unknown pool', "A target's `pools:` in `.pool-reconciler.yaml` names a node pool that `cluster.yaml`'s spec.nodePools does not have: that target's view would silently lack it.", "Fix the name, or add the pool to cluster.yaml's spec.nodePools."],

  'yaml/syntax': ['error', 'YAML syntax error', 'The file is not well-formed YAML.', 'Fix the YAML at the position given (indentation, a missing colon, an unclosed quote).'],
  'yaml/encoding': ['error', 'Not UTF-8 text', 'The file has bytes that are not UTF-8, or NUL bytes.', 'Save the file as UTF-8 text.'],
  'yaml/duplicate-key': ['warning', 'Duplicate key', 'A mapping has the same key twice: PyYAML keeps the last value without a word, so the first is silently lost.', 'Remove one of the two keys (the finding names both positions).'],
  'yaml/construct': ['error', 'Value cannot be constructed', 'PyYAML cannot build a value here (an unhashable key, a bad timestamp, an unknown construct).', 'Write a plain scalar, list or mapping.'],
  'yaml/merge': ['error', 'Invalid merge key', 'A `<<` merge key whose value is not a mapping or a list of mappings.', 'Merge an anchored mapping: `<<: *anchor`.'],
  'yaml/undefined-alias': ['error', 'Undefined alias', 'An alias (`*name`) refers to no anchor defined before it.', 'Define the anchor (`&name`) before its first use, or fix the name.'],
  'yaml/recursive-alias': ['error', 'Recursive alias', 'An alias inside the collection its anchor names: a value that contains itself. Both of Nodepool\'s loaders and Zuul\'s read it, and so does the check of their files; in the other files (Kubernetes objects, kubeconfig, the inventory, the settings) it is refused.', 'Break the cycle: copy the values instead of the alias.'],
  'yaml/duplicate-anchor': ['error', 'Duplicate anchor', 'An anchor name defined twice in one document: PyYAML, and so Nodepool, refuses the file.', 'Rename one anchor and its aliases.'],
  'yaml/unknown-tag': ['error', 'Unknown tag', 'A `!tag` that the safe loader of Nodepool and Ansible refuses.', 'Remove the tag.'],
  'yaml/too-deep': ['error', 'Nesting too deep', 'The document nests deeper than any config needs; readers run out of stack.', 'Flatten the structure.'],
  'yaml/too-large': ['error', 'Too much to expand', 'Aliases expand to more nodes than the limit (an alias bomb).', 'Use fewer nested aliases.'],

  ...SCHEMA_RULES('nodepool', 'Nodepool'),
  'nodepool/exclusive': ['error', 'Mutually exclusive keys', 'Two keys that Nodepool accepts only one of (e.g. `cloud-image` and `diskimage`).', 'Keep one of the two keys.'],
  'nodepool/unknown-driver': ['error', 'Unknown driver', 'A provider names a driver Nodepool does not have.', 'Use one of the drivers the finding lists.'],
  'nodepool/multiple-documents': ['error', 'More than one document', 'Nodepool reads only the first YAML document of its file.', 'Merge the documents into one.'],
  'nodepool/env-unset': ['error', 'Environment variable not set', 'A `%(NODEPOOL_*)` placeholder whose variable is not in the environment: Nodepool fails to load the file.', 'Set the variable in the run environment or under `nodepool: {env: …}` in `.pool-reconciler.yaml`.'],
  'nodepool/undefined-label': ['error', 'Undefined label', 'A pool offers a label that is not in the top-level `labels:` list: the launcher refuses the config.', 'Add the label to `labels:` or fix its name.'],
  'nodepool/undefined-diskimage': ['error', 'Undefined diskimage', 'A provider or label names a diskimage that no `diskimages:` entry defines.', 'Define the diskimage or fix its name.'],
  'nodepool/undefined-cloud-image': ['error', 'Undefined cloud-image', 'A pool label names a `cloud-image` that the provider does not define.', 'Add it to the provider\'s `cloud-images:` or fix its name.'],
  'nodepool/duplicate-diskimage': ['error', 'Duplicate diskimage', 'Two diskimages with one name: Nodepool keeps one.', 'Rename or remove one of them.'],
  'nodepool/missing-parent': ['error', 'Missing parent diskimage', 'A diskimage `parent:` names no diskimage.', 'Fix the parent\'s name or define it.'],
  'nodepool/parent-cycle': ['error', 'Diskimage parent cycle', 'Diskimages whose `parent:` chain loops.', 'Break the loop.'],
  'nodepool/abstract-diskimage': ['error', 'Abstract diskimage used', 'A provider or label names a diskimage marked `abstract: true`: it is only a parent and is never built, so Nodepool fails to load the config.', 'Name a diskimage that has it as its `parent`, or remove `abstract: true`.'],
  'nodepool/label-name-required': ['error', 'Label without name', 'A label entry has no `name`.', 'Give each label a name.'],
  'nodepool/pool-name-required': ['error', 'Pool without name', 'A pool has no `name`.', 'Give each pool a name.'],
  'nodepool/max-servers-required': ['error', 'max-servers required', 'Drivers such as azure and ibmvpc need `max-servers` on each pool: the launcher fails without it.', 'Add `max-servers` to the pool.'],
  'nodepool/metastatic-backing-label': ['error', 'Metastatic backing label', 'A metastatic label\'s `backing-label` is not a label of another provider.', 'Name a label that another provider offers.'],
  'nodepool/metastatic-max-age': ['error', 'Metastatic max-age', 'A metastatic label\'s `max-age` is not compatible with its backing node\'s lifetime.', 'Fix `max-age` as the finding says.'],
  'nodepool/aws-imdsv2-import': ['error', 'IMDSv2 with image import', 'An aws image imported with `import-method: image` cannot require IMDSv2.', 'Use `import-method: snapshot` or drop `imdsv2`.'],
  'nodepool/aws-dedicated-host': ['error', 'aws dedicated host', 'A pool with `dedicated-host` also uses spot instances, or has no availability zone.', 'Remove `use-spot`, or set the pool\'s `availability-zone`.'],
  'nodepool/ibmvpc-zone-subnet': ['error', 'ibmvpc zone and subnet', 'An ibmvpc pool has no `zone`/`subnet`, neither on the pool nor on the provider.', 'Set them on the pool or the provider.'],
  'nodepool/zookeeper-host': ['error', 'ZooKeeper server without host', 'A `zookeeper-servers` entry has no `host`.', 'Add the host.'],
  'nodepool/sf-base-key': ['error', 'Key owned by Software Factory', 'Under the software-factory flavor, sf-operator\'s base config already sets this key and appending it breaks the launcher.', 'Remove the key from the user config, or set `nodepool.flavor: standalone` in `.pool-reconciler.yaml` if this is a plain Nodepool deployment.'],
  'nodepool/sf-document-start': ['error', 'Leading document marker', 'Under the software-factory flavor, the file is appended to sf-operator\'s base config: a leading `---` starts a second document that Nodepool ignores.', 'Remove the `---`, or set `nodepool.flavor: standalone`.'],
  'nodepool/sf-multiple-documents': ['error', 'Second document', 'Under the software-factory flavor, a second document in the appended file is ignored by Nodepool.', 'Merge the documents, or set `nodepool.flavor: standalone`.'],
  'nodepool/dib-playbook': ['error', 'dib-ansible playbook missing', 'A `dib-cmd` runs a dib-ansible playbook that is not in the repository.', 'Add the playbook to the dib-ansible directory or fix its name.'],
  'nodepool/dib-playbook-path': ['error', 'Playbook outside dib-ansible', 'A `dib-cmd` playbook path leaves the dib-ansible directory.', 'Keep playbooks in the dib-ansible directory.'],
  'nodepool/dib-inventory': ['error', 'dib-ansible inventory missing', 'dib-ansible diskimages need the image-builder inventory, and it is missing.', 'Add the inventory file.'],
  'nodepool/dib-format': ['error', 'Unsupported image format', 'dib-ansible builds only `raw` and `qcow2` images.', 'Use `raw` or `qcow2` in `formats:`.'],

  ...SCHEMA_RULES('cluster', 'Konvoy'),
  'cluster/no-configuration': ['warning', 'No ClusterConfiguration', '`cluster.yaml` has no `ClusterConfiguration` document: no node-pool labels or taints are managed.', 'Add the document, or ignore if the cluster has no pool settings.'],
  'cluster/duplicate-document': ['error', 'Duplicate document', 'Two `ClusterProvisioner` or two `ClusterConfiguration` documents: Konvoy reads one.', 'Merge them.'],
  'cluster/api-version-mismatch': ['error', 'apiVersion mismatch', 'The two documents of `cluster.yaml` have different apiVersions.', 'Use one apiVersion for both.'],
  'cluster/duplicate-pool': ['error', 'Duplicate node pool', 'Two node pools with one name.', 'Rename or remove one.'],
  'cluster/pool-mismatch': ['error', 'Pool not provisioned', 'A `ClusterConfiguration` node pool names no `ClusterProvisioner` pool: its labels and taints reach no node.', 'Fix the pool\'s name, or add the pool to the ClusterProvisioner.'],
  'cluster/positional-index': ['warning', 'Positional index', 'Konvoy\'s `positional` machine indexing is deprecated.', 'Use named machines.'],
  'cluster/multiple-control-plane': ['error', 'Several control planes', 'More than one pool is marked `controlPlane: true`.', 'Mark exactly one pool.'],
  'cluster/no-control-plane': ['error', 'No control plane', 'No provisioner pool is marked `controlPlane: true`.', 'Mark the control-plane pool.'],
  'cluster/empty-control-plane': ['error', 'Empty control plane', 'The control-plane pool has a count of 0.', 'Give it 1, 3 or 5 machines.'],
  'cluster/even-control-plane': ['warning', 'Even control plane', 'An even number of control-plane machines gains no fault tolerance for etcd.', 'Use an odd count.'],
  'cluster/multiple-bastion': ['error', 'Several bastion pools', 'More than one pool is marked `bastion: true`.', 'Keep one bastion pool.'],
  'cluster/autoscaling-range': ['error', 'Autoscaling range', '`minSize` is above `maxSize`, or `count` is outside the range.', 'Fix the bounds.'],
  'cluster/autoscaling-not-allowed': ['error', 'Autoscaling not allowed', 'Autoscaling on the control-plane or bastion pool.', 'Remove `autoscaling` from that pool.'],
  'cluster/autoscaling-provider': ['error', 'Autoscaling provider', 'Konvoy autoscales only on aws and azure.', 'Remove `autoscaling` or use a supported provider.'],
  'cluster/duplicate-label': ['error', 'Duplicate label', 'A node pool sets one label twice.', 'Keep one.'],
  'cluster/node-pool-label': ['error', 'Node-pool label overridden', 'A pool sets `konvoy.mesosphere.com/node_pool` to another value than its name; Konvoy labels each node with the pool\'s name.', 'Remove the label.'],
  'cluster/invalid-label': ['error', 'Invalid label', 'A label key or value the API server rejects.', 'Follow the rule the finding quotes from Kubernetes.'],
  'cluster/invalid-taint': ['error', 'Invalid taint', 'A taint key, value or effect the API server rejects.', 'Follow the rule the finding quotes from Kubernetes.'],
  'cluster/duplicate-taint': ['error', 'Duplicate taint', 'Two taints with the same key and effect on one pool.', 'Keep one.'],
  'cluster/shared-taint': ['warning', 'Taint shared by pools', 'The same taint on two pools: a toleration meant for one also admits pods on the other.', 'Make each pool\'s taint unique.'],
  'cluster/invalid-toleration': ['error', 'Invalid toleration', 'A toleration in the Dispatch addon\'s values the API server rejects.', 'Follow the rule the finding quotes from Kubernetes.'],
  'cluster/invalid-node-selector': ['error', 'Invalid node selector', 'A node selector in the Dispatch addon\'s values the API server rejects.', 'Follow the rule the finding quotes.'],
  'cluster/duplicate-addon': ['warning', 'Duplicate addon', 'An addon listed twice in one addon repository.', 'Keep one.'],
  'cluster/values-type': ['error', 'Addon values not a mapping', 'An addon\'s `values` is not YAML for a mapping of Helm values.', 'Write the values as a YAML block string of a mapping.'],
  'cluster/misplaced-placement': ['warning', 'Misplaced placement', 'Tolerations or node selectors at a level of the Dispatch values that nothing reads.', 'Move them where the finding says.'],
  'cluster/error': ['error', 'Cluster error', 'The cluster could not be read or written (unreachable, forbidden, a missing namespace).', 'Follow the finding\'s hint (the RBAC rule to add, the object to create).'],

  ...SCHEMA_RULES('pod-template', 'a Tekton pod template'),
  'pod-template/empty': ['error', 'Empty ConfigMap', 'A pod-template file holds no ConfigMap.', 'Write the ConfigMap or delete the file.'],
  'pod-template/empty-template': ['warning', 'Empty pod template', 'The pod template is empty: the pods get no tolerations or node selector.', 'Add the tolerations the Dispatch pool needs.'],
  'pod-template/missing-data-key': ['error', 'Template key missing', 'The ConfigMap has no data key holding the pod template.', 'Add the configured key (`dispatch.pod-template-key`), or configure the key the ConfigMap uses.'],
  'pod-template/other-data-key': ['warning', 'Other data key', 'The ConfigMap\'s only data key is not the configured pod-template key: fine if its Repositories read that key.', 'Set `dispatch.pod-template-key` in `.pool-reconciler.yaml` to the key the Repositories read, or rename the key.'],
  'pod-template/multiple-documents': ['error', 'Several documents', 'A pod-template file holds more than one document.', 'One ConfigMap per file.'],
  'pod-template/invalid-name': ['error', 'Invalid name', 'The ConfigMap\'s name is not a DNS-1123 subdomain.', 'Use lower-case letters, digits, `-` and `.`.'],
  'pod-template/invalid-namespace': ['error', 'Invalid namespace', 'The namespace is not a DNS-1123 label.', 'Use lower-case letters, digits and `-`.'],
  'pod-template/invalid-label': ['error', 'Invalid label', 'A label the API server rejects.', 'Follow the rule the finding quotes.'],
  'pod-template/invalid-toleration': ['error', 'Invalid toleration', 'A toleration the API server rejects.', 'Follow the rule the finding quotes.'],
  'pod-template/invalid-node-selector': ['error', 'Invalid node selector', 'A node selector the API server rejects.', 'Follow the rule the finding quotes.'],

  'dispatch/untolerated-taint': ['error', 'Taint not tolerated', 'A pod template that targets a tainted pool does not tolerate all its NoSchedule/NoExecute taints: its pods never schedule there.', 'Add the toleration the finding gives.'],
  'dispatch/unused-toleration': ['warning', 'Toleration matches no taint', 'A toleration that tolerates no taint of any pool (often a typo: `node-pool` for `node_pool`).', 'Fix it to the closest taint the finding names, or remove it.'],
  'dispatch/unmatched-node-selector': ['warning', 'Node selector matches no pool', 'A node selector that no node pool\'s labels satisfy.', 'Fix it to a pool\'s label.'],
  'dispatch/duplicate-pod-template': ['error', 'Duplicate pod template', 'Two files define the same ConfigMap.', 'Keep one.'],

  ...SCHEMA_RULES('inventory', 'an Ansible YAML inventory'),
  'inventory/no-hosts': ['error', 'No hosts', 'The inventory lists no image-builder host.', 'Add the image-builders.'],
  'inventory/no-address': ['error', 'Host without address', 'A host has no `ansible_host` and its name is not an address.', 'Set `ansible_host`.'],
  'inventory/implicit-address': ['notice', 'Address from the name', 'A host without `ansible_host`: Ansible connects to its name.', 'Set `ansible_host` to make the address explicit.'],
  'inventory/bad-address': ['error', 'Bad address', '`ansible_host` is a URL or not a host name or address.', 'Write a bare host name or IP address.'],
  'inventory/bad-port': ['error', 'Bad port', '`ansible_port` is not a port number.', 'Use 1–65535.'],
  'inventory/bad-user': ['error', 'Bad user', '`ansible_user` is not a user name.', 'Write a plain user name.'],
  'inventory/group-loop': ['error', 'Group loop', 'Groups whose `children` contain each other.', 'Break the loop.'],
  'inventory/no-matching-hosts': ['error', 'Playbook matches no host', 'A playbook\'s `hosts:` pattern matches no inventory host.', 'Fix the pattern or add the host.'],
  'inventory/host-key-not-pinned': ['warning', 'Host key not pinned', 'An image-builder has no key in `known_hosts`: the SSH check cannot tell it from an impostor.', 'Pin its key (run `check-ssh --accept-new` once, review, commit the line).'],
  'inventory/too-many-hosts': ['error', 'Too many hosts', 'The inventory names more image-builders than the SSH check is bounded to.', 'Split the inventory, or check that it is the file you meant.'],
  'known-hosts/invalid-line': ['warning', 'Invalid known_hosts line', 'A `known_hosts` line that cannot be read.', 'Fix or remove the line.'],
  'known-hosts/too-many-lines': ['error', 'known_hosts too long', '`known_hosts` has more lines than the check is bounded to.', 'Keep only the image-builders\' pinned keys.'],
  'known-hosts/too-much-hashing': ['error', 'Too much hashing', 'Hashed `known_hosts` lines times inventory hosts exceed the bounded number of lookups (each hashed line costs one HMAC per host and salt).', 'Use fewer hashed lines (pin plain host names), or fewer hosts.'],

  'secrets/syntax': ['error', 'Secret does not parse', 'A provider secret input is not well-formed YAML (reported by line, never quoted).', 'Fix the secret\'s value.'],
  'secrets/not-a-mapping': ['error', 'Secret not a mapping', 'A provider secret input is not a YAML mapping.', 'Give the whole file as the secret.'],
  'secrets/no-clouds': ['error', 'No clouds', '`clouds.yaml` has no `clouds:` mapping.', 'Give the whole clouds.yaml.'],
  'secrets/no-contexts': ['error', 'No contexts', '`kube.config` defines no context.', 'Give a kubeconfig with the contexts the providers name.'],
  'secrets/unknown-cloud': ['error', 'Unknown cloud', 'An openstack provider\'s `cloud` is not in `clouds.yaml`.', 'Add the cloud or fix the name.'],
  'secrets/unknown-region': ['error', 'Unknown region', 'A provider\'s `region-name` is not a region of its cloud.', 'Fix the region.'],
  'secrets/unknown-context': ['error', 'Unknown context', 'A kubernetes/openshift provider\'s `context` is not in `kube.config`.', 'Add the context or fix the name.'],

  ...SCHEMA_RULES('zuul', 'Zuul'),
  'zuul/duplicate-key': ['error', 'Duplicate key', 'A mapping of a Zuul config file has the same key twice: Zuul\'s loader refuses the whole file (plain PyYAML would keep the last value).', 'Remove one of the two keys.'],
  'zuul/config-item': ['error', 'Not a Zuul config item', 'The file is not a list of one-key mappings (`- job: {…}`) of a type Zuul knows: Zuul refuses the whole file.', 'Write each item as `- <type>:` with a mapping, one type per item (job, nodeset, project, …).'],
  'zuul/localhost': ['error', 'Node named localhost', 'A nodeset names a node (or a group) `localhost`: Zuul refuses the nodeset.', 'Rename the node or the group.'],
  'zuul/duplicate-node': ['error', 'Duplicate node name', 'Two nodes of one nodeset share a name: Zuul refuses the nodeset.', 'Give each node its own name.'],
  'zuul/group-node': ['error', 'Group names an unknown node', 'A nodeset group lists a node the nodeset does not have: Zuul refuses the nodeset.', 'Add the node, or fix its name in the group.'],
  'zuul/duplicate-group': ['error', 'Duplicate group', 'Two groups of one nodeset share a name: Zuul refuses the nodeset.', 'Merge the groups or rename one.'],
  'zuul/duplicate-nodeset': ['error', 'Nodeset defined twice', 'Two nodesets of the repository share a name: Zuul refuses the second ("already defined").', 'Rename or remove one.'],
  'zuul/ignored-config': ['warning', 'Zuul config ignored', 'Zuul reads one config root per branch (the first of `zuul.yaml`, `zuul.d/`, `.zuul.yaml`, `.zuul.d/`): this one is ignored.', 'Move its content into the root Zuul reads, or remove it.'],
  'zuul/unknown-label': ['error', 'Label no pool offers', 'A nodeset or job asks for a label that no Nodepool provider pool offers: its builds end in NODE_FAILURE.', 'Fix the label (the finding names the closest one), or offer it in a pool of nodepool.yaml.'],
  'zuul/removed-label': ['error', 'Label removed while in use', 'This change removes a label from Nodepool (the base branch offers it) while nodesets or jobs still ask for it: those jobs would end in NODE_FAILURE after merge.', 'Keep the label in a pool until no job uses it, or change the nodesets first.'],
  'zuul/unused-label': ['notice', 'Label used by no nodeset', 'A label Nodepool offers that no nodeset or job of this repository asks for (other projects may).', 'Nothing to do if another project uses it; otherwise remove it from the pools.'],
  'zuul/unknown-nodeset': ['warning', 'Nodeset not defined here', 'A job names a nodeset that this repository does not define: Zuul fails the job\'s config unless another project of the tenant defines it.', 'Check the name; define the nodeset here if no other project does.'],

  'plan/pod-template-namespace': ['error', 'Pod-template namespace', 'A pod-template ConfigMap without a namespace, or in one the cluster does not have.', 'Set `metadata.namespace` to the Dispatch repository\'s namespace.'],

  'ssh/failed': ['error', 'SSH check failed', 'The builder key could not be checked against an image-builder.', 'Read the finding\'s message.'],
  'ssh/invalid-host': ['error', 'Invalid host', 'An image-builder address that cannot be connected to.', 'Fix `ansible_host`.'],
  'ssh/connection-refused': ['error', 'Connection refused', 'Nothing listens on the image-builder\'s SSH port.', 'Check `ansible_port` and that sshd runs.'],
  'ssh/host-not-found': ['error', 'Host not found', 'The image-builder\'s name does not resolve.', 'Fix the name or DNS.'],
  'ssh/unreachable': ['error', 'Unreachable', 'No route to the image-builder.', 'Check the network path.'],
  'ssh/connection-reset': ['error', 'Connection reset', 'The image-builder closed the connection.', 'Check sshd\'s logs and limits.'],
  'ssh/timeout': ['error', 'Timed out', 'The image-builder did not answer in time.', 'Check firewalls, or raise the timeout.'],
  'ssh/host-key-unknown': ['error', 'Host key unknown', 'The image-builder has no pinned key.', 'Pin its key in `known_hosts` after checking it out of band.'],
  'ssh/host-key-mismatch': ['error', 'Host key mismatch', 'The image-builder\'s key is not the one pinned: a rebuilt machine, or someone in between.', 'Check the fingerprint out of band, then replace its line.'],
  'ssh/permission-denied': ['error', 'Permission denied', 'The image-builder does not accept the builder\'s key.', 'Add the public key to the user\'s `authorized_keys`.'],
  'ssh/hostname-failed': ['error', '`hostname` failed', 'Logged in, but `hostname` failed.', 'Check the user\'s shell.'],
  'ssh/python-missing': ['error', 'python3 missing', 'The image-builder has no `python3`: Ansible cannot run there.', 'Install python3.'],
  'ssh/python-failed': ['error', 'python3 failed', '`python3 --version` failed.', 'Check the python3 installation.'],
  'ssh/ssh-error': ['error', 'SSH error', 'Another SSH protocol error.', 'Read the finding\'s message.'],
} satisfies Record<`${RuleArea}/${string}`, Entry>;

/** A registered rule id, `<area>/<name>`. */
export type RuleId = keyof typeof ENTRIES;

/** The name part of the ids registered under `area`, e.g. `RuleName<'nodepool'>` holds `undefined-label`. */
type NamesUnder<Area extends RuleArea> = Area extends RuleArea ? NamesOf<RuleId, Area> : never;
type NamesOf<Id extends RuleId, Area extends RuleArea> = Id extends `${Area}/${infer Name}` ? Name : never;

/**
 * The rule names registered under EVERY area of `Areas` (a union): what a check shared by several validators may
 * report. `RuleName<'cluster' | 'pod-template'>` holds `invalid-toleration` (registered under both), not `pool-mismatch`.
 */
export type RuleName<Areas extends RuleArea> = {
  [Name in NamesUnder<Areas>]: `${Areas}/${Name}` extends RuleId ? Name : never;
}[NamesUnder<Areas>];

/** The id of `name` under `area`: the types above make it a registered one. */
export function ruleId<Areas extends RuleArea>(area: Areas, name: RuleName<Areas>): RuleId {
  return `${area}/${name}` as RuleId;
}

export const RULES: ReadonlyMap<RuleId, Rule> = new Map(
  (Object.entries(ENTRIES) as Array<[RuleId, Entry]>).map(([id, [severity, title, description, help]]) => [id, { id, severity, title, description, help }]),
);

/** The rule of an id. */
export function ruleOf(id: RuleId): Rule {
  return RULES.get(id)!;
}

/** Whether a string read from outside (a JSON file, a command line) is a registered rule id. */
export function isRuleId(id: string): id is RuleId {
  return RULES.has(id as RuleId);
}
