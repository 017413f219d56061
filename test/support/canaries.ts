/**
 * Canary secrets: a distinctive value for every secret input of the action and the CLI, and `expectNoCanary`, which
 * looks for each of them in what a run left behind (logs, annotations, the job summary, outputs, the plan, the
 * pull-request comment, request bodies sent to GitHub).
 *
 * A canary is found in any of these forms: its whole value, each of its non-empty trimmed lines of 4 characters or
 * more, each distinctive bare value inside it (a password, a token: what a server or a tool echoes alone), the base64
 * of each (padded, unpadded, URL-safe, and the three alignments it can have inside a longer base64 blob such as a
 * Secret's `data`), the JSON escape of each, and each percent-encoded, URL-encoded (`+` for a space) and with HTML
 * entities. Before the search, a text is unescaped the ways our renderings
 * escape (Markdown backslashes, HTML entities, JSON `\uXXXX`), so an escaped leak is still a leak. Lines starting with
 * `::add-mask::` are dropped first: the runner consumes them and never shows them.
 *
 * This is an oracle of its own: it does not use the redactor it checks (src/core/redact.ts).
 */
import { isStructuralLine } from '../../src/core/redact.js';

/** Where a canary goes: an action input, a CLI option, or both. */
export type CanaryName = 'clouds-yaml' | 'kube-config' | 'aws-config' | 'builder-ssh-key' | 'kubeconfig' | 'github-token';

export interface Canary {
  name: CanaryName;
  /** The secret as given. */
  value: string;
  /** Distinctive bare values inside it (a password, a token) that must not appear alone either. */
  bare: string[];
}

/** Distinctive bare values: nothing in the project, the example repo or any server's answer contains them. */
export const MARKS = {
  cloudsPassword: 'cnry-clouds-pw-Q7f3Zk9xLt',
  kubeConfigToken: 'cnry-kubecfg-tok-H2m8Rv5pWd',
  awsKeyId: 'AKIACNRY7Q2X9K4M1ZPL',
  awsSecret: 'cnry-aws-secret-W4n6Ty1cBq8Je',
  kubeconfigBearer: 'cnry-bearer-P5s9Jd3wXe7Ku',
  githubToken: 'ghs_cnryGithubToken4Pz8Wq2Lm6Xv',
  sshKeyBody: 'cnrySshKeyBody0Fh7Nq3Vy9Tg',
} as const;

/** clouds.yaml for the example repo's openstack provider (cloud vexxhost, region ca-ymq-1). */
export const CLOUDS_YAML = [
  'clouds:',
  '  vexxhost:',
  '    auth:',
  '      auth_url: https://auth.cnry-cloud.example/v3',
  '      username: cnry-nodepool-user',
  `      password: ${MARKS.cloudsPassword}`,
  '      project_name: cnry-zuul-project',
  '    regions: [ca-ymq-1, cnry-region-2]',
  '',
].join('\n');

/**
 * A clouds.yaml that does not parse: a second `: ` on the password's line, so that the YAML error is positioned on
 * the canary (line 4), where a parser's message would quote it.
 */
export const CLOUDS_YAML_UNPARSABLE = [
  'clouds:',
  '  vexxhost:',
  '    auth:',
  `      password: ${MARKS.cloudsPassword}: cnry-second-colon`,
  '      username: cnry-broken-user',
  '    regions: [ca-ymq-1]',
  '',
].join('\n');

/** Line (1-based) of CLOUDS_YAML_UNPARSABLE where the YAML error is. */
export const CLOUDS_YAML_ERROR_LINE = 4;

/*
 * Every line of a canary is distinctive: a line such as `kind: Config` (in every `kind: ConfigMap`) or
 * `apiVersion: v1` would be found in public text and prove nothing, so the kubeconfigs leave those optional lines
 * out (client-node and kubectl do not need them). A test checks that no needle occurs in the config repo.
 */

/** kube.config for the example repo's openshiftpods provider (context openshiftpods), with a canary token. */
export const KUBE_CONFIG = [
  'clusters: [{name: cnry-openshift, cluster: {server: "https://api.cnry-openshift.example:6443"}}]',
  `users: [{name: cnry-nodepool-sa, user: {token: ${MARKS.kubeConfigToken}}}]`,
  'contexts: [{name: openshiftpods, context: {cluster: cnry-openshift, user: cnry-nodepool-sa, namespace: cnry-ns}}]',
  'current-context: openshiftpods',
  '',
].join('\n');

/** aws.config (INI), with a canary key pair. */
export const AWS_CONFIG = [
  '[default]',
  `aws_access_key_id = ${MARKS.awsKeyId}`,
  `aws_secret_access_key = ${MARKS.awsSecret}`,
  'region = cnry-us-east-9',
  '',
].join('\n');

/** PEM-looking text with a canary inside: not a key ssh2 can parse (the "unusable key" failure). */
export const SSH_KEY_UNPARSABLE = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  Buffer.from(`openssh-key-v1 ${MARKS.sshKeyBody} not really a key`).toString('base64'),
  MARKS.sshKeyBody,
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');

/** A kubeconfig for a loopback API server whose bearer token is the canary (the server must accept that token). */
export function canaryKubeconfig(serverUrl: string, namespace = 'sf'): string {
  return [
    `clusters: [{name: cnry-sandbox, cluster: {server: "${serverUrl}", insecure-skip-tls-verify: true}}]`,
    `users: [{name: cnry-deployer, user: {token: "${MARKS.kubeconfigBearer}"}}]`,
    `contexts: [{name: cnry-sandbox, context: {cluster: cnry-sandbox, user: cnry-deployer, namespace: ${namespace}}}]`,
    'current-context: cnry-sandbox',
    '',
  ].join('\n');
}

/** The canaries of one run. `sshKey` is a real private key (success paths) or SSH_KEY_UNPARSABLE. */
export function canaries(opts: { kubeconfig?: string; sshKey?: string; cloudsYaml?: string; only?: CanaryName[] }): Canary[] {
  const all: Canary[] = [
    { name: 'clouds-yaml', value: opts.cloudsYaml ?? CLOUDS_YAML, bare: [MARKS.cloudsPassword] },
    { name: 'kube-config', value: KUBE_CONFIG, bare: [MARKS.kubeConfigToken] },
    { name: 'aws-config', value: AWS_CONFIG, bare: [MARKS.awsKeyId, MARKS.awsSecret] },
    { name: 'github-token', value: MARKS.githubToken, bare: [] },
  ];
  if (opts.kubeconfig !== undefined) all.push({ name: 'kubeconfig', value: opts.kubeconfig, bare: [MARKS.kubeconfigBearer] });
  if (opts.sshKey !== undefined) {
    all.push({ name: 'builder-ssh-key', value: opts.sshKey, bare: opts.sshKey.includes(MARKS.sshKeyBody) ? [MARKS.sshKeyBody] : [] });
  }
  return opts.only ? all.filter((c) => opts.only!.includes(c.name)) : all;
}

/** Shortest needle searched for: shorter lines would match everywhere (`{`, `---`). */
export const MIN_NEEDLE = 4;
/** Base64 fragments shorter than this are not searched for (8 characters of base64 = 6 bytes of the secret). */
const MIN_BASE64 = 8;

/** Non-empty trimmed lines of at least MIN_NEEDLE characters that carry content (not a bare `clusters:` key). */
export function needleLines(value: string): string[] {
  return value
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= MIN_NEEDLE && !isStructuralLine(l));
}

/** The base64 characters fully determined by `s` when it starts `shift` bytes into a longer base64-encoded stream. */
export function base64Aligned(s: string, shift: 0 | 1 | 2): string {
  const bytes = Buffer.from(s, 'utf8');
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
  const first = Math.ceil((8 * shift) / 6);
  const end = Math.floor((8 * (shift + bytes.length)) / 6);
  return encoded.slice(first, end);
}

export interface Needle {
  canary: CanaryName;
  /** What the needle is, for the failure message: `line 3`, `bare value`, `base64 (shift 1) of line 2`, ... */
  form: string;
  text: string;
}

/** Every form of every canary that must not appear. */
export function needles(list: readonly Canary[]): Needle[] {
  const out: Needle[] = [];
  const seen = new Set<string>();
  const add = (canary: CanaryName, form: string, text: string, min = MIN_NEEDLE): void => {
    if (text.length < min || seen.has(`${canary}\0${text}`)) return;
    seen.add(`${canary}\0${text}`);
    out.push({ canary, form, text });
  };
  for (const c of list) {
    const sources: Array<[string, string]> = [['whole value', c.value]];
    needleLines(c.value).forEach((l, i) => sources.push([`line ${i + 1}`, l]));
    c.bare.forEach((b, i) => sources.push([`bare value ${i + 1}`, b]));
    for (const [form, s] of sources) {
      add(c.name, form, s.trim() === s ? s : s.trim());
      add(c.name, `JSON escape of ${form}`, JSON.stringify(s).slice(1, -1));
      const b64 = Buffer.from(s, 'utf8').toString('base64');
      add(c.name, `base64 of ${form}`, b64, MIN_BASE64);
      add(c.name, `unpadded base64 of ${form}`, b64.replace(/=+$/, ''), MIN_BASE64);
      add(c.name, `base64url of ${form}`, Buffer.from(s, 'utf8').toString('base64url'), MIN_BASE64);
      for (const shift of [0, 1, 2] as const) add(c.name, `base64 (shift ${shift}) of ${form}`, base64Aligned(s, shift), MIN_BASE64);
      // What a webhook, a server or a renderer makes of it: percent-encoded, an HTML form value, HTML entities.
      const t = s.trim();
      add(c.name, `percent-encoded ${form}`, encodeURIComponent(t));
      add(c.name, `percent-encoded (lower-case hex) ${form}`, encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
      add(c.name, `URL-encoded (+ for space) ${form}`, new URLSearchParams([['', t]]).toString().slice(1));
      add(c.name, `HTML entities of ${form}`, t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    }
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A text as a reader sees it: `::add-mask::` lines dropped, JSON `\uXXXX` escapes, HTML entities and Markdown
 * backslash escapes of punctuation undone.
 */
export function normalize(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&([a-z]+);/g, (m, n: string) => NAMED_ENTITIES[n] ?? m)
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

export interface Leak {
  channel: string;
  canary: CanaryName;
  form: string;
  /** The text around the find, the find itself masked (a failure message must not print the secret either). */
  context: string;
}

/** Every occurrence of any canary form in any channel. */
export function findCanaries(channels: Record<string, string>, list: readonly Canary[]): Leak[] {
  const leaks: Leak[] = [];
  const all = needles(list);
  for (const [channel, raw] of Object.entries(channels)) {
    const texts = [raw.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'), normalize(raw)];
    for (const n of all) {
      for (const t of texts) {
        const at = t.indexOf(n.text);
        if (at < 0) continue;
        const context = `${t.slice(Math.max(0, at - 80), at)}[[${n.canary} ${n.form}]]${t.slice(at + n.text.length, at + n.text.length + 80)}`;
        leaks.push({ channel, canary: n.canary, form: n.form, context: context.replace(/\n/g, '⏎') });
        break;
      }
    }
  }
  return leaks;
}

/**
 * Throws when any canary, any of its lines or bare values, or any base64 or JSON form of them appears in a text.
 * `texts` may be an array (channels named by index) or a record of channel name → text.
 */
export function expectNoCanary(texts: string[] | Record<string, string>, list: readonly Canary[]): void {
  const channels = Array.isArray(texts) ? Object.fromEntries(texts.map((t, i) => [`text ${i + 1}`, t])) : texts;
  const leaks = findCanaries(channels, list);
  if (leaks.length === 0) return;
  const lines = leaks.slice(0, 20).map((l) => `  - ${l.channel}: ${l.canary} (${l.form}): …${l.context}…`);
  throw new Error(`canary leaked, ${leaks.length} find(s):\n${lines.join('\n')}${leaks.length > 20 ? `\n  … and ${leaks.length - 20} more` : ''}`);
}
