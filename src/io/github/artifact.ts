/**
 * The reviewed plan as a workflow artifact (GitHub Actions artifacts v4): the plan run uploads its plan JSON; apply
 * downloads the artifact of the merged pull request's newest successful plan run, which it finds through the API
 * (findPlanRun): the plan workflow's, on `pull_request`, at the pull request's head commit, from its head branch.
 *
 * Why an artifact: a comment can be written and edited by any workflow of the repository that has the token, so a
 * hash in it proves nothing. An artifact is uploaded with the run's own runtime token (ACTIONS_RUNTIME_TOKEN, given
 * only to that run's jobs) and belongs to that run; the run's workflow file, event, commit and conclusion are
 * GitHub's record, not ours.
 *
 * Upload: the Results API that @actions/artifact uses (twirp JSON at ACTIONS_RESULTS_URL: CreateArtifact, then the
 * zip PUT to the signed URL as an Azure block blob, then FinalizeArtifact with its size and sha256). Download: the
 * REST API through Octokit (`GET …/actions/runs/{id}/artifacts?name=`, then `…/artifacts/{id}/zip`, a redirect to
 * the zip). The zip holds one stored (uncompressed) file; reading also takes deflate.
 */
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Octokit, RepoRef, RetryOptions, WorkflowRunInfo } from './api.js';
import { listPullRequestsFromHead, listWorkflowRuns, withRetry } from './api.js';

/** The file inside the artifact. */
export const PLAN_FILE = 'plan.json';

/** The artifact's name for a target: one per run and target. */
export function planArtifactName(target: string): string {
  return `pool-reconciler-plan-${target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}`;
}

/** The file inside a section artifact. */
export const SECTION_FILE = 'section.json';

/**
 * The artifact holding a target's part of the combined pull-request comment (report/comment.ts, TargetSection): one
 * per run and target, gathered by the comment job of the same run.
 */
export function sectionArtifactName(target: string): string {
  return `pool-reconciler-section-${target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}`;
}

export class ArtifactError extends Error {
  /** `status`: the artifact service's HTTP status, when it answered. */
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ArtifactError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Zip (one file).

/** A zip holding one file, stored. */
export function zipOne(name: string, content: Buffer): Buffer {
  const nameBuf = Buffer.from(name, 'utf8');
  const crc = crc32(content) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(0, 10); // time, date
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42); // offset of the local header
  const cdOffset = 30 + nameBuf.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBuf.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, content, central, nameBuf, end]);
}

/** The files of a zip (stored or deflated), by the central directory; at most `maxBytes` uncompressed each. */
export function unzip(zip: Buffer, maxBytes = 16 * 1024 * 1024): Map<string, Buffer> {
  const bad = (why: string): ArtifactError => new ArtifactError(`the artifact is not a zip this tool can read: ${why}`);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw bad('a broken central directory');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const csize = zip.readUInt32LE(at + 20);
    const usize = zip.readUInt32LE(at + 24);
    const nlen = zip.readUInt16LE(at + 28);
    const xlen = zip.readUInt16LE(at + 30);
    const clen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nlen).toString('utf8');
    at += 46 + nlen + xlen + clen;
    if (usize > maxBytes) throw bad(`${name} is larger than ${maxBytes} bytes`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw bad('a broken local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + csize);
    const content = method === 0 ? Buffer.from(data) : method === 8 ? inflateRawSync(data, { maxOutputLength: maxBytes }) : undefined;
    if (!content) throw bad(`${name} uses compression method ${method}`);
    if ((crc32(content) >>> 0) !== crc) throw bad(`${name} fails its CRC check`);
    out.set(name, content);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Upload (the plan run).

export interface RuntimeEnv {
  ACTIONS_RUNTIME_TOKEN?: string;
  ACTIONS_RESULTS_URL?: string;
}

/** The run's and the job's backend ids, from the runtime token's `scp` claim (`Actions.Results:<run>:<job>`). */
export function backendIds(token: string): { run: string; job: string } {
  const payload = token.split('.')[1];
  let claims: { scp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { scp?: unknown };
  } catch {
    throw new ArtifactError('ACTIONS_RUNTIME_TOKEN is not a token this tool can read');
  }
  const scope = String(claims.scp ?? '').split(' ').find((s) => s.startsWith('Actions.Results:'));
  const parts = scope?.split(':');
  if (!parts || parts.length !== 3 || !parts[1] || !parts[2]) throw new ArtifactError('ACTIONS_RUNTIME_TOKEN names no workflow run (no Actions.Results scope)');
  return { run: parts[1], job: parts[2] };
}

async function twirp(base: string, token: string, method: string, body: object): Promise<Record<string, unknown>> {
  const url = `${base.replace(/\/+$/, '')}/twirp/github.actions.results.api.v1.ArtifactService/${method}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': 'pool-reconciler' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: said below */
  }
  if (!res.ok || data.ok === false) {
    const msg = typeof data.msg === 'string' ? data.msg : `HTTP ${res.status}`;
    throw new ArtifactError(`the artifact service refused ${method}: ${msg.slice(0, 300)}`, res.status);
  }
  return data;
}

type ArtifactRef = { workflow_run_backend_id: string; workflow_job_run_backend_id: string; name: string };

/**
 * CreateArtifact; when the run already has an artifact of that name (409: an earlier attempt of this job, before
 * "Re-run jobs"), that artifact is deleted and the artifact created again, as upload-artifact's `overwrite: true`
 * does: a v4 artifact cannot be changed, and the re-run's plan is the one its comment shows.
 */
async function createArtifact(base: string, token: string, ref: ArtifactRef): Promise<Record<string, unknown>> {
  try {
    return await twirp(base, token, 'CreateArtifact', { ...ref, version: 4 });
  } catch (err) {
    if (!(err instanceof ArtifactError) || err.status !== 409) throw err;
  }
  const listed = await twirp(base, token, 'ListArtifacts', { workflow_run_backend_id: ref.workflow_run_backend_id, workflow_job_run_backend_id: ref.workflow_job_run_backend_id, name_filter: ref.name });
  const same = (Array.isArray(listed.artifacts) ? listed.artifacts as Array<Record<string, unknown>> : [])
    .filter((a) => a.name === ref.name)
    .sort((a, b) => Number(b.database_id) - Number(a.database_id));
  if (same.length === 0) throw new ArtifactError(`the run already has an artifact ${ref.name} that could not be replaced (it is not listed: an upload of it that never finished)`);
  for (const a of same) {
    await twirp(base, token, 'DeleteArtifact', { workflow_run_backend_id: String(a.workflow_run_backend_id), workflow_job_run_backend_id: String(a.workflow_job_run_backend_id), name: ref.name });
  }
  return twirp(base, token, 'CreateArtifact', { ...ref, version: 4 });
}

/** Upload `content` as the artifact `name` of this run (one file, `file`: default PLAN_FILE). Returns the artifact's id. */
export async function uploadArtifact(env: RuntimeEnv, name: string, content: string, file = PLAN_FILE): Promise<string> {
  const token = env.ACTIONS_RUNTIME_TOKEN;
  const base = env.ACTIONS_RESULTS_URL;
  if (!token || !base) throw new ArtifactError('this run has no ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL (it is not a GitHub Actions run)');
  const ids = backendIds(token);
  const zip = zipOne(file, Buffer.from(content, 'utf8'));
  const ref = { workflow_run_backend_id: ids.run, workflow_job_run_backend_id: ids.job, name };
  const created = await createArtifact(base, token, ref);
  const uploadUrl = String(created.signed_upload_url ?? '');
  if (!/^https?:\/\//.test(uploadUrl)) throw new ArtifactError('the artifact service gave no upload URL');
  const put = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/zip', 'content-length': String(zip.length) },
    body: zip,
    signal: AbortSignal.timeout(120_000),
  });
  if (!put.ok) throw new ArtifactError(`the artifact upload was refused (HTTP ${put.status})`);
  const done = await twirp(base, token, 'FinalizeArtifact', { ...ref, size: String(zip.length), hash: `sha256:${createHash('sha256').update(zip).digest('hex')}` });
  return String(done.artifact_id ?? '');
}

// ---------------------------------------------------------------------------------------------------------------
// Download (apply): the run checked, then its artifact.

/** The merged pull request whose plan run apply looks for. */
export interface PlanRunPull {
  number: number;
  /** Its last head commit: what was planned in review. */
  headSha: string;
  /** Its head branch. */
  headRef: string;
  /** The branch it was merged into. */
  baseRef: string;
  /** The repository of its head branch (`owner/name`), when known. */
  headRepository?: string;
}

export interface PlanRunSearch {
  /** The plan workflow's file, `.github/workflows/<file>`. */
  workflowPath: string;
  /** The branch being applied (the push's). */
  branch: string;
  pull: PlanRunPull;
}

export type PlanRunFound = { runId: number } | { refused: string };

/** `.github/workflows/x.yml` from a workflow ref or path (`owner/repo/.github/workflows/x.yml@refs/heads/main`). */
export function workflowFile(refOrPath: string): string {
  const noRef = refOrPath.replace(/@.*$/, '');
  const i = noRef.indexOf('.github/workflows/');
  return i >= 0 ? noRef.slice(i) : noRef;
}

const short = (sha: string | undefined): string => String(sha).slice(0, 12);

/**
 * Why a run cannot be one of the merged pull request's plan runs, or undefined when it is: a run of the plan workflow
 * in this repository, on `pull_request`, completed with success, at the pull request's head commit, from its head
 * branch in this repository; and when `pull_requests` lists the pull request, with the applied branch as its base.
 */
export function planRunMismatch(run: WorkflowRunInfo, ref: RepoRef, search: PlanRunSearch): string | undefined {
  const here = `${ref.owner}/${ref.repo}`.toLowerCase();
  const { pull } = search;
  const problems: string[] = [];
  if (run.repository?.full_name !== undefined && run.repository.full_name.toLowerCase() !== here) problems.push('it is a run of another repository');
  if (workflowFile(String(run.path ?? '')) !== workflowFile(search.workflowPath)) problems.push(`it is a run of ${workflowFile(String(run.path ?? 'an unknown workflow'))}, not of the plan workflow ${workflowFile(search.workflowPath)}`);
  if (run.event !== 'pull_request') problems.push(`it ran on ${String(run.event)}, not on pull_request`);
  if (run.head_sha !== pull.headSha) problems.push(`it ran at ${short(run.head_sha)}, not at the pull request's head ${short(pull.headSha)}`);
  if (run.status !== 'completed' || run.conclusion !== 'success') problems.push(`it did not succeed (${String(run.status)}, ${String(run.conclusion)})`);
  if ((run.head_repository?.full_name ?? '').toLowerCase() !== here) problems.push(`its head is in ${String(run.head_repository?.full_name ?? 'an unknown repository')}, not in ${ref.owner}/${ref.repo}`);
  if (run.head_branch !== pull.headRef) problems.push(`it ran for branch ${String(run.head_branch)}, not for the pull request's head branch ${pull.headRef}`);
  const listed = (run.pull_requests ?? []).find((p) => p.number === pull.number);
  if (listed && listed.base?.ref !== search.branch) problems.push(`GitHub lists it for pull request #${pull.number} into ${String(listed.base?.ref)}, not into ${search.branch}`);
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * The newest successful plan run of the merged pull request, from GitHub's API (never from an id in a comment, which
 * any workflow with the token can edit).
 *
 * A run does not say which pull request started it: its `pull_requests` lists the pull requests *open now* whose head
 * matches (GitHub's OpenAPI description), so once merged, a pull request is no longer listed. What binds a run to
 * the pull request is its head branch: a `pull_request` run's `head_branch` is the head branch of the pull request
 * that started it. So apply refuses when any other pull request was ever opened from the same branch (a second pull
 * request from the same head into a branch that carries an unreviewed change: its runs would look the same), and
 * when the pull request was merged into another branch than the one applied.
 */
export async function findPlanRun(octokit: Octokit, ref: RepoRef, search: PlanRunSearch, retry: RetryOptions = {}): Promise<PlanRunFound> {
  const { pull } = search;
  if (pull.baseRef !== search.branch) {
    return { refused: `pull request #${pull.number} was merged into ${pull.baseRef}, not into ${search.branch}, the branch being applied` };
  }
  if (pull.headRepository && pull.headRepository.toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase()) {
    return { refused: `pull request #${pull.number} came from ${pull.headRepository}, a fork: its pull_request runs get no secrets and make no plan; apply this commit with the reviewed-plan input` };
  }
  const others = (await listPullRequestsFromHead(octokit, { ...ref, head: `${ref.owner}:${pull.headRef}` }, retry)).filter((p) => p.number !== pull.number);
  if (others.length) {
    const list = others.slice(0, 5).map((p) => `#${p.number} (into ${p.base.ref}, ${p.state})`).join(', ');
    return {
      refused: `pull request${others.length === 1 ? '' : 's'} ${list}${others.length > 5 ? ' and more' : ''} ${others.length === 1 ? 'was' : 'were'} also opened from branch ${pull.headRef}: ` +
        `GitHub does not record which pull request a run was for, so the plan runs of #${pull.number} cannot be told from theirs. ` +
        'Apply this commit with the reviewed-plan input (the plan JSON of the reviewed run), or plan and merge the change again from a branch of its own',
    };
  }
  const file = workflowFile(search.workflowPath).split('/').pop() ?? search.workflowPath;
  const runs = await listWorkflowRuns(octokit, { ...ref, file, event: 'pull_request', headSha: pull.headSha, status: 'success' }, retry);
  const rejected: string[] = [];
  const fitting = runs.filter((r) => {
    const why = planRunMismatch(r, ref, search);
    if (why && rejected.length < 3) rejected.push(`run ${r.id}: ${why}`);
    return !why;
  });
  fitting.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id - a.id);
  const newest = fitting[0];
  if (!newest) {
    return {
      refused: `no successful run of ${workflowFile(search.workflowPath)} on pull_request at ${short(pull.headSha)} from branch ${pull.headRef} was found for pull request #${pull.number}` +
        `${rejected.length ? ` (${rejected.join('; ')})` : ''}: re-run the plan on the pull request before merging, or give apply the reviewed-plan input`,
    };
  }
  return { runId: newest.id };
}

/** The text of `ref.file` (default PLAN_FILE) in the newest artifact `name` of run `runId`; undefined when the run has none. */
export async function downloadArtifactFile(octokit: Octokit, ref: RepoRef & { runId: number; name: string; file?: string }, retry: RetryOptions = {}): Promise<string | undefined> {
  const list = await withRetry(
    'list the plan run artifacts',
    () => octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { owner: ref.owner, repo: ref.repo, run_id: ref.runId, name: ref.name, per_page: 100 }),
    retry,
  );
  const artifacts = ((list.data as { artifacts?: Array<{ id: number; name: string; expired?: boolean; created_at?: string }> }).artifacts ?? [])
    .filter((a) => a.name === ref.name && !a.expired)
    .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  const newest = artifacts[0];
  if (!newest) return undefined;
  const res = await withRetry(
    'download the plan artifact',
    () => octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', { owner: ref.owner, repo: ref.repo, artifact_id: newest.id, archive_format: 'zip' }),
    retry,
  );
  const data = res.data as unknown;
  const zip = Buffer.isBuffer(data) ? data : data instanceof ArrayBuffer ? Buffer.from(data) : typeof data === 'string' ? Buffer.from(data, 'binary') : undefined;
  if (!zip) throw new ArtifactError('the artifact download gave no zip');
  const wanted = ref.file ?? PLAN_FILE;
  const file = unzip(zip).get(wanted);
  if (!file) throw new ArtifactError(`the artifact ${ref.name} holds no ${wanted}`);
  return file.toString('utf8');
}
