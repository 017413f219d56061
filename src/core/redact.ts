/**
 * Secrets in and out of a run.
 *
 * - `maskSecrets` registers every secret input with the runner at once (`core.setSecret`), the whole value and each
 *   of its trimmed lines, as the runner itself does for secret variables: a kubeconfig or clouds.yaml is multi-line,
 *   and a single line of it (a token, a password) can appear alone in a log.
 * - The value of a credential key inside a secret (`password: …`, `token: …`, `aws_secret_access_key = …`) is a secret
 *   of its own: a server or a tool echoes the bare password or token, not the line it sits on.
 * - `Redactor` is for text that the runner never sees: `core.setSecret` only scrubs the runner's own output, never a
 *   pull-request comment posted through the API. Every comment body, summary and output goes through `redact`.
 *
 * Pure: no I/O; `setSecret` is passed in.
 */

/** The replacement for every secret occurrence, as in runner logs. */
export const REDACTED = '***';

/** Lines of a multi-line secret shorter than this are not redacted on their own (`{`, `---`, `- a` would match everywhere). */
export const MIN_LINE_LENGTH = 4;

/** Credential values shorter than this are not redacted on their own (`token: ""`, `password: x`). */
export const MIN_CREDENTIAL_LENGTH = 6;

/** Shifted base64 forms are only used when at least this many characters are fully determined by the secret. */
const MIN_SHIFTED_BASE64_LENGTH = 8;

/**
 * A line of a multi-line secret that is only its structure and carries nothing secret: a bare key (`clusters:`,
 * `- auth:`), an INI section (`[default]`), a document marker. Redacting those would mangle ordinary text (a
 * message that says "cluster:" would lose the word), so the redactor leaves them alone.
 */
export function isStructuralLine(line: string): boolean {
  const t = line.trim();
  return /^(?:-\s+)?["']?[A-Za-z0-9_.-]+["']?\s*:\s*(?:[|>][-+]?\d*)?$/.test(t) || /^\[[^\]]*\]$/.test(t) || /^(?:---|\.\.\.)$/.test(t);
}

/** The distinct non-empty trimmed lines of a value (a single-line value gives itself, trimmed). */
export function secretLines(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line && !out.includes(line)) out.push(line);
  }
  return out;
}

/**
 * A key, in a YAML, JSON, INI or `key=value` secret, whose value is a credential: passwords, tokens, secrets, keys, key
 * and certificate data, credentials (`password`, `token`, `id-token`, `client-key-data`, `aws_secret_access_key`,
 * `aws_access_key_id`, `application_credential_secret`, ...).
 */
const CREDENTIAL_KEY = /pass(?:word|wd|phrase)?|secret|token|key|credential|cert(?:ificate)?[-_]?data/i;

/** ... unless it names something (`key-name`, `token-file`, `secret-path`): names and paths are not credentials. */
const NOT_CREDENTIAL_KEY = /(?:name|file|path|url|uri)$/i;

/**
 * `key: value`, `key = value`, `key=value`, in block or flow style, quoted or not; the key possibly quoted (JSON).
 * Group 1: the key; 2, 3, 4: the value double-quoted, single-quoted, plain.
 */
const KEY_VALUE = /(?:^|[\s{,[])["']?([A-Za-z0-9_.-]+)["']?[ \t]*(?::[ \t]*|=[ \t]*)(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s,{}[\]#'"][^\s,}\]#]*))/gm;

/**
 * The values of credential keys inside a secret (a clouds.yaml's password, a kubeconfig's token, an aws.config's
 * keys), each at least MIN_CREDENTIAL_LENGTH characters; a plain value's trailing `:`, `;` or `,` is also tried
 * without it. Works on text that does not parse, too: a secret with a YAML error still has its password.
 */
export function credentialValues(secret: string): string[] {
  const out = new Set<string>();
  for (const m of secret.matchAll(KEY_VALUE)) {
    if (!CREDENTIAL_KEY.test(m[1]) || NOT_CREDENTIAL_KEY.test(m[1])) continue;
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? m[4] ?? '');
    for (const v of [value, value.replace(/[:;,]+$/, '')]) if (v.trim().length >= MIN_CREDENTIAL_LENGTH) out.add(v.trim());
  }
  return [...out];
}

/**
 * Register each value with `setSecret`: the whole value (when it is not blank), then each distinct non-empty trimmed
 * line of a multi-line value, then the credential values inside it (`credentialValues`). Returns how many masks were
 * registered. `undefined` and blank values are skipped, so
 * the caller can pass every secret input whether it was given or not.
 */
export function maskSecrets(values: Iterable<string | undefined | null>, setSecret: (secret: string) => void): number {
  const done = new Set<string>();
  const register = (s: string): void => {
    if (done.has(s)) return;
    done.add(s);
    setSecret(s);
  };
  for (const value of values) {
    if (value == null || value.trim() === '') continue;
    register(value);
    const lines = secretLines(value);
    if (!(lines.length === 1 && lines[0] === value)) for (const line of lines) register(line);
    for (const credential of credentialValues(value)) register(credential);
  }
  return done.size;
}

/**
 * The base64 characters of `bytes` that are fully determined by `bytes` when they sit `shift` bytes (0, 1 or 2) into
 * a longer encoded stream. With shift 0 the final partial group is dropped too, since what follows changes it.
 */
function base64Core(bytes: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
  const totalBits = 8 * (shift + bytes.length);
  const first = Math.ceil((8 * shift) / 6);
  const end = Math.floor(totalBits / 6); // characters [first, end) cover only the secret's bits
  return encoded.slice(first, end);
}

/**
 * The forms of one secret string that the redactor looks for: itself, its JSON string escape (how it looks inside a
 * JSON output such as `plan`), and its base64 encodings: padded and unpadded, plus the three alignments it can have
 * inside a longer base64 blob (for example a base64-encoded kubeconfig that contains a token).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.add(json);
  const bytes = Buffer.from(value, 'utf8');
  const padded = bytes.toString('base64');
  forms.add(padded);
  forms.add(padded.replace(/=+$/, ''));
  for (const shift of [0, 1, 2]) {
    const core = base64Core(bytes, shift);
    if (core.length >= MIN_SHIFTED_BASE64_LENGTH) forms.add(core);
  }
  return [...forms].filter((f) => f.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces secrets in text with `***`. For each secret added: the whole value (any non-blank length), each of its
 * trimmed lines of at least MIN_LINE_LENGTH characters, each credential value inside it (`credentialValues`), and
 * the JSON-escaped and base64 forms of all of these. Longer
 * patterns win where they overlap, so a whole value is replaced as one `***`, not line by line.
 */
export class Redactor {
  private readonly patterns = new Set<string>();
  private compiled: RegExp | undefined;

  constructor(secrets: Iterable<string | undefined | null> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Add a secret; blank and missing values are ignored. Returns this, for chaining. */
  add(secret: string | undefined | null): this {
    if (secret == null || secret.trim() === '') return this;
    const before = this.patterns.size;
    for (const form of secretForms(secret)) this.patterns.add(form);
    const lines = secretLines(secret);
    if (!(lines.length === 1 && lines[0] === secret)) {
      for (const line of lines) {
        if (line.length < MIN_LINE_LENGTH || isStructuralLine(line)) continue;
        for (const form of secretForms(line)) if (form.length >= MIN_LINE_LENGTH) this.patterns.add(form);
      }
    }
    for (const credential of credentialValues(secret)) {
      for (const form of secretForms(credential)) if (form.length >= MIN_LINE_LENGTH) this.patterns.add(form);
    }
    if (this.patterns.size !== before) this.compiled = undefined;
    return this;
  }

  /** How many distinct patterns are searched for (for tests and diagnostics). */
  get size(): number {
    return this.patterns.size;
  }

  /** Text with every occurrence of every secret form replaced by `***`. */
  redact(text: string): string {
    if (this.patterns.size === 0 || text === '') return text;
    if (!this.compiled) {
      const sorted = [...this.patterns].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
      this.compiled = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    }
    return text.replace(this.compiled, REDACTED);
  }

  /** Whether `text` contains any secret form (what a test or a last check before posting wants to know). */
  contains(text: string): boolean {
    return this.redact(text) !== text;
  }
}
