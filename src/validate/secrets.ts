/**
 * The Nodepool config checked against the provider secrets, when they are given (validate, plan, apply): each
 * openstack provider's `cloud` (and `region-name`, where clouds.yaml lists regions) is in `clouds.yaml`, and each
 * kubernetes, openshift and openshiftpods provider's `context` is in `kube.config`.
 *
 * A secret never appears in a message: a secret that does not parse gets our own message from the kind of error and
 * its position (js-yaml's reasons and our YAML messages can quote the text); the only names taken from a secret are
 * a "did you mean" cloud or context name close to the one the (public) repo already names.
 */
import { makeSource } from '../config/source.js';
import { parseYaml, toJS } from '../config/yaml.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { ruleId } from '../core/rules.js';
import type { RuleName } from '../core/rules.js';
import { SECRET_KEY_INPUTS } from '../core/provider-secrets.js';
import type { SecretInputs, SecretKey } from '../core/provider-secrets.js';
import type { ValidationResult } from './index.js';
import type { NodepoolProvider } from './nodepool.js';
import { didYouMean } from '../core/suggest.js';

/** How each secret is named in diagnostics (`file`) and messages. */
const inputName = (key: SecretKey): string => `input:${SECRET_KEY_INPUTS[key]}`;

const RULE = 'secrets';

/** What a YAML problem is, said without quoting anything. */
const YAML_PROBLEM: Record<string, string> = {
  'yaml/syntax': 'a YAML syntax error',
  'yaml/too-deep': 'nesting too deep',
  'yaml/too-large': 'too many nodes once aliases are expanded',
  'yaml/undefined-alias': 'an undefined alias',
  'yaml/recursive-alias': 'a recursive alias',
  'yaml/unknown-tag': 'an unknown or unreadable tag',
  'yaml/merge': 'an invalid merge key',
  'yaml/construct': 'a value that cannot be read',
};

interface ParsedClouds {
  /** Cloud name → its regions, when clouds.yaml lists any (`regions:` or `region_name:`). */
  clouds: Map<string, string[] | undefined>;
}

interface ParsedKube {
  contexts: Set<string>;
}

export interface ParsedSecrets {
  clouds?: ParsedClouds;
  kube?: ParsedKube;
  diagnostics: Diagnostic[];
}

function fileDiag(key: SecretKey, rule: RuleName<typeof RULE>, message: string, hint: string, line = 0, column = 0): Diagnostic {
  return { rule: ruleId(RULE, rule), severity: 'error', file: inputName(key), line, column, message, hint };
}

function parseSecretYaml(key: SecretKey, text: string, diagnostics: Diagnostic[]): unknown {
  const name = inputName(key);
  const parsed = parseYaml(makeSource(name, text));
  const bad = parsed.diagnostics.find((d) => d.severity === 'error');
  if (bad) {
    const what = YAML_PROBLEM[bad.rule] ?? 'a problem';
    diagnostics.push(fileDiag(key, 'syntax',
      `the ${key} secret (${name}) does not parse: ${what} at line ${bad.line}, column ${bad.column}`,
      `Fix the ${key} secret at that line (its content is not shown, as it holds credentials).`, bad.line, bad.column));
    return undefined;
  }
  const docs = parsed.documents.filter((d) => d.root !== null);
  if (docs.length !== 1 || docs[0].root?.kind !== 'map') {
    diagnostics.push(fileDiag(key, 'not-a-mapping', `the ${key} secret (${name}) is not a single YAML mapping`,
      key === 'clouds.yaml' ? 'clouds.yaml is a mapping with a `clouds:` key.' : 'kube.config is a kubeconfig: a mapping with `clusters`, `users` and `contexts`.'));
    return undefined;
  }
  return toJS(docs[0].root);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse the secrets that can be checked (clouds.yaml, kube.config); aws.config is an INI file and is not read. */
export function parseProviderSecrets(secrets: SecretInputs): ParsedSecrets {
  const diagnostics: Diagnostic[] = [];
  const out: ParsedSecrets = { diagnostics };
  const clouds = secrets['clouds.yaml'];
  if (typeof clouds === 'string' && clouds.trim() !== '') {
    const doc = parseSecretYaml('clouds.yaml', clouds, diagnostics);
    if (isRecord(doc)) {
      if (!isRecord(doc.clouds)) {
        diagnostics.push(fileDiag('clouds.yaml', 'no-clouds', `the clouds.yaml secret (${inputName('clouds.yaml')}) has no \`clouds:\` mapping`,
          'clouds.yaml lists the clouds under a top-level `clouds:` key.'));
      } else {
        const map = new Map<string, string[] | undefined>();
        for (const [name, cloud] of Object.entries(doc.clouds)) {
          let regions: string[] | undefined;
          if (isRecord(cloud)) {
            if (Array.isArray(cloud.regions)) {
              regions = cloud.regions
                .map((r) => (typeof r === 'string' ? r : isRecord(r) && typeof r.name === 'string' ? r.name : undefined))
                .filter((r): r is string => r !== undefined);
            } else if (typeof cloud.region_name === 'string') regions = [cloud.region_name];
            if (regions && regions.length === 0) regions = undefined;
          }
          map.set(name, regions);
        }
        out.clouds = { clouds: map };
      }
    }
  }
  const kube = secrets['kube.config'];
  if (typeof kube === 'string' && kube.trim() !== '') {
    const doc = parseSecretYaml('kube.config', kube, diagnostics);
    if (isRecord(doc)) {
      const contexts = new Set<string>();
      if (Array.isArray(doc.contexts)) {
        for (const c of doc.contexts) if (isRecord(c) && typeof c.name === 'string') contexts.add(c.name);
      }
      if (contexts.size === 0) {
        diagnostics.push(fileDiag('kube.config', 'no-contexts', `the kube.config secret (${inputName('kube.config')}) defines no context`,
          'Nodepool providers name a context of kube.config: define it under `contexts:`.'));
      }
      out.kube = { contexts };
    }
  }
  return out;
}

const KUBE_DRIVERS = new Set(['kubernetes', 'openshift', 'openshiftpods']);

/**
 * Check the providers of one Nodepool file against the parsed secrets. `file` is the repo path of the providers'
 * file (a NodepoolProvider carries positions, not its file). Parse errors are not repeated here: see
 * `parseProviderSecrets` (or use `checkProviderSecrets`, which returns both).
 */
export function checkProvidersAgainst(providers: readonly NodepoolProvider[], parsed: ParsedSecrets, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of providers) {
    if (p.driver === 'openstack' && parsed.clouds && p.cloud !== undefined) {
      const pos = p.positions.cloud ?? { line: p.line, column: p.column };
      const clouds = parsed.clouds.clouds;
      if (!clouds.has(p.cloud)) {
        const dym = didYouMean(p.cloud, [...clouds.keys()]);
        out.push({
          rule: `${RULE}/unknown-cloud`, severity: 'error', file, line: pos.line, column: pos.column,
          message: `provider ${JSON.stringify(p.name)}: cloud ${JSON.stringify(p.cloud)} is not in the clouds.yaml secret (${clouds.size} cloud${clouds.size === 1 ? '' : 's'} there)`,
          hint: dym ?? 'Add the cloud to the clouds.yaml secret, or name one of its clouds in `cloud:`.',
        });
        continue;
      }
      const regions = clouds.get(p.cloud);
      if (p.regionName !== undefined && regions && !regions.includes(p.regionName)) {
        const rpos = p.positions['region-name'] ?? pos;
        const dym = didYouMean(p.regionName, regions);
        out.push({
          rule: `${RULE}/unknown-region`, severity: 'error', file, line: rpos.line, column: rpos.column,
          message: `provider ${JSON.stringify(p.name)}: region ${JSON.stringify(p.regionName)} is not a region of cloud ${JSON.stringify(p.cloud)} in the clouds.yaml secret (it lists ${regions.length})`,
          hint: dym ?? 'Use a region the cloud lists, or add it to the cloud\'s `regions:` in the clouds.yaml secret.',
        });
      }
    }
    if (KUBE_DRIVERS.has(p.driver) && parsed.kube && p.context !== undefined) {
      const contexts = parsed.kube.contexts;
      if (contexts.size > 0 && !contexts.has(p.context)) {
        const pos = p.positions.context ?? { line: p.line, column: p.column };
        const dym = didYouMean(p.context, [...contexts]);
        out.push({
          rule: `${RULE}/unknown-context`, severity: 'error', file, line: pos.line, column: pos.column,
          message: `provider ${JSON.stringify(p.name)}: context ${JSON.stringify(p.context)} is not in the kube.config secret (${contexts.size} context${contexts.size === 1 ? '' : 's'} there)`,
          hint: dym ?? 'Add the context to the kube.config secret (`sf-operator nodepool create openshiftpods-namespace` writes one named `openshiftpods`), or fix `context:`.',
        });
      }
    }
  }
  return out;
}

/** Parse the secrets and check `providers` (of `file`) against them: parse problems and missing names together. */
export function checkProviderSecrets(providers: readonly NodepoolProvider[], secrets: SecretInputs, file = 'nodepool/nodepool.yaml'): Diagnostic[] {
  const parsed = parseProviderSecrets(secrets);
  return [...parsed.diagnostics, ...checkProvidersAgainst(providers, parsed, file)];
}

/** The secrets check over a validated repo: both Nodepool files, each secret parsed once. */
export function checkValidationSecrets(result: Pick<ValidationResult, 'nodepool' | 'nodepoolBuilder'>, secrets: SecretInputs): Diagnostic[] {
  const parsed = parseProviderSecrets(secrets);
  const out = [...parsed.diagnostics];
  for (const model of [result.nodepool, result.nodepoolBuilder]) {
    if (model) out.push(...checkProvidersAgainst(model.providers, parsed, model.file));
  }
  return out;
}
