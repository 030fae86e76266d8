// Prisma's own engine must read the history Cadang writes as its own: `prisma migrate status`
// and `migrate deploy` (run by someone with network) then agree with Cadang.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_FILTER, readMigrationList, withSchemaEngine } from '../../scripts/make-migration.js';
import { applyMigrations, checksumOf, migrationsDirectory } from '../../src/storage/migrate.js';
import { sqliteScratch } from './migration-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function diagnose(url: string) {
  return withSchemaEngine('sqlite', { databaseUrl: url }, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: readMigrationList('sqlite', migrationsDirectory('sqlite')),
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    }),
  );
}

describe("Prisma's schema engine on a database Cadang migrated", () => {
  it('sees the history as complete and unedited, and notices an edit', async () => {
    const scratch = sqliteScratch();
    cleanups.push(scratch.remove);
    await applyMigrations(scratch.url);

    expect(await diagnose(scratch.url)).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });

    const db = new BetterSqlite3(scratch.file);
    const [{ name }] = db.prepare('SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name').all() as [{ name: string }];
    db.prepare('UPDATE _prisma_migrations SET checksum = ? WHERE migration_name = ?').run(checksumOf('edited'), name);
    db.close();
    expect((await diagnose(scratch.url)).editedMigrationNames).toEqual([name]);
  });
});
