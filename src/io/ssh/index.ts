/** Image-builder SSH check: public API. */
export {
  checkImageBuilders,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KNOWN_HOSTS_PATH,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER,
  HOSTNAME_COMMAND,
  PYTHON_COMMAND,
} from './check.js';
export type { SshCheckOptions } from './check.js';
export { derivePublicKey, parseBuilderKey, SshKeyError } from './keys.js';
export type { BuilderKey, SshKeyErrorCode } from './keys.js';
export {
  fingerprintSha256,
  formatKnownHostsLine,
  hashKnownHostsName,
  knownHostsName,
  parseKnownHosts,
  verifyHostKey,
} from '../../config/known-hosts.js';
export type { HostKeyVerdict, KnownHostEntry, KnownHosts, KnownHostsProblem } from '../../config/known-hosts.js';
export { renderSshTable } from '../../report/ssh.js';
export type { RenderSshOptions, SshTableFormat } from '../../report/ssh.js';
export type * from '../../core/ssh-types.js';
