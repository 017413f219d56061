// Label and field selectors as the list endpoints parse them (k8s.io/apimachinery/pkg/labels, fields).

import { badRequest } from './status.js';
import { isQualifiedName, isValidLabelValue } from '../../core/k8s.js';

type Op = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

const KEY = '([^\\s=!<>(),]+)';
const VALUE = '([^\\s=!<>(),]*)';

function parseRequirement(raw: string): Requirement {
  const s = raw.trim();
  let m: RegExpMatchArray | null;
  let req: Requirement;
  if ((m = s.match(new RegExp(`^!\\s*${KEY}$`)))) req = { key: m[1], op: '!', values: [] };
  else if ((m = s.match(new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^()]*)\\)$`)))) {
    const values = m[3].split(',').map((v) => v.trim());
    req = { key: m[1], op: m[2] as Op, values };
  } else if ((m = s.match(new RegExp(`^${KEY}\\s*(==|=|!=)\\s*${VALUE}$`)))) {
    req = { key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] };
  } else if ((m = s.match(new RegExp(`^${KEY}\\s*(>|<)\\s*(-?[0-9]+)$`)))) {
    req = { key: m[1], op: m[2] === '>' ? 'gt' : 'lt', values: [m[3]] };
  } else if ((m = s.match(new RegExp(`^${KEY}$`)))) req = { key: m[1], op: 'exists', values: [] };
  else throw badRequest(`unable to parse requirement: found '${s}', expected: valid label selector requirement`);
  const keyErrs = isQualifiedName(req.key);
  if (keyErrs.length > 0) throw badRequest(`unable to parse requirement: key: Invalid value: ${JSON.stringify(req.key)}: ${keyErrs.join('; ')}`);
  if (req.op !== 'gt' && req.op !== 'lt') {
    for (const v of req.values) {
      const errs = isValidLabelValue(v);
      if (errs.length > 0) throw badRequest(`unable to parse requirement: values[0]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
    }
  }
  return req;
}

export type Matcher = (labels: Record<string, string>) => boolean;

export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector || selector.trim() === '') return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) =>
    reqs.every((r) => {
      const has = Object.hasOwn(labels, r.key);
      const v = labels[r.key];
      switch (r.op) {
        case '=':
          return has && v === r.values[0];
        case '!=':
          return !has || v !== r.values[0];
        case 'in':
          return has && r.values.includes(v);
        case 'notin':
          return !has || !r.values.includes(v);
        case 'exists':
          return has;
        case '!':
          return !has;
        case 'gt':
        case 'lt': {
          if (!has || !/^-?[0-9]+$/.test(v)) return false;
          return r.op === 'gt' ? Number(v) > Number(r.values[0]) : Number(v) < Number(r.values[0]);
        }
      }
    });
}

export type FieldMatcher = (fields: Record<string, string>) => boolean;

/** Field selectors: `f=v`, `f==v`, `f!=v` over the fields a resource supports (others are a 400). */
export function parseFieldSelector(selector: string | undefined, supported: readonly string[]): FieldMatcher {
  if (!selector || selector.trim() === '') return () => true;
  const reqs = splitTopLevel(selector).map((raw) => {
    const m = raw.trim().match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${raw.trim()}'`);
    if (!supported.includes(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], neg: m[2] === '!=', value: m[3] };
  });
  return (fields) => reqs.every((r) => ((fields[r.field] ?? '') === r.value) !== r.neg);
}
