// What integration tests import to reach the machine's services. Suites that need a server are
// written `describe.skipIf(!hasPostgres)(…)`; global-setup has already said why one is skipped.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database, type DatabaseProvider } from '../../src/storage/database.js';
import { dropMariadbDatabases, mariadbUrlFor, parseMariadbUrl, withMariadb } from './mariadb-admin.js';
import { createPostgresDatabase, dropPostgresDatabases, postgresUrlFor } from './postgres-admin.js';
import { MARIADB_ENV, POSTGRES_ENV, scratchPrefix, type ProbedServices } from './service-urls.js';

// Without our global-setup (another config, an editor plugin) fall back to the environment.
const probed: ProbedServices = inject('cadangServices') ?? {
  postgresUrl: process.env[POSTGRES_ENV] || undefined,
  mariadbUrl: process.env[MARIADB_ENV] || undefined,
  runId: 'adhoc',
};

/** True when global-setup reached PostgreSQL at CADANG_TEST_POSTGRES_URL. */
export const hasPostgres: boolean = probed.postgresUrl !== undefined;
/** True when global-setup reached MariaDB at CADANG_TEST_MARIADB_URL. */
export const hasMariadb: boolean = probed.mariadbUrl !== undefined;

/** A scratch PostgreSQL database: its URL and how to drop it. */
export interface ScratchPostgres {
  url: string;
  drop(): Promise<void>;
}

/** A scratch MariaDB database and the coordinates tools such as mariadb-dump need. */
export interface ScratchMariadb {
  url: string;
  database: string;
  host: string;
  port: number;
  user: string;
  /** Empty on this machine's root account; pass it to tools through the environment (MYSQL_PWD). */
  password: string;
  drop(): Promise<void>;
}

/** A fresh, migrated Cadang database that disappears on close. */
export interface TestDatabase {
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Creates an empty, uniquely named PostgreSQL database; throws if PostgreSQL is not available. */
export async function createScratchPostgres(prefix: string): Promise<ScratchPostgres> {
  const adminUrl = requireService(probed.postgresUrl, 'PostgreSQL', POSTGRES_ENV);
  const database = scratchName(prefix);
  await createPostgresDatabase(adminUrl, database);
  return { url: postgresUrlFor(adminUrl, database), drop: once(() => dropPostgresDatabases(adminUrl, [database])) };
}

/** Creates an empty, uniquely named MariaDB database; throws if MariaDB is not available. */
export async function createScratchMariadb(prefix: string): Promise<ScratchMariadb> {
  const adminUrl = requireService(probed.mariadbUrl, 'MariaDB', MARIADB_ENV);
  const database = scratchName(prefix);
  await withMariadb(adminUrl, (connection) => connection.query(`CREATE DATABASE \`${database}\``));
  return {
    url: mariadbUrlFor(adminUrl, database),
    database,
    ...parseMariadbUrl(adminUrl),
    drop: once(() => dropMariadbDatabases(adminUrl, [database])),
  };
}

/** Opens a fresh database with every migration applied: a temp SQLite file or a scratch PostgreSQL database. */
export async function openTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'cadang-test-'));
    const url = `file:${join(dir, 'cadang.db')}`;
    const opened = await openDatabase({ url }).catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
    return { db: opened.db, url, close: once(() => opened.close().finally(() => rm(dir, { recursive: true, force: true }))) };
  }
  const scratch = await createScratchPostgres('db');
  const opened = await openDatabase({ url: scratch.url }).catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  return { db: opened.db, url: scratch.url, close: once(() => opened.close().finally(scratch.drop)) };
}

function requireService(url: string | undefined, label: string, env: string): string {
  if (url === undefined) {
    throw new Error(`${label} is not available (${env} unset or unreachable); guard this suite with describe.skipIf(!has${label === 'PostgreSQL' ? 'Postgres' : 'Mariadb'})`);
  }
  return url;
}

// `cadangtest_<run>_<prefix>_<random>`: lower case and [a-z0-9_] only, so the name needs no
// quoting rules of its own on either server, and within PostgreSQL's 63-byte limit.
function scratchName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 20);
  return `${scratchPrefix(probed.runId)}${clean}_${randomBytes(4).toString('hex')}`.slice(0, 63);
}

// Tests call drop/close from both the test body and afterEach; the second call must be harmless.
function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}
