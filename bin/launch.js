// Runs an entry point (`cli/main`, `main`) from the bundle in dist/app/ when that build is current,
// else from the TypeScript sources through tsx.
//
// "Current" means no file or folder under src/ changed after the build started (a folder's time
// changes when a file in it is added, removed or renamed). Checking takes a few milliseconds;
// running a stale build would silently run old code, in a checkout being edited or in tests.
//
// CommonJS (bin/package.json): Node's ES-module loader alone cost each command ~20 ms to start.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const v8 = require('node:v8');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { cacheFileFor, runWithCodeCache } = require('./code-cache.js');

const root = join(__dirname, '..');

/** The time the build in `checkout`/dist started, or undefined when there is none. */
function buildStartedAt(checkout = root) {
  try {
    return JSON.parse(readFileSync(join(checkout, 'dist', '.build-stamp'), 'utf8')).startedAt;
  } catch {
    return undefined;
  }
}

/** True when something under `folder` (itself included) changed after `since`. */
function changedSince(folder, since) {
  if (statSync(folder).mtimeMs > since) return true;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    // Joined by hand: path.join for each of ~300 files cost a start ~20 ms here.
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory() ? changedSince(path, since) : statSync(path).mtimeMs > since) return true;
  }
  return false;
}

/** True when `checkout`/dist holds a build of its src/ as it is now. */
function buildIsCurrent(checkout = root) {
  return currentBuild(checkout) !== undefined;
}

/** The start time of `checkout`/dist's build when it is current, else undefined. */
function currentBuild(checkout = root) {
  const since = buildStartedAt(checkout);
  return typeof since === 'number' && !changedSince(join(checkout, 'src'), since) ? since : undefined;
}

/** The bundle file (scripts/build.js) of each entry point under src/. */
const bundles = { 'cli/main': 'cli.cjs', main: 'service.js' };

/**
 * Runs the entry's bundle in dist/app/ when current (the CLI's with a code cache, code-cache.js),
 * else `src/ENTRY.ts` through tsx. `shortLived` (the CLI) keeps V8 on its baseline WebAssembly compiler: Prisma's query compiler is 3 MB of WebAssembly,
 * and optimising it in the background cost a short command about 0.3 s of CPU and delayed its
 * exit, since Node waits for those compile tasks. A long-running service keeps the default.
 */
async function launch(entry, { shortLived = false } = {}) {
  if (shortLived) v8.setFlagsFromString('--liftoff-only');
  const build = currentBuild();
  if (build !== undefined) {
    const bundle = join(root, 'dist', 'app', bundles[entry]);
    if (bundle.endsWith('.cjs')) runWithCodeCache(bundle, cacheFileFor(join(root, 'dist'), build, process.argv.slice(2)));
    else await import(pathToFileURL(bundle).href);
    return;
  }
  if (process.stderr.isTTY && buildStartedAt() !== undefined) {
    process.stderr.write('cadang: src/ changed after the last build; running the sources (slower). `npm run build` refreshes dist/.\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
}

module.exports = { buildIsCurrent, launch };
