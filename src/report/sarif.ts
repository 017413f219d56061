/**
 * Diagnostics as a SARIF 2.1.0 log, for GitHub code scanning (`github/codeql-action/upload-sarif`): findings show on
 * the pull request's diff and as alerts that follow the code across commits. Pure: same input, same bytes.
 */
import { crypto } from '../core/builtins.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { ruleOf } from '../core/rules.js';
import type { RuleId } from '../core/rules.js';
import { repoPath } from './paths.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_NAME = 'pool-reconciler';
/** The key of our own entry in `partialFingerprints` (versioned: a change of the recipe gets a new key). */
export const FINGERPRINT_KEY = 'poolReconcilerFinding/v1';

export interface SarifOptions {
  toolVersion: string;
  /** The tool's home page. */
  informationUri?: string;
  /**
   * The repository root the results' paths are made relative to (their `uriBaseId` is `%SRCROOT%`). Absolute
   * diagnostic paths under it become relative; relative ones are taken as relative to it already.
   */
  repoRoot?: string;
  /** A sentence per rule id for `rules[].shortDescription`; otherwise the rule registry's title. */
  ruleDescriptions?: Record<string, string>;
  /** A page explaining a rule, for `rules[].helpUri`. */
  ruleHelpUri?: (ruleId: string) => string | undefined;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

const LEVEL_RANK: Record<SarifLevel, number> = { note: 0, warning: 1, error: 2 };

/** A URI reference for a path: each segment percent-encoded (spaces, `#`, `?`, `%` ...), slashes kept. */
function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg, i) => (i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)))
    .join('/');
}

function artifactLocation(file: string, repoRoot: string | undefined): { uri: string; uriBaseId?: string } {
  const where = repoPath(file, repoRoot);
  if ('relative' in where) return { uri: encodePath(where.relative.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
  const abs = where.absolute;
  return { uri: 'file://' + (abs.startsWith('/') ? '' : '/') + encodePath(abs) };
}

/** Positions inside a message (`line 12, column 3`, `file.yaml:12:3`) do not make a finding a new one. */
function fingerprintMessage(message: string): string {
  return message.replace(/\bline \d+, column \d+/g, 'line _, column _').replace(/:\d+:\d+\b/g, ':_:_');
}

function sha256(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}

/** The SARIF log of one run of pool-reconciler over `diagnostics` (in the order given). */
export function toSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): Record<string, unknown> {
  const levels = new Map<RuleId, SarifLevel>();
  for (const d of diagnostics) {
    const level = sarifLevel(d.severity);
    const seen = levels.get(d.rule);
    if (!seen || LEVEL_RANK[level] > LEVEL_RANK[seen]) levels.set(d.rule, level);
  }
  const ruleIds = [...levels.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const helpUri = options.ruleHelpUri?.(id);
    const area = id.includes('/') ? id.slice(0, id.indexOf('/')) : undefined;
    const rule = ruleOf(id);
    return {
      id,
      shortDescription: { text: options.ruleDescriptions?.[id] ?? rule.title },
      fullDescription: { text: rule.description },
      ...(rule.help ? { help: { text: rule.help } } : {}),
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level: levels.get(id)! },
      ...(area ? { properties: { tags: [area] } } : {}),
    };
  });

  // Identical findings (same rule, file and message) are told apart by their order in the file.
  const occurrences = new Map<string, number>();
  const results = diagnostics.map((d) => {
    const location = artifactLocation(d.file, options.repoRoot);
    const identity = `${d.rule}\u0000${location.uri}\u0000${fingerprintMessage(d.message)}`;
    const n = occurrences.get(identity) ?? 0;
    occurrences.set(identity, n + 1);
    const region =
      d.line > 0 ? { region: { startLine: d.line, ...(d.column > 0 ? { startColumn: d.column } : {}) } } : {};
    return {
      ruleId: d.rule,
      ruleIndex: ruleIndex.get(d.rule)!,
      level: sarifLevel(d.severity),
      message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
      locations: [{ physicalLocation: { artifactLocation: location, ...region } }],
      ...(d.related?.length
        ? {
            relatedLocations: d.related.map((r, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: artifactLocation(r.file, options.repoRoot), ...(r.line > 0 ? { region: { startLine: r.line, ...(r.column > 0 ? { startColumn: r.column } : {}) } } : {}) },
              message: { text: r.message },
            })),
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${sha256(identity).slice(0, 32)}:${n + 1}` },
    };
  });

  const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(options.toolVersion);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            ...(semver ? { semanticVersion: options.toolVersion } : {}),
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
