#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json) and copies the files the code reads at run time
// (the built-in SOP definitions). Run at install (postinstall) and by `npm run build`.
//
// Why: compiling TypeScript on every call (tsx) cost 1.3 s before any command did anything.
// dist/.build-stamp records when the build started; bin/launch.js runs dist/ only while no file
// under src/ is newer than that, and otherwise runs the sources through tsx, so a stale build can
// never run old code silently.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

/** Files under src/ that are not TypeScript but are read at run time. */
function assets(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return assets(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies has no compiler; bin/launch.js then runs the sources.
  console.log('cadang: TypeScript is not installed, so no build; cadang runs the sources through tsx');
  process.exit(0);
}

const startedAt = Date.now();
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
for (const file of assets(src)) {
  const target = join(dist, relative(src, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
if (!existsSync(join(dist, 'cli', 'main.js'))) throw new Error('build produced no dist/cli/main.js');
writeFileSync(join(dist, '.build-stamp'), `${JSON.stringify({ startedAt })}\n`);
console.log(`cadang: compiled src/ to dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
