// Small PostgreSQL admin helpers for tests: probe a server, create and drop scratch databases.
import pg from 'pg';

/** Opens a connected client; fails fast (3 s) so an absent server does not stall the run. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

/** Resolves to undefined when the server answers, to the reason otherwise. */
export async function probePostgres(url: string): Promise<string | undefined> {
  try {
    const client = await connectPostgres(url);
    await client.query('SELECT 1').finally(() => client.end());
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

/** The admin URL with its database replaced by `database`. */
export function postgresUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty database (names come from our own generator, never from input). */
export async function createPostgresDatabase(adminUrl: string, database: string): Promise<void> {
  const client = await connectPostgres(adminUrl);
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops databases; FORCE ends sessions a failed test left open (PostgreSQL 13+). */
export async function dropPostgresDatabases(adminUrl: string, databases: readonly string[]): Promise<void> {
  if (databases.length === 0) return;
  const client = await connectPostgres(adminUrl);
  try {
    for (const database of databases) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Names of the databases starting with `prefix`. */
export async function listPostgresDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  const client = await connectPostgres(adminUrl);
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [prefix],
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

/** A one-line reason: the error code (ECONNREFUSED, 28P01 …) and message. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message || String(code ?? error);
  }
  return String(error);
}
