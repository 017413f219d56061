/**
 * The loopback GitHub answers as github.com does (issue 23): every answer it gives the action is checked against
 * GitHub's own OpenAPI description of that operation (`@octokit/openapi`, the description of api.github.com with
 * Octokit's extensions). A field the action reads (a workflow run's `pull_requests`, `head_branch`, `head_repository`)
 * that the loopback left out or shaped otherwise fails here, before a test could pass on something github.com never
 * says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS_BOT, startGitHubServer } from '../../support/github-server.js';
import type { GitHubServer } from '../../support/github-server.js';
import { zipOne } from '../../../src/io/github/artifact.js';

/** Where the description is, when the package is installed (a dev dependency of this repository). */
function specPath(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@octokit/openapi/package.json');
    const file = path.join(path.dirname(pkg), 'generated', 'api.github.com.json');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

const SPEC = specPath();

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: object;
}

/** RFC 3339 date-time, as GitHub writes it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function validatorFor(spec: Spec, ajv: Ajv, template: string, method: string, status: number): ValidateFunction {
  const op = spec.paths[template]?.[method];
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the OpenAPI description has no JSON ${status} answer for ${method.toUpperCase()} ${template}`);
  // The response schema's $refs (#/components/…) resolve inside the same document: give it the components.
  return ajv.compile({ $id: `${method} ${template} ${status}`, ...schema, components: spec.components });
}

describe.skipIf(!SPEC)("the loopback GitHub's answers against GitHub's OpenAPI description (@octokit/openapi)", () => {
  let spec: Spec;
  let ajv: Ajv;
  let gh: GitHubServer;
  let runId = 0;
  let artifactId = 0;
  let commentId = 0;

  beforeAll(async () => {
    spec = JSON.parse(readFileSync(SPEC!, 'utf8')) as Spec;
    ajv = new Ajv({
      strict: false,
      allErrors: true,
      formats: {
        'date-time': DATE_TIME,
        uri: (s: string) => URL.canParse(s),
        'uri-template': true,
        email: /^[^\s@]+@[^\s@]+$/,
        int64: true,
        int32: true,
        binary: true,
        uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      },
    });
    gh = await startGitHubServer();
    gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
    gh.addToken({ token: 'user-token', user: { login: 'octocat', id: 1, type: 'User' } });
    gh.setCommitPulls('acme', 'ci-config', 'merge456', [
      { number: 21, title: 'Reviewed change', state: 'closed', merged_at: '2026-11-21T10:00:00Z', merge_commit_sha: 'merge456', base: 'main', head: 'feature', headSha: 'abc123' },
    ]);
    gh.seedPull('acme', 'ci-config', { number: 22, state: 'open', merged_at: null, base: 'release', head: 'feature', headSha: 'abc123' });
    const run = gh.seedRun({ owner: 'acme', repo: 'ci-config', path: '.github/workflows/pool-reconciler.yml', event: 'pull_request', headSha: 'abc123', status: 'completed', conclusion: 'success', pullRequest: { number: 21, base: 'main', head: 'feature' } });
    runId = run.id;
    artifactId = gh.seedArtifact(run.id, 'pool-reconciler-plan-production', zipOne('plan.json', Buffer.from('{}'))).id;
    commentId = gh.seedComment({ owner: 'acme', repo: 'ci-config', issueNumber: 21, body: 'hello', user: ACTIONS_BOT }).id;
  });

  afterAll(async () => {
    await gh?.close();
  });

  async function call(method: string, p: string, token: string, body?: object): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${gh.url}${p}`, {
      method,
      redirect: 'manual',
      headers: { authorization: `token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  const cases: Array<[string, string, () => string, number, string?, object?]> = [
    ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}', () => `/repos/acme/ci-config/actions/runs/${runId}`, 200],
    ['get', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', () => '/repos/acme/ci-config/actions/workflows/pool-reconciler.yml/runs?event=pull_request&head_sha=abc123&status=success', 200],
    ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', () => `/repos/acme/ci-config/actions/runs/${runId}/artifacts?name=pool-reconciler-plan-production`, 200],
    ['get', '/repos/{owner}/{repo}/pulls', () => '/repos/acme/ci-config/pulls?head=acme:feature&state=all', 200],
    ['get', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', () => '/repos/acme/ci-config/commits/merge456/pulls', 200],
    ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments', () => '/repos/acme/ci-config/issues/21/comments', 200],
    ['get', '/repos/{owner}/{repo}/issues/comments/{comment_id}', () => `/repos/acme/ci-config/issues/comments/${commentId}`, 200],
    ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments', () => '/repos/acme/ci-config/issues/21/comments', 201, 'actions-token', { body: 'a new comment' }],
    ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}', () => `/repos/acme/ci-config/issues/comments/${commentId}`, 200, 'actions-token', { body: 'edited' }],
    ['get', '/user', () => '/user', 200, 'user-token'],
    // The promotion order of targets: commit statuses.
    ['post', '/repos/{owner}/{repo}/statuses/{sha}', () => '/repos/acme/ci-config/statuses/merge456', 201, 'actions-token', { state: 'pending', context: 'pool-reconciler/apply: staging', description: 'applying staging', target_url: 'https://github.example/acme/ci-config/actions/runs/1' }],
    ['get', '/repos/{owner}/{repo}/commits/{ref}/status', () => '/repos/acme/ci-config/commits/merge456/status', 200],
    ['get', '/repos/{owner}/{repo}/commits/{ref}/statuses', () => '/repos/acme/ci-config/commits/merge456/statuses', 200],
  ];

  for (const [method, template, url, status, token, body] of cases) {
    it(`${method.toUpperCase()} ${template} answers as the description says (${status})`, async () => {
      const r = await call(method.toUpperCase(), url(), token ?? 'actions-token', body);
      expect(r.status).toBe(status);
      const validate = validatorFor(spec, ajv, template, method, status);
      const ok = validate(r.json);
      expect(ok ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n')).toEqual([]);
    });
  }

  it('the combined status keeps the newest status of each context, as GitHub does', async () => {
    await call('POST', '/repos/acme/ci-config/statuses/s1', 'actions-token', { state: 'pending', context: 'pool-reconciler/apply: staging' });
    await call('POST', '/repos/acme/ci-config/statuses/s1', 'actions-token', { state: 'failure', context: 'pool-reconciler/apply: staging' });
    await call('POST', '/repos/acme/ci-config/statuses/s1', 'actions-token', { state: 'success', context: 'other' });
    const r = await call('GET', '/repos/acme/ci-config/commits/s1/status', 'actions-token');
    const combined = r.json as { state: string; total_count: number; statuses: Array<{ context: string; state: string }> };
    expect(combined.statuses.map((x) => [x.context, x.state]).sort()).toEqual([['other', 'success'], ['pool-reconciler/apply: staging', 'failure']]);
    expect(combined.state).toBe('failure');
    expect((await call('POST', '/repos/acme/ci-config/statuses/s1', 'actions-token', { state: 'done' })).status).toBe(422);
  });

  it('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format} redirects (302) to the zip, as the description says', async () => {
    const r = await fetch(`${gh.url}/repos/acme/ci-config/actions/artifacts/${artifactId}/zip`, { redirect: 'manual', headers: { authorization: 'token actions-token' } });
    expect(Object.keys(spec.paths['/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'].get.responses)).toContain('302');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/blob\//);
  });

  it("a run's pull_requests are the pull requests open now whose head matches: the merged one is not listed, an open one from the same branch is", async () => {
    const r = await call('GET', `/repos/acme/ci-config/actions/runs/${runId}`, 'actions-token');
    const run = r.json as { head_branch: string; head_repository: { full_name: string }; pull_requests: Array<{ number: number; base: { ref: string } }> };
    expect(run.head_branch).toBe('feature');
    expect(run.head_repository.full_name).toBe('acme/ci-config');
    expect(run.pull_requests.map((p) => [p.number, p.base.ref])).toEqual([[22, 'release']]);
    // The description says so itself.
    const described = (spec.components as { schemas: Record<string, { properties: Record<string, { description?: string }> }> }).schemas['workflow-run'].properties.pull_requests.description;
    expect(described).toMatch(/open/);
  });
});
