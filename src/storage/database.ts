import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { applyMigrations } from './migrate.js';

/**
 * The Prisma client Cadang works with. Both generated clients (SQLite and PostgreSQL) come from
 * the same models, so the SQLite client's type describes either.
 */
export type Database = SqliteClient;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface OpenDatabaseOptions {
  /** `file:./data/cadang.db` (SQLite) or `postgresql://…` (PostgreSQL). */
  url: string;
  /** Apply pending migrations before returning (the default). */
  migrate?: boolean;
}

export interface OpenedDatabase {
  db: Database;
  provider: DatabaseProvider;
  close(): Promise<void>;
}

/** Which provider a database URL names; throws a clear error for anything else. */
export function providerOf(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), got "${url.split(':')[0]}:…"`);
}

/** Opens (and by default migrates) the database a URL names. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const provider = providerOf(options.url);
  if (options.migrate !== false) await applyMigrations(options.url);
  let db: Database;
  if (provider === 'sqlite') {
    const file = options.url.slice('file:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: options.url }) });
  } else {
    // The PostgreSQL client has the same model API; its type differs only in provider-specific
    // options that Cadang does not use. It loads only here, so SQLite installs and the CLI do
    // not pay for it at start.
    const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('../generated/postgres/client.js')]);
    db = new PostgresClient({ adapter: new PrismaPg({ connectionString: options.url }) }) as unknown as Database;
  }
  return { db, provider, close: () => db.$disconnect() };
}
