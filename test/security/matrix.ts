/**
 * What the canary test tries: every mode of the action and every command of the CLI, on success and on each kind of
 * failure, with canary values in every secret it takes. Pure data: `canaries.test.ts` runs each case (and fails
 * when one has no runner, or a runner no case), and `renderSecurityTable` makes the README's table from the same
 * list, so the table shows exactly what the tests try. A case is listed as held because the suite asserts it: a
 * case that leaks fails `npm test`, it is never listed as anything else.
 */

export type Entry = 'action' | 'cli';

/** Where the output of a run goes, and where the test looks. */
export type Channel =
  | 'stdout'
  | 'stderr'
  | 'annotations'
  | 'job summary'
  | 'outputs'
  | 'plan JSON'
  | 'PR comment'
  | 'GitHub requests'
  | 'plan artifact';

export type SecretInput = 'clouds.yaml' | 'kube.config' | 'aws.config' | 'builder SSH key' | 'kubeconfig' | 'GitHub token';

export interface SecurityCase {
  /** Unique; the test's name and the key of its runner. */
  id: string;
  entry: Entry;
  /** Action mode, or CLI command. */
  mode: string;
  outcome: 'success' | 'failure';
  /** What was tried, in a few words (the table's text). */
  tried: string;
  /** The canaries given to the run. */
  secrets: SecretInput[];
  channels: Channel[];
}

const ALL_SECRETS: SecretInput[] = ['clouds.yaml', 'kube.config', 'aws.config', 'builder SSH key', 'kubeconfig', 'GitHub token'];
const PROVIDER_AND_CLUSTER: SecretInput[] = ['clouds.yaml', 'kube.config', 'aws.config', 'kubeconfig'];
const ACTION_CHANNELS: Channel[] = ['stdout', 'stderr', 'annotations', 'job summary', 'outputs', 'PR comment', 'GitHub requests', 'plan artifact'];
const ACTION_PLAN_CHANNELS: Channel[] = ['stdout', 'stderr', 'annotations', 'job summary', 'outputs', 'plan JSON', 'PR comment', 'GitHub requests', 'plan artifact'];
const CLI_CHANNELS: Channel[] = ['stdout', 'stderr'];
const CLI_PLAN_CHANNELS: Channel[] = ['stdout', 'stderr', 'plan JSON'];

export const SECURITY_CASES: readonly SecurityCase[] = [
  // ---- the action (dist/index.js as a process, with the loopback GitHub, Kubernetes API and a real sshd) ----
  { id: 'action/validate/clean', entry: 'action', mode: 'validate', outcome: 'success', tried: 'a clean config repo, on a pull request', secrets: ALL_SECRETS, channels: ACTION_CHANNELS },
  { id: 'action/validate/clouds-yaml-unparsable', entry: 'action', mode: 'validate', outcome: 'failure', tried: 'a clouds.yaml that does not parse, the YAML error on the canary password line', secrets: ALL_SECRETS, channels: ACTION_CHANNELS },
  { id: 'action/validate/config-error', entry: 'action', mode: 'validate', outcome: 'failure', tried: 'an error in nodepool.yaml (annotation on the file)', secrets: ALL_SECRETS, channels: ACTION_CHANNELS },
  { id: 'action/plan/success', entry: 'action', mode: 'plan', outcome: 'success', tried: 'a plan with every provider secret, the SSH check passing, the bearer token a canary', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/clouds-yaml-unparsable', entry: 'action', mode: 'plan', outcome: 'failure', tried: 'a clouds.yaml that does not parse, the YAML error on the canary password line', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/api-error-echo', entry: 'action', mode: 'plan', outcome: 'failure', tried: 'the API server answers 500 with a Status whose message echoes the request, bearer token included', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/forbidden', entry: 'action', mode: 'plan', outcome: 'failure', tried: '403 Forbidden on the Secrets', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/ssh-wrong-key', entry: 'action', mode: 'plan', outcome: 'failure', tried: 'SSH check with a valid key the image-builder does not authorize', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/ssh-unreachable', entry: 'action', mode: 'plan', outcome: 'failure', tried: 'SSH check against a closed port', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/ssh-key-unparsable', entry: 'action', mode: 'plan', outcome: 'failure', tried: 'a builder key that is PEM-looking text with a canary inside, not a key', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/ssh-key-from-cluster', entry: 'action', mode: 'plan', outcome: 'success', tried: "no builder-ssh-key input: the key read from the cluster's Secret nodepool-builder-ssh-key, the SSH check passing", secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/ssh-key-from-cluster-unparsable', entry: 'action', mode: 'plan', outcome: 'failure', tried: "no builder-ssh-key input: the cluster's Secret nodepool-builder-ssh-key holds PEM-looking text with a canary inside", secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/drift/changes', entry: 'action', mode: 'drift', outcome: 'failure', tried: 'a scheduled drift check that finds the cluster differs', secrets: ALL_SECRETS, channels: ['stdout', 'stderr', 'annotations', 'job summary', 'outputs', 'plan JSON', 'GitHub requests', 'plan artifact'] },
  { id: 'action/apply/success', entry: 'action', mode: 'apply', outcome: 'success', tried: 'plan on the pull request, then apply on the push of the merge (the outcome written on the pull request)', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/apply/exec-stderr-echo', entry: 'action', mode: 'apply', outcome: 'failure', tried: "generate-config.sh fails, its stderr echoing the provider secrets' lines and bare values", secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/apply/api-error-echo', entry: 'action', mode: 'apply', outcome: 'failure', tried: "422 on the Secret write, the Status message quoting the request body (the Secret's base64 data)", secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/apply/webhook-encoded-echo', entry: 'action', mode: 'apply', outcome: 'failure', tried: 'an admission webhook refuses the Secret write, quoting its values percent-encoded, URL-encoded (+ for space) and as HTML entities', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/plan/github-403-echo', entry: 'action', mode: 'plan', outcome: 'success', tried: "GitHub answers the comment write with a 403 whose message quotes the token and a percent-encoded bearer token (the read-only notice)", secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },
  { id: 'action/apply/guard-refusal', entry: 'action', mode: 'apply', outcome: 'failure', tried: 'the plan changed since the review: refused before any write, said on the pull request', secrets: ALL_SECRETS, channels: ACTION_PLAN_CHANNELS },

  // ---- the command line (main(argv, io) in process, against the same loopback servers) ----
  { id: 'cli/validate/clean', entry: 'cli', mode: 'validate', outcome: 'success', tried: 'a clean config repo with --clouds-yaml, --kube-config, --aws-config (text, json, sarif, github, zuul)', secrets: ['clouds.yaml', 'kube.config', 'aws.config'], channels: CLI_CHANNELS },
  { id: 'cli/validate/clouds-yaml-unparsable', entry: 'cli', mode: 'validate', outcome: 'failure', tried: 'a clouds.yaml that does not parse, the YAML error on the canary password line (text, json, sarif, github, zuul)', secrets: ['clouds.yaml', 'kube.config', 'aws.config'], channels: CLI_CHANNELS },
  { id: 'cli/validate/config-error', entry: 'cli', mode: 'validate', outcome: 'failure', tried: 'an error in nodepool.yaml (text, json, sarif, github, zuul)', secrets: ['clouds.yaml', 'kube.config', 'aws.config'], channels: CLI_CHANNELS },
  { id: 'cli/plan/success', entry: 'cli', mode: 'plan', outcome: 'success', tried: 'a plan with every provider secret (text, markdown, json, zuul), the bearer token a canary', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/plan/api-error-echo', entry: 'cli', mode: 'plan', outcome: 'failure', tried: 'the API server answers 500 with a Status whose message echoes the request, bearer token included', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/plan/forbidden', entry: 'cli', mode: 'plan', outcome: 'failure', tried: '403 Forbidden on the Secrets', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/apply/success', entry: 'cli', mode: 'apply', outcome: 'success', tried: 'apply with every provider secret, then again (json): nothing left to do', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/apply/exec-stderr-echo', entry: 'cli', mode: 'apply', outcome: 'failure', tried: "generate-config.sh fails, its stderr echoing the provider secrets' lines and bare values", secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/apply/webhook-encoded-echo', entry: 'cli', mode: 'apply', outcome: 'failure', tried: 'an admission webhook refuses the Secret write, quoting its values percent-encoded, URL-encoded (+ for space) and as HTML entities', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/apply/api-error-echo', entry: 'cli', mode: 'apply', outcome: 'failure', tried: "422 on the Secret write, the Status message quoting the request body (the Secret's base64 data)", secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/apply/guard-refusal', entry: 'cli', mode: 'apply', outcome: 'failure', tried: 'the plan changed since the reviewed --plan file: refused before any write', secrets: PROVIDER_AND_CLUSTER, channels: CLI_PLAN_CHANNELS },
  { id: 'cli/check-ssh/success', entry: 'cli', mode: 'check-ssh', outcome: 'success', tried: 'the real builder key against a real sshd (text, json)', secrets: ['builder SSH key'], channels: CLI_CHANNELS },
  { id: 'cli/check-ssh/wrong-key', entry: 'cli', mode: 'check-ssh', outcome: 'failure', tried: 'a valid key the image-builder does not authorize (text, json)', secrets: ['builder SSH key'], channels: CLI_CHANNELS },
  { id: 'cli/check-ssh/unreachable', entry: 'cli', mode: 'check-ssh', outcome: 'failure', tried: 'an image-builder on a closed port (text, json)', secrets: ['builder SSH key'], channels: CLI_CHANNELS },
  { id: 'cli/check-ssh/key-unparsable', entry: 'cli', mode: 'check-ssh', outcome: 'failure', tried: 'PEM-looking text with a canary inside, not a key', secrets: ['builder SSH key'], channels: CLI_CHANNELS },
  { id: 'cli/sandbox/demo', entry: 'cli', mode: 'sandbox', outcome: 'success', tried: '`sandbox --demo` (plan, apply, plan) with every provider secret', secrets: ['clouds.yaml', 'kube.config', 'aws.config'], channels: CLI_CHANNELS },
];

/** Markers around the generated table in the README. */
export const TABLE_START = '<!-- security-table:start -->';
export const TABLE_END = '<!-- security-table:end -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

const ALL_CHANNELS: Channel[] = ['stdout', 'stderr', 'annotations', 'job summary', 'outputs', 'plan JSON', 'PR comment', 'GitHub requests', 'plan artifact'];
const PROVIDER_SECRETS: SecretInput[] = ['clouds.yaml', 'kube.config', 'aws.config'];

const same = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

function secretsCell(secrets: readonly SecretInput[]): string {
  if (same(secrets, ALL_SECRETS)) return 'all six';
  if (PROVIDER_SECRETS.every((p) => secrets.includes(p))) {
    const rest = secrets.filter((s) => !PROVIDER_SECRETS.includes(s));
    return ['provider secrets', ...rest].join(', ');
  }
  return secrets.join(', ');
}

function channelsCell(channels: readonly Channel[]): string {
  if (same(channels, ALL_CHANNELS)) return 'all nine';
  const missing = ALL_CHANNELS.filter((c) => !channels.includes(c));
  if (channels.length > 4) return `all but ${missing.join(', ')}`;
  return channels.join(', ');
}

/** The README's "What was tried, and what held" block (legend and table), from SECURITY_CASES. */
export function renderSecurityTable(cases: readonly SecurityCase[] = SECURITY_CASES): string {
  const rows = cases.map((c) => {
    const where = c.entry === 'action' ? `action, \`${c.mode}\`` : `\`pool-reconciler ${c.mode}\``;
    return `| ${where} | ${c.outcome} | ${cell(c.tried)} | ${cell(secretsCell(c.secrets))} | ${cell(channelsCell(c.channels))} | held |`;
  });
  return [
    `_Generated from \`test/security/matrix.ts\` (\`npx tsx scripts/security-table.ts --write\`); ${cases.length} cases._ ` +
      '**all six** secrets: ' + ALL_SECRETS.join(', ') + '; **provider secrets**: ' + PROVIDER_SECRETS.join(', ') + '. ' +
      '**all nine** channels: ' + ALL_CHANNELS.join(', ') + '.',
    '',
    '| run | outcome | what was tried | canary secrets given | searched | result |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The README text with the table between the markers replaced (the markers must be there). */
export function withSecurityTable(readme: string, table = renderSecurityTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} block`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
