// Runs an entry point (`cli/main`, `main`) from the bundle in dist/app/ when that build is current,
// else from the TypeScript sources through tsx.
//
// "Current" means no file or folder under src/ changed after the build started (a folder's time
// changes when a file in it is added, removed or renamed). Checking takes a few milliseconds;
// running a stale build would silently run old code, in a checkout being edited or in tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import v8 from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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
export function buildIsCurrent(checkout = root) {
  const since = buildStartedAt(checkout);
  return typeof since === 'number' && !changedSince(join(checkout, 'src'), since);
}

/** The bundle file (scripts/build.js) of each entry point under src/. */
const bundles = { 'cli/main': 'cli', main: 'service' };

/**
 * Imports the entry's bundle `dist/app/NAME.js` when current, else `src/ENTRY.ts` through tsx. `shortLived` (the CLI)
 * keeps V8 on its baseline WebAssembly compiler: Prisma's query compiler is 3 MB of WebAssembly,
 * and optimising it in the background cost a short command about 0.3 s of CPU and delayed its
 * exit, since Node waits for those compile tasks. A long-running service keeps the default.
 */
export async function launch(entry, { shortLived = false } = {}) {
  if (shortLived) v8.setFlagsFromString('--liftoff-only');
  if (buildIsCurrent()) {
    await import(pathToFileURL(join(root, 'dist', 'app', `${bundles[entry]}.js`)).href);
    return;
  }
  if (process.stderr.isTTY && buildStartedAt() !== undefined) {
    process.stderr.write('cadang: src/ changed after the last build; running the sources (slower). `npm run build` refreshes dist/.\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', `${entry}.ts`)).href);
}
