/** Findings as annotations on the action's step (@actions/core), within GitHub's per-step limit. */
import * as core from '@actions/core';
import type { Diagnostic } from '../../core/diagnostic.js';
import { isInputPseudoFile } from '../../core/diagnostic.js';
import type { Redactor } from '../../core/redact.js';

/** GitHub shows at most this many error and warning annotations per step; the rest go to the summary. */
export const ANNOTATION_LIMIT = 10;

/** Emit at most ANNOTATION_LIMIT error and warning annotations; returns how many were left out. */
export function annotate(diags: readonly Diagnostic[], workspaceRelative: (file: string) => string, redactor?: Redactor): number {
  let errors = 0;
  let warnings = 0;
  let left = 0;
  const clean = (s: string) => (redactor ? redactor.redact(s) : s);
  for (const d of diags) {
    // A finding in a secret input is not on a file of the repo: say which input instead.
    const onInput = isInputPseudoFile(d.file);
    const props: core.AnnotationProperties = {
      title: d.rule,
      ...(onInput ? {} : { file: workspaceRelative(d.file), ...(d.line > 0 ? { startLine: d.line, startColumn: d.column } : {}) }),
    };
    const where = onInput ? `${d.file.slice('input:'.length)}${d.line > 0 ? ` line ${d.line}` : ''}: ` : '';
    const text = clean(where + (d.hint ? `${d.message}\n${d.hint}` : d.message));
    if (d.severity === 'error') {
      if (errors++ < ANNOTATION_LIMIT) core.error(text, props);
      else left++;
    } else if (d.severity === 'warning') {
      if (warnings++ < ANNOTATION_LIMIT) core.warning(text, props);
      else left++;
    } else core.notice(text, props);
  }
  return left;
}
