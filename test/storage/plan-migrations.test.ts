import { describe, expect, it } from 'vitest';
import { checksumOf, planMigrations, type LocalMigration, type MigrationRecord } from '../../src/storage/migrate.js';
import { CadangError } from '../../src/errors.js';

const local = (name: string, sql = `-- ${name}\n`): LocalMigration => ({ name, sql, checksum: checksumOf(sql) });
const done = (migration: LocalMigration, extra: Partial<MigrationRecord> = {}): MigrationRecord => ({
  migrationName: migration.name,
  checksum: migration.checksum,
  finished: true,
  rolledBack: false,
  ...extra,
});

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof CadangError ? error.code : `not a CadangError: ${String(error)}`;
  }
  return undefined;
}

describe('planMigrations', () => {
  const a = local('20260101000000_init');
  const b = local('20260201000000_add_queue');

  it('returns the migrations not yet applied, in order', () => {
    expect(planMigrations([a, b], []).map((m) => m.name)).toEqual([a.name, b.name]);
    expect(planMigrations([a, b], [done(a)]).map((m) => m.name)).toEqual([b.name]);
    expect(planMigrations([a, b], [done(a), done(b)])).toEqual([]);
  });

  it('refuses an applied migration whose script changed', () => {
    expect(codeOf(() => planMigrations([a], [done(a, { checksum: checksumOf('something else') })]))).toBe('MIGRATION_CHECKSUM_MISMATCH');
  });

  it('accepts a checkout whose line endings git converted, as Prisma does', () => {
    const crlf = local('20260101000000_init', 'CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n');
    expect(planMigrations([crlf], [done(crlf, { checksum: checksumOf(crlf.sql.replace(/\r\n/g, '\n')) })])).toEqual([]);
  });

  it('refuses to go on after an unresolved failure, and ignores rolled-back attempts', () => {
    expect(codeOf(() => planMigrations([a, b], [done(a), done(b, { finished: false })]))).toBe('MIGRATION_FAILED_EARLIER');
    expect(planMigrations([a, b], [done(a), done(b, { finished: false, rolledBack: true })]).map((m) => m.name)).toEqual([b.name]);
  });

  it('refuses a database that has migrations this Cadang does not ship', () => {
    expect(codeOf(() => planMigrations([a], [done(a), done(b)]))).toBe('MIGRATION_UNKNOWN');
  });
});
