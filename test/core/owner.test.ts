/** The owner mark: which repository and target wrote an object, from the Actions run or the clone's origin. */
import { describe, expect, it } from 'vitest';
import { isOtherOwner, ownerString, parseOwner, repositoryFromEnv, repositoryOfUrl } from '../../src/core/owner.js';

describe('the owner mark', () => {
  it('names a repository the same way from every clone URL form, credentials dropped', () => {
    for (const url of ['git@github.com:acme/sf-config.git', 'https://github.com/acme/sf-config', 'https://x-access-token:ghs_canary123@github.com/acme/sf-config.git', 'ssh://git@GitHub.com:22/acme/sf-config.git/']) {
      expect(repositoryOfUrl(url), url).toBe('github.com/acme/sf-config');
    }
    expect(repositoryOfUrl('https://x-access-token:ghs_canary123@github.com/acme/sf-config')).not.toContain('canary');
    for (const url of ['/srv/git/config', 'file:///srv/git/config', 'C:\\repos\\config', '']) expect(repositoryOfUrl(url), url).toBeUndefined();
    expect(repositoryFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/sf-config' })).toBe('github.com/acme/sf-config');
    expect(repositoryFromEnv({ GITHUB_REPOSITORY: 'not a repo' })).toBeUndefined();
  });

  it('round-trips, and tells another writer apart: another target always, another repository when both are known', () => {
    const us = { repository: 'github.com/acme/sf-config', target: 'production' };
    expect(parseOwner(ownerString(us))).toEqual(us);
    expect(parseOwner('#staging')).toEqual({ target: 'staging' });
    expect(parseOwner('no-hash')).toBeUndefined();
    expect(isOtherOwner({ ...us, target: 'staging' }, us)).toBe(true);
    expect(isOtherOwner({ repository: 'github.com/other/x', target: 'production' }, us)).toBe(true);
    expect(isOtherOwner({ target: 'production' }, us)).toBe(false);
    expect(isOtherOwner(us, { target: 'production' })).toBe(false);
  });
});
