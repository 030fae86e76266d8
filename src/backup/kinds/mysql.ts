import { pipeline } from 'node:stream/promises';
import type { MysqlTarget } from '../config.js';
import { buildMysqlClientArgs, buildMysqlCountRowsSql, buildMysqlDumpArgs, formatMysqlOptionFile, listMysqlTablesSql, mysqlSizeSql, type MysqlLogin } from '../argv/mysql.js';
import { buildZstdDecompressArgs } from '../argv/zstd.js';
import { digestFile } from '../atomic-file.js';
import { runCommand, startCommand, type RunEnvironment } from '../runner.js';
import type { SecretFolder } from '../secrets.js';
import { writeCompressedCopy } from './compressed-pipeline.js';
import { createDumpRowCounter } from './mysql-dump-rows.js';
import { commandFailure, compareDigest, explainContentFailure, verifyFailure, type KindDriver } from './kind.js';

/** How a MariaDB/MySQL client logs in and the environment that carries the password. */
export interface MysqlAuth {
  login: MysqlLogin;
  env: Record<string, string>;
}

/**
 * Locally: an option file with user and password (--defaults-extra-file) served through a named
 * pipe, so the password never rests on disk nor sits in any environment. On a remote host: the
 * user name, and MYSQL_PWD sent over ssh's standard input.
 */
export async function mysqlAuth(target: Pick<MysqlTarget, 'connection' | 'via'>, password: string | undefined, work: SecretFolder): Promise<MysqlAuth> {
  if (target.via !== undefined) return { login: { user: target.connection.user }, env: password === undefined ? {} : { MYSQL_PWD: password } };
  const file = await work.write('my.cnf', formatMysqlOptionFile(target.connection, password));
  return { login: { optionFile: file }, env: {} };
}

/** Runs SQL with the mariadb/mysql client and returns rows as tab-separated fields. */
export async function queryMysql(target: Pick<MysqlTarget, 'connection' | 'via'>, database: string, sql: string, auth: MysqlAuth, run: RunEnvironment): Promise<string[][]> {
  const result = await runCommand({ tool: 'mysql', args: buildMysqlClientArgs(target.connection, auth.login, database, sql), env: auth.env, via: target.via }, run);
  if (result.status !== 'ok') throw commandFailure(result);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** Row counts of every base table. */
export async function countMysqlRows(target: Pick<MysqlTarget, 'connection' | 'via'>, database: string, auth: MysqlAuth, run: RunEnvironment): Promise<Record<string, number>> {
  const tables = (await queryMysql(target, database, listMysqlTablesSql, auth, run)).map(([name]) => name ?? '');
  if (tables.length === 0) return {};
  const rows = await queryMysql(target, database, buildMysqlCountRowsSql(tables), auth, run);
  return Object.fromEntries(rows.map(([table, count]) => [table ?? '', Number(count)]));
}

const dumpCompletedMarker = '-- Dump completed';

/** MariaDB/MySQL: mariadb-dump (or mysqldump) in one consistent snapshot, compressed with zstd. */
export const mysqlKind: KindDriver<MysqlTarget> = {
  describeSource: (target) => `mysql://${target.connection.user}@${target.connection.host}:${target.connection.port}/${target.connection.database}${target.via === undefined ? '' : ` (via ${target.via})`}`,

  async estimate({ target, run, password, work }) {
    const auth = await mysqlAuth(target, password, work);
    const rows = await queryMysql(target, target.connection.database, mysqlSizeSql, auth, run);
    return Number(rows[0]?.[0] ?? 0) || undefined;
  },

  async produce(context) {
    const { target, run, password, work } = context;
    const auth = await mysqlAuth(target, password, work);
    context.progress.setPhase('dump');
    // Row counts are not taken here: another connection sees another moment than the dump's
    // snapshot. verify() counts the rows in the copy itself.
    const result = await writeCompressedCopy(
      context,
      target.via === undefined
        ? { local: (fifo) => ({ tool: 'mysqlDump', args: buildMysqlDumpArgs(target, auth.login, fifo), env: auth.env }) }
        : { remote: { tool: 'mysqlDump', args: buildMysqlDumpArgs(target, auth.login), env: auth.env, via: target.via } },
    );
    return {
      digest: result.digest,
      tools: ['mysqlDump', 'zstd'],
      command: result.command,
      details: { format: 'sql', database: target.connection.database },
      warnings: [],
    };
  },

  async verify(path, manifest, { run, onBytes }) {
    // One read feeds the checksum and zstd; the dump must end with mysqldump's completion line,
    // which a dump cut short never has. The rows in the dump are counted as it passes: the
    // counts a test restore compares against are exactly the copy's.
    const decompress = startCommand({ tool: 'zstd', args: buildZstdDecompressArgs() }, run, { stdin: 'pipe', stdout: 'pipe' });
    let tail = '';
    const rows = createDumpRowCounter();
    const reading = pipeline(decompress.stdout!, async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        rows.push(chunk);
        tail = (tail + chunk.subarray(-512).toString('latin1')).slice(-512);
      }
    });
    const [digest, result] = await Promise.all([digestFile(path, decompress.stdin!, onBytes).catch((error: unknown) => error as Error), decompress.result, reading]);
    if (result.status === 'error') await explainContentFailure(path, manifest, verifyFailure(`zstd: ${result.stderr.trim()}`));
    if (digest instanceof Error) throw digest;
    compareDigest(digest, manifest);
    if (!tail.includes(dumpCompletedMarker)) throw verifyFailure('the dump does not end with "-- Dump completed"');
    return { complete: true, rowCounts: rows.counts() };
  },
};
