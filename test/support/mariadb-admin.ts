// Small MariaDB admin helpers for tests, on mysql2 (the only MySQL-protocol client in the tree).
import mysql from 'mysql2/promise';
import { describeError } from './postgres-admin.js';

/** Host, port, user and password a MariaDB URL names, with MariaDB's defaults filled in. */
export interface MariadbEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Parses `mysql://user:password@host:port/database` (or `mariadb://…`). */
export function parseMariadbUrl(url: string): MariadbEndpoint {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
  };
}

/** The admin URL with its database replaced by `database`. */
export function mariadbUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Opens a connection without selecting a database; fails fast (3 s). */
export async function connectMariadb(url: string): Promise<mysql.Connection> {
  const { host, port, user, password } = parseMariadbUrl(url);
  return mysql.createConnection({ host, port, user, password, connectTimeout: 3_000 });
}

/** Resolves to undefined when the server answers, to the reason otherwise. */
export async function probeMariadb(url: string): Promise<string | undefined> {
  try {
    const connection = await connectMariadb(url);
    await connection.query('SELECT 1').finally(() => connection.end());
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

/** Runs `work` on a fresh admin connection and closes it. */
export async function withMariadb<T>(adminUrl: string, work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await connectMariadb(adminUrl);
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** Names of the databases starting with `prefix`. */
export async function listMariadbDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return withMariadb(adminUrl, async (connection) => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT schema_name AS name FROM information_schema.schemata WHERE LEFT(schema_name, ?) = ?',
      [prefix.length, prefix],
    );
    return rows.map((row) => String(row.name));
  });
}

/** Drops databases (names come from our own generator, never from input). */
export async function dropMariadbDatabases(adminUrl: string, databases: readonly string[]): Promise<void> {
  if (databases.length === 0) return;
  await withMariadb(adminUrl, async (connection) => {
    for (const database of databases) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  });
}
