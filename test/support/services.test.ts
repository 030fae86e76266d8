import { existsSync } from 'node:fs';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import setup from './global-setup.js';
import { createScratchMariadb, createScratchPostgres, hasMariadb, hasPostgres, openTestDatabase } from './services.js';
import { MARIADB_ENV, POSTGRES_ENV, type ProbedServices } from './service-urls.js';

describe('global-setup', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  async function runSetup(env: Record<string, string | undefined>) {
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    const provided: Partial<ProbedServices>[] = [];
    const project = { provide: (_key: string, value: ProbedServices) => provided.push(value) } as unknown as TestProject;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const teardown = await setup(project);
    await teardown();
    return { provided: provided[0], lines: log.mock.calls.map((call) => String(call[0])) };
  }

  const unreachable = { [POSTGRES_ENV]: 'postgresql://postgres@127.0.0.1:1/postgres', [MARIADB_ENV]: undefined };

  it('says in one line which suites it skips and why, and hides the service from workers', async () => {
    const { provided, lines } = await runSetup({ ...unreachable, CI: 'false' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cadang tests: PostgreSQL not reachable at postgresql:\/\/postgres@127\.0\.0\.1:1\/postgres \(.*ECONNREFUSED.*\); MariaDB not configured \(CADANG_TEST_MARIADB_URL is not set\), skipping PostgreSQL suites and MariaDB suites$/);
    expect(provided).toMatchObject({ postgresUrl: undefined, mariadbUrl: undefined });
    expect(process.env[POSTGRES_ENV]).toBeUndefined();
  });

  it('fails the run under CI=true instead', async () => {
    await expect(runSetup({ ...unreachable, CI: 'true' })).rejects.toThrow(/CI=true but PostgreSQL not reachable/);
  });
});

describe('services seen by a test worker', () => {
  it('agree with the environment global-setup left', () => {
    expect(hasPostgres).toBe(Boolean(process.env[POSTGRES_ENV]));
    expect(hasMariadb).toBe(Boolean(process.env[MARIADB_ENV]));
  });
});

describe('openTestDatabase', () => {
  it('gives a migrated SQLite database in a temp dir that close removes', async () => {
    const { db, url, close } = await openTestDatabase('sqlite');
    await db.organisation.create({ data: { id: 'iain', name: 'IAIN Pontianak' } });
    expect(await db.organisation.findMany()).toMatchObject([{ id: 'iain', name: 'IAIN Pontianak' }]);
    await close();
    await close();
    expect(existsSync(url.slice('file:'.length))).toBe(false);
  });

  it.skipIf(!hasPostgres)('gives a migrated PostgreSQL database that close drops', async () => {
    const { db, url, close } = await openTestDatabase('postgresql');
    await db.organisation.create({ data: { id: 'batan', name: 'PPIKSN BATAN' } });
    expect(await db.organisation.count()).toBe(1);
    await close();
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env[POSTGRES_ENV] });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]).finally(() => admin.end());
    expect(rowCount).toBe(0);
  });
});

describe.skipIf(!hasPostgres)('createScratchPostgres', () => {
  it('creates a uniquely named empty database', async () => {
    const [a, b] = await Promise.all([createScratchPostgres('Some Prefix!'), createScratchPostgres('Some Prefix!')]);
    try {
      expect(a.url).not.toBe(b.url);
      expect(new URL(a.url).pathname).toMatch(/^\/cadangtest_[a-z0-9]+_some_prefix__[0-9a-f]{8}$/);
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'").finally(() => client.end());
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe.skipIf(!hasMariadb)('createScratchMariadb', () => {
  it('creates a database tools can reach with the returned coordinates, and drops it', async () => {
    const scratch = await createScratchMariadb('dump');
    const connect = () =>
      mysql.createConnection({ host: scratch.host, port: scratch.port, user: scratch.user, password: scratch.password, database: scratch.database });
    try {
      const connection = await connect();
      await connection.query('CREATE TABLE t (id INT PRIMARY KEY)');
      await connection.query('INSERT INTO t VALUES (1)');
      await connection.end();
      expect(scratch.url).toBe(`mysql://${scratch.user}@${scratch.host}:${scratch.port}/${scratch.database}`);
    } finally {
      await scratch.drop();
    }
    await expect(connect()).rejects.toThrow(/Unknown database/);
  });
});
