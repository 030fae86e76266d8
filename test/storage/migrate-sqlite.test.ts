import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, checksumOf, migrationsDirectory } from '../../src/storage/migrate.js';
import { migrationsWith, shippedMigrationNames, sqliteScratch } from './migration-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function scratch() {
  const db = sqliteScratch();
  cleanups.push(db.remove);
  return db;
}

function query<T>(file: string, sql: string): T[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('applyMigrations on SQLite', () => {
  it('applies every migration to a fresh file and records it as Prisma does', async () => {
    const { url, file } = scratch();
    const names = await shippedMigrationNames('sqlite');
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(url)).toEqual({ applied: names });

    const tables = query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['_prisma_migrations', 'Organisation', 'WorkflowInstance', 'WorkflowEvent']));
    const rows = query<Record<string, unknown>>(file, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    const first = rows[0]!;
    const sql = readFileSync(join(migrationsDirectory('sqlite'), names[0]!, 'migration.sql'), 'utf8');
    expect(first).toMatchObject({ checksum: checksumOf(sql), logs: null, rolled_back_at: null, applied_steps_count: 1 });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('applies nothing the second time', async () => {
    const { url } = scratch();
    await applyMigrations(url);
    expect(await applyMigrations(url)).toEqual({ applied: [] });
  });

  it('creates the parent directory of the database file', async () => {
    const { url, file } = scratch();
    const nested = url.replace(/cadang\.db$/, 'data/deeper/cadang.db');
    await applyMigrations(nested);
    expect(query(file.replace(/cadang\.db$/, 'data/deeper/cadang.db'), 'SELECT 1 FROM _prisma_migrations')).toHaveLength((await shippedMigrationNames('sqlite')).length);
  });

  it('refuses a database whose applied migration was edited', async () => {
    const { url, file } = scratch();
    await applyMigrations(url);
    const db = new BetterSqlite3(file);
    db.prepare('UPDATE _prisma_migrations SET checksum = ?').run(checksumOf('edited'));
    db.close();
    await expect(applyMigrations(url)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
  });

  it('applies a later migration on its own, and rolls a failing one back completely', async () => {
    const { url, file } = scratch();
    await applyMigrations(url);
    const later = migrationsWith('sqlite', {
      '29990101000000_add_note': 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY);\nALTER TABLE "Organisation" ADD COLUMN "note" TEXT;\n',
    });
    cleanups.push(later.remove);
    expect(await applyMigrations(url, { directory: later.directory })).toEqual({ applied: ['29990101000000_add_note'] });

    const broken = migrationsWith('sqlite', {
      '29990101000000_add_note': 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY);\nALTER TABLE "Organisation" ADD COLUMN "note" TEXT;\n',
      '29990202000000_broken': 'CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;\n',
    });
    cleanups.push(broken.remove);
    await expect(applyMigrations(url, { directory: broken.directory })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('29990202000000_broken'),
    });
    expect(query(file, "SELECT name FROM sqlite_master WHERE name = 'Half'")).toEqual([]);
    expect(query(file, "SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990202000000_broken'")).toEqual([]);
  });

  it('applies a Prisma-style table rebuild under rows that reference the table', async () => {
    const { url, file } = scratch();
    await applyMigrations(url);
    const db = new BetterSqlite3(file);
    db.prepare("INSERT INTO Organisation (id, name) VALUES ('iain', 'IAIN Pontianak')").run();
    db.prepare("INSERT INTO Person (id, organisationId, name, nip) VALUES ('p1', 'iain', 'Budi', '198001012005011001')").run();
    db.close();
    // What `prisma migrate dev` writes when a SQLite column change needs a new table.
    const rebuild = [
      'PRAGMA defer_foreign_keys=ON;',
      'PRAGMA foreign_keys=OFF;',
      'CREATE TABLE "new_Organisation" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "short" TEXT, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);',
      'INSERT INTO "new_Organisation" ("id", "name", "createdAt") SELECT "id", "name", "createdAt" FROM "Organisation";',
      'DROP TABLE "Organisation";',
      'ALTER TABLE "new_Organisation" RENAME TO "Organisation";',
      'PRAGMA foreign_keys=ON;',
      'PRAGMA defer_foreign_keys=OFF;',
      '',
    ].join('\n');
    const later = migrationsWith('sqlite', { '29990101000000_add_short': rebuild });
    cleanups.push(later.remove);
    expect(await applyMigrations(url, { directory: later.directory })).toEqual({ applied: ['29990101000000_add_short'] });
    expect(query(file, 'SELECT p.name, o.name AS org, o.short FROM Person p JOIN Organisation o ON o.id = p.organisationId')).toEqual([
      { name: 'Budi', org: 'IAIN Pontianak', short: null },
    ]);
  });

  it('refuses a migration that leaves dangling foreign keys, though the script switches them off', async () => {
    const { url } = scratch();
    await applyMigrations(url);
    const dangling = migrationsWith('sqlite', {
      '29990101000000_dangling': 'PRAGMA foreign_keys=OFF;\nINSERT INTO Person (id, organisationId, name, nip) VALUES (\'p1\', \'nowhere\', \'Budi\', \'1\');\n',
    });
    cleanups.push(dangling.remove);
    await expect(applyMigrations(url, { directory: dangling.directory })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('foreign key'),
    });
  });
});
