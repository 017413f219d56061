/**
 * node:crypto loaded on first use instead of with the modules that name it (hashed known_hosts names, key
 * fingerprints, SARIF's fingerprints): loading it costs `validate` about 4 ms of its start-up, and a repo without hashed
 * known_hosts entries never needs it. Node caches a built-in once loaded, so a second call costs nothing.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const crypto = (): typeof import('node:crypto') => load('node:crypto') as typeof import('node:crypto');
