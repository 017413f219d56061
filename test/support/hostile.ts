/** Hostile inputs for the loader: each must end with a clear, positioned error in bounded time and memory. */
export interface HostileCase {
  name: string;
  /** File content (bytes). */
  bytes: () => Buffer;
  /** The rule the error must carry. */
  rule: RegExp;
  /** Large cases run only with POOL_RECONCILER_SOAK=1 (`npm run test:soak`) and in the benchmark. */
  large?: boolean;
}

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'alias bomb ("billion laughs")',
    bytes: () => {
      const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
      for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
      return Buffer.from(lines.join('\n') + '\nlabels: *a9\n');
    },
    rule: /^yaml\/too-large$/,
  },
  { name: 'nesting 10,000 deep', bytes: () => Buffer.from('labels: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'), rule: /^yaml\/too-deep$/ },
  { name: 'nesting 1,000 deep (block)', bytes: () => Buffer.from(Array.from({ length: 1_000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n'), rule: /^yaml\/too-deep$/ },
  { name: 'invalid UTF-8', bytes: () => Buffer.concat([Buffer.from('labels:\n  - name: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]), rule: /^yaml\/encoding$/ },
  { name: 'a NUL byte', bytes: () => Buffer.from('labels:\n  - name: a\0b\n'), rule: /^yaml\/encoding$/ },
  { name: 'a 1 MB single line', bytes: () => Buffer.from('labels: [' + Array.from({ length: 150_000 }, (_, i) => `l${i}`).join(', ').slice(0, 1_048_576) + '\n'), rule: /^yaml\/syntax$/ },
  { name: 'a 100 MB file', bytes: () => Buffer.alloc(100 * 1024 * 1024, 'a: b\n'), rule: /^repo\/too-large$/, large: true },
];
