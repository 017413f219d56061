/** Shared pieces of the benchmarks: timing, and the table they print. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time in ms of `runs` runs, after one warm-up. */
export function timeIt(runs: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  return median(times);
}

export function formatTable(section: string, figures: Figure[]): string {
  const rows = figures.map((f) => {
    const v = Number.isNaN(f.value) ? 'n/a' : f.unit === 'x' ? f.value.toFixed(2) : f.value < 10 ? f.value.toFixed(2) : f.value.toFixed(0);
    return `| ${f.name} | ${v} ${f.unit} | ${f.note ?? ''} |`;
  });
  return [`### ${section}`, '', '| measure | value | note |', '|---|---|---|', ...rows, ''].join('\n');
}
