// Migration directories for tests: the shipped ones, optionally with extra migrations appended.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseProvider } from '../../src/storage/database.js';
import { migrationsDirectory, readMigrations } from '../../src/storage/migrate.js';

/** A temp copy of the shipped migrations plus `extra` (`{ '29990101000000_x': 'SQL' }`). */
export function migrationsWith(provider: DatabaseProvider, extra: Record<string, string>): { directory: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'cadang-migrations-'));
  const directory = join(root, 'migrations');
  cpSync(migrationsDirectory(provider), directory, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(directory, name));
    writeFileSync(join(directory, name, 'migration.sql'), sql);
  }
  return { directory, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Names of the shipped migrations, oldest first. */
export async function shippedMigrationNames(provider: DatabaseProvider): Promise<string[]> {
  return (await readMigrations(migrationsDirectory(provider))).map((migration) => migration.name);
}

/** A temp directory for SQLite files, and a `file:` URL inside it. */
export function sqliteScratch(): { url: string; file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-sqlite-'));
  const file = join(dir, 'cadang.db');
  return { url: `file:${file}`, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
