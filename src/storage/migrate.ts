// Cadang applies its own migrations at start, with no native Prisma engine (air-gapped servers
// cannot download one). It keeps Prisma's layout and bookkeeping exactly, so `prisma migrate
// deploy` / `migrate status` run by someone with network see the same history:
//   prisma/<provider>/migrations/<timestamp>_<name>/migration.sql, one `_prisma_migrations` row
//   per applied migration, checksum = sha256 hex of migration.sql.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { CadangError } from '../errors.js';
import type { DatabaseProvider } from './database.js';
import { migrationsDirectory } from './migration-state.js';
import { openSqlite } from './sqlite-driver.js';

/** One migration directory as found on disk. */
export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

/** One `_prisma_migrations` row, as far as deciding what to apply needs it. */
export interface MigrationRecord {
  migrationName: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
}

export interface ApplyMigrationsOptions {
  /** The migrations directory; defaults to the provider's directory in this checkout. */
  directory?: string;
}

/** Prisma's own advisory-lock key, so Cadang and `prisma migrate deploy` also exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

export { migrationsDirectory };

/** sha256 hex of a migration script: the checksum Prisma stores. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Reads every `<name>/migration.sql` below `directory`, in name (= time) order. */
export async function readMigrations(directory: string): Promise<LocalMigration[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new CadangError('MIGRATIONS_MISSING', `The migrations directory ${directory} does not exist; the installation is incomplete.`, { directory });
    }
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(directory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

/**
 * Given the migrations on disk and the rows in `_prisma_migrations`, returns the migrations still
 * to apply, in order. A pure function. Throws a CadangError if an applied migration was edited
 * (`MIGRATION_CHECKSUM_MISMATCH`), one failed earlier and was never resolved (`MIGRATION_FAILED_EARLIER`),
 * or the database has migrations this Cadang does not ship (`MIGRATION_UNKNOWN`).
 */
export function planMigrations(local: readonly LocalMigration[], records: readonly MigrationRecord[]): LocalMigration[] {
  const live = records.filter((record) => !record.rolledBack);
  const failed = live.find((record) => !record.finished);
  if (failed) {
    throw new CadangError(
      'MIGRATION_FAILED_EARLIER',
      `Migration ${failed.migrationName} failed earlier and was not resolved. Repair the database, then mark it rolled back ` +
        `(npx prisma migrate resolve --rolled-back ${failed.migrationName}, or set rolled_back_at on its _prisma_migrations row) and restart.`,
      { migration: failed.migrationName },
    );
  }
  const applied = new Map(live.map((record) => [record.migrationName, record]));
  const known = new Set(local.map((migration) => migration.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new CadangError(
      'MIGRATION_UNKNOWN',
      `The database has migrations this version of Cadang does not have (${unknown.join(', ')}); is an older Cadang running against a newer database?`,
      { migrations: unknown },
    );
  }
  const pending: LocalMigration[] = [];
  for (const migration of local) {
    const record = applied.get(migration.name);
    if (!record) pending.push(migration);
    else if (!checksumMatches(migration.sql, record.checksum)) {
      throw new CadangError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `Migration ${migration.name} was changed after it was applied (checksum ${record.checksum} in the database, ` +
          `${migration.checksum} on disk). Restore the original migration.sql and put the change in a new migration (npm run db:migration -- NAME).`,
        { migration: migration.name },
      );
    }
  }
  return pending;
}

// Like Prisma, accept a checkout whose line endings git converted (CRLF <-> LF).
function checksumMatches(sql: string, checksum: string): boolean {
  return [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\r?\n/g, '\r\n')].some((variant) => checksumOf(variant) === checksum);
}

/**
 * Applies the pending migrations of the database `url` names, each in its own transaction, and
 * records them in `_prisma_migrations` as Prisma does. Returns the names applied (empty when
 * the database was up to date, the usual case: then it only reads). Safe when several processes
 * start at once. Throws a CadangError if the history is inconsistent (see planMigrations) or
 * `MIGRATION_FAILED` if a script fails; that migration is rolled back and nothing is recorded.
 */
export async function applyMigrations(url: string, options: ApplyMigrationsOptions = {}): Promise<{ applied: string[] }> {
  const provider = providerOfUrl(url);
  const local = await readMigrations(options.directory ?? migrationsDirectory(provider));
  const applied = provider === 'sqlite' ? applySqlite(url, local) : await applyPostgres(url, local);
  return { applied };
}

// Not database.ts's providerOf: database.ts imports this module, and importing it back would load
// both generated Prisma clients into every process that only migrates.
function providerOfUrl(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  throw new CadangError('DATABASE_URL_INVALID', `A database URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), got "${url.split(':')[0]}:…"`);
}

function failure(migration: LocalMigration, error: unknown): CadangError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CadangError('MIGRATION_FAILED', `Migration ${migration.name} failed and was rolled back: ${reason}`, { migration: migration.name }, { cause: error });
}

// --- SQLite --------------------------------------------------------------------------------

// Prisma's own definition, so its tooling reads the table we create.
const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const SELECT_RECORDS = `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
  FROM _prisma_migrations ORDER BY started_at`;

interface RecordRow {
  migration_name: string;
  checksum: string;
  finished: number | boolean;
  rolled_back: number | boolean;
}

function toRecord(row: RecordRow): MigrationRecord {
  return { migrationName: row.migration_name, checksum: row.checksum, finished: Boolean(row.finished), rolledBack: Boolean(row.rolled_back) };
}

// Prisma's schema engine writes SQLite timestamps as RFC 3339 text with an explicit offset.
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function applySqlite(url: string, local: readonly LocalMigration[]): string[] {
  const file = url.slice('file:'.length);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // A generous busy timeout: a second process waits for the first one's migration to commit.
  const db = openSqlite(file, { timeout: 30_000 });
  try {
    const readRecords = (): MigrationRecord[] => {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      return exists ? (db.prepare(SELECT_RECORDS).all() as RecordRow[]).map(toRecord) : [];
    };
    const pending = planMigrations(local, readRecords());
    if (pending.length === 0) return [];

    const applied: string[] = [];
    const insert = `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
      VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`;
    // Prisma's SQLite scripts rebuild tables with foreign keys switched off; that pragma is a
    // no-op inside a transaction, so switch it off around the transaction and check afterwards.
    db.pragma('foreign_keys = OFF');
    try {
      for (const migration of pending) {
        const startedAt = new Date();
        db.exec('BEGIN IMMEDIATE');
        try {
          db.exec(SQLITE_TABLE);
          // Re-plan under the write lock: another process may have applied it meanwhile.
          if (!planMigrations(local, readRecords()).some((m) => m.name === migration.name)) {
            db.exec('ROLLBACK');
            continue;
          }
          db.exec(migration.sql);
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) throw new Error(`it leaves ${violations.length} foreign key violation(s)`);
          db.prepare(insert).run(randomUUID(), migration.checksum, sqliteTimestamp(new Date()), migration.name, sqliteTimestamp(startedAt));
          db.exec('COMMIT');
          applied.push(migration.name);
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error instanceof CadangError ? error : failure(migration, error);
        }
      }
    } finally {
      db.pragma('foreign_keys = ON');
    }
    return applied;
  } finally {
    db.close();
  }
}

// --- PostgreSQL ----------------------------------------------------------------------------

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

async function readPostgresRecords(client: pg.Client): Promise<MigrationRecord[]> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (!rows[0]?.present) return [];
  return (await client.query<RecordRow>(SELECT_RECORDS)).rows.map(toRecord);
}

async function applyPostgres(url: string, local: readonly LocalMigration[]): Promise<string[]> {
  // pg loads only for PostgreSQL (start time of SQLite installs and the CLI).
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url });
  await client.connect();
  try {
    // The common case (nothing pending) only reads, without taking the lock. An unfinished row
    // may be a `prisma migrate deploy` still running, so that verdict waits for the lock.
    const records = await readPostgresRecords(client);
    if (records.every((record) => record.finished || record.rolledBack) && planMigrations(local, records).length === 0) return [];

    // A bounded wait, so a process stuck holding the lock shows up as an error, not a hang.
    await client.query("SET lock_timeout = '60s'");
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    } catch (error) {
      throw new CadangError('MIGRATION_LOCKED', `Another process (Cadang or prisma migrate) has held the migration lock for 60 s: ${(error as Error).message}`, {}, { cause: error });
    }
    await client.query('RESET lock_timeout');
    try {
      await client.query(POSTGRES_TABLE);
      // Re-plan under the lock: whoever held it before us may have applied some already.
      const pending = planMigrations(local, await readPostgresRecords(client));
      for (const migration of pending) {
        const startedAt = new Date();
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw failure(migration, error);
        }
      }
      return pending.map((migration) => migration.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
