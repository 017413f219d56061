/**
 * The keys of Secret `nodepool-providers-secrets` that the reconciler manages, and how each is given: the action
 * input, the CLI flag and the name diagnostics use for it. One table, read by the action, the CLI and the checks.
 */

export type SecretKey = 'clouds.yaml' | 'kube.config' | 'aws.config';

/** In display order. */
export const SECRET_KEYS: readonly SecretKey[] = ['clouds.yaml', 'kube.config', 'aws.config'];

/** The action input and the CLI flag (without `--`) that give each key: the same name in both. */
export const SECRET_KEY_INPUTS: Readonly<Record<SecretKey, 'clouds-yaml' | 'kube-config' | 'aws-config'>> = {
  'clouds.yaml': 'clouds-yaml',
  'kube.config': 'kube-config',
  'aws.config': 'aws-config',
};

/** The provider secrets given: only the keys given (an empty value counts as not given). */
export type SecretInputs = Partial<Record<SecretKey, string>>;

/**
 * Where sf-operator mounts each key in the launcher's and the builder's Nodepool container (one read-only `subPath`
 * mount of volume `nodepool-providers-secrets` each, rendered at deploy time: sf-operator controllers/nodepool.go).
 */
export const SECRET_KEY_MOUNT_PATHS: Readonly<Record<SecretKey, string>> = {
  'clouds.yaml': '/var/lib/nodepool/.config/openstack/clouds.yaml',
  'kube.config': '/var/lib/nodepool/.kube/config',
  'aws.config': '/var/lib/nodepool/.aws/config',
};

/** The pod volume sf-operator names for the providers Secret. */
export const PROVIDERS_SECRET_VOLUME = 'nodepool-providers-secrets';
