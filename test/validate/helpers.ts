/** Small helpers for the validator tests: edit a text, find where a string is, pick diagnostics. */
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostic.js';
import type { RuleId } from '../../src/core/rules.js';
import type { RepoFile } from '../../src/config/repo.js';
import type { FileKind } from '../../src/config/settings.js';
import { makeSource } from '../../src/config/source.js';

/** Replace the n-th (0-based) occurrence of `from`; fails when there is none. */
export function edit(text: string, from: string, to: string, n = 0): string {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(from, at + 1);
    expect(at, `occurrence ${n} of ${JSON.stringify(from)}`).toBeGreaterThanOrEqual(0);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line and column of the n-th occurrence of `needle`, plus `shift` characters. */
export function at(text: string, needle: string, n = 0, shift = 0): { line: number; column: number } {
  let idx = -1;
  for (let i = 0; i <= n; i++) {
    idx = text.indexOf(needle, idx + 1);
    expect(idx, `occurrence ${n} of ${JSON.stringify(needle)}`).toBeGreaterThanOrEqual(0);
  }
  idx += shift;
  const before = text.slice(0, idx);
  const line = before.split('\n').length;
  return { line, column: idx - before.lastIndexOf('\n') };
}

export function file(kind: FileKind, path: string, text: string): RepoFile {
  return { kind, source: makeSource(path, text) };
}

/** The diagnostics of one rule, as `{rule, severity, line, column}` plus the message. */
export function only(diags: Diagnostic[], rule: RuleId): Diagnostic[] {
  return diags.filter((d) => d.rule === rule);
}

/** Exactly one diagnostic of `rule`; returns it. */
export function one(diags: Diagnostic[], rule: RuleId): Diagnostic {
  const found = only(diags, rule);
  expect(found, `${rule} in ${JSON.stringify(diags.map((d) => `${d.rule} ${d.line}:${d.column} ${d.message}`), null, 1)}`).toHaveLength(1);
  return found[0];
}

export function where(d: Diagnostic): { line: number; column: number } {
  return { line: d.line, column: d.column };
}

/** Rules of the diagnostics, sorted, for "nothing else" assertions. */
export function rules(diags: Diagnostic[]): string[] {
  return diags.map((d) => d.rule).sort();
}
