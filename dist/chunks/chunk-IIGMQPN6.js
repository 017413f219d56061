import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
import {
  checkValidationSecrets
} from "./chunk-WZA4P62A.js";
import {
  countBySeverity,
  kindFromPath,
  loadRepo,
  loadSingleFile,
  sortDiagnostics,
  underRepo,
  validateFiles,
  validateRepo
} from "./chunk-PO5PNBXQ.js";

// src/run/validate.ts
import { statSync } from "node:fs";
var UsageError = class extends Error {
};
var prefixed = underRepo;
function runValidate(req) {
  const diagnostics = [];
  const notices = [];
  const sources = /* @__PURE__ */ new Map();
  const repos = [];
  const singles = [];
  const paths = req.paths.length ? req.paths : ["."];
  for (const p of paths) {
    let isDir;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      diagnostics.push({ rule: "repo/not-found", severity: "error", file: p, line: 0, column: 0, message: `${p} does not exist`, hint: "Give the config repo's directory (the one holding nodepool/ or cluster.yaml), or files in it." });
      continue;
    }
    if (isDir) {
      const repo = loadRepo(p);
      const result = validateRepo(repo, { env: req.env, standalone: req.standalone });
      if (req.secrets) result.diagnostics.push(...checkValidationSecrets(result, req.secrets));
      repos.push({ path: p, result });
      for (const d of result.diagnostics) diagnostics.push({ ...d, file: prefixed(p, d.file) });
      for (const n of result.notices) notices.push(p === "." ? n : `${p}: ${n}`);
      for (const [k, v] of result.sources) sources.set(prefixed(p, k), v);
      continue;
    }
    const kind = req.kind ?? kindFromPath(p);
    if (!kind) {
      throw new UsageError(
        `cannot tell what kind of file ${p} is: give --kind (nodepool, nodepool-builder, cluster, pod-template, inventory)`
      );
    }
    const loaded = loadSingleFile(p, kind, p.replace(/\\/g, "/"));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) singles.push(loaded.file);
  }
  if (singles.length) {
    const result = validateFiles(singles, { env: req.env, standalone: req.standalone });
    diagnostics.push(...result.diagnostics);
    for (const [k, v] of result.sources) sources.set(k, v);
  }
  sortDiagnostics(diagnostics);
  const { errors, warnings } = countBySeverity(diagnostics);
  return { diagnostics, notices, sources, errors, warnings, repos, files: [...sources.keys()].sort() };
}

export {
  UsageError,
  runValidate
};
