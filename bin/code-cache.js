// Runs the command line's CommonJS bundle (dist/app/cli.cjs) with a V8 code cache: the bytecode of
// the functions a command ran, kept from its first successful run, so later runs skip compiling
// them (about 60 ms of a start here). Node 20 offers this only for scripts (vm.Script cachedData),
// not for ES modules, which is why that bundle is CommonJS.
//
// One cache per command ("targets list", "backup run", …): a command's cache holds the functions
// it used, and a cache made by `--help` would leave `targets list` compiling most of its own.
// Only the first two words count, and only runs that exited 0, so typos leave no files. A
// command's first run leaves an empty file and its second run the cache: a first run also checks
// the configuration with zod (src/config/config-cache.ts), which later runs skip, and its code
// would only make the cache larger to read.
// V8 refuses a cache made by another Node version or for another source; it is then remade.
// Caches live in dist/code-cache/ and are deleted with dist/ by every build (scripts/build.js),
// and their names carry the build's time, so a cache never outlives the code it was made from.
// Where dist/ cannot be written (an install owned by another user) commands run uncached.
// CADANG_DEBUG_START=1 says on stderr whether a command's cache was used.
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** The cache's name for the command in `args` (process.argv without node and the script). */
function commandKey(args) {
  const words = [];
  for (const arg of args) {
    if (!/^[a-z][a-z-]{0,30}$/.test(arg) || words.length === 2) break;
    words.push(arg);
  }
  return words.length === 0 ? 'cadang' : words.join('-');
}

/**
 * Runs `file` as CommonJS with the cache `cacheFile` when V8 accepts it. When the command ends
 * with exit code 0 and had no cache, it leaves an empty file (first run) or the cache (second
 * run); a refused cache (another Node version, damage) counts as a first run.
 */
function runWithCodeCache(file, cacheFile) {
  const requireFromBundle = Module.createRequire(file);
  // The build checks that the bundle is ASCII, so latin1 reads it exactly, and faster than utf8.
  const source = readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const seenBefore = cachedData !== undefined;
  if (cachedData?.length === 0) cachedData = undefined;
  // The bundle holds no import() (scripts/build.js turns them into require()), so the script needs no ES-module loader.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const refused = cachedData !== undefined && script.cachedDataRejected;
  if (process.env.CADANG_DEBUG_START) process.stderr.write(`cadang: code cache ${cachedData === undefined ? 'none' : refused ? 'refused' : 'used'} (${cacheFile})\n`);
  if (cachedData === undefined || refused) {
    // Registered before the bundle runs: `--help` exits inside it, synchronously.
    process.on('exit', (code) => {
      if (code === 0) writeCache(cacheFile, seenBefore && !refused ? script.createCachedData() : Buffer.alloc(0));
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, requireFromBundle, module, file, dirname(file));
  return module.exports;
}

/** Writes the cache whole or not at all: concurrent runs each rename their own file into place. */
function writeCache(cacheFile, data) {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
  } catch {
    // Read-only install or full disk: the next run compiles again, which is only slower.
    rmSync(partial, { force: true });
  }
}

/** The cache file of `args`'s command for the build that started at `buildStartedAt`, under `dist`. */
function cacheFileFor(dist, buildStartedAt, args) {
  return join(dist, 'code-cache', `cli-${buildStartedAt}-${commandKey(args)}.v8cache`);
}

module.exports = { cacheFileFor, commandKey, runWithCodeCache };
