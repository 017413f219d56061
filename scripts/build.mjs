// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild, reproducibly.
// ssh2's optional native parts (sshcrypto.node, cpu-features) stay out: ssh2 falls back to pure JS without them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

// `node scripts/build.mjs [DIR] [--no-minify]`: the bench builds the unminified bundle beside dist/ to compare.
const args = process.argv.slice(2);
const minify = !args.includes('--no-minify');
const out = args.find((a) => !a.startsWith('--')) ?? 'dist';
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  external: ['*.node', 'cpu-features'],
  legalComments: 'none',
  // Whitespace and syntax minified, names kept (error classes and their names stay readable): the Kubernetes client's
  // generated models are most of the bundle, and this halves what GitHub downloads and Node parses per run.
  minifyWhitespace: minify,
  minifySyntax: minify,
  logLevel: 'warning',
  // CommonJS dependencies (ssh2) call require() and use __dirname: give the ESM bundle both.
  banner: {
    js: [
      "import { createRequire as __prCreateRequire } from 'node:module';",
      "import { fileURLToPath as __prFileURLToPath } from 'node:url';",
      "import { dirname as __prDirname } from 'node:path';",
      'const require = __prCreateRequire(import.meta.url);',
      'const __filename = __prFileURLToPath(import.meta.url);',
      'const __dirname = __prDirname(__filename);',
    ].join('\n'),
  },
};

// Code splitting: the CLI loads the Kubernetes client and ssh2 only for the commands that need them.
await build({ ...common, entryPoints: { index: 'src/entry/action-main.ts', cli: 'src/entry/cli-main.ts' }, outdir: out, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
