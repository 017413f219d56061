import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);

// src/io/git.ts
import { execFileSync, spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import path from "node:path";
function git(dir, args) {
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LC_ALL: "C", GIT_TERMINAL_PROMPT: "0" };
  const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? "" };
}
function configRepoCommit(dir, options = {}) {
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return { ok: false, reason: `${dir} is not a git repository, so it has no commit for generate-config.sh: give --commit` };
  let real;
  let realTop;
  try {
    real = realpathSync(path.resolve(dir));
    realTop = realpathSync(top.out.trim());
  } catch {
    return { ok: false, reason: `${dir}: its git repository could not be found: give --commit` };
  }
  if (real !== realTop) {
    return {
      ok: false,
      reason: `${dir} is not the root of its own git repository (it is inside the one at ${realTop}, whose HEAD is not the config repo's commit): give --commit`
    };
  }
  const head = git(dir, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  if (!head.ok || !/^[0-9a-f]{40,64}$/.test(head.out.trim())) return { ok: false, reason: `${dir} has no commit yet: commit the config, or give --commit` };
  if (options.requireClean) {
    const status = git(dir, ["status", "--porcelain", "--untracked-files=normal"]);
    if (!status.ok || status.out.trim() !== "") {
      return { ok: false, reason: `${dir} has uncommitted changes: apply applies a commit; commit them (or give --commit to name the commit yourself)` };
    }
  }
  return { ok: true, commit: head.out.trim() };
}
function isCommitId(ref) {
  return /^[0-9a-f]{7,64}$/.test(ref);
}
function fileAtCommit(dir, commit, relPath) {
  if (!isCommitId(commit) || relPath.split("/").includes("..") || relPath.startsWith("/")) return void 0;
  const r = git(dir, ["show", "--no-textconv", `${commit}:${relPath}`]);
  return r.ok ? r.out : void 0;
}
function hasCommit(dir, commit) {
  return isCommitId(commit) && git(dir, ["cat-file", "-e", `${commit}^{commit}`]).ok;
}
function pathInRepo(dir) {
  const r = git(dir, ["rev-parse", "--show-prefix"]);
  return r.ok ? r.out.trim().replace(/\/$/, "") : void 0;
}
function fetchCommit(dir, commit) {
  if (!isCommitId(commit)) return false;
  if (hasCommit(dir, commit)) return true;
  git(dir, ["fetch", "--no-tags", "--quiet", "--depth=1", "origin", commit]);
  return hasCommit(dir, commit);
}
var GitError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "GitError";
  }
};
function gitOrThrow(root, args) {
  try {
    return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = String(err.stderr ?? "").split("\n")[0].trim();
    throw new GitError(stderr || (err instanceof Error ? err.message.split("\n")[0] : String(err)));
  }
}
function nodepoolFilesAt(root, ref, settings) {
  if (!/^[\w./@^~-]+$/.test(ref) || ref.startsWith("-")) throw new GitError(`${JSON.stringify(ref)} is not a git ref`);
  let commit;
  try {
    commit = gitOrThrow(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`the commit ${JSON.stringify(ref)} is not in the checkout (a shallow clone? check out with fetch-depth: 0, or fetch the base branch)`);
  }
  const dirs = [settings.paths.nodepool, settings.paths.nodepoolBuilder, settings.paths.dibAnsible];
  const listed = gitOrThrow(root, ["ls-tree", "-r", "--name-only", commit, "--", ...dirs.map((d) => `./${d}`)]).split("\n").filter((l) => l);
  const files = [];
  const p = settings.paths;
  for (const path2 of listed) {
    const semantic = path2 === p.nodepool || path2 === p.nodepoolBuilder;
    const other = path2 === p.inventory || path2.startsWith(`${p.dibAnsible}/`) && !path2.slice(p.dibAnsible.length + 1).includes("/") && /\.ya?ml$/.test(path2);
    if (!semantic && !other) continue;
    files.push({ path: path2, text: gitOrThrow(root, ["show", `${commit}:./${path2}`]), semantic });
  }
  return { commit, files };
}

export {
  configRepoCommit,
  fileAtCommit,
  pathInRepo,
  fetchCommit,
  GitError,
  nodepoolFilesAt
};
