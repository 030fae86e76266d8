/**
 * Reads through the database driver alone (better-sqlite3 or pg), without the Prisma client, for
 * short read-only CLI commands. Importing the client and running its first query (which loads a
 * 4 MB WebAssembly query compiler) cost `cadang targets list` about 0.3 s on a small server, more
 * than the whole start-time budget. Each query through a reader sits next to the Prisma function
 * it mirrors, and a test checks that both return the same rows on SQLite and PostgreSQL.
 */
import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseProvider } from './database.js';
import { sqliteHasAllMigrations } from './migration-state.js';
import { openSqlite } from './sqlite-driver.js';

/** A read-only handle on the configured database. */
export interface DatabaseReader {
  provider: DatabaseProvider;
  /** Runs one SELECT; parameters are written `?` and numbered for PostgreSQL. */
  all<Row>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** applyMigrations, loaded when needed: its module loads node:crypto and reads every migration script. */
async function applyMigrations(url: string): Promise<void> {
  await (await import('./migrate.js')).applyMigrations(url);
}

/**
 * Opens an SQLite file read-only once it has every migration: when the names in its bookkeeping
 * already match (the usual case, checked on the read-only connection), as is; else after
 * applyMigrations, which applies what is pending or reports the problem.
 */
async function openMigratedSqlite(file: string, url: string): Promise<BetterSqlite3.Database> {
  const options = { readonly: true, fileMustExist: true, timeout: 30_000 };
  if (existsSync(file)) {
    const sqlite = openSqlite(file, options);
    if (sqliteHasAllMigrations(sqlite)) return sqlite;
    sqlite.close();
  }
  await applyMigrations(url);
  return openSqlite(file, options);
}

/** Opens the database a URL names for reads, after applying pending migrations as openDatabase does. */
export async function openDatabaseReader(url: string): Promise<DatabaseReader> {
  if (url.startsWith('file:')) {
    const sqlite = await openMigratedSqlite(url.slice('file:'.length), url);
    return {
      provider: 'sqlite',
      all: async <Row>(sql: string, parameters: readonly unknown[] = []) => sqlite.prepare(sql).all(...parameters) as Row[],
      close: async () => {
        sqlite.close();
      },
    };
  }
  await applyMigrations(url);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    provider: 'postgresql',
    all: async <Row>(sql: string, parameters: readonly unknown[] = []) => {
      let index = 0;
      return (await client.query(sql.replace(/\?/g, () => `$${(index += 1)}`), [...parameters])).rows as Row[];
    },
    close: () => client.end(),
  };
}
