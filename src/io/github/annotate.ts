/**
 * The action's log lines and annotations (@actions/core): every one redacted (secrets never leave the process) and
 * cleaned for its channel (a log line is one line and cannot start a workflow command; an annotation's control
 * characters are written visibly, its line breaks escaped by @actions/core). Findings as annotations stay within
 * GitHub's per-step limit.
 */
import * as core from '@actions/core';
import type { Diagnostic } from '../../core/diagnostic.js';
import { isInputPseudoFile, relatedText } from '../../core/diagnostic.js';
import type { Redactor } from '../../core/redact.js';
import { annotationText, logLine } from '../../core/workflow-commands.js';

/** GitHub shows at most this many error and warning annotations per step; the rest go to the summary. */
export const ANNOTATION_LIMIT = 10;

export interface ActionLog {
  info(s: string): void;
  notice(s: string, p?: core.AnnotationProperties): void;
  warning(s: string, p?: core.AnnotationProperties): void;
  error(s: string, p?: core.AnnotationProperties): void;
}

/** The action's log, through `redactor`. */
export function actionLog(redactor?: Redactor): ActionLog {
  const scrub = (s: string): string => (redactor ? redactor.redact(s) : s);
  return {
    info: (s) => core.info(logLine(scrub(s))),
    notice: (s, p) => core.notice(annotationText(scrub(s)), p),
    warning: (s, p) => core.warning(annotationText(scrub(s)), p),
    error: (s, p) => core.error(annotationText(scrub(s)), p),
  };
}

/** Emit at most ANNOTATION_LIMIT error and warning annotations; returns how many were left out. */
export function annotate(diags: readonly Diagnostic[], workspaceRelative: (file: string) => string, redactor?: Redactor): number {
  const say = actionLog(redactor);
  let errors = 0;
  let warnings = 0;
  let left = 0;
  for (const d of diags) {
    // A finding in a secret input is not on a file of the repo: say which input instead.
    const onInput = isInputPseudoFile(d.file);
    const props: core.AnnotationProperties = {
      title: d.rule,
      ...(onInput ? {} : { file: workspaceRelative(d.file), ...(d.line > 0 ? { startLine: d.line, startColumn: d.column } : {}) }),
    };
    const where = onInput ? `${d.file.slice('input:'.length)}${d.line > 0 ? ` line ${d.line}` : ''}: ` : '';
    const text = where + d.message + relatedText(d) + (d.hint ? `\n${d.hint}` : '');
    if (d.severity === 'error') {
      if (errors++ < ANNOTATION_LIMIT) say.error(text, props);
      else left++;
    } else if (d.severity === 'warning') {
      if (warnings++ < ANNOTATION_LIMIT) say.warning(text, props);
      else left++;
    } else say.notice(text, props);
  }
  return left;
}
