/**
 * Where Cadang's migrations are and a cheap test of whether an SQLite database has all of them,
 * for short read-only commands. The test compares names only: it reads no migration script and
 * loads no hashing (node:crypto and the scripts cost `cadang targets list` ~15 ms). Anything other
 * than "every migration applied and finished, and no other" sends the caller to applyMigrations
 * (migrate.ts), which applies what is pending or reports the problem; applyMigrations, run by every
 * other command and by the service at start, also checks the applied scripts' checksums.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseProvider } from './database.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The migrations directory Cadang ships for a provider (resolved from this file, not the cwd). */
export function migrationsDirectory(provider: DatabaseProvider): string {
  return join(repoRoot, 'prisma', provider === 'sqlite' ? 'sqlite' : 'postgres', 'migrations');
}

interface NameRow {
  migration_name: string;
  finished: number;
  rolled_back: number;
}

/**
 * True when the open SQLite database has finished exactly the migrations in `directory` (by
 * name), none failed and none unknown; false when it needs applyMigrations (pending, failed or
 * unknown ones, no bookkeeping table yet, or a directory that cannot be read).
 */
export function sqliteHasAllMigrations(db: BetterSqlite3.Database, directory = migrationsDirectory('sqlite')): boolean {
  let local: string[];
  try {
    local = readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return false;
  }
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()) return false;
  const rows = db.prepare('SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations').all() as NameRow[];
  const live = rows.filter((row) => !row.rolled_back);
  if (live.some((row) => !row.finished)) return false;
  const applied = new Set(live.map((row) => row.migration_name));
  return applied.size === live.length && applied.size === local.length && local.every((name) => applied.has(name));
}
