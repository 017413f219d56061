/** A text file of the config repo, with what is needed to turn offsets into line and column. */
export interface SourceFile {
  /** Path relative to the repo root, with forward slashes. */
  path: string;
  /** The text as written in the file. */
  text: string;
  /** Offsets at which each line of `text` starts. */
  lineStarts: number[];
}

export interface Position {
  line: number;
  column: number;
}

/** Line breaks other than `\n`: a lone `\r`, NEL, LS and PS (PyYAML's and libyaml's marks count each as one). */
const OTHER_BREAKS = /[\r\x85\u2028\u2029]/;

/** What was read from each source, by what read it: see readOnce. */
const readings = new WeakMap<SourceFile, Map<string, { text: string; value: unknown }>>();

/**
 * `read()` of a source's text once per source and reader (`reader` names it with its options): a run that checks
 * several targets' views of one repo shares the SourceFile of a file they all read (SourceCache), so each file is
 * parsed once. `text` is what is read (the source's text, or Nodepool's after substitution); `read` must depend on
 * nothing else.
 */
export function readOnce<T>(source: SourceFile, reader: string, text: string, read: () => T): T {
  let bySource = readings.get(source);
  if (!bySource) readings.set(source, (bySource = new Map()));
  const had = bySource.get(reader);
  if (had && had.text === text) return had.value as T;
  const value = read();
  bySource.set(reader, { text, value });
  return value;
}

/** The sources of one run by path: a file read again with the same text is the same SourceFile (readOnce). */
export class SourceCache {
  private readonly byPath = new Map<string, SourceFile>();

  source(path: string, text: string): SourceFile {
    const had = this.byPath.get(path);
    if (had && had.text === text) return had;
    const made = makeSource(path, text);
    this.byPath.set(path, made);
    return made;
  }
}

export function makeSource(path: string, text: string): SourceFile {
  const lineStarts = [0];
  if (!OTHER_BREAKS.test(text)) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    return { path, text, lineStarts };
  }
  // Lines end where YAML's loaders end them: `\r\n` (one break), `\r`, `\n`, NEL (U+0085), LS (U+2028), PS (U+2029).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029 || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

/**
 * 1-based line and column of an offset into `source.text`. Lines are YAML's (see makeSource); columns count UTF-16
 * code units, as editors and SARIF do (PyYAML counts code points, which differs only after a character past U+FFFF).
 */
export function positionOf(source: SourceFile, offset: number): Position {
  const starts = source.lineStarts;
  const line = lineIndexOf(starts, offset);
  return { line: line + 1, column: offset - starts[line] + 1 };
}

/** The 0-based line of an offset: the last of `starts` at or before it. */
function lineIndexOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * positionOf for offsets asked in document order (a walk of the document that records where each thing is): each
 * search starts at the line of the one before and steps a few lines forward, where a search over all the lines of a
 * large file took a good part of the walk (tens of thousands of positions, most of them in a first, unoptimized run).
 * Any other offset (far ahead, or behind) is searched for as positionOf does; the positions are positionOf's.
 */
export function positionsInOrder(source: SourceFile): (offset: number) => Position {
  const starts = source.lineStarts;
  let line = 0;
  return (offset: number): Position => {
    let l = line;
    if (offset >= starts[l]) {
      for (let step = 0; step < 8 && l + 1 < starts.length && starts[l + 1] <= offset; step++) l++;
      if (l + 1 < starts.length && starts[l + 1] <= offset) l = lineIndexOf(starts, offset);
    } else l = lineIndexOf(starts, offset);
    line = l;
    return { line: l + 1, column: offset - starts[l] + 1 };
  };
}

/** The text of a 1-based line, without its line break. */
export function lineText(source: SourceFile, line: number): string {
  const start = source.lineStarts[line - 1];
  if (start === undefined) return '';
  const end = source.lineStarts[line] ?? source.text.length;
  return source.text.slice(start, end).replace(/(?:\r\n|[\r\n\x85\u2028\u2029])$/, '');
}

/**
 * Maps offsets in a derived text (after a substitution) back to offsets in the original,
 * so diagnostics keep pointing at what the user wrote.
 */
export interface OffsetMap {
  toOriginal(offset: number): number;
}

export const identityMap: OffsetMap = { toOriginal: (o) => o };

/** Replacement spans applied left to right: [start, end) of the original replaced by a text of length `length`. */
export interface Replacement {
  start: number;
  end: number;
  length: number;
}

export function offsetMapFor(replacements: readonly Replacement[]): OffsetMap {
  if (replacements.length === 0) return identityMap;
  // For each replacement, where it starts in the new text.
  const newStarts: number[] = [];
  let shift = 0;
  for (const r of replacements) {
    newStarts.push(r.start + shift);
    shift += r.length - (r.end - r.start);
  }
  return {
    toOriginal(offset: number): number {
      let acc = 0;
      for (let i = 0; i < replacements.length; i++) {
        const r = replacements[i];
        const ns = newStarts[i];
        if (offset < ns) break;
        // Inside the substituted text: point at the placeholder the user wrote.
        if (offset < ns + r.length) return r.start;
        acc += r.end - r.start - r.length;
      }
      return offset + acc;
    },
  };
}
