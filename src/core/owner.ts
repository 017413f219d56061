/** Who wrote an object pool-reconciler manages: a repository and a target. Pure. */

/**
 * Which repository and target wrote an object (the pod-template ConfigMaps it creates) or the state:
 * `<repository>#<target>`, e.g. `github.com/acme/sf-config#production`. The managed-by label says only "some
 * pool-reconciler": two repos, or two targets, may share a namespace, and neither may delete what the other created.
 */
export const OWNER_ANNOTATION = 'pool-reconciler/owner';

export interface Owner {
  /** `host/owner/name` (GITHUB_SERVER_URL and GITHUB_REPOSITORY, or the clone's origin); undefined when not known. */
  repository?: string;
  /** The target (`default` for a repo without targets). */
  target: string;
}

export function ownerString(o: Owner): string {
  return `${o.repository ?? ''}#${o.target}`;
}

export function parseOwner(s: string | undefined): Owner | undefined {
  if (!s) return undefined;
  const i = s.lastIndexOf('#');
  if (i < 0 || i === s.length - 1) return undefined;
  return { ...(i > 0 ? { repository: s.slice(0, i) } : {}), target: s.slice(i + 1) };
}

/** Whether `mark` names another writer than `us`: another target, or another repository when both are known. */
export function isOtherOwner(mark: Owner, us: Owner): boolean {
  return mark.target !== us.target || (mark.repository !== undefined && us.repository !== undefined && mark.repository !== us.repository);
}

/** `github.com/acme/sf-config (target production)`, for messages. */
export function ownerText(o: Owner): string {
  return `${o.repository ?? 'an unknown repository'} (target ${o.target})`;
}

/**
 * A clone URL as `host/owner/name`, whatever the form (`https://host/o/n.git`, `git@host:o/n.git`,
 * `ssh://git@host:22/o/n`): credentials, port, `.git` and case of the host dropped. Undefined for anything else.
 */
export function repositoryOfUrl(url: string): string | undefined {
  const u = url.trim();
  // scp-like `user@host:path` (or `host.name:path`); `C:` or `https:` are not hosts.
  const scp = /^(?:([^@/\s]+)@)?([A-Za-z0-9.-]+):(?!\/\/)(\S+?)(?:\.git)?\/?$/.exec(u);
  if (scp && (scp[1] !== undefined || scp[2].includes('.'))) return `${scp[2].toLowerCase()}/${scp[3]}`;
  try {
    const p = new URL(u);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(p.protocol) || !p.hostname) return undefined;
    const rest = p.pathname.replace(/^\/+/, '').replace(/\.git\/?$/, '').replace(/\/+$/, '');
    return rest ? `${p.hostname.toLowerCase()}/${rest}` : undefined;
  } catch {
    return undefined;
  }
}

/** The repository a GitHub Actions run is for: `host/owner/name` from GITHUB_SERVER_URL and GITHUB_REPOSITORY. */
export function repositoryFromEnv(env: Record<string, string | undefined>): string | undefined {
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return undefined;
  return repositoryOfUrl(`${env.GITHUB_SERVER_URL || 'https://github.com'}/${repo}`);
}
