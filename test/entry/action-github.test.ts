/**
 * The bundled action on pull-request events, against a loopback GitHub: the sticky comment, fork pull requests
 * with a read-only token, and no secret in anything that leaves the process.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { copyExampleRepo } from '../support/example-repo.js';
import { pullRequestEvent, runAction } from '../support/run-action.js';

let gh: GitHubServer;

beforeAll(async () => {
  gh = await startGitHubServer();
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
  gh.addToken({ token: 'fork-token', user: ACTIONS_BOT, installation: true, readOnly: true });
});
afterAll(async () => {
  await gh.close();
});

const run = (inputs: Record<string, string>, event: object) =>
  runAction(inputs, { eventName: 'pull_request', event, githubApiUrl: gh.url, env: { GITHUB_REF: 'refs/pull/7/merge' } });

describe('the action on a pull request', () => {
  it('validates without cluster credentials, says no plan was made, and keeps one comment updated in place', async () => {
    // The example repo declares targets: the target input is one of them (the comment's name, and the view validated).
    const first = await run({ 'config-path': 'examples/config-repo', target: 'production', 'github-token': 'actions-token' }, pullRequestEvent(7));
    expect(first.status, first.stdout).toBe(0);
    expect(first.stdout).toContain('No plan was made');
    let comments = gh.comments('acme', 'ci-config', 7);
    expect(comments).toHaveLength(1);
    expect(comments[0].body.split('\n')[0]).toMatch(/^<!-- pool-reconciler \{.*"target":"production".*\} -->$/);
    expect(comments[0].body).toContain('valid');
    expect(comments[0].body).toContain('No plan was made');
    expect(first.outputs).toMatch(/comment-url<<.*\n.+\/pull\/7#issuecomment-\d+\n/);

    const copy = copyExampleRepo();
    try {
      copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
      const second = await run({ 'config-path': path.relative(REPO_ROOT, copy.dir), target: 'production', 'github-token': 'actions-token' }, pullRequestEvent(7));
      expect(second.status).toBe(1);
      comments = gh.comments('acme', 'ci-config', 7);
      expect(comments).toHaveLength(1); // updated in place
      expect(comments[0].body).toContain('1 error');
      expect(comments[0].body).toContain('nodepool/unknown-key');
    } finally {
      copy.cleanup();
    }
  });

  it('comment: changes-only writes no comment when there is nothing to report, one when there is, and keeps it current', async () => {
    const inputs = { 'config-path': 'examples/config-repo', target: 'production', 'github-token': 'actions-token', comment: 'changes-only' };
    const quiet = await run(inputs, pullRequestEvent(17));
    expect(quiet.status, quiet.stdout).toBe(0);
    expect(quiet.output('exit-code')).toBe('0');
    expect(gh.comments('acme', 'ci-config', 17)).toHaveLength(0);
    expect(quiet.stdout).toContain('no pull-request comment written (comment: changes-only)');
    const copy = copyExampleRepo();
    try {
      copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
      const found = await run({ ...inputs, 'config-path': path.relative(REPO_ROOT, copy.dir) }, pullRequestEvent(17));
      expect(found.status).toBe(1);
      expect(found.output('exit-code')).toBe('1');
      expect(gh.comments('acme', 'ci-config', 17)).toHaveLength(1);
    } finally {
      copy.cleanup();
    }
    // Fixed: the comment that showed the error is updated, not left standing.
    await run(inputs, pullRequestEvent(17));
    const comments = gh.comments('acme', 'ci-config', 17);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).not.toContain('nodepool/unknown-key');
    expect(comments[0].body).toContain('valid');
    // An input it does not know is a usage error, as on the command line.
    const wrong = await run({ ...inputs, comment: 'sometimes' }, pullRequestEvent(18));
    expect(wrong.status).toBe(1);
    expect(wrong.output('exit-code')).toBe('4');
    expect(wrong.stdout).toContain('must be update, new, changes-only or off');
  });

  it('a fork pull request with a read-only token gets a notice, not a failure', async () => {
    const r = await run({ 'config-path': 'examples/config-repo', 'github-token': 'fork-token' }, pullRequestEvent(8, true));
    expect(r.status).toBe(0);
    expect(gh.comments('acme', 'ci-config', 8)).toHaveLength(0);
    expect(r.stdout).toMatch(/::notice::.*read-only/i);
  });

  it('threat: a secret input reaching the log, the job summary, the outputs or the pull-request comment; holds: every channel goes through the redactor', async () => {
    const canary = 'canary-Zq7x-9f2c-S3CR3T';
    const copy = copyExampleRepo();
    try {
      copy.edit('nodepool/nodepool.yaml', 'max-servers: 20', 'max-server: 20');
      const r = await run(
        {
          'config-path': path.relative(REPO_ROOT, copy.dir),
          'github-token': 'actions-token',
          'clouds-yaml': `clouds:\n  vexxhost:\n    auth:\n      password: ${canary}\n`,
          'builder-ssh-key': `-----BEGIN RSA PRIVATE KEY-----\n${canary}\n-----END RSA PRIVATE KEY-----\n`,
        },
        pullRequestEvent(9),
      );
      // `::add-mask::` lines are the runner's instructions to mask: the runner consumes them, nobody sees them.
      const log = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
      const everything = [log, r.stderr, r.outputs, r.summary, ...gh.comments('acme', 'ci-config', 9).map((c) => c.body)].join('\n');
      expect(everything).not.toContain(canary);
      expect(everything).not.toContain(Buffer.from(canary).toString('base64'));
      // The runner is told to mask each secret, line by line.
      expect(r.stdout).toContain('::add-mask::');
    } finally {
      copy.cleanup();
    }
  });

  it('checks the provider secrets in validate mode too, naming the input (not a file) for a secret that does not parse', async () => {
    const mismatch = await run(
      { 'config-path': 'examples/config-repo', comment: 'off', 'clouds-yaml': 'clouds:\n  other-cloud:\n    auth: {password: hunter2-secret}\n' },
      pullRequestEvent(30),
    );
    expect(mismatch.status).toBe(1);
    expect(mismatch.stdout).toMatch(/::error title=secrets\/unknown-cloud,file=examples\/config-repo\/nodepool\/nodepool\.yaml,line=\d+,col=\d+::/);
    const unparsable = await run({ 'config-path': 'examples/config-repo', comment: 'off', 'clouds-yaml': 'clouds:\n  vexxhost: [unclosed\n' }, pullRequestEvent(31));
    expect(unparsable.status).toBe(1);
    expect(unparsable.stdout).toMatch(/::error title=secrets\/[a-z-]+::clouds-yaml line \d+: /);
    const log = unparsable.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(log).not.toContain('unclosed');
  });
});
