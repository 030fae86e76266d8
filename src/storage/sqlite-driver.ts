/**
 * Opens an SQLite file with better-sqlite3, naming its compiled addon where its install puts it
 * (the `nativeBinding` option): otherwise the driver loads the `bindings` package, which searches
 * a dozen paths for it (~5 ms of a short command's start). When the addon is elsewhere (another
 * build layout), the driver searches as usual.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

let addon: string | undefined | null = null;

/** The addon file, or undefined when it is not at its usual place; looked up once per process. */
function nativeBinding(): string | undefined {
  if (addon === null) {
    const file = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
    addon = existsSync(file) ? file : undefined;
  }
  return addon;
}

/** `new BetterSqlite3(file, options)`, with the addon named when it is found. */
export function openSqlite(file: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  const binding = nativeBinding();
  return new BetterSqlite3(file, binding === undefined ? options : { ...options, nativeBinding: binding });
}
