import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { Locale } from '../i18n/messages.js';
import { CadangError, isCadangError } from '../errors.js';
import type { BackupConfig, BackupTarget, MysqlTarget, PostgresTarget } from './config.js';
import { buildTarExtractArgs } from './argv/files.js';
import { buildMysqlClientArgs } from './argv/mysql.js';
import { buildPgRestoreArgs, buildPsqlArgs } from './argv/postgres.js';
import { buildZstdDecompressArgs } from './argv/zstd.js';
import { digestFile, syncFile, syncFolder, type Digest } from './atomic-file.js';
import { readManifest } from './copy-store.js';
import { describeFailure, redactSecrets } from './failure-message.js';
import { commandFailure, compareDigest } from './kinds/kind.js';
import { mysqlAuth, queryMysql, countMysqlRows } from './kinds/mysql.js';
import { postgresAuthEnv, queryPostgres, countPostgresRows } from './kinds/postgres.js';
import { countSqliteRows } from './kinds/sqlite.js';
import { backupMessages } from './messages.js';
import { runCommand, startCommand, type RunEnvironment } from './runner.js';
import { createSecretFolder, readPassword, type SecretFolder } from './secrets.js';
import { resolveTools, type ResolvedTools } from './tools.js';
import type { BackupManifest, FailureCode } from './types.js';

/** Options of a restore. */
export interface RestoreOptions {
  config: BackupConfig;
  /** Replace existing data at the destination; without it a non-empty destination is refused. */
  overwrite?: boolean;
  /** Restore even when the copy's size or SHA-256 differs from its manifest (a damaged copy). */
  force?: boolean;
  signal?: AbortSignal;
  locale?: Locale;
  env?: NodeJS.ProcessEnv;
  tools?: ResolvedTools;
}

/** How a restore ended. */
export type RestoreOutcome =
  | { status: 'restored'; to: string; message: string; warnings: string[] }
  | { status: 'refused'; message: string }
  /** The copy differs from its manifest; nothing was written (see `force`). */
  | { status: 'damaged'; problem: 'size' | 'checksum'; message: string }
  | { status: 'failed'; code: RestoreFailureCode; message: string; detail?: string };

/** Why a restore failed: a backup failure code, or one only a restore has. */
export type RestoreFailureCode = FailureCode | 'manifest-missing' | 'destination-in-use' | 'cannot-swap';

/** How a test restore ended: the restored data compared with the source at backup time. */
export type TestRestoreOutcome =
  | { status: 'equal'; message: string; compared: number }
  | { status: 'different'; message: string; differences: string[] }
  | { status: 'failed'; code: RestoreFailureCode; message: string; detail?: string };

interface RestoreContext {
  manifest: BackupManifest;
  target: BackupTarget | undefined;
  run: RunEnvironment;
  work: SecretFolder;
  password: string | undefined;
  /** Skip the checksum comparison (the user forced a damaged copy). */
  force: boolean;
  locale: Locale;
  /** Sentences about leftovers the user should know of (an old database that could not be dropped). */
  warnings: string[];
}

/** A restore-only failure, turned into a sentence by withRestoreContext. */
class RestoreProblem extends Error {
  constructor(
    readonly code: 'destination-in-use' | 'cannot-swap',
    readonly sentence: string,
  ) {
    super(sentence);
  }
}

/**
 * Restores a copy: a files copy into a folder (`to` is a path), a PostgreSQL or MariaDB dump into
 * a database on the target's server (`to` is a database name), a SQLite copy to a file path.
 *
 * 1. The copy's size and SHA-256 are checked against its manifest before anything is written;
 *    a damaged copy is refused (`damaged`) unless `force` is set.
 * 2. A destination that holds data is refused unless `overwrite` is set.
 * 3. The copy is restored into a staging place next to the destination: a sibling folder
 *    `DEST.cadang-restore-XXXX`, a scratch database, `FILE.partial`.
 * 4. Only a complete restore replaces the destination (a rename, or one RENAME TABLE statement
 *    on MariaDB); a failure removes the staging place and leaves the destination as it was.
 *
 * Never throws for expected faults.
 */
export async function restoreCopy(copyPath: string, to: string, options: RestoreOptions): Promise<RestoreOutcome> {
  const m = backupMessages(options.locale ?? 'id');
  return withRestoreContext(copyPath, { ...options, force: options.force === true }, async (context): Promise<RestoreOutcome> => {
    const damage = await findDamage(copyPath, context.manifest);
    if (damage !== undefined && !context.force) return { status: 'damaged', problem: damage, message: m.restoreDamaged(copyPath, damage === 'size' ? m.sizeMismatch() : m.checksumMismatch()) };
    const refused = await restoreInto(copyPath, to, context, options.overwrite === true);
    if (refused) return { status: 'refused', message: m.restoreRefused(to) };
    return { status: 'restored', to, message: m.restoreDone(copyPath, to), warnings: context.warnings };
  });
}

/** Re-reads the copy: undefined when it matches its manifest, else what differs. */
async function findDamage(copyPath: string, manifest: BackupManifest): Promise<'size' | 'checksum' | undefined> {
  const { size } = await stat(copyPath);
  if (size !== manifest.sizeBytes) return 'size';
  const digest = await digestFile(copyPath);
  return digest.sha256 === manifest.sha256 ? undefined : 'checksum';
}

/**
 * Test restore: restores a database dump into a scratch database (dropped afterwards) and compares
 * every table's row count with the counts recorded at dump time; extracts a files copy into a
 * scratch folder and compares it, file by file, with the source as it is now; checks a SQLite
 * copy's row counts.
 */
export async function testRestore(copyPath: string, options: Omit<RestoreOptions, 'overwrite'>): Promise<TestRestoreOutcome> {
  const m = backupMessages(options.locale ?? 'id');
  return withRestoreContext(copyPath, { ...options, force: false }, async (context): Promise<TestRestoreOutcome> => {
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

async function withRestoreContext<T extends { status: string }>(copyPath: string, options: Omit<RestoreOptions, 'overwrite' | 'force'> & { force: boolean }, work: (context: RestoreContext) => Promise<T>): Promise<T | Extract<RestoreOutcome, { status: 'failed' }>> {
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
    return await work({ manifest, target, run, work: folder, password, force: options.force, locale, warnings: [] });
  } catch (error) {
    if (error instanceof RestoreProblem) return { status: 'failed', code: error.code, message: error.sentence };
    if (isCadangError(error)) {
      const code = error.code as FailureCode;
      const message = error.code === 'needs-target' ? m.restoreNeedsTarget(manifest.target) : describeFailure(code, error.context, manifest.target, copyPath, locale);
      return { status: 'failed', code, message, detail: typeof error.context.stderr === 'string' ? redactSecrets(error.context.stderr, secrets) : undefined };
    }
    // A file-system fault (a full disk, a destination on another mount): the staging place is
    // already gone and the destination unchanged; say what happened instead of throwing.
    const errno = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof errno === 'string') {
      const code: FailureCode = errno === 'ENOSPC' ? 'disk-full' : 'tool-failed';
      return { status: 'failed', code, message: describeFailure(code, { tool: 'cadang', stderr: String(error) }, manifest.target, copyPath, locale), detail: redactSecrets(String(error), secrets) };
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

/** Restores into `to` through a staging place; returns true when it refused because `to` holds data. */
async function restoreInto(copyPath: string, to: string, context: RestoreContext, overwrite: boolean): Promise<boolean> {
  switch (context.manifest.kind) {
    case 'files': {
      const entries = await readdir(to).catch(() => undefined);
      if (entries !== undefined && entries.length > 0 && !overwrite) return true;
      await restoreFolder(copyPath, to, context);
      return false;
    }
    case 'sqlite': {
      const exists = await stat(to).then(() => true, () => false);
      if (exists && !overwrite) return true;
      const partial = `${to}.cadang-restore-${randomBytes(4).toString('hex')}.partial`;
      try {
        const { createWriteStream } = await import('node:fs');
        const digest = await digestFile(copyPath, createWriteStream(partial, { flags: 'wx' }), undefined, { fromDevice: false });
        checkStreamed(digest, context);
        await syncFile(partial);
        await rename(partial, to);
      } finally {
        await rm(partial, { force: true });
      }
      return false;
    }
    case 'postgres':
      return restorePostgres(copyPath, to, context, overwrite);
    case 'mysql':
      return restoreMysql(copyPath, to, context, overwrite);
    case 'mirror':
      throw new CadangError('verify-failed', 'a mirror is restored by copying its folder back', { detail: 'mirror' });
  }
}

/**
 * Extracts a files copy into a sibling staging folder `DEST.cadang-restore-XXXX` (same file
 * system, so the swap is a rename), then puts it in place: one atomic rename when DEST is absent
 * or empty; otherwise DEST moves to `DEST.cadang-old-XXXX`, the staging folder takes its name and
 * the old folder is removed. A failure removes the staging folder (and any parent folder this
 * restore created); DEST is never touched before the extraction has succeeded.
 */
async function restoreFolder(copyPath: string, destination: string, context: RestoreContext): Promise<void> {
  // A symbolic link to a folder: the folder it points to is what gets replaced.
  const to = await realpath(destination).catch(() => destination);
  const parent = dirname(to);
  const createdParent = await mkdir(parent, { recursive: true });
  const previous = await stat(to).catch(() => undefined);
  const staging = await mkdtemp(join(parent, `${basename(to)}.cadang-restore-`));
  try {
    await streamInto(copyPath, context, { tool: 'tar', args: buildTarExtractArgs(context.run.tools.zstd ?? 'zstd', staging) }, false);
    // mkdtemp makes the folder private (0700) and ours; the restored folder gets the old one's
    // mode and, where allowed, its owner.
    await chmod(staging, previous?.isDirectory() ? previous.mode & 0o7777 : 0o777 & ~process.umask());
    if (previous?.isDirectory()) await chown(staging, previous.uid, previous.gid).catch(() => {});
    await swapFolder(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (createdParent !== undefined) await rm(createdParent, { recursive: true, force: true });
    throw error;
  }
}

async function swapFolder(staging: string, to: string): Promise<void> {
  try {
    // rename(2) replaces an absent or empty folder atomically.
    await rename(staging, to);
    await syncFolder(dirname(to));
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  const old = `${to}.cadang-old-${randomBytes(4).toString('hex')}`;
  await rename(to, old);
  try {
    await rename(staging, to);
  } catch (error) {
    await rename(old, to);
    throw error;
  }
  await syncFolder(dirname(to));
  await rm(old, { recursive: true, force: true });
}

/**
 * PostgreSQL: pg_restore into a scratch database, then renamed into place. With an existing
 * destination both renames run in one transaction (ALTER DATABASE … RENAME is transactional), so
 * the destination is either the old database or the complete new one; the old one is dropped
 * afterwards. A database others are connected to cannot be renamed: then the restore fails and
 * the destination stays as it was. Only this restore's own sessions (its application name) are
 * ended, never anyone else's.
 */
async function restorePostgres(copyPath: string, to: string, context: RestoreContext, overwrite: boolean): Promise<boolean> {
  const { run } = context;
  const target = dbTarget(context) as PostgresTarget;
  const env = await postgresAuthEnv(target, context.password, context.work);
  // A database cannot be renamed while we are connected to it.
  const admin = to === target.connection.database ? 'postgres' : target.connection.database;
  const query = (sql: string) => queryPostgres(target, admin, sql, env, run);
  const exists = (await query(`SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(to)}`)).length > 0;
  if (exists) {
    const tables = await queryPostgres(target, to, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", env, run);
    if (Number(tables[0]?.[0] ?? 0) > 0 && !overwrite) return true;
  }
  const suffix = randomBytes(5).toString('hex');
  const scratch = `cadang_restore_${suffix}`;
  const old = `cadang_old_${suffix}`;
  const applicationName = `cadang-restore-${suffix}`;
  await query(`CREATE DATABASE ${quotePgIdent(scratch)}`);
  let renamed = false;
  try {
    await streamInto(copyPath, context, { tool: 'pgRestore', args: buildPgRestoreArgs(target.connection, scratch, { clean: false }), env: { ...env, PGAPPNAME: applicationName } }, true);
    await endOwnSessions(query, scratch, applicationName);
    const swap = exists
      ? `BEGIN; ALTER DATABASE ${quotePgIdent(to)} RENAME TO ${quotePgIdent(old)}; ALTER DATABASE ${quotePgIdent(scratch)} RENAME TO ${quotePgIdent(to)}; COMMIT;`
      : `ALTER DATABASE ${quotePgIdent(scratch)} RENAME TO ${quotePgIdent(to)}`;
    const result = await runCommand({ tool: 'psql', args: buildPsqlArgs(target.connection, admin, swap), env }, run);
    if (result.status !== 'ok') {
      // SQLSTATE 55006: others are connected to the destination; it stays as it is.
      if (/being accessed by other users/.test(result.stderr)) throw new RestoreProblem('destination-in-use', backupMessages(context.locale).restoreInUse(to));
      throw commandFailure(result);
    }
    renamed = true;
  } finally {
    if (!renamed) await query(`DROP DATABASE IF EXISTS ${quotePgIdent(scratch)} WITH (FORCE)`).catch(() => {});
  }
  if (exists) {
    // Nobody can be connected to the old database: the rename above required that.
    await query(`DROP DATABASE IF EXISTS ${quotePgIdent(old)}`).catch(() => context.warnings.push(backupMessages(context.locale).restoreOldKept(old)));
  }
  return false;
}

/** Ends this restore's own sessions on a database (pg_restore's backend may outlive it briefly). */
async function endOwnSessions(query: (sql: string) => Promise<string[][]>, database: string, applicationName: string): Promise<void> {
  const ours = `datname = ${quoteLiteral(database)} AND application_name = ${quoteLiteral(applicationName)}`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const left = await query(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE ${ours}`);
    if (Number(left[0]?.[0] ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * MariaDB has no RENAME DATABASE. A new or empty destination is restored directly and, on
 * failure, dropped (and an empty one re-created with its character set), which is exactly how it
 * was. A destination holding data (with `overwrite`) is restored into a scratch database first;
 * then one RENAME TABLE statement, which MariaDB carries out atomically, moves the old tables out
 * and the new ones in. RENAME TABLE cannot move views, or tables with triggers, across databases,
 * and routines and events stay behind: when either side has any, the restore stops before
 * touching the destination and says to restore into a new database name instead.
 */
async function restoreMysql(copyPath: string, to: string, context: RestoreContext, overwrite: boolean): Promise<boolean> {
  const { run } = context;
  const m = backupMessages(context.locale);
  const target = dbTarget(context) as MysqlTarget;
  const auth = await mysqlAuth(target, context.password, context.work);
  const query = (sql: string) => queryMysql(target, target.connection.database, sql, auth, run);
  const schema = (await query(`SELECT default_character_set_name, default_collation_name FROM information_schema.schemata WHERE schema_name = ${quoteLiteral(to)}`))[0];
  const objects = schema === undefined ? { tables: 0, others: 0 } : await countMysqlObjects(query, to);
  const restoreDirect = (database: string) => streamInto(copyPath, context, { tool: 'mysql', args: buildMysqlClientArgs(target.connection, auth.login, database), env: auth.env }, true);
  if (schema === undefined || objects.tables + objects.others === 0) {
    if (schema === undefined) await query(`CREATE DATABASE ${quoteMyIdent(to)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    try {
      await restoreDirect(to);
    } catch (error) {
      await query(`DROP DATABASE IF EXISTS ${quoteMyIdent(to)}`).catch(() => {});
      if (schema !== undefined) await query(`CREATE DATABASE ${quoteMyIdent(to)} CHARACTER SET ${schema[0]} COLLATE ${schema[1]}`).catch(() => {});
      throw error;
    }
    return false;
  }
  if (!overwrite) return true;
  const suffix = randomBytes(5).toString('hex');
  const scratch = `cadang_restore_${suffix}`;
  const old = `cadang_old_${suffix}`;
  await query(`CREATE DATABASE ${quoteMyIdent(scratch)} CHARACTER SET ${schema[0]} COLLATE ${schema[1]}`);
  try {
    await restoreDirect(scratch);
    const restored = await countMysqlObjects(query, scratch);
    if (objects.others > 0 || restored.others > 0) throw new RestoreProblem('cannot-swap', m.restoreCannotSwap(to));
    const tablesOf = async (database: string) => (await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${quoteLiteral(database)} AND table_type = 'BASE TABLE'`)).map(([name]) => name ?? '');
    const moves = [
      ...(await tablesOf(to)).map((table) => `${quoteMyIdent(to)}.${quoteMyIdent(table)} TO ${quoteMyIdent(old)}.${quoteMyIdent(table)}`),
      ...(await tablesOf(scratch)).map((table) => `${quoteMyIdent(scratch)}.${quoteMyIdent(table)} TO ${quoteMyIdent(to)}.${quoteMyIdent(table)}`),
    ];
    await query(`CREATE DATABASE ${quoteMyIdent(old)}`);
    await query(`RENAME TABLE ${moves.join(', ')}`);
  } finally {
    await query(`DROP DATABASE IF EXISTS ${quoteMyIdent(scratch)}`).catch(() => {});
  }
  await query(`DROP DATABASE IF EXISTS ${quoteMyIdent(old)}`).catch(() => context.warnings.push(m.restoreOldKept(old)));
  return false;
}

/** Base tables, and the objects RENAME TABLE cannot carry to another database (views, triggers, routines, events). */
async function countMysqlObjects(query: (sql: string) => Promise<string[][]>, database: string): Promise<{ tables: number; others: number }> {
  const name = quoteLiteral(database);
  const [row] = await query(
    `SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = ${name} AND table_type = 'BASE TABLE'), ` +
      `(SELECT count(*) FROM information_schema.tables WHERE table_schema = ${name} AND table_type <> 'BASE TABLE') + ` +
      `(SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = ${name}) + ` +
      `(SELECT count(*) FROM information_schema.routines WHERE routine_schema = ${name}) + ` +
      `(SELECT count(*) FROM information_schema.events WHERE event_schema = ${name})`,
  );
  return { tables: Number(row?.[0] ?? 0), others: Number(row?.[1] ?? 0) };
}

/** Throws verify-failed when what streamed differs from the manifest, unless the user forced it. */
function checkStreamed(digest: Digest, context: RestoreContext): void {
  if (!context.force) compareDigest(digest, context.manifest);
}

/**
 * Streams the copy (hashing it) into a consumer: directly (tar decompresses itself) or through
 * `zstd -d`. Throws the consumer's failure, or verify-failed when the checksum differs (the copy
 * changed since it was checked, unless forced).
 */
async function streamInto(copyPath: string, context: RestoreContext, consumer: { tool: 'tar' | 'pgRestore' | 'mysql'; args: readonly string[]; env?: Record<string, string> }, decompress: boolean): Promise<void> {
  const { run } = context;
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
    // The copy was just checked from the device (findDamage); this pass may use the cache.
    digestFile(copyPath, digestTarget, undefined, { fromDevice: false }).catch((error: unknown) => error as Error),
    unzip?.result,
    sink.result,
    feed,
  ]);
  if (consumed.status === 'error') throw commandFailure(consumed);
  if (unzipped !== undefined && unzipped.status === 'error') throw commandFailure(unzipped);
  if (digest instanceof Error) throw digest;
  checkStreamed(digest, context);
}

async function dropDatabase(context: RestoreContext, name: string): Promise<void> {
  const target = dbTarget(context);
  if (target.kind === 'postgres') {
    await queryPostgres(target, target.connection.database, `DROP DATABASE IF EXISTS ${quotePgIdent(name)} WITH (FORCE)`, await postgresAuthEnv(target, context.password, context.work), context.run);
  } else {
    await queryMysql(target, target.connection.database, `DROP DATABASE IF EXISTS ${quoteMyIdent(name)}`, await mysqlAuth(target, context.password, context.work), context.run);
  }
}
