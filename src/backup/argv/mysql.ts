import type { MysqlTarget } from '../config.js';

type Connection = MysqlTarget['connection'];

/**
 * How the client logs in: a local option file holding user and password, or (on a remote host,
 * where the password arrives in MYSQL_PWD) the user name alone.
 */
export type MysqlLogin = { optionFile: string } | { user: string };

/** Connection arguments; the password is never among them. */
function connectionArgs(login: MysqlLogin, connection: Connection): string[] {
  // --defaults-extra-file must be the first argument.
  const who = 'optionFile' in login ? `--defaults-extra-file=${login.optionFile}` : `--user=${login.user}`;
  return [who, `--host=${connection.host}`, `--port=${connection.port}`, '--protocol=TCP'];
}

/**
 * `mariadb-dump`/`mysqldump` arguments for a consistent SQL dump on standard output: one
 * transaction snapshot (InnoDB), with routines, events and triggers, binary columns as hex.
 */
export function buildMysqlDumpArgs(target: Pick<MysqlTarget, 'connection'>, login: MysqlLogin, output = '-'): readonly string[] {
  return [
    ...connectionArgs(login, target.connection),
    ...(output === '-' ? [] : [`--result-file=${output}`]),
    '--single-transaction',
    '--quick',
    '--routines',
    '--events',
    '--triggers',
    '--hex-blob',
    '--default-character-set=utf8mb4',
    '--skip-dump-date',
    target.connection.database,
  ];
}

/** `mariadb`/`mysql` client arguments that run SQL (from `--execute` or standard input) in `database`. */
export function buildMysqlClientArgs(connection: Connection, login: MysqlLogin, database: string, sql?: string): readonly string[] {
  return [
    ...connectionArgs(login, connection),
    '--default-character-set=utf8mb4',
    '--batch',
    '--skip-column-names',
    `--database=${database}`,
    ...(sql === undefined ? [] : [`--execute=${sql}`]),
  ];
}

/** The `[client]` option file holding user and password, quoted so any character survives. */
export function formatMysqlOptionFile(connection: Connection, password: string | undefined): string {
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['[client]', `user=${quote(connection.user)}`];
  if (password !== undefined) lines.push(`password=${quote(password)}`);
  return `${lines.join('\n')}\n`;
}

/** SQL listing the base tables of the current database. */
export const listMysqlTablesSql = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name";

/** SQL for the data plus index size of the current database. */
export const mysqlSizeSql = 'SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = DATABASE()';

/** SQL counting the rows of the given tables in one statement. */
export function buildMysqlCountRowsSql(tables: readonly string[]): string {
  const quoteIdent = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  const quoteString = (name: string) => `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return tables.map((table) => `SELECT ${quoteString(table)}, COUNT(*) FROM ${quoteIdent(table)}`).join(' UNION ALL ');
}
