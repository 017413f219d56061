/**
 * Nodepool's configuration schema, key for key as its `config-validate` applies it (nodepool/cmd/config_validator.py
 * and each driver's getSchema), including its quirks: see ../shared/reference/nodepool.md.
 */
import { KeyIndex, scalarKeyString } from '../config/yaml.js';
import type { YMap, YNode } from '../config/yaml.js';
import {
  bool,
  coerceFloat,
  dict,
  float,
  int,
  list,
  match,
  number,
  object,
  oneOf,
  report,
  required,
  Schema,
  str,
  union,
} from '../config/schema.js';
import type { CheckContext, Field, FieldSpec, JSONSchema, ObjectOptions, ObjectSchema, Path } from '../config/schema.js';

const named =
  (what: string) =>
  (m: YMap): string | undefined => {
    const n = m.byKey.get('name');
    const v = n ? scalarKeyString(n.value) ?? (n.value.kind === 'scalar' ? String(n.value.value) : undefined) : undefined;
    return v !== undefined ? `${what} ${JSON.stringify(v)}` : undefined;
  };

const tenantName = (m: YMap): string | undefined => {
  const n = m.byKey.get('tenant-name')?.value;
  return n?.kind === 'scalar' ? `tenant ${JSON.stringify(String(n.value))}` : undefined;
};

const strList = () => list(str());

/** Keys Nodepool v3 removed (with Zuul v3), and what replaced them: the hint of their unknown-key error. */
const V3 = 'Nodepool v3 removed this key';
const V3_TOP: Record<string, string> = {
  cron: `${V3} (\`cron\`): images are rebuilt per diskimage after \`rebuild-age\` seconds (default a day), and cleanup runs on its own.`,
  targets: `${V3} (\`targets\`): Nodepool hands nodes to Zuul through ZooKeeper (\`zookeeper-servers\`).`,
  'gearman-servers': `${V3} (\`gearman-servers\`): Nodepool and Zuul talk through ZooKeeper; set \`zookeeper-servers\`.`,
  'zmq-publishers': `${V3} (\`zmq-publishers\`): Nodepool and Zuul talk through ZooKeeper; set \`zookeeper-servers\`.`,
};
const V3_LABEL: Record<string, string> = {
  image: `${V3} (\`image\` on a label): a top-level label has only \`name\`, \`min-ready\` and \`max-ready-age\`; each provider pool's label picks the image with \`diskimage\` or \`cloud-image\`.`,
  providers: `${V3} (\`providers\` on a label): each provider lists the labels it offers under \`pools[].labels\`.`,
  'ready-script': `${V3} (\`ready-script\`): bake the setup into the image (a diskimage element) or run it as a Zuul pre-run playbook.`,
  subnodes: `${V3} (\`subnodes\`): multi-node jobs use Zuul v3 nodesets, one label per node.`,
};
const V3_OPENSTACK: Record<string, string> = {
  'hostname-format': `${V3} (\`hostname-format\`): Nodepool names servers itself (\`image-name-format\` remains for uploaded images).`,
  'api-timeout': `${V3} (\`api-timeout\`): set \`api_timeout\` for the cloud in clouds.yaml, which openstacksdk reads.`,
  images: `${V3} (\`images\`): a provider lists \`diskimages\` (built by nodepool-builder, named in the top-level \`diskimages\`) and \`cloud-images\` (images that exist in the cloud); pool labels use them with \`diskimage\` or \`cloud-image\`.`,
  'max-servers': `${V3} on openstack providers (\`max-servers\`): limits are set per pool, \`pools[].max-servers\`.`,
  networks: `${V3} on openstack providers (\`networks\`): set \`networks\` on each pool (or label).`,
  'availability-zones': `${V3} on openstack providers (\`availability-zones\`): set \`availability-zones\` on each pool.`,
  keypair: `${V3} (\`keypair\`): set \`key-name\` on each pool label.`,
};
const intMap = () => dict(str(), int());

// ---- common to every provider and pool (nodepool/driver/__init__.py) ----
const commonProvider = {
  name: required(str()),
  driver: str(),
  'max-concurrency': int(),
  priority: int(),
};
const commonPool = {
  'max-servers': int(),
  'node-attributes': dict(),
  priority: int(),
};

const providerOpts = { context: named('provider') };
const poolOpts = { context: named('pool') };
const labelOpts = { context: named('label') };
const imageOpts = (what: string) => ({ context: named(what) });

/** `pools:` of a cloud driver: a required list of named pools, each with a required list of labels. */
function requiredPools(label: Schema, poolFields: Record<string, Field>, options: ObjectOptions, name: Schema = str()): FieldSpec {
  return required(list(object({ ...commonPool, name: required(name), labels: required(list(label)), ...poolFields }, options)));
}

// ---- openstack and fake ----
const openstackLabel = object(
  {
    name: required(str()),
    diskimage: str(),
    'cloud-image': str(),
    'min-ram': int(),
    'flavor-name': str(),
    'key-name': str(),
    'console-log': bool(),
    'boot-from-volume': bool(),
    'volume-size': int(),
    'instance-properties': dict(),
    'dynamic-instance-properties': dict(),
    userdata: str(),
    networks: strList(),
    'host-key-checking': bool(),
  },
  {
    ...labelOpts,
    rejected: { image: V3_LABEL.image.replace('a top-level label has only `name`, `min-ready` and `max-ready-age`; each provider pool\'s label picks', 'a pool label picks') },
    exclusive: [['diskimage', 'cloud-image']],
    atLeastOne: [
      ['min-ram', 'flavor-name'],
      ['diskimage', 'cloud-image'],
    ],
  },
);

const openstackPool = object(
  {
    ...commonPool,
    name: str(),
    networks: strList(),
    'auto-floating-ip': bool(),
    'host-key-checking': bool(),
    'ignore-provider-quota': bool(),
    'max-cores': int(),
    'max-ram': int(),
    'max-volumes': int(),
    'max-volume-gb': int(),
    'availability-zones': strList(),
    'security-groups': strList(),
    labels: list(openstackLabel),
  },
  poolOpts,
);

const openstackProvider = object(
  {
    ...commonProvider,
    cloud: required(str()),
    'region-name': str(),
    'nodepool-id': str(),
    'image-name-format': str(),
    'post-upload-hook': str(),
    'boot-timeout': int(),
    'image-upload-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
    'port-cleanup-interval': int(),
    rate: coerceFloat(),
    'clean-floating-ips': bool(),
    pools: list(openstackPool),
    // `name` is optional in the schema, but config-validate's cross-check crashes without it (KeyError) and the
    // loader needs it: required here.
    diskimages: list(
      object(
        {
          name: required(str()),
          pause: bool(),
          meta: dict(),
          'config-drive': bool(),
          'connection-type': str(),
          'connection-port': int(),
        },
        imageOpts('diskimage'),
      ),
    ),
    // `name` is optional in the schema; the loader fails without it (KeyError): required here.
    'cloud-images': list(
      object(
        {
          name: required(str()),
          'config-drive': bool(),
          'connection-type': str(),
          'connection-port': int(),
          username: str(),
          'python-path': str(),
          'shell-type': str(),
          'image-id': str(),
          'image-name': str(),
        },
        { ...imageOpts('cloud-image'), exclusive: [['image-id', 'image-name']] },
      ),
    ),
  },
  { ...providerOpts, rejected: V3_OPENSTACK },
);

// ---- aws ----
const connection = {
  'connection-type': str(),
  'connection-port': int(),
  'python-path': str(),
  'shell-type': str(),
};

const awsProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          'key-name': required(str()),
          'cloud-image': str(),
          diskimage: str(),
          'instance-type': str(),
          fleet: object({
            'instance-types': required(list()),
            'allocation-strategy': required(
              oneOf('prioritized', 'price-capacity-optimized', 'capacity-optimized', 'diversified', 'lowest-price'),
            ),
          }),
          'ebs-optimized': bool(),
          'volume-type': str(),
          'volume-size': int(),
          iops: int(),
          throughput: int(),
          userdata: str(),
          'iam-instance-profile': object(
            { name: str(), arn: str() },
            { exclusive: [['name', 'arn']] },
          ),
          tags: dict(),
          'dynamic-tags': dict(),
          'use-spot': bool(),
          imdsv2: oneOf(null, 'required', 'optional'),
          'dedicated-host': bool(),
        },
        {
          ...labelOpts,
          exclusive: [
            ['cloud-image', 'diskimage'],
            ['instance-type', 'fleet'],
          ],
        },
      ),
      {
        'security-group-id': str(),
        'subnet-id': str(),
        'public-ip-address': bool(),
        'public-ipv4': bool(),
        'public-ipv6': bool(),
        'host-key-checking': bool(),
        'max-cores': int(),
        'max-ram': int(),
        'max-resources': intMap(),
        'availability-zone': str(),
      },
      { ...poolOpts, rejected: { 'use-internal-ip': 'Nodepool documents `use-internal-ip` for aws pools and its loader reads it, but `nodepool config-validate` rejects it; remove it.', }, },
    ),
    'region-name': required(str()),
    rate: number(),
    'profile-name': str(),
    'boot-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
    'image-import-timeout': int(),
    'max-servers': int(),
    'max-cores': int(),
    'max-ram': int(),
    'max-resources': intMap(),
    'object-storage': object({ 'bucket-name': required(str()) }),
    'image-format': oneOf('ova', 'vhd', 'vhdx', 'vmdk', 'raw'),
    'post-upload-hook': str(),
    'cloud-images': list(
      object(
        {
          name: required(str()),
          username: required(str()),
          'image-id': str(),
          'image-filters': list(
            object({ Name: str(), name: str(), Values: strList(), values: strList() }),
          ),
          ...connection,
        },
        {
          ...imageOpts('cloud-image'),
          exclusive: [['image-id', 'image-filters']],
          atLeastOne: [['image-id', 'image-filters']],
        },
      ),
    ),
    diskimages: list(
      object(
        {
          name: required(str()),
          username: str(),
          pause: bool(),
          ...connection,
          architecture: str(),
          'ena-support': bool(),
          'volume-size': int(),
          'volume-type': str(),
          'import-method': oneOf('snapshot', 'ebs-direct', 'image'),
          'imds-support': oneOf('v2.0', null),
          iops: int(),
          throughput: int(),
          tags: dict(),
        },
        imageOpts('diskimage'),
      ),
    ),
  },
  {
    ...providerOpts,
    rejected: Object.fromEntries(
      ['host-key-checking', 'use-internal-ip', 'public-ipv4', 'public-ipv6'].map((k) => [
        k,
        `Nodepool's loader reads \`${k}\` on an aws provider, but \`nodepool config-validate\` rejects it there; set it on each pool instead${k === 'use-internal-ip' ? ' (where it is rejected too: remove it)' : ''}.`,
      ]),
    ),
  },
);

// ---- azure ----
const ipBools = {
  ipv4: bool(),
  ipv6: bool(),
  'public-ipv4': bool(),
  'public-ipv6': bool(),
  'use-internal-ip': bool(),
  'host-key-checking': bool(),
};
const galleryImage = () => object({ 'gallery-name': required(str()), name: required(str()), version: str() });
const azureImageSources = ['image-reference', 'image-id', 'image-filter', 'community-gallery-image', 'shared-gallery-image'];

const azureProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          'hardware-profile': required(object({ 'vm-size': required(str()) })),
          'cloud-image': str(),
          diskimage: str(),
          tags: dict(),
          'dynamic-tags': dict(),
          'user-data': str(),
          'custom-data': str(),
          'volume-size': int(),
        },
        labelOpts,
      ),
      {
        ...ipBools,
      },
      poolOpts,
    ),
    location: required(str()),
    'resource-group': required(str()),
    'resource-group-location': required(str()),
    'auth-path': required(str()),
    'subnet-id': str(),
    network: union([str(), object({ 'resource-group': str(), network: str(), subnet: str() })], {
      pick: (n) => (n?.kind === 'map' ? 1 : 0),
    }),
    ...ipBools,
    'post-upload-hook': str(),
    rate: coerceFloat(),
    'boot-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
    'zuul-public-key': str(),
    'cloud-images': list(
      object(
        {
          name: required(str()),
          username: required(str()),
          password: str(),
          'generate-password': bool(),
          key: str(),
          'image-reference': object({
            sku: required(str()),
            publisher: required(str()),
            version: required(str()),
            offer: required(str()),
          }),
          'image-id': str(),
          'image-filter': object({ location: str(), name: str(), tags: dict() }),
          'community-gallery-image': galleryImage(),
          'shared-gallery-image': galleryImage(),
          ...connection,
        },
        { ...imageOpts('cloud-image'), exclusive: [azureImageSources], atLeastOne: [azureImageSources] },
      ),
    ),
    diskimages: list(
      object(
        { name: required(str()), username: str(), key: str(), pause: bool(), ...connection, tags: dict() },
        imageOpts('diskimage'),
      ),
    ),
  },
  providerOpts,
);

// ---- gce ----
const gceProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          'cloud-image': required(str()),
          'instance-type': required(str()),
          'volume-type': str(),
          'volume-size': int(),
        },
        labelOpts,
      ),
      {
        'use-internal-ip': bool(),
      },
      poolOpts,
    ),
    region: required(str()),
    project: required(str()),
    zone: required(str()),
    // `name` is optional in the schema; the loader fails without it (KeyError): required here.
    'cloud-images': list(
      object(
        {
          name: required(str()),
          'connection-type': str(),
          'connection-port': int(),
          'shell-type': str(),
          'image-id': str(),
          'image-project': str(),
          'image-family': str(),
          username: str(),
          key: str(),
          'python-path': str(),
        },
        imageOpts('cloud-image'),
      ),
    ),
    'boot-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
    'rate-limit': int(),
  },
  {
    ...providerOpts,
    rejected: { rate: 'The gce driver has no `rate`; `nodepool config-validate` rejects it. Use `rate-limit`.' },
  },
);

// ---- ibmvpc ----
const ibmImageSources = ['image-href', 'image-id', 'image-name', 'image-filter'];
const ibmvpcProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          profile: required(str()),
          'cloud-image': str(),
          diskimage: str(),
          'user-data': str(),
        },
        labelOpts,
      ),
      {
        zone: str(),
        subnet: str(),
        'public-ipv4': bool(),
        'use-internal-ip': bool(),
        'host-key-checking': bool(),
      },
      poolOpts,
      match(/[^_]+/, 'a name that does not start with `_` (IBM Cloud names cannot contain underscores)'),
    ),
    vpc: required(str()),
    region: required(str()),
    zone: str(),
    subnet: str(),
    quota: object({ instances: int(), cores: int(), ram: int() }),
    'public-ipv4': bool(),
    'use-internal-ip': bool(),
    'host-key-checking': bool(),
    'post-upload-hook': str(),
    rate: coerceFloat(),
    'boot-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
    'credentials-file': str(),
    'object-storage': object({ 'instance-name': required(str()), endpoint: required(str()), 'bucket-name': required(str()) }),
    'cloud-images': list(
      object(
        {
          name: required(str()),
          username: required(str()),
          keys: strList(),
          ...connection,
          'image-href': str(),
          'image-id': str(),
          'image-name': str(),
          'image-filter': object({
            'operating-system': object({
              architecture: str(),
              'dedicated-host-only': bool(),
              'display-name': str(),
              family: str(),
              href: str(),
              name: str(),
              vendor: str(),
              version: str(),
            }),
            'owner-type': str(),
            status: str(),
          }),
        },
        { ...imageOpts('cloud-image'), exclusive: [ibmImageSources], atLeastOne: [ibmImageSources] },
      ),
    ),
    diskimages: list(
      object(
        { name: required(str()), 'operating-system': required(str()), pause: bool(), ...connection },
        imageOpts('diskimage'),
      ),
    ),
  },
  providerOpts,
);

// ---- kubernetes, openshift, openshiftpods ----
const podResources = {
  cpu: int(),
  memory: int(),
  storage: int(),
  'cpu-limit': int(),
  'memory-limit': int(),
  'storage-limit': int(),
  gpu: float(),
  'gpu-resource': str(),
};
const podCommon = {
  'image-pull': str(),
  'python-path': str(),
  'shell-type': str(),
  ...podResources,
  env: list(object({ name: required(str()), value: required(str()) })),
  'node-selector': dict(),
  privileged: bool(),
  'scheduler-name': str(),
  volumes: list(),
  'volume-mounts': list(),
  labels: dict(),
  'dynamic-labels': dict(),
  annotations: dict(),
  'extra-resources': intMap(),
};
const specLabelKeys = { labels: dict(), 'dynamic-labels': dict(), annotations: dict() };
const hasSpec = (n: YNode | null): number => (n?.kind === 'map' && n.byKey.has('spec') ? 1 : 0);
const specHint =
  'A label with `spec` gives the whole pod spec: it takes only `name`, `type`, `spec`, `labels`, `dynamic-labels` and `annotations`; move the other settings into the spec.';

const kubernetesLabel = union(
  [
    object({ name: required(str()), type: required(str()), image: str(), ...podCommon }, labelOpts),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      { ...labelOpts, rejected: Object.fromEntries(Object.keys({ image: 1, ...podCommon }).map((k) => [k, specHint])) },
    ),
  ],
  { pick: hasSpec },
);
const openshiftLabel = union(
  [
    object(
      { name: required(str()), type: required(str()), image: str(), 'image-pull-secrets': list(), ...podCommon },
      labelOpts,
    ),
    object(
      { name: required(str()), type: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, 'image-pull-secrets': 1, ...podCommon }).map((k) => [k, specHint])),
      },
    ),
  ],
  { pick: hasSpec },
);
const openshiftpodsLabel = union(
  [
    object(
      { name: required(str()), image: required(str()), 'image-pull-secrets': list(), ...podCommon },
      {
        ...labelOpts,
        rejected: { type: 'The openshiftpods driver always makes pods: `type` is not allowed (it is for kubernetes and openshift labels).' },
      },
    ),
    object(
      { name: required(str()), spec: required(dict()), ...specLabelKeys },
      {
        ...labelOpts,
        rejected: Object.fromEntries(Object.keys({ image: 1, 'image-pull-secrets': 1, type: 1, ...podCommon }).map((k) => [k, specHint])),
      },
    ),
  ],
  { pick: hasSpec },
);

const k8sPool = (label: Schema) =>
  object(
    {
      ...commonPool,
      name: required(str()),
      labels: required(list(label)),
      'max-cores': int(),
      'max-ram': int(),
      'max-resources': intMap(),
      'default-label-cpu': int(),
      'default-label-memory': int(),
      'default-label-storage': int(),
      'default-label-cpu-limit': int(),
      'default-label-memory-limit': int(),
      'default-label-storage-limit': int(),
      'default-label-extra-resources': intMap(),
    },
    {
      ...poolOpts,
      rejected: {
        'default-label-extra_resources':
          'Nodepool\'s loader reads `default-label-extra_resources` (with an underscore) but `config-validate` rejects it, and accepts `default-label-extra-resources` which the loader ignores. There is no working spelling: set `extra-resources` on each label.',
      },
    },
  );

const kubernetesProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(kubernetesLabel))),
    context: str(),
    'launch-retries': int(),
    'max-servers': int(),
    'max-cores': int(),
    'max-ram': int(),
    'max-resources': intMap(),
  },
  providerOpts,
);

const openshiftProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftLabel))),
    context: required(str()),
    'launch-retries': int(),
    'max-projects': int(),
    'max-cores': int(),
    'max-ram': int(),
    'max-resources': intMap(),
  },
  {
    ...providerOpts,
    rejected: {
      'max-servers': 'The openshift driver limits projects, not servers: use `max-projects` (`config-validate` rejects `max-servers` here although the docs mention it).',
    },
  },
);

const openshiftpodsProvider = object(
  {
    ...commonProvider,
    pools: required(list(k8sPool(openshiftpodsLabel))),
    context: required(str()),
    'launch-retries': int(),
    'max-pods': int(),
    'max-cores': int(),
    'max-ram': int(),
    'max-resources': intMap(),
  },
  {
    ...providerOpts,
    rejected: {
      'max-servers': '`config-validate` rejects `max-servers` on an openshiftpods provider; use `max-pods` (or limit each pool with its own `max-servers`).',
      'max-projects': '`config-validate` rejects `max-projects` on an openshiftpods provider; use `max-pods`.',
    },
  },
);

// ---- static ----
const strOrList = () =>
  union([str(), list(str())], { pick: (n) => (n?.kind === 'seq' ? 1 : 0), describe: 'a string or a list of strings' });

const staticProvider = object(
  {
    ...commonProvider,
    pools: list(
      object(
        {
          ...commonPool,
          name: str(),
          nodes: list(
            object(
              {
                name: required(str()),
                labels: required(strOrList()),
                username: str(),
                timeout: int(),
                'host-key-checking': bool(),
                'host-key': strOrList(),
                'connection-port': int(),
                'connection-type': str(),
                'shell-type': str(),
                'max-parallel-jobs': int(),
                'python-path': str(),
              },
              {
                context: named('node'),
                rejected: { 'ssh-port': '`ssh-port` is the old spelling: `config-validate` rejects it. Use `connection-port`.' },
              },
            ),
          ),
        },
        poolOpts,
      ),
    ),
  },
  providerOpts,
);

// ---- metastatic ----
const metastaticProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object(
        {
          name: required(str()),
          'backing-label': required(str()),
          'max-parallel-jobs': int(),
          'grace-time': int(),
          'min-retention-time': int(),
          'max-age': int(),
          'host-key-checking': bool(),
        },
        labelOpts,
      ),
      {
        'max-servers': int(),
        'host-key-checking': bool(),
      },
      poolOpts,
    ),
    'boot-timeout': int(),
    'launch-timeout': int(),
    'launch-retries': int(),
  },
  providerOpts,
);

// ---- test and example (Nodepool's own test drivers; accepted by config-validate) ----
// `name` and `labels` are optional in the test driver's schema; its loader fails without them: required here.
const testProvider = object(
  { ...commonProvider, pools: list(object({ ...commonPool, name: required(str()), labels: required(strList()) }, poolOpts)) },
  providerOpts,
);
const exampleProvider = object(
  {
    ...commonProvider,
    pools: requiredPools(
      object({ name: required(str()), 'cloud-image': required(str()), 'instance-type': required(str()) }, labelOpts),
      { 'use-internal-ip': bool() },
      poolOpts,
    ),
    region: required(str()),
    project: required(str()),
    'cloud-images': list(
      object(
        // `name` is optional in the schema; the loader fails without it (KeyError): required here.
        { name: required(str()), 'connection-type': str(), 'connection-port': int(), 'image-id': str(), username: str(), key: str(), 'python-path': str() },
        imageOpts('cloud-image'),
      ),
    ),
    'boot-timeout': int(),
    'launch-retries': int(),
    'rate-limit': int(),
  },
  providerOpts,
);

export const DRIVERS: Record<string, ObjectSchema> = {
  openstack: openstackProvider,
  fake: openstackProvider,
  aws: awsProvider,
  azure: azureProvider,
  gce: gceProvider,
  ibmvpc: ibmvpcProvider,
  kubernetes: kubernetesProvider,
  openshift: openshiftProvider,
  openshiftpods: openshiftpodsProvider,
  static: staticProvider,
  metastatic: metastaticProvider,
  test: testProvider,
  example: exampleProvider,
};

/** The driver Nodepool uses for a provider: `fake` for any name starting with "fake", else `driver:` or openstack. */
export function providerDriver(provider: YMap): { driver: string; forcedFake: boolean; driverNode?: YNode } {
  const nameNode = provider.byKey.get('name')?.value;
  const name = nameNode?.kind === 'scalar' ? String(nameNode.value) : '';
  const driverPair = provider.byKey.get('driver');
  if (name.startsWith('fake')) return { driver: 'fake', forcedFake: true, driverNode: driverPair?.value };
  if (!driverPair) return { driver: 'openstack', forcedFake: false };
  const v = driverPair.value;
  return { driver: v.kind === 'scalar' ? String(v.value) : '?', forcedFake: false, driverNode: v };
}

/** The provider with `driver` set to `value` (a view: the parsed document is not changed), as Nodepool sets it. */
function withDriver(provider: YMap, value: string): YMap {
  const pair = provider.byKey.get('driver');
  if (!pair) return provider;
  const v = pair.value;
  const scalar: YNode = { kind: 'scalar', tag: 'str', value, text: value, style: 1, offset: v.offset, contentOffset: v.offset, indent: 0, size: 1 };
  const replaced = { ...pair, value: scalar };
  const pairs = provider.pairs.map((p) => (p === pair ? replaced : p));
  return { ...provider, pairs, byKey: new KeyIndex(pairs) };
}

/** A provider: dispatch to its driver's schema the way Nodepool's get_provider_config does. */
class ProviderSchema extends Schema {
  check(node: YNode | null, cx: CheckContext<'nodepool'>, path: Path, fallback: number): boolean {
    if (!node || node.kind !== 'map') {
      report(cx, node ? node.offset : fallback, 'type', `\`${path.join('.')}\` must be a mapping (a provider)`);
      return false;
    }
    const { driver, forcedFake, driverNode } = providerDriver(node);
    // Own properties only: a driver named `constructor` or `__proto__` is unknown, not Object.prototype's.
    const schema = Object.hasOwn(DRIVERS, driver) ? DRIVERS[driver] : undefined;
    if (!schema) {
      const where = node.byKey.get('name');
      const nm = where?.value.kind === 'scalar' ? ` "${String(where.value.value)}"` : '';
      report(cx, driverNode?.offset ?? node.offset, 'unknown-driver', `provider${nm}: unknown driver ${JSON.stringify(driver)}`,
        `Nodepool's drivers: ${Object.keys(DRIVERS).filter((d) => d !== 'fake').join(', ')}.`);
      return false;
    }
    const before = cx.diagnostics.length;
    // Nodepool's get_provider_config sets `driver: fake` on such a provider before its schema sees it: whatever the
    // file holds there (null, a number) is checked as that string.
    const ok = schema.check(forcedFake ? withDriver(node, 'fake') : node, cx, path, fallback);
    if (forcedFake && driver === 'fake') {
      const declared = driverNode?.kind === 'scalar' ? String(driverNode.value) : 'openstack';
      if (declared !== 'openstack' && declared !== 'fake') {
        // Explain the surprising errors: the provider was checked as an OpenStack (fake) one.
        for (const d of cx.diagnostics.slice(before)) {
          d.hint = `${d.hint ? d.hint + ' ' : ''}Nodepool uses its fake (OpenStack) driver for any provider whose name starts with "fake", whatever \`driver: ${declared}\` says: rename the provider.`;
        }
      }
    }
    return ok;
  }
  describe(): string {
    return 'a provider';
  }
  toJSONSchema(): JSONSchema {
    return {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, driver: { enum: Object.keys(DRIVERS).filter((d) => d !== 'fake') } },
      allOf: Object.entries(DRIVERS)
        .filter(([d]) => d !== 'fake')
        .map(([d, s]) => ({
          if: d === 'openstack'
            ? { not: { required: ['driver'] } }
            : { properties: { driver: { const: d } }, required: ['driver'] },
          then: s.toJSONSchema(),
        })),
    };
  }
}

export const diskimageSchema = object(
  {
    name: required(str()),
    abstract: bool(),
    'dib-cmd': str(),
    pause: bool(),
    elements: strList(),
    formats: strList(),
    'keep-formats': strList(),
    'delete-after-upload': bool(),
    parent: str(),
    release: union([str(), int()], { describe: 'a string or an integer (quote it: "9.1")' }),
    'rebuild-age': int(),
    'env-vars': dict(str(), str()),
    username: str(),
    'python-path': str(),
    'build-timeout': int(),
    metadata: dict(),
  },
  {
    context: named('diskimage'),
    rejected: {
      'shell-type': "The builder reads `shell-type` on a diskimage, but `config-validate` rejects it; set it on the provider's diskimage or cloud-image instead.",
    },
  },
);

/** Top-level keys of a Nodepool config file (ConfigValidator.getSchema). */
export const nodepoolSchema = object({
  webapp: object({ port: int(), listen_address: str() }),
  'elements-dir': str(),
  'images-dir': str(),
  'build-log-dir': str(),
  'build-log-retention': int(),
  'zookeeper-servers': list(object({ host: str(), port: int(), chroot: str() })),
  'zookeeper-tls': object({ cert: str(), key: str(), ca: str() }),
  'zookeeper-timeout': float(),
  providers: list(new ProviderSchema()),
  labels: list(object({ name: str(), 'min-ready': int(), 'max-ready-age': int() }, { context: named('label'), rejected: V3_LABEL })),
  diskimages: list(diskimageSchema),
  'max-hold-age': int(),
  'tenant-resource-limits': list(
    object(
      { 'tenant-name': required(str()), 'max-cores': int(), 'max-ram': int(), 'max-servers': int() },
      { context: tenantName, extra: { key: str(), value: int() } },
    ),
  ),
}, { rejected: V3_TOP });

