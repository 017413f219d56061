// A loopback GitHub REST server for tests. The real @actions/github Octokit talks to it over HTTP on 127.0.0.1.
// It implements what src/github uses, with GitHub's documented wire behaviour:
//   GET   /user                                           (403 for installation tokens, as for GITHUB_TOKEN)
//   GET   /repos/{o}/{r}/issues/{n}/comments              per_page (default 30, max 100), page, Link header
//   GET   /repositories/{id}/issues/{n}/comments          the form GitHub's Link header points to
//   POST  /repos/{o}/{r}/issues/{n}/comments              201 + Location; 422 for a missing or too long body
//   PATCH /repos/{o}/{r}/issues/comments/{id}             any writer may edit any comment, as on GitHub
//   GET   /repos/{o}/{r}/commits/{sha}/pulls              seeded per commit; 422 for an unknown commit
//   GET   /repos/{o}/{r}/pulls                            state (open, closed, all), head (owner:branch), base,
//                                                        per_page, page, newest first; every pull request seeded
//                                                        or opened by a pull_request run
// Workflow runs and their artifacts (GitHub Actions artifacts v4, as @actions/artifact uses them):
//   startRun / completeRun                               a run of a workflow, with its runtime token (a JWT whose
//                                                        `scp` names the run's and the job's backend ids)
//   POST  /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact    (the Results API, runtime token)
//   PUT   /blob/{key}?sig=…                               the signed upload URL (x-ms-blob-type: BlockBlob)
//   POST  /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact  size and sha256 checked
//   POST  /twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts     the run's, name_filter
//   POST  /twirp/github.actions.results.api.v1.ArtifactService/DeleteArtifact    by name and the job that made it
//   rerun                                                 a new attempt of a run: a new job, a new runtime token
//   GET   /repos/{o}/{r}/actions/runs/{id}                the run: path, event, head_sha, head_branch,
//                                                        head_repository, status, conclusion, pull_requests
//   GET   /repos/{o}/{r}/actions/workflows/{file}/runs    event, status (or conclusion), head_sha, branch,
//                                                        per_page, page; newest first
// A run's `pull_requests` is what GitHub's OpenAPI description says it is: the pull requests *open now* whose head
// branch (in this repository) or head commit matches the run's, not necessarily the one that triggered it. So a
// merged or closed pull request is not listed (as reported in con/tinuous#28), nor one from a fork (github/docs#22501).
// test/io/github/openapi.test.ts checks these answers against GitHub's OpenAPI description.
//   GET   /repos/{o}/{r}/actions/runs/{id}/artifacts      ?name=
//   GET   /repos/{o}/{r}/actions/artifacts/{id}/zip       302 to a signed blob URL, as github.com does
//   GET   /blob/{key}?sig=…                               the zip
// Commit statuses (the promotion order of targets):
//   POST  /repos/{o}/{r}/statuses/{sha}                   state (error, failure, pending, success), context
//                                                        (default "default"), description, target_url; 201; 422 for
//                                                        another state; 403 for a read-only token
//   GET   /repos/{o}/{r}/commits/{ref}/status             the combined status: the newest status of each context
//   GET   /repos/{o}/{r}/commits/{ref}/statuses           every status, newest first
// Tokens map to users (`Authorization: token X` or `Bearer X`); a read-only token gets 403 "Resource not
// accessible by integration" on writes. Rate limits can be injected (primary: 403/429 with x-ratelimit-remaining 0
// and x-ratelimit-reset; secondary: 403/429 with retry-after). Every request is logged (never the token).

import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

/** The GitHub Actions app's bot, the author of comments made with GITHUB_TOKEN. */
export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

const ACTIONS_APP = {
  id: 15368,
  slug: 'github-actions',
  node_id: 'MDM6QXBwMTUzNjg=',
  owner: { login: 'github', id: 9919, type: 'Organization' },
  name: 'GitHub Actions',
  description: 'Automate your workflow from idea to production',
  external_url: 'https://help.github.com/en/actions',
  html_url: 'https://github.com/apps/github-actions',
  created_at: '2018-07-30T09:30:17Z',
  updated_at: '2024-04-10T20:33:16Z',
  permissions: { actions: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write' },
  events: ['check_run', 'check_suite', 'workflow_run'],
};

export interface TokenSpec {
  token: string;
  user: GitHubUser;
  /** Writes get 403 "Resource not accessible by integration" (a fork pull request's GITHUB_TOKEN). */
  readOnly?: boolean;
  /** An installation token (GITHUB_TOKEN, a GitHub App's): `GET /user` gets 403. */
  installation?: boolean;
}

export interface StoredComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: GitHubUser;
  createdAt: string;
  updatedAt: string;
  viaActions: boolean;
}

export interface RateLimitFault {
  kind: 'primary' | 'secondary';
  /** Default 403 for primary, 429 for secondary. */
  status?: 403 | 429;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Secondary: the retry-after header in seconds (omit it with null). Default 1. */
  retryAfter?: number | null;
  /** Primary: x-ratelimit-reset is now + this many seconds. Default 2. */
  resetInSeconds?: number;
  method?: string;
  path?: RegExp;
}

/** A workflow run, as `GET /repos/{o}/{r}/actions/runs/{id}` gives it. */
export interface WorkflowRun {
  id: number;
  owner: string;
  repo: string;
  /** `.github/workflows/<file>`. */
  path: string;
  event: string;
  headSha: string;
  /** The branch: a push's, or a pull request's head branch. */
  headBranch: string;
  /** The repository the head commit is in (`owner/name`): this one, or a fork's for a fork's pull request. */
  headRepository: string;
  /** The pull request that triggered a `pull_request` run (GitHub does not say it; kept for the test's own use). */
  pullRequest?: number;
  createdAt: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: null | 'success' | 'failure' | 'cancelled';
  /** Its runtime token (ACTIONS_RUNTIME_TOKEN): artifacts uploaded with it belong to this run. */
  runtimeToken: string;
  backendId: string;
  /** GITHUB_RUN_ATTEMPT: 1, then one more for each re-run. */
  attempt: number;
  /** The runtime tokens of its attempts' jobs (the last is runtimeToken): each names the run. */
  tokens: string[];
}

/** A commit status, as `POST …/statuses/{sha}` stores it. */
export interface StoredStatus {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: GitHubUser;
  createdAt: string;
}

export interface StoredArtifact {
  id: number;
  runId: number;
  name: string;
  /** The backend id of the job (of the attempt) that uploaded it. */
  jobBackendId?: string;
  /** The blob as uploaded (a zip); undefined until uploaded. */
  blob?: Buffer;
  finalized: boolean;
  createdAt: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The authenticated login, if any (never the token). */
  login?: string;
  body?: unknown;
}

export interface SeedComment {
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: GitHubUser;
}

/** A pull request as `GET /repos/{o}/{r}/commits/{sha}/pulls` returns it; missing fields are filled in. */
export interface SeedPull {
  number: number;
  title?: string;
  state?: 'open' | 'closed';
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  base?: string;
  head?: string;
  headSha?: string;
  /** The head branch's repository (`owner/name`); default the pull request's own. */
  headRepository?: string;
}

/** A pull request of the server's store: what `GET …/pulls` lists and what a run's `pull_requests` is made of. */
interface StoredPull extends SeedPull {
  owner: string;
  repo: string;
  createdAt: string;
}

const DOCS = 'https://docs.github.com/rest';
const ISSUE_COMMENT_MAX = 65_536;

interface Fault extends RateLimitFault {
  left: number;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

function fail(status: number, message: string, documentation_url = DOCS, extra: Record<string, unknown> = {}): HttpFailure {
  return new HttpFailure(status, { message, documentation_url, ...extra, status: String(status) });
}

const SERVERS = new Map<string, GitHubServer>();

export class GitHubServer {
  readonly requests: LoggedRequest[] = [];
  url = '';
  /** The server's clock in ms (for x-ratelimit-reset); tests may replace it. */
  now: () => number = Date.now;

  private readonly server: Server;
  private readonly tokens = new Map<string, TokenSpec>();
  private readonly store: StoredComment[] = [];
  private readonly repoIds = new Map<string, number>();
  private readonly pulls = new Map<string, SeedPull[]>();
  private readonly pullStore: StoredPull[] = [];
  private readonly workflowIds = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly failures: Array<{ status: number; message: string; method?: string; path?: RegExp; left: number }> = [];
  private nextId = 1_000_000;
  readonly runs: WorkflowRun[] = [];
  readonly artifacts: StoredArtifact[] = [];
  readonly statusStore: StoredStatus[] = [];
  private nextStatus = 3_000_000_000;
  private nextRun = 7_000_000_000;
  private nextArtifact = 2_000_000_000;
  private readonly blobs = new Map<string, { artifact: StoredArtifact; sig: string; write: boolean }>();
  private clock = Date.UTC(2026, 10, 1, 12, 0, 0);

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    SERVERS.set(this.url, this);
    return this;
  }

  /** The server listening at `url` in this process (for the action runner of the tests). */
  static at(url: string | undefined): GitHubServer | undefined {
    return url ? SERVERS.get(url) : undefined;
  }

  async close(): Promise<void> {
    SERVERS.delete(this.url);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addToken(spec: TokenSpec): this {
    this.tokens.set(spec.token, spec);
    return this;
  }

  /** Store a comment as if `user` had written it; returns it. */
  seedComment(c: SeedComment): StoredComment {
    return this.insert(c.owner, c.repo, c.issueNumber, c.body, c.user, false);
  }

  /** Copies of the comments of one issue, oldest first. */
  comments(owner: string, repo: string, issueNumber: number): StoredComment[] {
    return this.store.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === issueNumber).map((c) => ({ ...c }));
  }

  comment(id: number): StoredComment | undefined {
    const c = this.store.find((x) => x.id === id);
    return c ? { ...c } : undefined;
  }

  /**
   * A workflow run starts: it gets an id and a runtime token. The env it gives is what the runner gives a JavaScript
   * action: GITHUB_RUN_ID, GITHUB_WORKFLOW_REF, ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL.
   */
  startRun(r: {
    owner: string;
    repo: string;
    path: string;
    event: string;
    headSha: string;
    ref?: string;
    /** A pull_request run's pull request: stored (open) if the server does not know it yet. */
    pullRequest?: { number: number; base: string; head: string; headRepository?: string };
  }): { run: WorkflowRun; env: Record<string, string> } {
    const id = this.nextRun++;
    const backendId = `${id.toString(16)}-0000-4000-8000-${'0'.repeat(12)}`;
    const runtimeToken = this.runtimeTokenOf(backendId, id, 1);
    const pr = r.pullRequest;
    if (pr && !this.pullStore.some((p) => p.owner === r.owner && p.repo === r.repo && p.number === pr.number)) {
      this.seedPull(r.owner, r.repo, { number: pr.number, state: 'open', merged_at: null, base: pr.base, head: pr.head, headSha: r.headSha, ...(pr.headRepository ? { headRepository: pr.headRepository } : {}) });
    }
    const headBranch = pr?.head ?? (r.ref ?? 'refs/heads/main').replace(/^refs\/heads\//, '');
    const run: WorkflowRun = {
      id, owner: r.owner, repo: r.repo, path: r.path, event: r.event, headSha: r.headSha, headBranch,
      headRepository: pr?.headRepository ?? `${r.owner}/${r.repo}`, ...(pr ? { pullRequest: pr.number } : {}),
      createdAt: this.tick(), status: 'in_progress', conclusion: null, runtimeToken, backendId, attempt: 1, tokens: [runtimeToken],
    };
    this.runs.push(run);
    return {
      run,
      env: {
        GITHUB_RUN_ID: String(id),
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_WORKFLOW_REF: `${r.owner}/${r.repo}/${r.path}@${r.ref ?? 'refs/heads/main'}`,
        ACTIONS_RUNTIME_TOKEN: runtimeToken,
        ACTIONS_RESULTS_URL: `${this.url}/`,
      },
    };
  }

  /** A runtime token: a JWT whose `scp` names the run's backend id and its job's (one job per attempt here). */
  private runtimeTokenOf(backendId: string, id: number, attempt: number): string {
    const jobBackendId = `${(id + attempt).toString(16)}-${attempt.toString(16).padStart(4, '0')}-4000-8000-${'0'.repeat(12)}`;
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64({ scp: `Actions.ExampleScope Actions.Results:${backendId}:${jobBackendId}`, ac: '[]', iat: 1 })}.c2lnbmF0dXJl${id}a${attempt}`;
  }

  /**
   * "Re-run jobs" on a run that ended: a new attempt (GITHUB_RUN_ATTEMPT), whose job has a new backend id and runtime
   * token; the run's artifacts of earlier attempts stay (v4 artifacts are the run's).
   */
  rerun(id: number): Record<string, string> {
    const run = this.runs.find((x) => x.id === id);
    if (!run) throw new Error(`no run ${id}`);
    run.attempt++;
    run.runtimeToken = this.runtimeTokenOf(run.backendId, id, run.attempt);
    run.tokens.push(run.runtimeToken);
    run.status = 'in_progress';
    run.conclusion = null;
    return { ...this.jobOf(id), GITHUB_RUN_ATTEMPT: String(run.attempt) };
  }

  /**
   * Another job of a run that started: what the runner gives that job's JavaScript action (the same run id and runtime
   * token; the backend ids the artifact service checks are the run's).
   */
  jobOf(id: number): Record<string, string> {
    const run = this.runs.find((x) => x.id === id);
    if (!run) throw new Error(`no run ${id}`);
    return {
      GITHUB_RUN_ID: String(id),
      GITHUB_RUN_ATTEMPT: String(run.attempt),
      GITHUB_WORKFLOW_REF: `${run.owner}/${run.repo}/${run.path}@refs/heads/${run.event.startsWith('pull_request') ? 'main' : run.headBranch}`,
      ACTIONS_RUNTIME_TOKEN: run.runtimeToken,
      ACTIONS_RESULTS_URL: `${this.url}/`,
    };
  }

  /** The statuses set on a commit, oldest first. */
  statuses(owner: string, repo: string, sha: string): StoredStatus[] {
    return this.statusStore.filter((x) => x.owner === owner && x.repo === repo && x.sha === sha).map((x) => ({ ...x }));
  }

  /** Set a status as if `creator` had (a test's earlier target, say). */
  seedStatus(st: Omit<StoredStatus, 'id' | 'createdAt' | 'creator' | 'description' | 'targetUrl'> & { description?: string; creator?: GitHubUser }): StoredStatus {
    const x: StoredStatus = { id: this.nextStatus++, description: st.description ?? null, targetUrl: null, creator: st.creator ?? ACTIONS_BOT, createdAt: this.tick(), owner: st.owner, repo: st.repo, sha: st.sha, state: st.state, context: st.context };
    this.statusStore.push(x);
    return x;
  }

  completeRun(id: number, conclusion: 'success' | 'failure' | 'cancelled'): void {
    const run = this.runs.find((x) => x.id === id);
    if (run) Object.assign(run, { status: 'completed', conclusion });
  }

  /** A run made up by a test (another workflow, another event): what an attacker's workflow run would be. */
  seedRun(r: Omit<WorkflowRun, 'id' | 'runtimeToken' | 'backendId' | 'attempt' | 'tokens' | 'headBranch' | 'headRepository' | 'createdAt' | 'pullRequest'> & { pullRequest?: { number: number; base: string; head: string; headRepository?: string } }): WorkflowRun {
    const { run } = this.startRun(r);
    Object.assign(run, { status: r.status, conclusion: r.conclusion });
    return run;
  }

  /** Store a pull request (or change the one of that number): what `GET …/pulls` and runs' `pull_requests` read. */
  seedPull(owner: string, repo: string, pull: SeedPull): this {
    const at = this.pullStore.findIndex((p) => p.owner === owner && p.repo === repo && p.number === pull.number);
    if (at >= 0) Object.assign(this.pullStore[at], pull);
    else this.pullStore.push({ ...pull, owner, repo, createdAt: this.tick() });
    return this;
  }

  /** Store a finished artifact for a run, as if a job of that run had uploaded it. */
  seedArtifact(runId: number, name: string, zip: Buffer): StoredArtifact {
    const a: StoredArtifact = { id: this.nextArtifact++, runId, name, blob: zip, finalized: true, createdAt: this.tick() };
    this.artifacts.push(a);
    return a;
  }

  /** The pull requests associated with a commit (and, in the store, each of them as given). */
  setCommitPulls(owner: string, repo: string, sha: string, pulls: SeedPull[]): this {
    this.pulls.set(`${owner}/${repo}@${sha}`, pulls);
    for (const p of pulls) this.seedPull(owner, repo, p);
    return this;
  }

  /**
   * The next `times` matching requests (default 1) get `status` with GitHub's error body `{message, documentation_url}`:
   * what a proxy, a policy or GitHub itself may answer (a 403 whose message quotes the request, say).
   */
  injectFailure(f: { status: number; message: string; method?: string; path?: RegExp; times?: number }): this {
    this.failures.push({ ...f, left: f.times ?? 1 });
    return this;
  }

  injectRateLimit(fault: RateLimitFault): this {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
    return this;
  }

  /** Drop injected faults that have not fired yet. */
  clearFaults(): this {
    this.faults.length = 0;
    this.failures.length = 0;
    return this;
  }

  private repoId(owner: string, repo: string): number {
    const key = `${owner}/${repo}`;
    let id = this.repoIds.get(key);
    if (id === undefined) {
      id = 100_000 + this.repoIds.size;
      this.repoIds.set(key, id);
    }
    return id;
  }

  private repoById(id: number): { owner: string; repo: string } | undefined {
    for (const [key, v] of this.repoIds) {
      if (v === id) {
        const [owner, repo] = key.split('/');
        return { owner, repo };
      }
    }
    return undefined;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private insert(owner: string, repo: string, issueNumber: number, body: string, user: GitHubUser, viaActions: boolean): StoredComment {
    this.repoId(owner, repo);
    const at = this.tick();
    const c: StoredComment = { id: this.nextId++, owner, repo, issueNumber, body, user: { ...user }, createdAt: at, updatedAt: at, viaActions };
    this.store.push(c);
    return c;
  }

  private userJson(u: GitHubUser): Record<string, unknown> {
    const name = encodeURIComponent(u.login);
    const api = `${this.url}/users/${name}`;
    return {
      login: u.login,
      id: u.id,
      node_id: Buffer.from(`04:User${u.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: u.type === 'Bot' ? `https://github.com/apps/${u.login.replace(/\[bot\]$/, '')}` : `https://github.com/${name}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: u.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  private commentJson(c: StoredComment): Record<string, unknown> {
    return {
      url: `${this.url}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${c.owner}/${c.repo}/issues/${c.issueNumber}`,
      id: c.id,
      node_id: `IC_kwDO${Buffer.from(String(c.id)).toString('base64url')}`,
      user: this.userJson(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      body: c.body,
      reactions: { url: `${this.url}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
      performed_via_github_app: c.viaActions ? { ...ACTIONS_APP, owner: this.userJson({ login: ACTIONS_APP.owner.login, id: ACTIONS_APP.owner.id, type: 'Organization' }) } : null,
    };
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(this.now() / 1000) + 3600),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    };
  }

  private takeFault(method: string, path: string): HttpFailure | undefined {
    const i = this.faults.findIndex((f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)));
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.left--;
    if (f.kind === 'primary') {
      const reset = Math.floor(this.now() / 1000) + (f.resetInSeconds ?? 2);
      const e = fail(f.status ?? 403, 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222.', `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`);
      Object.assign(e.headers, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' });
      return e;
    }
    const e = fail(
      f.status ?? 429,
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222.',
      `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
    );
    const retryAfter = f.retryAfter === undefined ? 1 : f.retryAfter;
    if (retryAfter !== null) e.headers['retry-after'] = String(retryAfter);
    return e;
  }

  private async readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private auth(req: IncomingMessage): TokenSpec | undefined {
    const h = req.headers.authorization;
    if (!h) return undefined;
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(h.trim());
    const spec = m ? this.tokens.get(m[1]) : undefined;
    if (!spec) throw fail(401, 'Bad credentials');
    return spec;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    this.requests.push(entry);
    if (url.pathname.startsWith('/twirp/') || url.pathname.startsWith('/blob/')) {
      await this.handleResults(req, res, url, entry);
      return;
    }
    let status: number;
    let payload: unknown;
    let headers: Record<string, string>;
    try {
      const raw = method === 'GET' || method === 'HEAD' ? '' : await this.readBody(req);
      let body: unknown;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          throw fail(400, 'Problems parsing JSON');
        }
        entry.body = body;
      }
      const who = this.auth(req);
      if (who) entry.login = who.user.login;
      const fault = this.takeFault(method, url.pathname);
      if (fault) throw fault;
      const failure = this.failures.find((f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)));
      if (failure) {
        failure.left--;
        throw fail(failure.status, failure.message);
      }
      ({ status, payload, headers = {} } = this.route(method, url, who, body));
    } catch (err) {
      const failure = err instanceof HttpFailure ? err : fail(500, `test server error: ${err instanceof Error ? err.message : String(err)}`);
      status = failure.status;
      payload = failure.body;
      headers = failure.headers;
    }
    entry.status = status;
    const text = payload === undefined ? '' : JSON.stringify(payload);
    res.writeHead(status, {
      ...this.rateHeaders(),
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `0000:${this.requests.length}`,
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  private route(
    method: string,
    url: URL,
    who: TokenSpec | undefined,
    body: unknown,
  ): { status: number; payload: unknown; headers?: Record<string, string> } {
    const p = url.pathname.replace(/\/+$/, '');
    let m: RegExpExecArray | null;

    if (p === '/user' && method === 'GET') {
      if (!who) throw fail(401, 'Requires authentication', `${DOCS}/users/users#get-the-authenticated-user`);
      if (who.installation) throw fail(403, 'Resource not accessible by integration', `${DOCS}/users/users#get-the-authenticated-user`);
      return {
        status: 200,
        payload: {
          ...this.userJson(who.user), name: who.user.login, company: null, blog: '', location: null, email: null, hireable: null, bio: null,
          public_repos: 1, public_gists: 0, followers: 0, following: 0, created_at: '2011-01-25T18:44:36Z', updated_at: '2026-11-01T12:00:00Z',
        },
      };
    }

    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(p))) {
      const [owner, repo] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      const n = Number(m[3]);
      if (method === 'GET') return this.listComments(owner, repo, n, url);
      if (method === 'POST') return this.createComment(owner, repo, n, who, body);
    }
    if ((m = /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/.exec(p)) && method === 'GET') {
      const r = this.repoById(Number(m[1]));
      if (!r) throw fail(404, 'Not Found');
      return this.listComments(r.owner, r.repo, Number(m[2]), url);
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(p))) {
      const [owner, repo] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      const c = this.store.find((x) => x.id === Number(m![3]) && x.owner === owner && x.repo === repo);
      if (method === 'GET') {
        if (!c) throw fail(404, 'Not Found', `${DOCS}/issues/comments#get-an-issue-comment`);
        return { status: 200, payload: this.commentJson(c) };
      }
      if (method === 'PATCH') {
        const doc = `${DOCS}/issues/comments#update-an-issue-comment`;
        this.checkWrite(who, doc);
        if (!c) throw fail(404, 'Not Found', doc);
        const text = this.checkBody(body, doc);
        c.body = text;
        c.updatedAt = this.tick();
        return { status: 200, payload: this.commentJson(c) };
      }
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/.exec(p)) && method === 'GET') {
      const run = this.runs.find((r) => r.id === Number(m![3]) && r.owner === decodeURIComponent(m![1]) && r.repo === decodeURIComponent(m![2]));
      if (!run) throw fail(404, 'Not Found', `${DOCS}/actions/workflow-runs#get-a-workflow-run`);
      return { status: 200, payload: this.runJson(run) };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/.exec(p)) && method === 'GET') {
      return this.listWorkflowRuns(decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3]), url);
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(p)) && method === 'GET') {
      return this.listPulls(decodeURIComponent(m[1]), decodeURIComponent(m[2]), url);
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/.exec(p)) && method === 'GET') {
      const run = this.runs.find((r) => r.id === Number(m![3]) && r.owner === decodeURIComponent(m![1]) && r.repo === decodeURIComponent(m![2]));
      if (!run) throw fail(404, 'Not Found', `${DOCS}/actions/artifacts#list-workflow-run-artifacts`);
      const name = url.searchParams.get('name');
      const list = this.artifacts.filter((a) => a.runId === run.id && a.finalized && (name === null || a.name === name)).reverse();
      return { status: 200, payload: { total_count: list.length, artifacts: list.map((a) => this.artifactJson(run, a)) } };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/.exec(p)) && method === 'GET') {
      const doc = `${DOCS}/actions/artifacts#download-an-artifact`;
      if (!who) throw fail(401, 'Requires authentication', doc);
      const a = this.artifacts.find((x) => x.id === Number(m![3]) && x.finalized);
      const run = a && this.runs.find((r) => r.id === a.runId && r.owner === decodeURIComponent(m![1]) && r.repo === decodeURIComponent(m![2]));
      if (!a || !run) throw fail(404, 'Not Found', doc);
      const key = `dl-${a.id}-${this.blobs.size}`;
      this.blobs.set(key, { artifact: a, sig: `s${key}`, write: false });
      return { status: 302, payload: undefined, headers: { location: `${this.url}/blob/${key}?sig=s${key}&se=2099-01-01` } };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/.exec(p)) && method === 'POST') {
      const doc = `${DOCS}/commits/statuses#create-a-commit-status`;
      this.checkWrite(who, doc);
      const b = (typeof body === 'object' && body !== null ? body : {}) as { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown };
      if (b.state !== 'error' && b.state !== 'failure' && b.state !== 'pending' && b.state !== 'success') {
        throw fail(422, 'Validation Failed', doc, { errors: [{ resource: 'Status', code: 'custom', field: 'state', message: 'state is not included in the list' }] });
      }
      if (typeof b.description === 'string' && b.description.length > 140) {
        throw fail(422, 'Validation Failed', doc, { errors: [{ resource: 'Status', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }] });
      }
      const x = this.seedStatus({
        owner: decodeURIComponent(m[1]), repo: decodeURIComponent(m[2]), sha: decodeURIComponent(m[3]), state: b.state,
        context: typeof b.context === 'string' && b.context ? b.context : 'default', ...(typeof b.description === 'string' ? { description: b.description } : {}), creator: who!.user,
      });
      if (typeof b.target_url === 'string') this.statusStore.find((y) => y.id === x.id)!.targetUrl = b.target_url;
      return { status: 201, payload: this.statusJson({ ...x, targetUrl: typeof b.target_url === 'string' ? b.target_url : null }, true), headers: { location: `${this.url}/repos/${x.owner}/${x.repo}/statuses/${x.sha}` } };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/(status|statuses)$/.exec(p)) && method === 'GET') {
      const [owner, repo, sha] = [decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3])];
      const all = this.statuses(owner, repo, sha).reverse();
      if (m[4] === 'statuses') {
        const { items, headers } = this.page(all, url);
        return { status: 200, payload: items.map((x) => this.statusJson(x, true)), headers };
      }
      const latest = all.filter((x, i) => all.findIndex((y) => y.context === x.context) === i);
      const state = latest.some((x) => x.state === 'error' || x.state === 'failure') ? 'failure' : latest.length && latest.every((x) => x.state === 'success') ? 'success' : 'pending';
      const api = `${this.url}/repos/${owner}/${repo}`;
      return {
        status: 200,
        payload: {
          state, statuses: latest.map((x) => this.statusJson(x, false)), sha, total_count: latest.length,
          repository: this.repoJson(`${owner}/${repo}`, false), commit_url: `${api}/commits/${sha}`, url: `${api}/commits/${sha}/status`,
        },
      };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/.exec(p)) && method === 'GET') {
      const [owner, repo, sha] = [decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3])];
      const pulls = this.pulls.get(`${owner}/${repo}@${sha}`);
      if (!pulls) throw fail(422, `No commit found for SHA: ${sha}`, `${DOCS}/commits/commits#list-pull-requests-associated-with-a-commit`);
      return { status: 200, payload: pulls.map((pr) => this.pullJson(owner, repo, pr)) };
    }
    throw fail(404, 'Not Found');
  }

  /** A status as GitHub gives it: `status` (with its creator) for the list and a create, `simple-commit-status` in the combined status. */
  private statusJson(x: StoredStatus, full: boolean): Record<string, unknown> {
    const base = {
      url: `${this.url}/repos/${x.owner}/${x.repo}/statuses/${x.sha}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${x.creator.id}?v=4`,
      id: x.id,
      node_id: `SC_${x.id}`,
      state: x.state,
      description: x.description,
      target_url: x.targetUrl,
      context: x.context,
      created_at: x.createdAt,
      updated_at: x.createdAt,
    };
    return full ? { ...base, creator: this.userJson(x.creator) } : base;
  }

  private checkWrite(who: TokenSpec | undefined, doc: string): void {
    if (!who) throw fail(401, 'Requires authentication', doc);
    if (who.readOnly) throw fail(403, 'Resource not accessible by integration', doc);
  }

  private checkBody(body: unknown, doc: string): string {
    const text = typeof body === 'object' && body !== null ? (body as { body?: unknown }).body : undefined;
    if (typeof text !== 'string') throw fail(422, 'Invalid request.\n\n"body" wasn\'t supplied.', doc);
    if (text.length > ISSUE_COMMENT_MAX) {
      throw fail(422, 'Validation Failed', doc, {
        errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${ISSUE_COMMENT_MAX} characters)` }],
      });
    }
    return text;
  }

  private listComments(owner: string, repo: string, n: number, url: URL): { status: number; payload: unknown; headers?: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const all = this.store.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === n);
    const items = all.slice((page - 1) * perPage, page * perPage).map((c) => this.commentJson(c));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const id = this.repoId(owner, repo);
    const link = (pg: number): string => `<${this.url}/repositories/${id}/issues/${n}/comments?per_page=${perPage}&page=${pg}>`;
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    return { status: 200, payload: items, headers: rels.length ? { link: rels.join(', ') } : {} };
  }

  private createComment(owner: string, repo: string, n: number, who: TokenSpec | undefined, body: unknown): { status: number; payload: unknown; headers?: Record<string, string> } {
    const doc = `${DOCS}/issues/comments#create-an-issue-comment`;
    this.checkWrite(who, doc);
    const text = this.checkBody(body, doc);
    const c = this.insert(owner, repo, n, text, who!.user, who!.installation === true && who!.user.login === ACTIONS_BOT.login);
    return { status: 201, payload: this.commentJson(c), headers: { location: `${this.url}/repos/${owner}/${repo}/issues/comments/${c.id}` } };
  }

  /** A page of `items` as GitHub pages lists: per_page (default 30, at most 100), page, and a Link header. */
  private page<T>(items: T[], url: URL): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (pg: number): string => {
      const u = new URL(url.toString());
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(pg));
      return `<${this.url}${u.pathname}${u.search}>`;
    };
    const rels: string[] = [];
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`, `${link(1)}; rel="first"`);
    return { items: items.slice((page - 1) * perPage, page * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
  }

  private workflowId(path: string): number {
    let id = this.workflowIds.get(path);
    if (id === undefined) {
      id = 160_000 + this.workflowIds.size;
      this.workflowIds.set(path, id);
    }
    return id;
  }

  /** `GET …/actions/workflows/{workflow_id}/runs`: the workflow by its file name or id; newest first. */
  private listWorkflowRuns(owner: string, repo: string, workflow: string, url: URL): { status: number; payload: unknown; headers?: Record<string, string> } {
    const ofRepo = this.runs.filter((r) => r.owner === owner && r.repo === repo);
    const matches = (r: WorkflowRun): boolean => r.path.split('/').pop() === workflow || String(this.workflowId(r.path)) === workflow;
    if (!ofRepo.some(matches)) throw fail(404, 'Not Found', `${DOCS}/actions/workflow-runs#list-workflow-runs-for-a-workflow`);
    const q = url.searchParams;
    const conclusions = ['action_required', 'cancelled', 'failure', 'neutral', 'skipped', 'stale', 'success', 'timed_out', 'startup_failure'];
    const status = q.get('status');
    const list = ofRepo
      .filter(matches)
      .filter((r) => !q.get('event') || r.event === q.get('event'))
      .filter((r) => !q.get('head_sha') || r.headSha === q.get('head_sha'))
      .filter((r) => !q.get('branch') || r.headBranch === q.get('branch'))
      .filter((r) => !status || (conclusions.includes(status) ? r.conclusion === status : r.status === status))
      .sort((a, b) => b.id - a.id);
    const { items, headers } = this.page(list, url);
    return { status: 200, payload: { total_count: list.length, workflow_runs: items.map((r) => this.runJson(r)) }, headers };
  }

  /** `GET …/pulls`: state (default open), head (`owner:branch`), base; newest first. */
  private listPulls(owner: string, repo: string, url: URL): { status: number; payload: unknown; headers?: Record<string, string> } {
    const q = url.searchParams;
    const state = q.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw fail(422, 'Validation Failed', `${DOCS}/pulls/pulls#list-pull-requests`);
    const head = q.get('head');
    const list = this.pullStore
      .filter((p) => p.owner === owner && p.repo === repo)
      .filter((p) => state === 'all' || (p.state ?? 'closed') === state)
      .filter((p) => !head || `${(p.headRepository ?? `${owner}/${repo}`).split('/')[0]}:${p.head ?? 'feature'}` === head)
      .filter((p) => !q.get('base') || (p.base ?? 'main') === q.get('base'))
      .sort((a, b) => (q.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
    const { items, headers } = this.page(list, url);
    return { status: 200, payload: items.map((p) => this.pullJson(owner, repo, p)), headers };
  }

  /** The pull requests open now whose head (branch in this repository, or commit) matches the run's. */
  private runPulls(r: WorkflowRun): Array<Record<string, unknown>> {
    const here = `${r.owner}/${r.repo}`;
    return this.pullStore
      .filter((p) => p.owner === r.owner && p.repo === r.repo && (p.state ?? 'closed') === 'open')
      .filter((p) => (p.headSha ?? 'f'.repeat(40)) === r.headSha || ((p.headRepository ?? here) === r.headRepository && (p.head ?? 'feature') === r.headBranch))
      .map((p) => {
        const repoRef = (full: string): Record<string, unknown> => ({ id: this.repoId(full.split('/')[0], full.split('/')[1]), url: `${this.url}/repos/${full}`, name: full.split('/')[1] });
        return {
          id: 500_000 + p.number,
          number: p.number,
          url: `${this.url}/repos/${here}/pulls/${p.number}`,
          head: { ref: p.head ?? 'feature', sha: p.headSha ?? 'f'.repeat(40), repo: repoRef(p.headRepository ?? here) },
          base: { ref: p.base ?? 'main', sha: '0'.repeat(40), repo: repoRef(here) },
        };
      });
  }

  private repoJson(full: string, extended: boolean): Record<string, unknown> {
    const [owner, name] = full.split('/');
    const api = `${this.url}/repos/${full}`;
    const minimal: Record<string, unknown> = {
      id: this.repoId(owner, name), node_id: `R_${this.repoId(owner, name)}`, name, full_name: full,
      owner: this.userJson({ login: owner, id: 9_000 + owner.length, type: 'User' }), private: true, html_url: `https://github.com/${full}`,
      description: null, fork: false, url: api,
      archive_url: `${api}/{archive_format}{/ref}`, assignees_url: `${api}/assignees{/user}`, blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`, collaborators_url: `${api}/collaborators{/collaborator}`, comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`, compare_url: `${api}/compare/{base}...{head}`, contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`, deployments_url: `${api}/deployments`, downloads_url: `${api}/downloads`, events_url: `${api}/events`,
      forks_url: `${api}/forks`, git_commits_url: `${api}/git/commits{/sha}`, git_refs_url: `${api}/git/refs{/sha}`, git_tags_url: `${api}/git/tags{/sha}`,
      hooks_url: `${api}/hooks`, issue_comment_url: `${api}/issues/comments{/number}`, issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`, keys_url: `${api}/keys{/key_id}`, labels_url: `${api}/labels{/name}`, languages_url: `${api}/languages`,
      merges_url: `${api}/merges`, milestones_url: `${api}/milestones{/number}`, notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`, releases_url: `${api}/releases{/id}`, stargazers_url: `${api}/stargazers`, statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`, subscription_url: `${api}/subscription`, tags_url: `${api}/tags`, teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
    };
    if (!extended) return minimal;
    return {
      ...minimal, clone_url: `https://github.com/${full}.git`, default_branch: 'main', forks: 0, forks_count: 0, git_url: `git://github.com/${full}.git`,
      has_downloads: true, has_issues: true, has_projects: false, has_wiki: false, has_pages: false, homepage: null, language: null, archived: false,
      disabled: false, mirror_url: null, open_issues: 0, open_issues_count: 0, license: null, pushed_at: '2026-11-01T12:00:00Z', size: 100,
      ssh_url: `git@github.com:${full}.git`, stargazers_count: 0, svn_url: `https://github.com/${full}`, watchers: 0, watchers_count: 0,
      created_at: '2026-01-01T00:00:00Z', updated_at: '2026-11-01T12:00:00Z',
    };
  }

  private runJson(r: WorkflowRun): Record<string, unknown> {
    const api = `${this.url}/repos/${r.owner}/${r.repo}/actions/runs/${r.id}`;
    const actor = this.userJson({ login: 'octocat', id: 1, type: 'User' });
    return {
      id: r.id,
      name: 'pool-reconciler',
      node_id: `WFR_${r.id}`,
      check_suite_id: r.id + 1,
      check_suite_node_id: `CS_${r.id + 1}`,
      head_branch: r.headBranch,
      head_sha: r.headSha,
      path: r.path,
      display_title: 'run',
      run_number: r.id % 1000,
      run_attempt: 1,
      event: r.event,
      status: r.status,
      conclusion: r.conclusion,
      workflow_id: this.workflowId(r.path),
      url: api,
      html_url: `https://github.com/${r.owner}/${r.repo}/actions/runs/${r.id}`,
      pull_requests: this.runPulls(r),
      created_at: r.createdAt,
      updated_at: r.createdAt,
      run_started_at: r.createdAt,
      actor,
      triggering_actor: actor,
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: `${this.url}/repos/${r.owner}/${r.repo}/check-suites/${r.id + 1}`,
      artifacts_url: `${api}/artifacts`,
      cancel_url: `${api}/cancel`,
      rerun_url: `${api}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${this.url}/repos/${r.owner}/${r.repo}/actions/workflows/${this.workflowId(r.path)}`,
      head_commit: {
        id: r.headSha, tree_id: '1'.repeat(40), message: 'change', timestamp: r.createdAt,
        author: { name: 'Octo Cat', email: 'octocat@example.org' }, committer: { name: 'Octo Cat', email: 'octocat@example.org' },
      },
      repository: this.repoJson(`${r.owner}/${r.repo}`, false),
      head_repository: this.repoJson(r.headRepository, false),
      head_repository_id: this.repoId(r.headRepository.split('/')[0], r.headRepository.split('/')[1]),
    };
  }

  private artifactJson(run: WorkflowRun, a: StoredArtifact): Record<string, unknown> {
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.blob?.length ?? 0,
      url: `${this.url}/repos/${run.owner}/${run.repo}/actions/artifacts/${a.id}`,
      archive_download_url: `${this.url}/repos/${run.owner}/${run.repo}/actions/artifacts/${a.id}/zip`,
      expired: false,
      created_at: a.createdAt,
      expires_at: '2027-02-01T00:00:00Z',
      updated_at: a.createdAt,
      digest: a.blob ? `sha256:${createHash('sha256').update(a.blob).digest('hex')}` : null,
      workflow_run: { id: run.id, repository_id: this.repoId(run.owner, run.repo), head_repository_id: this.repoId(run.headRepository.split('/')[0], run.headRepository.split('/')[1]), head_branch: run.headBranch, head_sha: run.headSha },
    };
  }

  /** The Results API (twirp, JSON) and the blob store: what @actions/artifact talks to. */
  private async handleResults(req: IncomingMessage, res: ServerResponse, url: URL, entry: LoggedRequest): Promise<void> {
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      entry.status = status;
      const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      res.writeHead(status, { 'content-type': type, 'content-length': String(data.length) });
      res.end(data);
    };
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    if (url.pathname.startsWith('/blob/')) {
      const key = url.pathname.slice('/blob/'.length);
      const b = this.blobs.get(key);
      if (!b || url.searchParams.get('sig') !== b.sig) return send(403, '<Error><Code>AuthenticationFailed</Code></Error>', 'application/xml');
      if (req.method === 'PUT') {
        if (!b.write || req.headers['x-ms-blob-type'] !== 'BlockBlob') return send(400, '<Error><Code>InvalidHeaderValue</Code></Error>', 'application/xml');
        b.artifact.blob = raw;
        entry.body = `<${raw.length} bytes>`;
        return send(201, '');
      }
      if (req.method === 'GET' && !b.write && b.artifact.blob) return send(200, b.artifact.blob, 'application/zip');
      return send(405, '');
    }
    // twirp: the runtime token names the run; the request body is JSON with proto field names.
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const run = token === undefined ? undefined : this.runs.find((r) => r.tokens.includes(token));
    if (!run) return send(401, { code: 'unauthenticated', msg: 'invalid runtime token' });
    if (run.status === 'completed') return send(403, { code: 'permission_denied', msg: 'the run is completed' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return send(400, { code: 'malformed', msg: 'the json request could not be decoded' });
    }
    entry.body = body;
    if (body.workflow_run_backend_id !== run.backendId) return send(403, { code: 'permission_denied', msg: 'backend ids do not match the token' });
    const name = String(body.name ?? '');
    const svc = '/twirp/github.actions.results.api.v1.ArtifactService/';
    if (url.pathname === `${svc}CreateArtifact`) {
      if (body.version !== 4) return send(400, { code: 'invalid_argument', msg: 'version must be 4' });
      if (this.artifacts.some((a) => a.runId === run.id && a.name === name)) return send(409, { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' });
      const a: StoredArtifact = { id: this.nextArtifact++, runId: run.id, name, jobBackendId: String(body.workflow_job_run_backend_id ?? ''), finalized: false, createdAt: this.tick() };
      this.artifacts.push(a);
      const key = `up-${a.id}`;
      this.blobs.set(key, { artifact: a, sig: `w${a.id}`, write: true });
      return send(200, { ok: true, signed_upload_url: `${this.url}/blob/${key}?sig=w${a.id}&sp=cw` });
    }
    if (url.pathname === `${svc}FinalizeArtifact`) {
      const a = this.artifacts.find((x) => x.runId === run.id && x.name === name && !x.finalized);
      if (!a || !a.blob) return send(404, { code: 'not_found', msg: 'no artifact uploaded with this name' });
      if (String(body.size) !== String(a.blob.length)) return send(400, { code: 'invalid_argument', msg: 'size does not match the upload' });
      if (body.hash !== undefined && body.hash !== `sha256:${createHash('sha256').update(a.blob).digest('hex')}`) return send(400, { code: 'invalid_argument', msg: 'hash does not match the upload' });
      a.finalized = true;
      return send(200, { ok: true, artifact_id: String(a.id) });
    }
    if (url.pathname === `${svc}ListArtifacts`) {
      // The run's finished artifacts, whichever job or attempt made them; name_filter (a StringValue: a JSON string).
      const filter = body.name_filter === undefined ? undefined : String(body.name_filter);
      const list = this.artifacts.filter((a) => a.runId === run.id && a.finalized && (filter === undefined || a.name === filter));
      return send(200, {
        artifacts: list.map((a) => ({
          workflow_run_backend_id: run.backendId, workflow_job_run_backend_id: a.jobBackendId ?? '', database_id: String(a.id), name: a.name,
          size: String(a.blob?.length ?? 0), created_at: a.createdAt,
        })),
      });
    }
    if (url.pathname === `${svc}DeleteArtifact`) {
      const at = this.artifacts.findIndex((a) => a.runId === run.id && a.name === name && a.jobBackendId === body.workflow_job_run_backend_id);
      if (at < 0) return send(404, { code: 'not_found', msg: 'artifact not found' });
      const [gone] = this.artifacts.splice(at, 1);
      return send(200, { ok: true, artifact_id: String(gone.id) });
    }
    return send(404, { code: 'bad_route', msg: `no handler for path ${url.pathname}` });
  }

  private pullJson(owner: string, repo: string, pr: SeedPull): Record<string, unknown> {
    const stored = this.pullStore.find((p) => p.owner === owner && p.repo === repo && p.number === pr.number);
    const p: SeedPull = { ...pr, ...stored };
    const api = `${this.url}/repos/${owner}/${repo}`;
    const here = `${owner}/${repo}`;
    const headRepo = p.headRepository ?? here;
    const merged = p.merged_at === undefined ? '2026-11-01T12:00:00Z' : p.merged_at;
    const state = p.state ?? 'closed';
    const user = this.userJson({ login: 'octocat', id: 1, type: 'User' });
    const link = (href: string): { href: string } => ({ href });
    return {
      url: `${api}/pulls/${p.number}`,
      id: 500_000 + p.number,
      node_id: `PR_${p.number}`,
      html_url: `https://github.com/${here}/pull/${p.number}`,
      diff_url: `https://github.com/${here}/pull/${p.number}.diff`,
      patch_url: `https://github.com/${here}/pull/${p.number}.patch`,
      issue_url: `${api}/issues/${p.number}`,
      commits_url: `${api}/pulls/${p.number}/commits`,
      review_comments_url: `${api}/pulls/${p.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${p.number}/comments`,
      statuses_url: `${api}/statuses/${p.headSha ?? 'f'.repeat(40)}`,
      number: p.number,
      state,
      locked: false,
      title: p.title ?? `Pull request ${p.number}`,
      user,
      body: null,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: stored?.createdAt ?? '2026-11-01T10:00:00Z',
      updated_at: stored?.createdAt ?? '2026-11-01T10:00:00Z',
      closed_at: state === 'closed' ? (merged ?? '2026-11-01T12:00:00Z') : null,
      merged_at: merged,
      merge_commit_sha: p.merge_commit_sha ?? null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${headRepo.split('/')[0]}:${p.head ?? 'feature'}`, ref: p.head ?? 'feature', sha: p.headSha ?? 'f'.repeat(40), user, repo: this.repoJson(headRepo, true) },
      base: { label: `${owner}:${p.base ?? 'main'}`, ref: p.base ?? 'main', sha: '0'.repeat(40), user, repo: this.repoJson(here, true) },
      _links: {
        self: link(`${api}/pulls/${p.number}`), html: link(`https://github.com/${here}/pull/${p.number}`), issue: link(`${api}/issues/${p.number}`),
        comments: link(`${api}/issues/${p.number}/comments`), review_comments: link(`${api}/pulls/${p.number}/comments`),
        review_comment: link(`${api}/pulls/comments{/number}`), commits: link(`${api}/pulls/${p.number}/commits`), statuses: link(`${api}/statuses/${p.headSha ?? 'f'.repeat(40)}`),
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: false,
    };
  }
}

export async function startGitHubServer(): Promise<GitHubServer> {
  return new GitHubServer().listen();
}
