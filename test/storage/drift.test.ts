// Nobody can change schema.prisma without a migration: the committed migrations, replayed into
// an empty (shadow) database by Prisma's own schema engine, must give exactly the current schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema } from '../../scripts/make-migration.js';
import { migrationsDirectory } from '../../src/storage/migrate.js';
import { hasPostgres } from '../support/services.js';
import { migrationsWith, shippedMigrationNames } from './migration-fixtures.js';

const fix = 'schema.prisma changed without a migration: run `npm run db:migration -- NAME` and commit both migrations';

describe('migrations match schema.prisma', () => {
  it('on SQLite', async () => {
    expect(await diffMigrationsToSchema('sqlite'), fix).toBeNull();
  });

  it.skipIf(!hasPostgres)('on PostgreSQL', async () => {
    expect(await diffMigrationsToSchema('postgresql', { databaseUrl: process.env.CADANG_TEST_POSTGRES_URL }), fix).toBeNull();
  });

  it('would notice a model no migration creates, and write the SQL for it', async () => {
    const [init] = await shippedMigrationNames('sqlite');
    const original = readFileSync(join(migrationsDirectory('sqlite'), init!, 'migration.sql'), 'utf8');
    const withoutSequence = original.replace(/-- CreateTable\nCREATE TABLE "DocumentSequence" \([^;]*;\n\n/, '');
    expect(withoutSequence).not.toBe(original);
    const edited = migrationsWith('sqlite', {});
    try {
      writeFileSync(join(edited.directory, init!, 'migration.sql'), withoutSequence);
      const sql = await diffMigrationsToSchema('sqlite', { directory: edited.directory });
      expect(sql).toContain('CREATE TABLE "DocumentSequence"');
      expect(sql).not.toContain('CREATE TABLE "Organisation"');
    } finally {
      edited.remove();
    }
  });
});
