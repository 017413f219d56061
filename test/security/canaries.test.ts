/**
 * The canary test (issue 9, "Secrets"): distinctive canary values in every secret input, run through every mode of
 * the bundled action and every command of the CLI, on success and on each kind of failure. Not one canary, nor any
 * of its lines or bare values, nor their base64 or JSON forms, may appear in stdout, stderr, annotations, the job
 * summary, outputs, the plan JSON, the pull-request comment, or any request body sent to GitHub.
 *
 * The cases are SECURITY_CASES (matrix.ts), which also make the README's table; each has a runner here that sets
 * the scene (loopback Kubernetes API with the canary as its bearer token, loopback GitHub with the canary as the
 * token, a real sshd), checks that the scene really happened (the fault fired, the step failed as meant), and hands
 * back every channel the case names.
 */
import { unzip } from '../../src/io/github/artifact.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { copyExampleRepo, EXAMPLE_REPO } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { pullRequestEvent, runAction } from '../support/run-action.js';
import type { ActionRun } from '../support/run-action.js';
import { REPO_ROOT } from '../support/shared.js';
import { freePort, startSshd } from '../support/sshd.js';
import type { TestSshd } from '../support/sshd.js';
import {
  AWS_CONFIG,
  canaries,
  canaryKubeconfig,
  CLOUDS_YAML,
  CLOUDS_YAML_ERROR_LINE,
  CLOUDS_YAML_UNPARSABLE,
  expectNoCanary,
  findCanaries,
  KUBE_CONFIG,
  MARKS,
  needles,
  SSH_KEY_UNPARSABLE,
} from '../support/canaries.js';
import type { Canary, CanaryName } from '../support/canaries.js';
import { SECURITY_CASES } from './matrix.js';
import type { Channel, SecretInput, SecurityCase } from './matrix.js';
import { cli } from '../support/cli.js';

let sshd: TestSshd;
let closedPort: number;
let tmp: string;
const repos: Record<'good' | 'configError' | 'unreachable', RepoCopy> = {} as never;

function inventory(port: number): string {
  return `all:\n  children:\n    image-builder:\n      hosts:\n        builder-a:\n          ansible_host: 127.0.0.1\n          ansible_port: ${port}\n          ansible_user: ${sshd.user}\n`;
}

beforeAll(async () => {
  [sshd, closedPort] = await Promise.all([startSshd(), freePort()]);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-canary-'));
  for (const k of ['good', 'configError', 'unreachable'] as const) {
    const repo = copyExampleRepo();
    repo.write('nodepool/dib-ansible/inventory.yaml', inventory(k === 'unreachable' ? closedPort : sshd.port));
    repo.write('nodepool/dib-ansible/known_hosts', `${sshd.knownHostsLine()}\n${sshd.knownHostsLine(closedPort)}\n`);
    repos[k] = repo;
  }
  repos.configError.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
});

afterAll(async () => {
  await sshd?.stop();
  for (const r of Object.values(repos)) r?.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// The scene of one case: a sandbox cluster whose bearer token is a canary, a GitHub whose token is a canary.

interface World {
  sandbox: Sandbox;
  gh: GitHubServer;
  kubeconfig: string;
  dir: string;
}

async function withWorld<T>(repo: RepoCopy, fn: (w: World) => Promise<T>): Promise<T> {
  const [sandbox, gh] = await Promise.all([startSandbox(repo.dir, { token: MARKS.kubeconfigBearer }), startGitHubServer()]);
  gh.addToken({ token: MARKS.githubToken, user: ACTIONS_BOT, installation: true });
  // Staging comes before production in the example repo's order of promotion: it applied the merge already.
  gh.seedStatus({ owner: 'acme', repo: 'ci-config', sha: 'merge456', state: 'success', context: 'pool-reconciler/apply: staging' });
  const dir = mkdtempSync(path.join(tmp, 'case-'));
  try {
    return await fn({ sandbox, gh, kubeconfig: canaryKubeconfig(sandbox.url, 'sf'), dir });
  } finally {
    await Promise.all([sandbox.close(), gh.close()]);
  }
}

/** What a case leaves to search: every channel it names, and the canaries it gave. */
interface CaseRun {
  channels: Partial<Record<Channel, string>>;
  canaries: Canary[];
}

const CANARY_INPUT: Record<CanaryName, SecretInput> = {
  'clouds-yaml': 'clouds.yaml',
  'kube-config': 'kube.config',
  'aws-config': 'aws.config',
  'builder-ssh-key': 'builder SSH key',
  kubeconfig: 'kubeconfig',
  'github-token': 'GitHub token',
};

// ---------------------------------------------------------------------------------------------------------------
// The action

interface ActionOptions {
  repo?: RepoCopy;
  sshKey?: string;
  cloudsYaml?: string;
  extra?: Record<string, string>;
}

function actionInputs(w: World, o: ActionOptions = {}): Record<string, string> {
  return {
    'config-path': path.relative(REPO_ROOT, (o.repo ?? repos.good).dir),
    target: 'production',
    'github-token': MARKS.githubToken,
    kubeconfig: w.kubeconfig,
    'clouds-yaml': o.cloudsYaml ?? CLOUDS_YAML,
    'kube-config': KUBE_CONFIG,
    'aws-config': AWS_CONFIG,
    'builder-ssh-key': o.sshKey ?? sshd.userKey.privateKey,
    'rollout-timeout': '30',
    'ssh-connect-timeout': '5',
    ...o.extra,
  };
}

const ANNOTATION = /^::(error|warning|notice)\b/;

/** Workflow-command data escapes (`%0A` for a newline, ...), undone. */
const unescapeCommand = (s: string): string =>
  s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

function actionChannels(runs: ActionRun[], w: World, prs: number[]): Partial<Record<Channel, string>> {
  const lines = runs.flatMap((r) => r.stdout.split('\n'));
  return {
    stdout: lines.filter((l) => !ANNOTATION.test(l)).join('\n'),
    annotations: unescapeCommand(lines.filter((l) => ANNOTATION.test(l)).join('\n')),
    stderr: runs.map((r) => r.stderr).join('\n'),
    'job summary': runs.map((r) => r.summary).join('\n'),
    outputs: runs.map((r) => r.outputs).join('\n'),
    'plan JSON': runs.map((r) => r.output('plan') ?? '').join('\n'),
    'PR comment': prs.flatMap((n) => w.gh.comments('acme', 'ci-config', n).map((c) => c.body)).join('\n'),
    'GitHub requests': JSON.stringify(w.gh.requests),
    'plan artifact': w.gh.artifacts.map((a) => (a.blob ? [...unzip(a.blob).values()].map((b) => b.toString('utf8')).join('\n') : '')).join('\n'),
  };
}

const ACTION_CANARIES = (w: World, o: ActionOptions = {}): Canary[] =>
  canaries({ kubeconfig: w.kubeconfig, sshKey: o.sshKey ?? sshd.userKey.privateKey, cloudsYaml: o.cloudsYaml });

const pushEvent = { ref: 'refs/heads/main', after: 'merge456', repository: { full_name: 'acme/ci-config', default_branch: 'main' } };
const pushEnv = { GITHUB_SHA: 'merge456', GITHUB_REF: 'refs/heads/main' };

function mergedPull(gh: GitHubServer, number: number): void {
  gh.setCommitPulls('acme', 'ci-config', 'merge456', [
    { number, title: 'Canary', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
  ]);
}

/** A Status as kube-apiserver writes it. */
function status(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** A 500 whose message echoes the request, Authorization header included (a proxy or webhook that dumps it). */
function echoTokenStatus(): object {
  return status(500, 'InternalError', `Internal error occurred: upstream rejected GET /api/v1/namespaces/sf/secrets with headers {"Authorization":["Bearer ${MARKS.kubeconfigBearer}"],"Accept":["application/json"]}`);
}

/** A 422 on the Secret whose message quotes the request body: the Secret's data, base64 as sent. */
function echoSecretStatus(secrets: Record<string, string>): object {
  const data = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  const body = JSON.stringify({ metadata: { name: 'nodepool-providers-secrets', namespace: 'sf' }, type: 'Opaque', data });
  const message = `Secret "nodepool-providers-secrets" is invalid: data: Invalid value: ${JSON.stringify(body)}: admission webhook "cnry-policy.example.org" denied the request`;
  return status(422, 'Invalid', message, {
    name: 'nodepool-providers-secrets',
    kind: 'Secret',
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(body)}`, field: 'data' }],
  });
}

/** A 422 from an admission webhook that quotes the Secret's values the ways web software encodes them. */
function encodedEchoStatus(values: string[]): object {
  const forms = values.flatMap((v) => [
    encodeURIComponent(v),
    new URLSearchParams([['', v]]).toString().slice(1),
    v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  ]);
  return status(422, 'Invalid', `admission webhook "cnry-policy.example.org" denied the request: form=${forms.join('&x=')}`);
}

function injectEncodedEcho(w: World): { fired: () => number } {
  const body = encodedEchoStatus([...CLOUDS_YAML.split('\n'), ...KUBE_CONFIG.split('\n'), ...AWS_CONFIG.split('\n'), MARKS.cloudsPassword, MARKS.kubeConfigToken, MARKS.awsSecret].filter((l) => l.trim().length >= 4));
  const handles = ['POST', 'PATCH', 'PUT'].map((method) =>
    w.sandbox.server.inject({ method, path: /^\/api\/v1\/namespaces\/sf\/secrets(\/nodepool-providers-secrets)?$/, times: Infinity, fault: { status: 422, body } }),
  );
  return { fired: () => handles.reduce((n, h) => n + h.fired, 0) };
}

function injectSecretEcho(w: World, secrets: Record<string, string>): { fired: () => number } {
  const body = echoSecretStatus(secrets);
  const handles = ['POST', 'PATCH', 'PUT'].map((method) =>
    w.sandbox.server.inject({ method, path: /^\/api\/v1\/namespaces\/sf\/secrets(\/nodepool-providers-secrets)?$/, times: Infinity, fault: { status: 422, body } }),
  );
  return { fired: () => handles.reduce((n, h) => n + h.fired, 0) };
}

/** generate-config.sh failing with the provider secrets on its stderr: lines, and bare values last (the tail kept). */
function echoSecretsOnExec(w: World): void {
  w.sandbox.server.onExec(() => ({
    stdout: 'generating /etc/nodepool/nodepool.yaml\n',
    stderr: [
      'Traceback (most recent call last):',
      '  yaml.scanner.ScannerError: while loading /etc/nodepool/clouds.yaml:',
      ...CLOUDS_YAML.split('\n'),
      ...KUBE_CONFIG.split('\n'),
      ...AWS_CONFIG.split('\n'),
      `keystone: password ${MARKS.cloudsPassword} rejected for user cnry-nodepool-user`,
      `openshift: token ${MARKS.kubeConfigToken} expired`,
      `aws: ${MARKS.awsKeyId}:${MARKS.awsSecret} InvalidClientTokenId`,
      '',
    ].join('\n'),
    exitCode: 1,
  }));
}

/** sf-operator's Secret with the builder's key (key `priv`), for the action to read when no key is given. */
function putBuilderKeySecret(w: World, privateKey: string): void {
  w.sandbox.server.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'nodepool-builder-ssh-key', namespace: 'sf' }, type: 'Opaque', data: { priv: Buffer.from(privateKey).toString('base64'), pub: Buffer.from('ssh-rsa AAAA cnry').toString('base64') } });
}

const nonAnnotation = (r: ActionRun) => r.stdout.split('\n').filter((l) => !ANNOTATION.test(l)).join('\n');

type Runner = () => Promise<CaseRun>;

const actionRunners: Record<string, Runner> = {
  'action/validate/clean': () =>
    withWorld(repos.good, async (w) => {
      const r = await runAction(actionInputs(w, { extra: { mode: 'validate' } }), { eventName: 'pull_request', event: pullRequestEvent(1), githubApiUrl: w.gh.url });
      expect(r.status, r.stdout).toBe(0);
      expect(r.output('mode')).toBe('validate');
      expect(w.gh.comments('acme', 'ci-config', 1)).toHaveLength(1);
      return { channels: actionChannels([r], w, [1]), canaries: ACTION_CANARIES(w) };
    }),
  'action/validate/clouds-yaml-unparsable': () =>
    withWorld(repos.good, async (w) => {
      const o = { cloudsYaml: CLOUDS_YAML_UNPARSABLE, extra: { mode: 'validate' } };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(2), githubApiUrl: w.gh.url });
      // validate checks the provider secrets too when they are given: this one does not parse.
      expect(r.output('mode')).toBe('validate');
      expect(r.status, r.stdout).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^::error title=secrets/[a-z-]+::clouds-yaml line ${CLOUDS_YAML_ERROR_LINE}: `, 'm'));
      return { channels: actionChannels([r], w, [2]), canaries: ACTION_CANARIES(w, o) };
    }),
  'action/validate/config-error': () =>
    withWorld(repos.good, async (w) => {
      const o = { repo: repos.configError, extra: { mode: 'validate' } };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(3), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^::error .*file=[^,]*nodepool\/nodepool\.yaml/m);
      expect(w.gh.comments('acme', 'ci-config', 3)[0].body).toContain('max-server');
      return { channels: actionChannels([r], w, [3]), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/success': () =>
    withWorld(repos.good, async (w) => {
      const r = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(4), githubApiUrl: w.gh.url });
      expect(r.status, r.stdout).toBe(0);
      expect(r.output('mode')).toBe('plan');
      expect(Number(r.output('changes'))).toBeGreaterThan(0);
      expect(r.output('plan')).toContain('nodepool-providers-secrets');
      // The plan artifact and the target's comment section (for a comment job) are searched too.
      expect(w.gh.artifacts.filter((a) => a.finalized && a.blob).map((a) => a.name).sort()).toEqual(['pool-reconciler-plan-production', 'pool-reconciler-section-production']);
      const [comment] = w.gh.comments('acme', 'ci-config', 4);
      expect(comment.body).toContain('SSH check: all 1 image-builders reachable');
      expect(w.sandbox.server.requests.every((q) => q.user !== undefined), 'every API request authenticated with the canary token').toBe(true);
      return { channels: actionChannels([r], w, [4]), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/clouds-yaml-unparsable': () =>
    withWorld(repos.good, async (w) => {
      const o = { cloudsYaml: CLOUDS_YAML_UNPARSABLE };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(5), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      // A finding in a secret input names the input and its line; it is on no file of the repo.
      expect(r.stdout).toMatch(new RegExp(`^::error title=secrets/[a-z-]+::clouds-yaml line ${CLOUDS_YAML_ERROR_LINE}: `, 'm'));
      expect(w.gh.comments('acme', 'ci-config', 5)[0].body).toContain('input:clouds-yaml');
      return { channels: actionChannels([r], w, [5]), canaries: ACTION_CANARIES(w, o) };
    }),
  'action/plan/api-error-echo': () =>
    withWorld(repos.good, async (w) => {
      const h = w.sandbox.server.inject({ method: 'GET', path: /^\/api\/v1\/namespaces\/sf\/secrets(\/|$)/, times: Infinity, fault: { status: 500, body: echoTokenStatus() } });
      const r = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(6), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(h.fired).toBeGreaterThan(0);
      expect(r.stdout).toMatch(/::error title=cluster::.*answered 500: Internal error occurred: upstream rejected/);
      return { channels: actionChannels([r], w, [6]), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/forbidden': () =>
    withWorld(repos.good, async (w) => {
      w.sandbox.server.forbid({ resource: 'secrets' });
      const r = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(7), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error title=cluster::forbidden/);
      return { channels: actionChannels([r], w, [7]), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/ssh-wrong-key': () =>
    withWorld(repos.good, async (w) => {
      const o = { sshKey: sshd.otherKey.privateKey };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(8), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.summary, r.summary).toMatch(/permission denied/i);
      return { channels: actionChannels([r], w, [8]), canaries: ACTION_CANARIES(w, o) };
    }),
  'action/plan/ssh-unreachable': () =>
    withWorld(repos.unreachable, async (w) => {
      const o = { repo: repos.unreachable };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(9), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.summary, r.summary).toMatch(/connection refused|connection-refused/i);
      return { channels: actionChannels([r], w, [9]), canaries: ACTION_CANARIES(w, o) };
    }),
  'action/plan/ssh-key-unparsable': () =>
    withWorld(repos.good, async (w) => {
      const o = { sshKey: SSH_KEY_UNPARSABLE };
      const r = await runAction(actionInputs(w, o), { eventName: 'pull_request', event: pullRequestEvent(10), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error::.*could not be parsed/);
      return { channels: actionChannels([r], w, [10]), canaries: ACTION_CANARIES(w, o) };
    }),
  'action/plan/ssh-key-from-cluster': () =>
    withWorld(repos.good, async (w) => {
      putBuilderKeySecret(w, sshd.userKey.privateKey);
      const r = await runAction(actionInputs(w, { extra: { 'builder-ssh-key': '' } }), { eventName: 'pull_request', event: pullRequestEvent(11), githubApiUrl: w.gh.url });
      expect(r.status, nonAnnotation(r)).toBe(0);
      expect(w.gh.comments('acme', 'ci-config', 11)[0].body).toContain('SSH check: all 1 image-builders reachable');
      return { channels: actionChannels([r], w, [11]), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/ssh-key-from-cluster-unparsable': () =>
    withWorld(repos.good, async (w) => {
      putBuilderKeySecret(w, SSH_KEY_UNPARSABLE);
      const r = await runAction(actionInputs(w, { extra: { 'builder-ssh-key': '' } }), { eventName: 'pull_request', event: pullRequestEvent(12), githubApiUrl: w.gh.url });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error::.*could not be parsed/);
      return { channels: actionChannels([r], w, [12]), canaries: ACTION_CANARIES(w, { sshKey: SSH_KEY_UNPARSABLE }) };
    }),
  'action/drift/changes': () =>
    withWorld(repos.good, async (w) => {
      const r = await runAction(actionInputs(w), { eventName: 'schedule', event: { schedule: '0 * * * *', repository: { default_branch: 'main' } }, githubApiUrl: w.gh.url, env: { GITHUB_REF: 'refs/heads/main' } });
      expect(r.output('mode')).toBe('drift');
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/::error::.*drift: the cluster differs/);
      return { channels: actionChannels([r], w, []), canaries: ACTION_CANARIES(w) };
    }),
  'action/apply/success': () =>
    withWorld(repos.good, async (w) => {
      const plan = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(21), githubApiUrl: w.gh.url });
      expect(plan.status, plan.stdout).toBe(0);
      mergedPull(w.gh, 21);
      const deploy = await runAction(actionInputs(w), { eventName: 'push', event: pushEvent, githubApiUrl: w.gh.url, env: pushEnv });
      expect(deploy.status, nonAnnotation(deploy)).toBe(0);
      expect(deploy.output('mode')).toBe('apply');
      expect(deploy.stdout).toContain(`Reviewed plan: the plan artifact of run ${plan.runId} (pull request #21)`);
      const secret = w.sandbox.server.get('Secret', 'sf', 'nodepool-providers-secrets') as { data: Record<string, string> };
      expect(Buffer.from(secret.data['clouds.yaml'], 'base64').toString()).toBe(CLOUDS_YAML); // the secret really travelled
      expect(w.gh.comments('acme', 'ci-config', 21)[0].body.split('\n')[0]).toContain('"outcome":"applied"');
      return { channels: actionChannels([plan, deploy], w, [21]), canaries: ACTION_CANARIES(w) };
    }),
  'action/apply/exec-stderr-echo': () =>
    withWorld(repos.good, async (w) => {
      echoSecretsOnExec(w);
      const r = await runAction(actionInputs(w, { extra: { 'skip-plan-check': 'true' } }), { eventName: 'push', event: pushEvent, githubApiUrl: w.gh.url, env: pushEnv });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/exited with code 1/);
      expect(w.sandbox.server.execs.length).toBeGreaterThan(0);
      return { channels: actionChannels([r], w, []), canaries: ACTION_CANARIES(w) };
    }),
  'action/apply/api-error-echo': () =>
    withWorld(repos.good, async (w) => {
      const fault = injectSecretEcho(w, { 'clouds.yaml': CLOUDS_YAML, 'kube.config': KUBE_CONFIG, 'aws.config': AWS_CONFIG });
      const r = await runAction(actionInputs(w, { extra: { 'skip-plan-check': 'true' } }), { eventName: 'push', event: pushEvent, githubApiUrl: w.gh.url, env: pushEnv });
      expect(r.status).toBe(1);
      expect(fault.fired()).toBeGreaterThan(0);
      expect(r.stdout).toMatch(/422/);
      return { channels: actionChannels([r], w, []), canaries: ACTION_CANARIES(w) };
    }),
  'action/apply/webhook-encoded-echo': () =>
    withWorld(repos.good, async (w) => {
      const fault = injectEncodedEcho(w);
      const r = await runAction(actionInputs(w, { extra: { 'skip-plan-check': 'true' } }), { eventName: 'push', event: pushEvent, githubApiUrl: w.gh.url, env: pushEnv });
      expect(r.status).toBe(1);
      expect(fault.fired()).toBeGreaterThan(0);
      expect(r.stdout).toMatch(/cnry-policy/);
      return { channels: actionChannels([r], w, []), canaries: ACTION_CANARIES(w) };
    }),
  'action/plan/github-403-echo': () =>
    withWorld(repos.good, async (w) => {
      w.gh.injectFailure({ status: 403, method: 'POST', path: /\/comments$/, times: 5, message: `Resource not accessible by integration (token ${MARKS.githubToken}, kubeconfig bearer ${encodeURIComponent(MARKS.kubeconfigBearer)})` });
      const r = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(29), githubApiUrl: w.gh.url });
      expect(r.stdout).toMatch(/::notice::read-only token/);
      return { channels: actionChannels([r], w, [29]), canaries: ACTION_CANARIES(w) };
    }),
  'action/apply/guard-refusal': () =>
    withWorld(repos.good, async (w) => {
      const plan = await runAction(actionInputs(w), { eventName: 'pull_request', event: pullRequestEvent(23), githubApiUrl: w.gh.url });
      expect(plan.status, plan.stdout).toBe(0);
      mergedPull(w.gh, 23);
      // The clouds.yaml secret is rotated after the review (canaries kept): not the reviewed change.
      const rotated = { ...actionInputs(w), 'clouds-yaml': `${actionInputs(w)['clouds-yaml']}\n# rotated\n` };
      const deploy = await runAction(rotated, { eventName: 'push', event: pushEvent, githubApiUrl: w.gh.url, env: pushEnv });
      expect(deploy.status).toBe(1);
      expect(deploy.stdout).toMatch(/plan changed since it was reviewed/i);
      expect(w.sandbox.server.get('Secret', 'sf', 'nodepool-providers-secrets')).toBeUndefined();
      return { channels: actionChannels([plan, deploy], w, [23]), canaries: ACTION_CANARIES(w) };
    }),
};

// ---------------------------------------------------------------------------------------------------------------
// The command line


interface CliFiles {
  kubeconfig: string;
  clouds: string;
  kube: string;
  aws: string;
  key: string;
  secretArgs: string[];
}

function writeFiles(dir: string, o: { kubeconfig?: string; cloudsYaml?: string; sshKey?: string }): CliFiles {
  const f = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const files = {
    kubeconfig: f('kubeconfig', o.kubeconfig ?? ''),
    clouds: f('clouds.yaml', o.cloudsYaml ?? CLOUDS_YAML),
    kube: f('kube.config', KUBE_CONFIG),
    aws: f('aws.config', AWS_CONFIG),
    key: f('builder-key', o.sshKey ?? sshd.userKey.privateKey),
  };
  return { ...files, secretArgs: ['--clouds-yaml', files.clouds, '--kube-config', files.kube, '--aws-config', files.aws] };
}

type CliResult = Awaited<ReturnType<typeof cli>>;

function cliChannels(runs: CliResult[], planJson: string[] = []): Partial<Record<Channel, string>> {
  return { stdout: runs.map((r) => r.stdout).join('\n'), stderr: runs.map((r) => r.stderr).join('\n'), 'plan JSON': planJson.join('\n') };
}

const PROVIDER: CanaryName[] = ['clouds-yaml', 'kube-config', 'aws-config'];

/** validate in every format (zuul: the Markdown comments Zuul posts). */
async function validateAll(args: string[]): Promise<CliResult[]> {
  return Promise.all(['text', 'json', 'sarif', 'github', 'zuul'].map((format) => cli(['validate', '--format', format, ...args])));
}

async function cliValidate(repo: RepoCopy, cloudsYaml: string | undefined, expectCode: number, expectText: RegExp): Promise<CaseRun> {
  const dir = mkdtempSync(path.join(tmp, 'cli-'));
  const files = writeFiles(dir, { cloudsYaml });
  const runs = await validateAll([...files.secretArgs, repo.dir]);
  for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(expectCode);
  expect(runs[0].stdout).toMatch(expectText);
  return { channels: cliChannels(runs), canaries: canaries({ cloudsYaml, only: PROVIDER }) };
}

/** plan in text, markdown, json and zuul; the json one's plan is the plan JSON channel. */
async function planAll(base: string[]): Promise<{ runs: CliResult[]; plans: string[] }> {
  const runs = await Promise.all(['text', 'markdown', 'json', 'zuul'].map((format) => cli(['plan', '--format', format, ...base])));
  const json = JSON.parse(runs[2].stdout) as { plan: unknown };
  return { runs, plans: [json.plan ? JSON.stringify(json.plan) : ''] };
}

const cliCanaries = (w: World, o: { sshKey?: string } = {}): Canary[] =>
  canaries({ kubeconfig: w.kubeconfig, ...(o.sshKey ? { sshKey: o.sshKey } : {}), only: [...PROVIDER, 'kubeconfig'] });

const cliRunners: Record<string, Runner> = {
  'cli/validate/clean': () => cliValidate(repos.good, undefined, 0, /^$|valid/),
  'cli/validate/clouds-yaml-unparsable': () => cliValidate(repos.good, CLOUDS_YAML_UNPARSABLE, 1, new RegExp(`input:clouds-yaml:${CLOUDS_YAML_ERROR_LINE}:\\d+: error\\[secrets/syntax`)),
  'cli/validate/config-error': () => cliValidate(repos.configError, undefined, 1, /nodepool\/nodepool\.yaml:\d+:\d+: error\[/),
  'cli/plan/success': () =>
    withWorld(repos.good, async (w) => {
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const { runs, plans } = await planAll(['--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123', repos.good.dir]);
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      expect(plans[0]).toContain('nodepool-providers-secrets');
      return { channels: cliChannels(runs, plans), canaries: cliCanaries(w) };
    }),
  'cli/plan/api-error-echo': () =>
    withWorld(repos.good, async (w) => {
      const h = w.sandbox.server.inject({ method: 'GET', path: /^\/api\/v1\/namespaces\/sf\/secrets(\/|$)/, times: Infinity, fault: { status: 500, body: echoTokenStatus() } });
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const { runs, plans } = await planAll(['--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123', repos.good.dir]);
      for (const r of runs) expect(r.code).toBe(3);
      expect(h.fired).toBeGreaterThan(0);
      expect(runs[0].stderr).toMatch(/answered 500: Internal error occurred: upstream rejected/);
      return { channels: cliChannels(runs, plans), canaries: cliCanaries(w) };
    }),
  'cli/plan/forbidden': () =>
    withWorld(repos.good, async (w) => {
      w.sandbox.server.forbid({ resource: 'secrets' });
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const { runs, plans } = await planAll(['--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123', repos.good.dir]);
      for (const r of runs) expect(r.code).toBe(3);
      expect(runs[0].stderr).toMatch(/forbidden/);
      return { channels: cliChannels(runs, plans), canaries: cliCanaries(w) };
    }),
  'cli/apply/success': () =>
    withWorld(repos.good, async (w) => {
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const base = ['apply', '--skip-plan-check', '--rollout-timeout', '30', '--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123'];
      const first = await cli([...base, repos.good.dir]);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const again = await cli([...base, '--format', 'json', repos.good.dir]);
      expect(again.code).toBe(0);
      const out = JSON.parse(again.stdout) as { plan: { changes: number } };
      expect(out.plan.changes).toBe(0);
      return { channels: cliChannels([first, again], [JSON.stringify(out.plan)]), canaries: cliCanaries(w) };
    }),
  'cli/apply/exec-stderr-echo': () =>
    withWorld(repos.good, async (w) => {
      echoSecretsOnExec(w);
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const base = ['apply', '--skip-plan-check', '--rollout-timeout', '30', '--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123'];
      const text = await cli([...base, repos.good.dir]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/exited with code 1/);
      const json = await cli([...base, '--format', 'json', repos.good.dir]);
      expect(json.code).toBe(1);
      return { channels: cliChannels([text, json], [JSON.stringify((JSON.parse(json.stdout) as { plan?: unknown }).plan ?? '')]), canaries: cliCanaries(w) };
    }),
  'cli/apply/webhook-encoded-echo': () =>
    withWorld(repos.good, async (w) => {
      const fault = injectEncodedEcho(w);
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const base = ['apply', '--skip-plan-check', '--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123'];
      const text = await cli([...base, repos.good.dir]);
      const json = await cli([...base, '--format', 'json', repos.good.dir]);
      expect(text.code).toBe(1);
      expect(fault.fired()).toBeGreaterThan(0);
      expect(text.stdout + text.stderr).toMatch(/cnry-policy/);
      return { channels: cliChannels([text, json], [JSON.stringify((JSON.parse(json.stdout) as { plan?: unknown }).plan ?? '')]), canaries: cliCanaries(w) };
    }),
  'cli/apply/api-error-echo': () =>
    withWorld(repos.good, async (w) => {
      const fault = injectSecretEcho(w, { 'clouds.yaml': CLOUDS_YAML, 'kube.config': KUBE_CONFIG, 'aws.config': AWS_CONFIG });
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const base = ['apply', '--skip-plan-check', '--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123'];
      const text = await cli([...base, repos.good.dir]);
      const json = await cli([...base, '--format', 'json', repos.good.dir]);
      expect(text.code).toBe(1);
      expect(json.code).toBe(1);
      expect(fault.fired()).toBeGreaterThan(0);
      expect(text.stdout).toMatch(/422/);
      return { channels: cliChannels([text, json], [JSON.stringify((JSON.parse(json.stdout) as { plan?: unknown }).plan ?? '')]), canaries: cliCanaries(w) };
    }),
  'cli/apply/guard-refusal': () =>
    withWorld(repos.good, async (w) => {
      const f = writeFiles(w.dir, { kubeconfig: w.kubeconfig });
      const common = ['--kubeconfig', f.kubeconfig, ...f.secretArgs, '--commit', 'abc123'];
      const planned = await cli(['plan', '--format', 'json', ...common, repos.good.dir]);
      expect(planned.code).toBe(0);
      const planJson = JSON.stringify((JSON.parse(planned.stdout) as { plan: unknown }).plan);
      const planFile = path.join(w.dir, 'plan.json');
      writeFileSync(planFile, planJson);
      // The clouds.yaml secret is rotated after the review (canaries kept): not the reviewed change.
      writeFileSync(f.clouds, `${CLOUDS_YAML}\n# rotated\n`, { mode: 0o600 });
      const refused = await cli(['apply', '--plan', planFile, ...common, repos.good.dir]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/plan changed since it was reviewed/i);
      expect(w.sandbox.server.get('Secret', 'sf', 'nodepool-providers-secrets')).toBeUndefined();
      return { channels: cliChannels([planned, refused], [planJson]), canaries: cliCanaries(w) };
    }),
  'cli/check-ssh/success': async () => {
    const f = writeFiles(mkdtempSync(path.join(tmp, 'cli-')), {});
    const runs = await Promise.all(['text', 'json'].map((format) => cli(['check-ssh', '--builder-ssh-key', f.key, '--format', format, repos.good.dir])));
    for (const r of runs) expect(r.code, r.stdout + r.stderr).toBe(0);
    return { channels: cliChannels(runs), canaries: canaries({ sshKey: sshd.userKey.privateKey, only: ['builder-ssh-key'] }) };
  },
  'cli/check-ssh/wrong-key': async () => {
    const f = writeFiles(mkdtempSync(path.join(tmp, 'cli-')), { sshKey: sshd.otherKey.privateKey });
    const runs = await Promise.all(['text', 'json'].map((format) => cli(['check-ssh', '--builder-ssh-key', f.key, '--format', format, repos.good.dir])));
    for (const r of runs) expect(r.code).toBe(1);
    expect(runs[1].stdout).toContain('permission-denied');
    return { channels: cliChannels(runs), canaries: canaries({ sshKey: sshd.otherKey.privateKey, only: ['builder-ssh-key'] }) };
  },
  'cli/check-ssh/unreachable': async () => {
    const f = writeFiles(mkdtempSync(path.join(tmp, 'cli-')), {});
    const runs = await Promise.all(['text', 'json'].map((format) => cli(['check-ssh', '--builder-ssh-key', f.key, '--connect-timeout', '5', '--format', format, repos.unreachable.dir])));
    for (const r of runs) expect(r.code).toBe(1);
    expect(runs[1].stdout).toContain('connection-refused');
    return { channels: cliChannels(runs), canaries: canaries({ sshKey: sshd.userKey.privateKey, only: ['builder-ssh-key'] }) };
  },
  'cli/check-ssh/key-unparsable': async () => {
    const f = writeFiles(mkdtempSync(path.join(tmp, 'cli-')), { sshKey: SSH_KEY_UNPARSABLE });
    const runs = await Promise.all(['text', 'json'].map((format) => cli(['check-ssh', '--builder-ssh-key', f.key, '--format', format, repos.good.dir])));
    for (const r of runs) expect(r.code).toBe(4);
    expect(runs[0].stderr).toMatch(/could not be parsed/);
    return { channels: cliChannels(runs), canaries: canaries({ sshKey: SSH_KEY_UNPARSABLE, only: ['builder-ssh-key'] }) };
  },
  'cli/sandbox/demo': async () => {
    const f = writeFiles(mkdtempSync(path.join(tmp, 'cli-')), {});
    const r = await cli(['sandbox', '--demo', ...f.secretArgs, repos.good.dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('The sandbox matches the config repo.');
    return { channels: cliChannels([r]), canaries: canaries({ only: PROVIDER }) };
  },
};

const RUNNERS: Record<string, Runner> = { ...actionRunners, ...cliRunners };

// ---------------------------------------------------------------------------------------------------------------

describe('the canary oracle', () => {
  const list = canaries({ kubeconfig: canaryKubeconfig('http://127.0.0.1:1'), sshKey: SSH_KEY_UNPARSABLE });

  it('finds each canary whole, by line, bare, in base64 at every alignment, and escaped', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const planted: Record<string, string> = {
      whole: `x ${AWS_CONFIG} y`,
      line: `error at: users: [{name: cnry-nodepool-sa, user: {token: ${MARKS.kubeConfigToken}}}]`,
      bare: `Bearer ${MARKS.kubeconfigBearer}`,
      'base64 shift 0': b64(`${CLOUDS_YAML}`),
      'base64 shift 1': b64(`a${MARKS.githubToken}zz`),
      'base64 shift 2': b64(`ab${MARKS.sshKeyBody}zz`),
      markdown: MARKS.cloudsPassword.replace(/-/g, '\\-'),
      json: JSON.stringify({ m: MARKS.awsSecret }).replace(/-/g, '\\u002d'),
      html: MARKS.kubeConfigToken.replace(/-/g, '&#45;'),
      'percent-encoded line': `x=${encodeURIComponent(`password: ${MARKS.cloudsPassword}`)}`,
      'URL-encoded line': `x=${new URLSearchParams([['', `      password: ${MARKS.cloudsPassword}`]]).toString().slice(1)}`,
      'percent-encoded, lower-case hex': encodeURIComponent(AWS_CONFIG).toLowerCase(),
    };
    for (const [name, text] of Object.entries(planted)) {
      expect(findCanaries({ [name]: text }, list).length, name).toBeGreaterThan(0);
      expect(() => expectNoCanary([text], list), name).toThrow(/canary leaked/);
    }
    expect(() => expectNoCanary(['::add-mask::' + MARKS.githubToken, 'nothing here'], list)).not.toThrow();
  });

  it('uses canaries found nowhere in the config repo, the README or the action metadata', () => {
    const files = [
      ...[EXAMPLE_REPO, repos.good.dir].flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))),
      path.join(REPO_ROOT, 'README.md'),
      path.join(REPO_ROOT, 'action.yml'),
    ];
    expect(files.length).toBeGreaterThan(10);
    const texts = Object.fromEntries(files.map((f) => [path.relative(REPO_ROOT, f), readFileSync(f, 'utf8')]));
    expect(findCanaries(texts, list)).toEqual([]);
    expect(needles(list).length).toBeGreaterThan(100);
  });
});

describe('the canary matrix', () => {
  it('has one runner per case, and one case per runner', () => {
    expect(Object.keys(RUNNERS).sort()).toEqual(SECURITY_CASES.map((c) => c.id).sort());
    expect(new Set(SECURITY_CASES.map((c) => c.id)).size).toBe(SECURITY_CASES.length);
  });

  for (const c of SECURITY_CASES) {
    it.concurrent(`${c.id}: ${c.tried}`, async () => {
      const run = await RUNNERS[c.id]();
      check(c, run);
    });
  }
});

function check(c: SecurityCase, run: CaseRun): void {
  // The case gave the canaries it says, and searched every channel it names.
  expect([...new Set(run.canaries.map((k) => CANARY_INPUT[k.name]))].sort()).toEqual([...c.secrets].sort());
  const searched: Record<string, string> = {};
  for (const ch of c.channels) {
    const text = run.channels[ch];
    expect(text, `channel ${ch} was not collected`).toBeTypeOf('string');
    searched[ch] = text!;
  }
  expectNoCanary(searched, run.canaries);
}
