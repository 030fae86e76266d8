#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: dist/app/cli.cjs for `cadang` (one file) and dist/app/service.js
// for `npm start` (with its chunks), so a command reads a few files instead of hundreds.
// Run at install (postinstall) and by `npm run build`; type errors are the job of `npm run typecheck`.
//
// Why: compiling TypeScript on every call (tsx) cost 1.3 s before any command did anything, and
// resolving and reading ~400 module files (ours, zod's, yaml's) cost most of what was left.
// Pure packages are bundled in; packages with native code, WebAssembly, workers or files of their
// own (Prisma, better-sqlite3, pg, pino, pdf-lib, telegraf, bolt, …) stay external and are loaded
// from node_modules, only by the commands that import them.
//
// Every output file sits two folders below the checkout (dist/app/), as every source file does
// (src/<area>/), so paths the code builds from its own location (config/, prisma/) still hold.
// dist/.build-stamp records when the build started; bin/launch.js runs dist/ only while no file
// under src/ is newer than that, else the sources through tsx, so a stale build never runs old code.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const app = join(dist, 'app');

/** Packages bundled into dist/: plain JavaScript with no files, workers or native code of their own. */
const bundledPackages = ['zod', 'yaml', 'commander', 'csv-parse'];

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Without esbuild (an unusual install) bin/launch.js runs the sources through tsx.
  console.log('cadang: esbuild is not installed, so no build; cadang runs the sources through tsx');
  process.exit(0);
}

/** Everything imported by a bare name is external, except the bundled packages. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return bundledPackages.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * zod's `z.locales` holds the error wording of ~45 languages (a third of zod's code); Cadang words
 * schema errors itself (src/workflow/schema-messages.ts) and uses none of them. Only English,
 * zod's default, is kept.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: root }));
  },
};

const startedAt = Date.now();
rmSync(dist, { recursive: true, force: true });
const shared = {
  absWorkingDir: root,
  outdir: app,
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [zodEnglishOnly, externalPackages],
  logLevel: 'warning',
};
// The service: ES modules split into chunks, so `npm start` reads only what it runs.
await esbuild.build({
  ...shared,
  entryPoints: { service: 'src/main.ts' },
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS packages (commander, …) call require() for Node's own modules.
  banner: { js: "import { createRequire as __cadangRequire } from 'node:module'; const require = __cadangRequire(import.meta.url);" },
});
// The command line: one CommonJS file, because Node 20 keeps V8's compiled code (a code cache,
// bin/code-cache.js) only for scripts, not for ES modules; compiling the code anew cost every
// command about 60 ms. Whitespace and comments are dropped (reading each megabyte costs a start
// ~10 ms here); names are kept, so stack traces still name their functions. Packages outside the
// bundle are loaded with require(), import() included (Node ≥ 20.19 loads ES-module packages that
// way too).
await esbuild.build({
  ...shared,
  entryPoints: { cli: 'src/cli/main.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  minifyWhitespace: true,
  minifySyntax: true,
  supported: { 'dynamic-import': false },
  // import.meta does not exist in CommonJS; the code uses only its url, to find files beside it.
  // CADANG_BUILD lets the command line cache its checked configuration (src/config/config-cache.ts).
  define: { 'import.meta.url': '__cadangModuleUrl', CADANG_BUILD: JSON.stringify(String(startedAt)) },
  // "use strict" first: after the banner, esbuild's own directive would no longer be one.
  banner: { js: "'use strict';const __cadangModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The built-in SOP files, read beside the code that names them (src/workflow/builtin/index.ts).
for (const file of readdirSync(join(root, 'src', 'workflow', 'builtin'))) {
  if (/\.ya?ml$/.test(file)) copyFileSync(join(root, 'src', 'workflow', 'builtin', file), join(app, file));
}
for (const file of ['cli.cjs', 'service.js']) if (!existsSync(join(app, file))) throw new Error(`build produced no dist/app/${file}`);
// bin/code-cache.js reads the CLI bundle as latin1 (faster than utf8), which is exact only for ASCII.
// esbuild escapes non-ASCII in strings, not in regular expressions: write those as \uXXXX.
const cliBundle = readFileSync(join(app, 'cli.cjs'), 'utf8');
const nonAscii = /[^\x00-\x7f]/.exec(cliBundle);
if (nonAscii) throw new Error(`dist/app/cli.cjs holds a non-ASCII character (${JSON.stringify(nonAscii[0])}) at offset ${nonAscii.index}; write it as \\u${nonAscii[0].codePointAt(0).toString(16).padStart(4, '0')} in src/`);
// A vm script has no ES-module loader for import(); the build turns each into require().
if (/\bimport\(/.test(cliBundle)) throw new Error('dist/app/cli.cjs still holds an import(); bin/code-cache.js cannot run it');
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, '.build-stamp'), `${JSON.stringify({ startedAt })}\n`);
console.log(`cadang: bundled src/ into dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
