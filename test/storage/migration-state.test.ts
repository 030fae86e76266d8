// The read-only commands' quick migration test (names only) and what the reader does with it:
// a database missing a migration is migrated before it is read; one with a failed or unknown
// migration is refused with applyMigrations' own message.
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabaseReader } from '../../src/storage/database-reader.js';
import { applyMigrations } from '../../src/storage/migrate.js';
import { migrationsDirectory, sqliteHasAllMigrations } from '../../src/storage/migration-state.js';
import { migrationsWith, shippedMigrationNames, sqliteScratch } from './migration-fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function migratedDatabase() {
  const scratch = sqliteScratch();
  cleanups.push(scratch.remove);
  await applyMigrations(scratch.url);
  return scratch;
}

/** Runs `change` on the database file, then asks the quick test. */
function afterChange(file: string, change: (db: BetterSqlite3.Database) => void, directory = migrationsDirectory('sqlite')): boolean {
  const db = new BetterSqlite3(file);
  try {
    change(db);
    return sqliteHasAllMigrations(db, directory);
  } finally {
    db.close();
  }
}

describe('sqliteHasAllMigrations', () => {
  it('is true only when every shipped migration is applied and finished, and no other', async () => {
    const { file } = await migratedDatabase();
    const names = await shippedMigrationNames('sqlite');
    expect(afterChange(file, () => {})).toBe(true);
    // A rolled-back attempt next to the finished row does not count.
    expect(afterChange(file, (db) => db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, rolled_back_at) VALUES ('r', 'x', ?, current_timestamp)").run(names[0]))).toBe(true);
    // A migration the directory has and the database lacks.
    const extra = migrationsWith('sqlite', { '29990101000000_later': 'CREATE TABLE later (id INTEGER);' });
    cleanups.push(extra.remove);
    expect(afterChange(file, () => {}, extra.directory)).toBe(false);
    // A failed (unfinished) one, and one this Cadang does not ship.
    expect(afterChange(file, (db) => db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('f', 'x', '29990101000000_later')").run())).toBe(false);
    expect(afterChange(file, (db) => db.prepare("UPDATE _prisma_migrations SET finished_at = current_timestamp WHERE id = 'f'").run())).toBe(false);
    // No bookkeeping table at all.
    expect(afterChange(file, (db) => db.exec('DROP TABLE _prisma_migrations'))).toBe(false);
  });
});

describe('openDatabaseReader on SQLite', () => {
  it('migrates a database that lacks a migration before reading it', async () => {
    const { file, url } = await migratedDatabase();
    const names = await shippedMigrationNames('sqlite');
    const last = names.at(-1)!;
    // As if the newest migration had never run: its row gone (its tables stay; the test only needs the bookkeeping).
    afterChange(file, (db) => db.prepare('DELETE FROM _prisma_migrations WHERE migration_name = ?').run(last));
    const reader = await openDatabaseReader(url).catch((error: Error) => error);
    // Re-running the newest script on tables it already made fails: proof that the reader went through applyMigrations.
    expect(reader).toBeInstanceOf(Error);
    expect((reader as Error).message).toContain(`Migration ${last} failed and was rolled back`);
  });

  it('refuses a database with a migration this Cadang does not ship, with applyMigrations\' message', async () => {
    const { file, url } = await migratedDatabase();
    afterChange(file, (db) => db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at) VALUES ('u', 'x', '29990101000000_newer', current_timestamp)").run());
    await expect(openDatabaseReader(url)).rejects.toThrow('The database has migrations this version of Cadang does not have (29990101000000_newer)');
  });

  it('reads a fresh file after creating and migrating it', async () => {
    const scratch = sqliteScratch();
    cleanups.push(scratch.remove);
    const reader = await openDatabaseReader(scratch.url);
    try {
      expect(await reader.all<{ count: number }>('SELECT count(*) AS count FROM _prisma_migrations WHERE finished_at IS NOT NULL')).toEqual([{ count: (await shippedMigrationNames('sqlite')).length }]);
    } finally {
      await reader.close();
    }
  });
});
