import type { PostgresTarget } from '../config.js';

type Connection = PostgresTarget['connection'];

/** Connection arguments shared by pg_dump, pg_restore and psql; the password never appears here. */
function connectionArgs(connection: Connection, database: string): string[] {
  return [`--host=${connection.host}`, `--port=${connection.port}`, `--username=${connection.user}`, '--no-password', `--dbname=${database}`];
}

/**
 * `pg_dump` arguments for a restorable custom-format dump on standard output. Compression is left
 * to zstd (multi-threaded, faster than pg_dump's built-in zlib on PostgreSQL 15).
 */
export function buildPgDumpArgs(target: Pick<PostgresTarget, 'connection'>, output = '-', snapshot?: string): readonly string[] {
  // --no-sync: the output is a FIFO (fsync fails on it); Cadang fsyncs the copy itself.
  // --snapshot: dump exactly what the session that counted the rows saw.
  return [
    '--format=custom',
    '--compress=0',
    ...(output === '-' ? [] : [`--file=${output}`, '--no-sync']),
    ...(snapshot === undefined ? [] : [`--snapshot=${snapshot}`]), ...connectionArgs(target.connection, target.connection.database)];
}

/** `pg_restore --list` arguments that read a dump from standard input (verification). */
export function buildPgRestoreListArgs(): readonly string[] {
  return ['--list'];
}

/** `pg_restore` arguments that restore a dump from standard input into `database`. */
export function buildPgRestoreArgs(connection: Connection, database: string, options: { clean: boolean }): readonly string[] {
  return [
    ...connectionArgs(connection, database),
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    ...(options.clean ? ['--clean', '--if-exists'] : []),
  ];
}

/** `psql` arguments for a session fed on standard input (unaligned, tuples only, stop on error). */
export function buildPsqlSessionArgs(connection: Connection, database: string): readonly string[] {
  return [...connectionArgs(connection, database), '--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=\t', '--set=ON_ERROR_STOP=1', '--quiet'];
}

/** `psql` arguments that run one SQL statement and print unaligned, tuples-only rows. */
export function buildPsqlArgs(connection: Connection, database: string, sql: string): readonly string[] {
  return [...connectionArgs(connection, database), '--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=\t', '--set=ON_ERROR_STOP=1', `--command=${sql}`];
}

/** SQL that counts the rows of every user table in one statement (the "source at dump time" for a test restore). */
export const countPostgresRowsSql = `SELECT table_schema || '.' || table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;

/**
 * SQL that takes an ACCESS SHARE lock on every user table (as pg_dump does), so the snapshot
 * session holds them until its row counts are done: a TRUNCATE or a table-rewriting ALTER (not
 * MVCC-safe) waits instead of emptying a table for the snapshot between the dump and the count.
 */
export const lockPostgresTablesSql = `DO $$ DECLARE t record; BEGIN FOR t IN SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') LOOP EXECUTE format('LOCK TABLE %I.%I IN ACCESS SHARE MODE', t.table_schema, t.table_name); END LOOP; END $$`;

/** SQL for the database size, the estimate for progress and the room check. */
export const postgresSizeSql = 'SELECT pg_database_size(current_database())';
