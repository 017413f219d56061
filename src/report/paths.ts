/**
 * Where a finding's file is, for reports that GitHub maps onto the repository (SARIF for code scanning, workflow
 * command annotations): a path relative to the repository root with forward slashes, or, for a file outside it, its
 * absolute path. Pure string work: nothing here reads the file system or the current directory.
 */

export type RepoPath = { relative: string } | { absolute: string };

const DRIVE = /^[A-Za-z]:\//;

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || DRIVE.test(p);
}

/** Forward slashes, no `.` segments, `..` folded where it can be, no trailing slash. */
export function normalizeSlashes(p: string): string {
  const forward = p.replace(/\\/g, '/');
  const abs = isAbsolute(forward);
  const drive = DRIVE.test(forward) ? forward.slice(0, 2) : '';
  const rest = drive ? forward.slice(2) : forward;
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && abs) continue;
    else out.push(seg);
  }
  const joined = out.join('/');
  if (!abs) return joined || '.';
  return `${drive}/${joined}`;
}

function samePrefix(root: string, file: string): boolean {
  // Windows drive letters compare without case.
  if (DRIVE.test(root) && DRIVE.test(file)) {
    return root.slice(0, 1).toLowerCase() === file.slice(0, 1).toLowerCase() && file.slice(1).startsWith(root.slice(1));
  }
  return file.startsWith(root);
}

/**
 * `file` relative to `repoRoot`. An absolute `file` under an absolute `repoRoot` becomes relative; an absolute file
 * elsewhere stays absolute. A relative `file` is taken as already relative to the root.
 */
export function repoPath(file: string, repoRoot?: string): RepoPath {
  const f = normalizeSlashes(file);
  if (!isAbsolute(f)) return { relative: f };
  if (repoRoot !== undefined) {
    const root = normalizeSlashes(repoRoot);
    if (isAbsolute(root)) {
      const prefix = root.endsWith('/') ? root : root + '/';
      if (samePrefix(prefix, f)) return { relative: f.slice(prefix.length) || '.' };
    }
  }
  return { absolute: f };
}
