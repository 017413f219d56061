/**
 * The action run from its TypeScript source by `@github/local-action` (`npm run local-action`), as a developer would
 * run it: inputs and the event from a `.env` file, a full plan against the sandbox Kubernetes API server and the
 * loopback GitHub. local-action swaps `@actions/core` and `@actions/github` for its own stubs and runs
 * `src/entry/action.ts` through tsx, so this checks that the source (not only dist/) works with them.
 *
 * Two things about local-action 7.0.1 the test relies on:
 * - Its github stub reads GITHUB_API_URL when it is imported, before the `.env` file is loaded, so the URL of the
 *   loopback GitHub goes in the child's environment, not in the `.env` file.
 * - Its `core.setFailed` stub does not set the exit status: a run that fails still exits 0, so the test also
 *   checks that no `::error` line was printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { REPO_ROOT } from '../support/shared.js';
import { ACTIONS_BOT, startGitHubServer } from '../support/github-server.js';
import type { GitHubServer } from '../support/github-server.js';
import { pullRequestEvent } from '../support/run-action.js';
import { CANARY, CANARY_B64, CLOUDS_YAML } from '../support/plan-helpers.js';

const PULL = 7;

let gh: GitHubServer;
let sandbox: Sandbox;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pool-reconciler-local-action-'));

beforeAll(async () => {
  [gh, sandbox] = await Promise.all([startGitHubServer(), startSandbox(path.join(REPO_ROOT, 'examples', 'config-repo'))]);
  gh.addToken({ token: 'actions-token', user: ACTIONS_BOT, installation: true });
});

afterAll(async () => {
  await Promise.all([gh?.close(), sandbox?.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * One `KEY=value` line (or several, for a multi-line value) as local-action's dotenv 17 reads it: a quoted value may
 * span lines and is taken as is, except that a double-quoted one has `\n` and `\r` expanded. So quote with a
 * character the value does not contain, preferring single quotes.
 */
function dotenvLine(key: string, value: string): string {
  if (/\r/.test(value)) throw new Error(`${key}: dotenv turns \\r\\n into \\n; a value with CR cannot round-trip`);
  const quote = ["'", '`', '"'].find((q) => !value.includes(q) && !value.endsWith('\\') && (q !== '"' || !/\\[nr]/.test(value)));
  if (!quote) throw new Error(`${key}: no dotenv quoting keeps this value as it is`);
  return `${key}=${quote}${value}${quote}`;
}

interface LocalRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `npx local-action run . src/entry/action.ts <env file>`, asynchronously: the loopback servers live in this process. */
function localAction(envFile: string, githubApiUrl: string): Promise<LocalRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    // Only the shell environment reaches the github stub's default base URL (see above).
    GITHUB_API_URL: githubApiUrl,
    // npx and local-action's own `npm exec tsx` must not reach for the registry.
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['local-action', 'run', '.', 'src/entry/action.ts', envFile], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 55_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('@github/local-action', () => {
  it('runs the action from its TypeScript source: a plan on a pull request, the comment, and no secret anywhere', async () => {
    const files = { env: path.join(tmp, '.env'), event: path.join(tmp, 'event.json'), summary: path.join(tmp, 'summary.md') };
    writeFileSync(files.event, JSON.stringify(pullRequestEvent(PULL)));
    writeFileSync(files.summary, '');
    const vars: Record<string, string> = {
      'INPUT_CONFIG-PATH': 'examples/config-repo',
      INPUT_TARGET: 'production',
      'INPUT_GITHUB-TOKEN': 'actions-token',
      INPUT_KUBECONFIG: sandbox.kubeconfig,
      'INPUT_CLOUDS-YAML': CLOUDS_YAML,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: 'acme/ci-config',
      GITHUB_SHA: 'def456',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      ACTIONS_STEP_DEBUG: 'false',
      GITHUB_STEP_SUMMARY: files.summary,
    };
    writeFileSync(files.env, Object.entries(vars).map(([k, v]) => dotenvLine(k, v)).join('\n') + '\n');

    const r = await localAction(files.env, gh.url);
    console.info(`local-action: ${(r.ms / 1000).toFixed(1)} s from spawn to exit`);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Running Action');
    expect(out, 'the action failed (local-action exits 0 anyway)').not.toMatch(/^::error/m);
    expect(out).toMatch(/^::info::pool-reconciler: plan \(/m);

    // The plan was made: the outputs as the stub printed them, and in local-action's closing table.
    const output = (name: string) => new RegExp(`^::set-output name=${name}::(.*)$`, 'm').exec(out)?.[1];
    expect(output('mode')).toBe('plan');
    expect(output('errors')).toBe('0');
    expect(Number(output('changes'))).toBeGreaterThan(0);
    const hash = output('plan-hash')!;
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const table = out.slice(out.lastIndexOf('Action Outputs'));
    expect(table).toMatch(new RegExp(`'plan-hash'\\s*│\\s*'${hash}'`));
    expect(table).toMatch(/'changes'\s*│\s*'[1-9]\d*'/);

    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toContain('nodepool-providers-secrets');

    // One comment on the pull request, its first line the header with the plan's hash.
    const comments = gh.comments('acme', 'ci-config', PULL);
    expect(comments).toHaveLength(1);
    const [first] = comments[0].body.split('\n');
    const header = /^<!-- pool-reconciler (\{.*\}) -->$/.exec(first);
    expect(header, first).not.toBeNull();
    expect(JSON.parse(header![1])).toMatchObject({ v: 1, target: 'production', mode: 'plan', commit: 'abc123', planHash: hash });
    expect(output('comment-url')).toBe(`https://github.com/acme/ci-config/pull/${PULL}#issuecomment-${comments[0].id}`);

    for (const text of [out, r.stderr, summary, comments[0].body]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(CANARY_B64);
      expect(text).not.toContain(sandbox.server.token);
    }
  }, 60_000);
});
