/**
 * Reads through the database driver alone (better-sqlite3 or pg), without the Prisma client, for
 * short read-only CLI commands. Importing the client and running its first query (which loads a
 * 4 MB WebAssembly query compiler) cost `cadang targets list` about 0.3 s on a small server, more
 * than the whole start-time budget. Each query through a reader sits next to the Prisma function
 * it mirrors, and a test checks that both return the same rows on SQLite and PostgreSQL.
 */
import { applyMigrations } from './migrate.js';
import type { DatabaseProvider } from './database.js';

/** A read-only handle on the configured database. */
export interface DatabaseReader {
  provider: DatabaseProvider;
  /** Runs one SELECT; parameters are written `?` and numbered for PostgreSQL. */
  all<Row>(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** Opens the database a URL names for reads, after applying pending migrations as openDatabase does. */
export async function openDatabaseReader(url: string): Promise<DatabaseReader> {
  await applyMigrations(url);
  if (url.startsWith('file:')) {
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const sqlite = new BetterSqlite3(url.slice('file:'.length), { readonly: true, fileMustExist: true, timeout: 30_000 });
    return {
      provider: 'sqlite',
      all: async <Row>(sql: string, parameters: readonly unknown[] = []) => sqlite.prepare(sql).all(...parameters) as Row[],
      close: async () => {
        sqlite.close();
      },
    };
  }
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
