import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import type { PostgresTarget } from '../config.js';
import { buildPgDumpArgs, buildPgRestoreListArgs, buildPsqlArgs, buildPsqlSessionArgs, countPostgresRowsSql, lockPostgresTablesSql, postgresSizeSql } from '../argv/postgres.js';
import { buildZstdDecompressArgs } from '../argv/zstd.js';
import { digestFile } from '../atomic-file.js';
import { runCommand, startCommand, type RunEnvironment } from '../runner.js';
import type { SecretFolder } from '../secrets.js';
import { writeCompressedCopy } from './compressed-pipeline.js';
import { commandFailure, compareDigest, verifyFailure, type KindDriver } from './kind.js';

/**
 * The environment that carries the password: PGPASSWORD, locally and on a remote host (where the
 * runner sends it over ssh's standard input). Not a pgpass file: libpq reads only a regular
 * file there, which a killed run would leave on disk. A process's environment is readable only
 * by its own user, like the file was.
 */
export async function postgresAuthEnv(_target: Pick<PostgresTarget, 'connection' | 'via'>, password: string | undefined, _work?: SecretFolder): Promise<Record<string, string>> {
  return password === undefined ? {} : { PGPASSWORD: password };
}

/** Runs one query with psql and returns its rows as tab-separated fields. */
export async function queryPostgres(target: Pick<PostgresTarget, 'connection' | 'via'>, database: string, sql: string, env: Record<string, string>, run: RunEnvironment): Promise<string[][]> {
  const result = await runCommand({ tool: 'psql', args: buildPsqlArgs(target.connection, database, sql), env, via: target.via }, run);
  if (result.status !== 'ok') throw commandFailure(result);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** Row counts of every user table, keyed "schema.table". */
export async function countPostgresRows(target: Pick<PostgresTarget, 'connection' | 'via'>, database: string, env: Record<string, string>, run: RunEnvironment): Promise<Record<string, number>> {
  const rows = await queryPostgres(target, database, countPostgresRowsSql, env, run);
  return Object.fromEntries(rows.map(([table, count]) => [table ?? '', Number(count)]));
}

/** An open transaction whose snapshot pg_dump shares, so row counts and dump see the same data. */
interface SnapshotSession {
  snapshot: string;
  /** Runs one query inside the snapshot and returns its rows. */
  query(sql: string): Promise<string[][]>;
  /** Counts every table's rows inside the snapshot. */
  countRows(): Promise<Record<string, number>>;
  /** Ends the transaction; call after pg_dump has finished. */
  close(): Promise<void>;
}

/**
 * Opens a psql session (locally or over ssh), starts a REPEATABLE READ transaction and exports
 * its snapshot. Lines are read back by markers the session echoes, never by timing.
 */
async function openSnapshotSession(target: Pick<PostgresTarget, 'connection' | 'via'>, env: Record<string, string>, run: RunEnvironment): Promise<SnapshotSession> {
  const session = startCommand({ tool: 'psql', args: buildPsqlSessionArgs(target.connection, target.connection.database), env, via: target.via }, run, { stdin: 'pipe', stdout: 'pipe' });
  session.stdin!.on('error', () => {});
  const lines = createInterface({ input: session.stdout! })[Symbol.asyncIterator]();
  const readUntil = async (marker: string): Promise<string[]> => {
    const collected: string[] = [];
    for (;;) {
      const next = await lines.next();
      if (next.done) {
        const result = await session.result;
        throw commandFailure(result.status === 'ok' ? { ...result, status: 'error' } : result);
      }
      if (next.value === marker) return collected;
      collected.push(next.value);
    }
  };
  session.stdin!.write(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSELECT pg_export_snapshot();\n\\echo CADANG-SNAPSHOT\n`);
  const [snapshot] = await readUntil('CADANG-SNAPSHOT');
  if (snapshot === undefined || !/^[0-9A-F]+-[0-9A-F]+(-\d+)?$/.test(snapshot)) throw commandFailure({ ...(await session.result), status: 'error' });
  // One query at a time: each waits for the one before (psql answers in order).
  let queue: Promise<unknown> = Promise.resolve();
  const query = (sql: string): Promise<string[][]> => {
    const answer = queue.then(async () => {
      session.stdin!.write(`${sql};\n\\echo CADANG-DONE\n`);
      return (await readUntil('CADANG-DONE')).filter((line) => line !== '').map((line) => line.split('\t'));
    });
    queue = answer.catch(() => {});
    return answer;
  };
  return {
    snapshot,
    query,
    async countRows() {
      const rows = await query(countPostgresRowsSql);
      return Object.fromEntries(rows.map(([table, count]) => [table ?? '', Number(count)]));
    },
    async close() {
      session.stdin!.end('COMMIT;\n');
      await session.result;
    },
  };
}

/**
 * Snapshot sessions opened by estimate() for the produce() that follows, by job (its private
 * folder). Start time: the size query runs inside the session whose snapshot pg_dump then uses,
 * so a backup reaches pg_dump one psql connection sooner. A session produce() does not claim
 * (the room check said no, the job was cancelled) closes itself after a few seconds.
 */
const openedByEstimate = new WeakMap<SecretFolder, Promise<SnapshotSession>>();
const unclaimedSessionMs = 5000;

function takeSession(work: SecretFolder): Promise<SnapshotSession> | undefined {
  const session = openedByEstimate.get(work);
  openedByEstimate.delete(work);
  return session;
}

/** PostgreSQL: pg_dump custom format (restorable with pg_restore), compressed with zstd. */
export const postgresKind: KindDriver<PostgresTarget> = {
  describeSource: (target) => `postgresql://${target.connection.user}@${target.connection.host}:${target.connection.port}/${target.connection.database}${target.via === undefined ? '' : ` (via ${target.via})`}`,

  async estimate({ target, run, password, work }) {
    const env = await postgresAuthEnv(target, password, work);
    const opening = openSnapshotSession(target, env, run);
    opening.catch(() => {});
    const session = await opening;
    openedByEstimate.set(work, opening);
    const release = () => {
      if (openedByEstimate.get(work) === opening) void takeSession(work)?.then((unclaimed) => unclaimed.close()).catch(() => {});
    };
    setTimeout(release, unclaimedSessionMs).unref();
    run.signal?.addEventListener('abort', release, { once: true });
    const rows = await session.query(postgresSizeSql);
    return Number(rows[0]?.[0] ?? 0) || undefined;
  },

  async produce(context) {
    const { target, run, password, work } = context;
    const env = await postgresAuthEnv(target, password, work);
    context.progress.setPhase('dump');
    // Row counts (what a test restore compares against) come from the very snapshot pg_dump
    // dumps. They are counted once pg_dump has finished (the session keeps the snapshot open),
    // beside verification, so the count's table scans never compete with the dump for the CPU.
    const session = await (takeSession(work) ?? openSnapshotSession(target, env, run));
    // The session locks the tables as pg_dump does (beside it, not before it) and keeps the locks
    // until it has counted.
    const locking = session.query(lockPostgresTablesSql);
    locking.catch(() => {});
    let result: Awaited<ReturnType<typeof writeCompressedCopy>>;
    try {
      result = await writeCompressedCopy(
        context,
        target.via === undefined
          ? { piped: { tool: 'pgDump', args: buildPgDumpArgs(target, '-', session.snapshot), env } }
          : { remote: { tool: 'pgDump', args: buildPgDumpArgs(target, '-', session.snapshot), env, via: target.via } },
      );
    } catch (error) {
      await session.close();
      throw error;
    }
    const counting = locking.then(() => session.countRows());
    const laterDetails = counting.then((rowCounts) => ({ rowCounts })).finally(() => session.close());
    laterDetails.catch(() => {});
    return {
      digest: result.digest,
      tools: ['pgDump', 'zstd'],
      command: result.command,
      details: { format: 'custom', database: target.connection.database },
      warnings: [],
      laterDetails,
    };
  },

  async verify(path, manifest, { run, onBytes }) {
    // Pass 1: the checksum re-read and zstd's own integrity test, side by side.
    const tester = startCommand({ tool: 'zstd', args: ['-t', '-q', '--', path] }, run, { stdout: 'ignore' });
    const [digest, tested] = await Promise.all([digestFile(path, undefined, onBytes), tester.result]);
    compareDigest(digest, manifest);
    if (tested.status === 'error') throw verifyFailure(`zstd: ${tested.stderr.trim()}`);
    // Pass 2: pg_restore reads the archive's table of contents.
    const controller = new AbortController();
    const local = { ...run, signal: controller.signal };
    const decompress = startCommand({ tool: 'zstd', args: [...buildZstdDecompressArgs(), '--', path] }, local, { stdout: 'pipe' });
    const lister = startCommand({ tool: 'pgRestore', args: buildPgRestoreListArgs() }, run, { stdin: 'pipe', stdout: 'pipe' });
    let listing = '';
    lister.stdout!.on('data', (chunk: Buffer) => (listing += chunk.toString('utf8')));
    const feeding = pipeline(decompress.stdout!, lister.stdin!).catch(() => {});
    const listed = await lister.result;
    controller.abort();
    decompress.stdout!.destroy();
    await Promise.all([feeding, decompress.result]);
    if (listed.status !== 'ok') throw verifyFailure(`pg_restore --list: ${listed.stderr.trim()}`);
    const entries = listing.split('\n').filter((line) => line !== '' && !line.startsWith(';')).length;
    if (entries === 0) throw verifyFailure('pg_restore --list shows no entries');
    return { tocEntries: entries };
  },
};
