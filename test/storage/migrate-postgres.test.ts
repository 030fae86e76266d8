import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, checksumOf } from '../../src/storage/migrate.js';
import { createScratchPostgres, hasPostgres, type ScratchPostgres } from '../support/services.js';
import { migrationsWith, shippedMigrationNames } from './migration-fixtures.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

// Creating a PostgreSQL database costs a good part of a second on a busy machine, so the steps
// of one database's life share it, in order; only the concurrency test needs a second one.
describe.skipIf(!hasPostgres)('applyMigrations on PostgreSQL', () => {
  let database: ScratchPostgres;
  let names: string[];
  beforeAll(async () => {
    [database, names] = await Promise.all([createScratchPostgres('migrate'), shippedMigrationNames('postgresql')]);
  });
  afterAll(() => database?.drop());

  it('applies every migration to a fresh database and records it as Prisma does', async () => {
    expect(await applyMigrations(database.url)).toEqual({ applied: names });

    const tables = (await query<{ tablename: string }>(database.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).map((row) => row.tablename);
    expect(tables).toEqual(expect.arrayContaining(['_prisma_migrations', 'Organisation', 'WorkflowInstance', 'WorkflowEvent']));
    const rows = await query<Record<string, unknown>>(database.url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    expect(rows[0]).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies nothing the second time', async () => {
    expect(await applyMigrations(database.url)).toEqual({ applied: [] });
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const broken = migrationsWith('postgresql', { '29990202000000_broken': 'CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;\n' });
    try {
      await expect(applyMigrations(database.url, { directory: broken.directory })).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    } finally {
      broken.remove();
    }
    expect(await query(database.url, "SELECT to_regclass('\"Half\"') AS half")).toEqual([{ half: null }]);
    expect(await query(database.url, "SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990202000000_broken'")).toEqual([]);
  });

  it('refuses a database whose applied migration was edited', async () => {
    await query(database.url, 'UPDATE _prisma_migrations SET checksum = $1', [checksumOf('edited')]);
    await expect(applyMigrations(database.url)).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
  });

  it('applies once when several processes start at the same time', async () => {
    const fresh = await createScratchPostgres('migrate_race');
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => applyMigrations(fresh.url)));
      expect(results.filter((result) => result.applied.length > 0)).toEqual([{ applied: names }]);
      expect(await query(fresh.url, 'SELECT migration_name FROM _prisma_migrations')).toHaveLength(names.length);
    } finally {
      await fresh.drop();
    }
  });
});
