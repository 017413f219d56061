/** "did you mean `max-servers`?" for a misspelt key or value. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const best = closestWord(word, candidates);
  return best === undefined ? undefined : `Did you mean \`${best}\`?`;
}

/** The candidate close enough to `word` to be what was meant (the one `didYouMean` names), or undefined. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const sameWithoutSeparators = w.replace(/[-_ ]/g, '') === best.toLowerCase().replace(/[-_ ]/g, '');
  if (bestScore <= limit || sameWithoutSeparators) return best;
  return undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment), small strings only. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 4) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}
