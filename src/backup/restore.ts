import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { Locale } from '../i18n/messages.js';
import { CadangError, isCadangError } from '../errors.js';
import type { BackupConfig, BackupTarget, MysqlTarget, PostgresTarget } from './config.js';
import { buildTarExtractArgs } from './argv/files.js';
import { buildMysqlClientArgs } from './argv/mysql.js';
import { buildPgRestoreArgs } from './argv/postgres.js';
import { buildZstdDecompressArgs } from './argv/zstd.js';
import { digestFile, syncFile } from './atomic-file.js';
import { readManifest } from './copy-store.js';
import { describeFailure, redactSecrets } from './failure-message.js';
import { commandFailure, compareDigest } from './kinds/kind.js';
import { mysqlAuth, queryMysql, countMysqlRows } from './kinds/mysql.js';
import { postgresAuthEnv, queryPostgres, countPostgresRows } from './kinds/postgres.js';
import { countSqliteRows } from './kinds/sqlite.js';
import { backupMessages } from './messages.js';
import { startCommand, type RunEnvironment } from './runner.js';
import { createSecretFolder, readPassword, type SecretFolder } from './secrets.js';
import { resolveTools, type ResolvedTools } from './tools.js';
import type { BackupManifest, FailureCode } from './types.js';

/** Options of a restore. */
export interface RestoreOptions {
  config: BackupConfig;
  /** Replace existing data at the destination; without it a non-empty destination is refused. */
  overwrite?: boolean;
  signal?: AbortSignal;
  locale?: Locale;
  env?: NodeJS.ProcessEnv;
  tools?: ResolvedTools;
}

/** How a restore ended. */
export type RestoreOutcome =
  | { status: 'restored'; to: string; message: string }
  | { status: 'refused'; message: string }
  | { status: 'failed'; code: FailureCode | 'manifest-missing'; message: string; detail?: string };

/** How a test restore ended: the restored data compared with the source at backup time. */
export type TestRestoreOutcome =
  | { status: 'equal'; message: string; compared: number }
  | { status: 'different'; message: string; differences: string[] }
  | { status: 'failed'; code: FailureCode | 'manifest-missing'; message: string; detail?: string };

interface RestoreContext {
  manifest: BackupManifest;
  target: BackupTarget | undefined;
  run: RunEnvironment;
  work: SecretFolder;
  password: string | undefined;
}

/**
 * Restores a copy: a files copy into a folder (`to` is a path), a PostgreSQL or MariaDB dump into
 * a database on the target's server (`to` is a database name), a SQLite copy to a file path.
 * Refuses to overwrite existing data unless `overwrite` is set. The copy's checksum is checked
 * as it streams. Never throws for expected faults.
 */
export async function restoreCopy(copyPath: string, to: string, options: RestoreOptions): Promise<RestoreOutcome> {
  const m = backupMessages(options.locale ?? 'id');
  return withRestoreContext(copyPath, options, async (context) => {
    const refused = await restoreInto(copyPath, to, context, options.overwrite === true);
    if (refused) return { status: 'refused', message: m.restoreRefused(to) };
    return { status: 'restored', to, message: m.restoreDone(copyPath, to) };
  });
}

/**
 * Test restore: restores a database dump into a scratch database (dropped afterwards) and compares
 * every table's row count with the counts recorded at dump time; extracts a files copy into a
 * scratch folder and compares it, file by file, with the source as it is now; checks a SQLite
 * copy's row counts.
 */
export async function testRestore(copyPath: string, options: Omit<RestoreOptions, 'overwrite'>): Promise<TestRestoreOutcome> {
  const m = backupMessages(options.locale ?? 'id');
  return withRestoreContext(copyPath, options, async (context): Promise<TestRestoreOutcome> => {
    const { manifest } = context;
    const scratchName = `cadang_uji_${randomBytes(5).toString('hex')}`;
    if (manifest.kind === 'files') {
      const folder = join(tmpdir(), scratchName);
      try {
        await restoreInto(copyPath, folder, context, false);
        const include = (manifest.details.include as string[] | undefined) ?? [];
        const { compareTrees } = await import('./tree-compare.js');
        const differences: string[] = [];
        let compared = 0;
        for (const path of include) {
          const result = await compareTrees(path, join(folder, path.replace(/^\/+/, '')), (manifest.details.exclude as string[] | undefined) ?? []);
          compared += result.compared;
          differences.push(...result.differences);
        }
        return differences.length === 0 ? { status: 'equal', compared, message: m.testRestoreFilesOk(compared) } : { status: 'different', differences, message: m.testRestoreBad(differences.slice(0, 5).join('; ')) };
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }
    const expected = (manifest.details.rowCounts as Record<string, number> | undefined) ?? {};
    let actual: Record<string, number>;
    if (manifest.kind === 'sqlite') {
      const file = join(tmpdir(), `${scratchName}.sqlite`);
      try {
        await restoreInto(copyPath, file, context, false);
        const db = new Database(file, { readonly: true });
        try {
          actual = countSqliteRows(db);
        } finally {
          db.close();
        }
      } finally {
        await rm(file, { force: true });
      }
    } else if (manifest.kind === 'postgres' || manifest.kind === 'mysql') {
      try {
        await restoreInto(copyPath, scratchName, context, false);
        actual = manifest.kind === 'postgres' ? await countPostgresRows(dbTarget(context) as PostgresTarget, scratchName, await postgresAuthEnv(dbTarget(context) as PostgresTarget, context.password, context.work), context.run) : await countMysqlRows(dbTarget(context) as MysqlTarget, scratchName, await mysqlAuth(dbTarget(context) as MysqlTarget, context.password, context.work), context.run);
      } finally {
        await dropDatabase(context, scratchName).catch(() => {});
      }
    } else {
      throw new CadangError('verify-failed', 'a mirror has no restorable copy', { detail: 'mirror' });
    }
    const differences = compareCounts(expected, actual);
    return differences.length === 0
      ? { status: 'equal', compared: Object.keys(expected).length, message: m.testRestoreOk(Object.keys(expected).length) }
      : { status: 'different', differences, message: m.testRestoreBad(differences.join('; ')) };
  });
}

/** Lists tables whose counts differ, or that exist on one side only. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((name) => expected[name] !== actual[name]).map((name) => `${name}: ${expected[name] ?? '-'} ≠ ${actual[name] ?? '-'}`);
}

async function withRestoreContext<T extends { status: string }>(copyPath: string, options: Omit<RestoreOptions, 'overwrite'>, work: (context: RestoreContext) => Promise<T>): Promise<T | Extract<RestoreOutcome, { status: 'failed' }>> {
  const locale = options.locale ?? 'id';
  const m = backupMessages(locale);
  const manifest = await readManifest(copyPath);
  if (manifest === undefined) return { status: 'failed', code: 'manifest-missing', message: m.manifestMissing(copyPath) };
  const target = options.config.targets.find((candidate) => candidate.name === manifest.target);
  const secrets: (string | undefined)[] = [];
  const folder = await createSecretFolder();
  try {
    const password = target !== undefined && (target.kind === 'postgres' || target.kind === 'mysql') ? await readPassword(target.connection, options.env) : undefined;
    secrets.push(password);
    const run: RunEnvironment = { tools: options.tools ?? resolveTools(options.config.tools), sshHosts: options.config.sshHosts, signal: options.signal };
    return await work({ manifest, target, run, work: folder, password });
  } catch (error) {
    if (isCadangError(error)) {
      const code = error.code as FailureCode;
      const message = error.code === 'needs-target' ? m.restoreNeedsTarget(manifest.target) : describeFailure(code, error.context, manifest.target, copyPath, locale);
      return { status: 'failed', code, message, detail: typeof error.context.stderr === 'string' ? redactSecrets(error.context.stderr, secrets) : undefined };
    }
    throw error;
  } finally {
    await folder.dispose();
  }
}

function dbTarget(context: RestoreContext): PostgresTarget | MysqlTarget {
  const { target } = context;
  if (target === undefined || (target.kind !== 'postgres' && target.kind !== 'mysql')) throw new CadangError('needs-target', 'target not registered');
  // Restores run on this host against the target's server, even when the dump came over SSH.
  return { ...target, via: undefined };
}

const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
const quotePgIdent = (value: string) => `"${value.replace(/"/g, '""')}"`;
const quoteMyIdent = (value: string) => `\`${value.replace(/`/g, '``')}\``;

/** Restores into `to`; returns true when it refused because `to` holds data. */
async function restoreInto(copyPath: string, to: string, context: RestoreContext, overwrite: boolean): Promise<boolean> {
  const { manifest, run } = context;
  switch (manifest.kind) {
    case 'files': {
      const entries = await readdir(to).catch(() => undefined);
      if (entries !== undefined && entries.length > 0 && !overwrite) return true;
      await mkdir(to, { recursive: true });
      await streamInto(copyPath, manifest, run, { tool: 'tar', args: buildTarExtractArgs(run.tools.zstd ?? 'zstd', to) }, false);
      return false;
    }
    case 'sqlite': {
      const exists = await stat(to).then(() => true, () => false);
      if (exists && !overwrite) return true;
      const partial = `${to}.partial`;
      await rm(partial, { force: true });
      const { createWriteStream } = await import('node:fs');
      const digest = await digestFile(copyPath, createWriteStream(partial, { flags: 'wx' }));
      compareDigest(digest, manifest);
      await syncFile(partial);
      await rename(partial, to);
      return false;
    }
    case 'postgres': {
      const target = dbTarget(context) as PostgresTarget;
      const env = await postgresAuthEnv(target, context.password, context.work);
      const exists = (await queryPostgres(target, target.connection.database, `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(to)}`, env, run)).length > 0;
      if (exists) {
        const tables = await queryPostgres(target, to, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", env, run);
        if (Number(tables[0]?.[0] ?? 0) > 0 && !overwrite) return true;
      } else {
        await queryPostgres(target, target.connection.database, `CREATE DATABASE ${quotePgIdent(to)}`, env, run);
      }
      await streamInto(copyPath, manifest, run, { tool: 'pgRestore', args: buildPgRestoreArgs(target.connection, to, { clean: exists && overwrite }), env }, true);
      return false;
    }
    case 'mysql': {
      const target = dbTarget(context) as MysqlTarget;
      const auth = await mysqlAuth(target, context.password, context.work);
      const exists = (await queryMysql(target, target.connection.database, `SELECT 1 FROM information_schema.schemata WHERE schema_name = ${quoteLiteral(to)}`, auth, run)).length > 0;
      if (exists) {
        const tables = await queryMysql(target, target.connection.database, `SELECT count(*) FROM information_schema.tables WHERE table_schema = ${quoteLiteral(to)}`, auth, run);
        if (Number(tables[0]?.[0] ?? 0) > 0 && !overwrite) return true;
      } else {
        await queryMysql(target, target.connection.database, `CREATE DATABASE ${quoteMyIdent(to)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`, auth, run);
      }
      await streamInto(copyPath, manifest, run, { tool: 'mysql', args: buildMysqlClientArgs(target.connection, auth.login, to), env: auth.env }, true);
      return false;
    }
    case 'mirror':
      throw new CadangError('verify-failed', 'a mirror is restored by copying its folder back', { detail: 'mirror' });
  }
}

/**
 * Streams the copy (hashing it) into a consumer: directly (tar decompresses itself) or through
 * `zstd -d`. Throws the consumer's failure, or verify-failed when the checksum differs.
 */
async function streamInto(copyPath: string, manifest: BackupManifest, run: RunEnvironment, consumer: { tool: 'tar' | 'pgRestore' | 'mysql'; args: readonly string[]; env?: Record<string, string> }, decompress: boolean): Promise<void> {
  const sink = startCommand(consumer, run, { stdin: 'pipe', stdout: 'ignore' });
  let feed: Promise<unknown> = Promise.resolve();
  let unzip: ReturnType<typeof startCommand> | undefined;
  let digestTarget: NodeJS.WritableStream = sink.stdin!;
  if (decompress) {
    unzip = startCommand({ tool: 'zstd', args: buildZstdDecompressArgs() }, run, { stdin: 'pipe', stdout: 'pipe' });
    feed = pipeline(unzip.stdout!, sink.stdin!).catch((error: unknown) => error);
    digestTarget = unzip.stdin!;
  }
  const [digest, unzipped, consumed] = await Promise.all([
    digestFile(copyPath, digestTarget).catch((error: unknown) => error as Error),
    unzip?.result,
    sink.result,
    feed,
  ]);
  if (consumed.status === 'error') throw commandFailure(consumed);
  if (unzipped !== undefined && unzipped.status === 'error') throw commandFailure(unzipped);
  if (digest instanceof Error) throw digest;
  compareDigest(digest, manifest);
}

async function dropDatabase(context: RestoreContext, name: string): Promise<void> {
  const target = dbTarget(context);
  if (target.kind === 'postgres') {
    await queryPostgres(target, target.connection.database, `DROP DATABASE IF EXISTS ${quotePgIdent(name)} WITH (FORCE)`, await postgresAuthEnv(target, context.password, context.work), context.run);
  } else {
    await queryMysql(target, target.connection.database, `DROP DATABASE IF EXISTS ${quoteMyIdent(name)}`, await mysqlAuth(target, context.password, context.work), context.run);
  }
}
