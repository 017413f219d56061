/**
 * The bundled action in plan and drift modes, end to end: a pull request with cluster credentials against the
 * loopback Kubernetes API server, the loopback GitHub, and a real sshd standing in for the image-builder.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { copyExampleRepo } from '../support/example-repo.js';
import type { RepoCopy } from '../support/example-repo.js';
import { startKubeApiServer } from '../support/kube-apiserver.js';
import type { KubeApiServer } from '../support/kube-apiserver.js';
import { startSshd } from '../support/sshd.js';
import type { TestSshd } from '../support/sshd.js';
import { pullRequestEvent, runAction } from '../support/run-action.js';
import { CANARY, CANARY_B64, CLOUDS_YAML, KUBE_CONFIG, node, workloads } from '../support/plan-helpers.js';
import { seedDispatch } from '../support/dispatch-seed.js';

let gh: GitHubServer;
let kube: KubeApiServer;
let sshd: TestSshd;
let repo: RepoCopy;
let stopControllers: (() => void) | undefined;

beforeAll(async () => {
  [gh, kube, sshd] = await Promise.all([startGitHubServer(), startKubeApiServer({ namespaces: ['sf', 'dispatch-ci', 'tekton-pipelines'] }), startSshd()]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  for (const w of workloads()) kube.put(w);
  // A Software Factory + Tekton cluster as the plan's preflight expects it: the Nodepool pods and Tekton's defaults.
  stopControllers = kube.runControllers({ stepMs: 5 });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-defaults', namespace: 'tekton-pipelines' }, data: { 'default-timeout-minutes': '60' } });
  for (const n of ['dispatch-1', 'dispatch-2']) kube.put(node(n, 'dispatch'));
  kube.put(node('worker-1', 'worker'));
  repo = copyExampleRepo();
  // The Dispatch components (the repo server without the repo's toleration) and CI pods, the newest off their pool.
  seedDispatch(kube, repo.dir, { nodes: { dispatch: ['dispatch-1', 'dispatch-2'], worker: ['worker-1'] }, withoutTolerations: ['argo-cd.repoServer'], ciOffPool: ['dispatch-ci'] });
  repo.write(
    'nodepool/dib-ansible/inventory.yaml',
    `all:\n  children:\n    image-builder:\n      hosts:\n        builder-a:\n          ansible_host: 127.0.0.1\n          ansible_port: ${sshd.port}\n          ansible_user: ${sshd.user}\n`,
  );
  repo.write('nodepool/dib-ansible/known_hosts', sshd.knownHostsLine() + '\n');
});

afterAll(async () => {
  stopControllers?.();
  await Promise.all([gh?.close(), kube?.close(), sshd?.stop()]);
  repo?.cleanup();
});

const inputs = () => ({
  'config-path': path.relative(REPO_ROOT, repo.dir),
  target: 'production',
  'github-token': 'actions-token',
  kubeconfig: kube.kubeconfigYaml('sf'),
  'clouds-yaml': CLOUDS_YAML,
  'kube-config': KUBE_CONFIG,
  'builder-ssh-key': sshd.userKey.privateKey,
});

describe('the action with cluster credentials', () => {
  it('plans on a pull request: outputs, job summary, SSH check, and a comment whose header carries the plan hash', async () => {
    const r = await runAction(inputs(), { eventName: 'pull_request', event: pullRequestEvent(11), githubApiUrl: gh.url });
    expect(r.status, r.stdout).toBe(0);
    expect(r.output('mode')).toBe('plan');
    expect(r.output('exit-code')).toBe('0');
    const changes = Number(r.output('changes'));
    expect(changes).toBeGreaterThan(0);
    const hash = r.output('plan-hash')!;
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(r.output('plan')!).hash).toBe(hash);
    expect(r.summary).toContain('nodepool-providers-secrets');
    expect(r.summary).toContain('builder-a');
    const [comment] = gh.comments('acme', 'ci-config', 11);
    expect(comment.body.split('\n')[0]).toContain(`"planHash":"sha256:${hash.slice(7)}"`);
    expect(comment.body).toContain('SSH check: all 1 image-builders reachable');
    // No secret anywhere: not the canary in clouds.yaml, not its base64, not the private key.
    const log = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const text of [log, r.stderr, r.outputs, r.summary, comment.body]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(CANARY_B64);
      expect(text).not.toContain(sshd.userKey.privateKey.split('\n')[1]);
    }
  });

  it('drift: a scheduled run fails when the cluster differs, and says where', async () => {
    const r = await runAction(inputs(), { eventName: 'schedule', event: { schedule: '0 * * * *', repository: { default_branch: 'main' } }, env: { GITHUB_REF: 'refs/heads/main' } });
    expect(r.output('mode')).toBe('drift');
    expect(r.status).toBe(1);
    // The command line's code for changes: plan --exit-code, terraform's -detailed-exitcode.
    expect(r.output('exit-code')).toBe('2');
    expect(r.stdout).toMatch(/::error::.*drift: the cluster differs from the config/);
    expect(r.summary).toContain('Drift check');
    // Whether the tolerations took effect: the repo server and the CI pods off their pool, named; nothing else.
    expect(r.stdout).toMatch(/::error::.*drift: 2 Dispatch components or CI repositories do not carry the default branch's tolerations/);
    expect(r.stdout).toMatch(/::warning title=Dispatch drift::argo-cd\.repoServer \(Deployment dispatch\/argocd-repo-server\): its pod template lacks/);
    expect(r.stdout).toMatch(/::warning title=CI pod drift::CI pods of namespace dispatch-ci: pod dispatch-ci-build-2-pod/);
    expect(r.stdout.match(/::warning title=(Dispatch|CI pod) drift::/g)).toHaveLength(2);
    expect(r.summary).toContain('argo-cd.repoServer');
  });

  it('a cluster it cannot read fails with a clear message and no stack trace', async () => {
    kube.forbid({ resource: 'secrets' });
    const r = await runAction({ ...inputs(), 'builder-ssh-key': '' }, { eventName: 'pull_request', event: pullRequestEvent(12), githubApiUrl: gh.url });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error.*forbidden|::error.*cannot get/i);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(gh.comments('acme', 'ci-config', 12)[0].body).toContain('No plan was made');
    expect(r.output('exit-code')).toBe('3');
  });

  it('a kubeconfig input that does not parse is a config error: exit-code 4, as on the command line', async () => {
    const r = await runAction({ ...inputs(), kubeconfig: 'clusters: [unclosed\n', 'builder-ssh-key': '' }, { eventName: 'pull_request', event: pullRequestEvent(13), githubApiUrl: gh.url });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error title=cluster::input `kubeconfig`: not valid YAML/);
    expect(r.output('exit-code')).toBe('4');
  });
});
