// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild, reproducibly.
// ssh2's optional native parts (sshcrypto.node, cpu-features) stay out: ssh2 falls back to pure JS without them.
//
// `--release`: the release file instead, DIR/pool-reconciler.js (default DIR: release/, not committed): the CLI in one
// file, for people who run the tool rather than develop it (`node pool-reconciler.js validate .`). Without code
// splitting, the modules that load the Kubernetes client and ssh2 are still evaluated only when a command imports
// them, so the file runs `validate`, `schema` and `--help` on Node 20 as dist/cli.js does.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

// `node scripts/build.mjs [DIR] [--no-minify] [--release]`: the bench builds the unminified bundle beside dist/ to compare.
const args = process.argv.slice(2);
const minify = !args.includes('--no-minify');
const release = args.includes('--release');
const out = args.find((a) => !a.startsWith('--')) ?? (release ? 'release' : 'dist');
rmSync(out, { recursive: true, force: true });

// Node's built-in modules are loaded with process.getBuiltinModule, not imported as ES modules: importing one builds
// its ESM facade, which reads every export and so runs what the lazy getters defer (node:fs's `promises` loads
// readline and the streams; node:util's and node:module's likewise): about 3 ms of `validate`'s cold start. Static
// imports only: the entries' own dynamic import of node:module stays an import, for a Node 20 older than 20.16,
// which has no getBuiltinModule (src/entry/cli-main.ts gives it one).
//
// An `import` of a module that is a plain object (node:fs, node:util, ...) gets an object of getters, one per export
// this Node has: esbuild's interop copies a CommonJS module's exports by their property descriptors, and reading the
// descriptor of one of Node's lazy exports loads it (node:util's diff, parseArgs and setTraceSigInt load the worker
// threads, the streams and more: 2.5 ms). A `require()` (the bundled CommonJS dependencies), and a module that is a
// function (node:events is EventEmitter), get the module itself.
const BUILTIN = new RegExp(`^(?:node:.+|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const builtinsWithoutFacade = {
  name: 'builtins-without-facade',
  setup(b) {
    b.onResolve({ filter: BUILTIN }, (args) => {
      if (args.kind === 'dynamic-import') return { path: args.path, external: true };
      const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return { path: id, namespace: args.kind === 'import-statement' ? 'node-builtin-import' : 'node-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin-import' }, (args) => {
      const real = process.getBuiltinModule(args.path);
      const load = `process.getBuiltinModule(${JSON.stringify(args.path)})`;
      if (typeof real !== 'object' || real === null) return { contents: `module.exports = ${load};`, loader: 'js' };
      const getters = Object.getOwnPropertyNames(real).map((n) => `${JSON.stringify(n)}: { get: () => m[${JSON.stringify(n)}], enumerable: true }`);
      return { contents: `const m = ${load};\nmodule.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});`, loader: 'js' };
    });
  },
};

const common = {
  plugins: [builtinsWithoutFacade],
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
};

// CommonJS dependencies (ssh2, the Kubernetes client's) call require() and use __dirname: the files of the ESM bundle
// that name them get both, made at their top. Only those: each such prologue is a createRequire, a fileURLToPath and
// a dirname per file, and `validate` loads a dozen files that need none (a name inside a string adds it needlessly,
// never wrongly).
const PROLOGUE = [
  "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url);",
  "const __dirname = process.getBuiltinModule('node:path').dirname(__filename);",
].join('\n');
const NEEDS_PROLOGUE = /\b(?:require|__filename|__dirname)\b/;

async function bundle(options) {
  const result = await build({ ...common, ...options, write: false });
  for (const f of result.outputFiles) {
    let text = f.text;
    if (f.path.endsWith('.js') && NEEDS_PROLOGUE.test(text)) {
      const hashbang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
      text = `${hashbang}${PROLOGUE}\n${text.slice(hashbang.length)}`;
    }
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, text);
  }
}

if (release) {
  const file = path.join(out, 'pool-reconciler.js');
  await bundle({ entryPoints: ['src/entry/cli-main.ts'], outfile: file });
  chmodSync(file, 0o755);
  process.exit(0);
}

// Code splitting: the CLI loads the Kubernetes client and ssh2 only for the commands that need them.
await bundle({ entryPoints: { index: 'src/entry/action-main.ts', cli: 'src/entry/cli-main.ts' }, outdir: out, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
// The CLI is a bin: executable, as npm's bin link and `./dist/cli.js` run it (written anew above, so set again).
chmodSync(path.join(out, 'cli.js'), 0o755);
