import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import type { Locale } from '../i18n/messages.js';
import { CadangError, isCadangError } from '../errors.js';
import type { BackupConfig, BackupTarget } from './config.js';
import { commitFile, writeFileAtomically } from './atomic-file.js';
import { buildCopyBaseName, copyExtension, formatInstant, manifestSuffix, partialSuffix, removeLeftovers, targetFolder } from './copy-names.js';
import { destinationLabel, destinationRoot, freeBytes, isMediumPresent, prepareFolder, requiredBytes } from './destination.js';
import { describeToolFailure, redactSecrets } from './failure-message.js';
import { driverFor } from './kinds/index.js';
import type { ProduceContext } from './kinds/kind.js';
import { backupMessages, formatBytes } from './messages.js';
import { createProgressTracker } from './progress.js';
import type { RunEnvironment } from './runner.js';
import type { ToolName } from './argv/tools.js';
import { createFifo, createSecretFolder, readPassword, removeStaleWorkFolders, type SecretFolder } from './secrets.js';
import { acquireTargetLock } from './target-lock.js';
import { readToolVersion } from './tool-versions.js';
import { resolveTools, type ResolvedTools } from './tools.js';
import type { BackupDestination, BackupManifest, BackupOutcome, BackupProgress, FailureCode } from './types.js';
import { rootLogger, type Logger } from '../log/logger.js';

/** A structured log line; it never carries a secret (argv never holds one, and details are redacted). */
export type BackupLogger = (entry: { level: 'info' | 'warn' | 'error'; event: string; target: string; [key: string]: unknown }) => void;

/** A BackupLogger that writes each entry as one pino line at its level, with `event` as the message. */
export function backupLoggerFor(logger: Logger): BackupLogger {
  return ({ level, ...fields }) => logger[level](fields, fields.event);
}

/** Options of one backup run. */
export interface RunBackupOptions {
  /** The `backup:` configuration: tools, SSH hosts, time limits, compression, lock folder. */
  config: BackupConfig;
  /** Aborting cancels the job: tools are stopped and the partial copy removed. */
  signal?: AbortSignal;
  /** Called with throttled progress events (about twice a second). */
  onProgress?: (progress: BackupProgress) => void;
  locale?: Locale;
  /** Receives every log entry instead of the pino logger (a test collects them). */
  log?: BackupLogger;
  /** The pino logger the entries go to when `log` is not given (default: the root logger); give a child carrying `run`. */
  logger?: Logger;
  /** Where password references are looked up (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Tools already resolved (default: resolved from config.tools and PATH). */
  tools?: ResolvedTools;
  progressIntervalMs?: number;
}

/** The tools whose versions a kind's manifest records. */
const kindTools: Record<BackupTarget['kind'], ToolName[]> = {
  files: ['tar', 'zstd'],
  postgres: ['pgDump', 'zstd'],
  mysql: ['mysqlDump', 'zstd'],
  sqlite: [],
  mirror: ['rsync'],
};

/** How long after the copy's tools start the side work starts (unless the copy is done sooner). */
const sideWorkDelayMs = 250;

/** Kinds whose local pipeline meets in a FIFO (producer | zstd); tar and pg_dump write into zstd's standard input instead. */
const kindUsesFifo: Record<BackupTarget['kind'], boolean> = { files: false, postgres: false, mysql: true, sqlite: false, mirror: false };

type Passwordable = { connection: { passwordEnv?: string; passwordFile?: string } };

function hasPassword(target: BackupTarget): target is BackupTarget & Passwordable {
  return target.kind === 'postgres' || target.kind === 'mysql';
}

/**
 * Backs up one target to one destination and verifies the copy. Given a registered target and a
 * destination, returns how it ended: succeeded (the committed copy and its manifest),
 * medium-absent or not-enough-room (nothing written), failed (a code and a sentence in the
 * chosen locale; no complete-looking file left, no earlier copy touched) or cancelled.
 * Never throws for expected faults.
 */
export async function runBackup(target: BackupTarget, destination: BackupDestination, options: RunBackupOptions): Promise<BackupOutcome> {
  const locale = options.locale ?? 'id';
  const m = backupMessages(locale);
  const log: BackupLogger = options.log ?? backupLoggerFor(options.logger ?? rootLogger());
  const mediumLabel = destinationLabel(destination);
  const where = mediumLabel ?? m.internalFolder();
  const secrets: (string | undefined)[] = [];
  const controller = new AbortController();
  let stopReason: 'cancelled' | 'timeout' | undefined;
  const onOuterAbort = () => {
    stopReason ??= 'cancelled';
    controller.abort();
  };
  if (options.signal?.aborted) return { status: 'cancelled', message: m.cancelled(target.name) };
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const fail = (code: FailureCode, context: Record<string, unknown> = {}): BackupOutcome => {
    const detail = typeof context.stderr === 'string' ? redactSecrets(context.stderr, secrets) : undefined;
    const message = describeToolFailure(code, context, target.name, where, locale, secrets);
    log({ level: 'error', event: 'backup.failed', target: target.name, code, message, detail });
    return { status: 'failed', code, message, detail };
  };

  const lock = await acquireTargetLock(join(resolve(options.config.internalFolder), '.locks'), target.name);
  if (lock === undefined) {
    options.signal?.removeEventListener('abort', onOuterAbort);
    return fail('target-busy');
  }
  const progress = createProgressTracker({ target: target.name, onProgress: options.onProgress, intervalMs: options.progressIntervalMs });
  const stallMs = options.config.timeouts.stallSeconds * 1000;
  const watchdog = setInterval(() => {
    if (progress.idleMs() > stallMs) {
      stopReason ??= 'timeout';
      controller.abort();
    }
  }, Math.min(1000, stallMs));
  const deadline = setTimeout(() => {
    stopReason ??= 'timeout';
    controller.abort();
  }, options.config.timeouts.maxSeconds * 1000);
  let work: SecretFolder | undefined;
  let partialPath: string | undefined;
  let finalPath: string | undefined;
  let committed = false;
  /** Lookups started beside the copy; settled before the job's folder and lock are released. */
  let sideWork: Promise<unknown> | undefined;
  let sideWorkTimer: NodeJS.Timeout | undefined;
  /** Details a kind still gathers after writing the copy (settled before the job ends). */
  let laterDetails: Promise<unknown> | undefined;

  try {
    // The job's FIFOs live in a private folder under the data folder; a killed run's folder is
    // removed by the next run (it never holds a secret at rest: see secret-pipe.ts).
    const workFolder = await createSecretFolder(join(resolve(options.config.internalFolder), '.work'));
    work = workFolder;
    // Older versions left option files with passwords in the temporary folder: gone too.
    const stale = [...workFolder.removedStale, ...(await removeStaleWorkFolders(tmpdir(), 'cadang-secret-'))];
    if (stale.length > 0) log({ level: 'info', event: 'backup.work-folders-removed', target: target.name, folders: stale });
    if (destination.kind === 'medium' && !(await isMediumPresent(destination.medium))) {
      log({ level: 'warn', event: 'backup.medium-absent', target: target.name, medium: destination.medium.label });
      return { status: 'medium-absent', mediumLabel: destination.medium.label, message: m.mediumAbsent(destination.medium.label, destination.medium.mountPoint) };
    }
    const folder = targetFolder(destinationRoot(destination), target.name);
    await prepareFolder(folder);
    const leftovers = await removeLeftovers(folder, target.name);
    if (leftovers.length > 0) log({ level: 'info', event: 'backup.leftovers-removed', target: target.name, files: leftovers });

    const password = hasPassword(target) ? await readPassword(target.connection, options.env) : undefined;
    secrets.push(password);
    const run: RunEnvironment = {
      tools: options.tools ?? resolveTools(options.config.tools),
      sshHosts: options.config.sshHosts,
      signal: controller.signal,
      onCommand: (display) => log({ level: 'info', event: 'backup.command', target: target.name, command: redactSecrets(display, secrets) }),
    };
    if (run.tools.setpriv === undefined) log({ level: 'warn', event: 'backup.tools-not-tied', target: target.name, hint: 'setpriv (util-linux) not found: tools may outlive a killed Cadang' });
    const driver = driverFor(target);
    const startedAt = new Date();
    let baseName = buildCopyBaseName(target.name, startedAt);
    // Two runs within one second must not share a name (the second would replace the first);
    // "_2" sorts after "." so names stay in time order.
    for (let n = 2; await exists(join(folder, `${baseName}${copyExtension[target.kind]}`)); n += 1) baseName = `${buildCopyBaseName(target.name, startedAt)}_${n}`;
    finalPath = join(folder, `${baseName}${copyExtension[target.kind]}`);
    partialPath = `${finalPath}${partialSuffix}`;
    // Set up off the critical path: the FIFO the local pipelines meet in (while the source is
    // measured or its bound read).
    const fifo = target.via === undefined && kindUsesFifo[target.kind] ? createFifo(work.path('stream.fifo'), run) : undefined;
    fifo?.catch(() => {});
    // Spawning blocks the event loop for a moment, so side work (the tool versions for the
    // manifest, and the source's measurement when it runs beside the copy) starts only once the
    // copy's own tools run, and a little later still: a small copy is then already written (its
    // hashing is never held up) and the side work overlaps verification; a large one hides it.
    let release = (): void => {};
    const sideWorkStarted = new Promise<void>((resolve) => (release = resolve));
    const startSideWork = (): void => {
      sideWork ??= Promise.allSettled([versionsLookup, measuring]);
      release();
    };
    const versionsLookup = sideWorkStarted.then(() => Promise.all(kindTools[target.kind].map(async (tool) => ({ name: tool as string, version: await readToolVersion(tool, run, join(resolve(options.config.internalFolder), '.tool-versions.json')) }))));
    versionsLookup.catch(() => {});
    const context: ProduceContext = { target, run, partialPath, work, password, compression: options.config.compression, progress, fifo, onToolsStarted: () => (sideWorkTimer ??= setTimeout(startSideWork, sideWorkDelayMs)) };

    progress.setPhase('estimate');
    const available = await freeBytes(folder);
    // When the destination has room for twice what the source's file systems hold, the tree need
    // not be measured first: it is measured beside the copy, and the room checked again then.
    const bound = await driver.upperBound?.(target);
    const roomy = bound !== undefined && available >= requiredBytes(2 * bound);
    const measuring = roomy ? sideWorkStarted.then(() => driver.estimate(context)) : driver.estimate(context);
    let written = false;
    // A measurement that arrives after the copy is written no longer describes the phase under way.
    measuring.then((bytes) => !written && progress.setTotal(bytes), () => {});
    const roomFor = async (): Promise<BackupOutcome | undefined> => {
      const required = requiredBytes(await measuring);
      if (available >= required) return undefined;
      log({ level: 'warn', event: 'backup.not-enough-room', target: target.name, required, available });
      return { status: 'not-enough-room', mediumLabel, requiredBytes: required, availableBytes: available, message: m.notEnoughRoom(where, formatBytes(required, locale), formatBytes(available, locale)) };
    };
    const noRoom = roomy ? undefined : await roomFor();
    if (noRoom !== undefined) return noRoom;

    const produced = await driver.produce(context);
    laterDetails = produced.laterDetails;
    const finishedAt = new Date();
    written = true;
    // The copy is written and durable; what only the manifest needs (the tool versions, and the
    // measured source size when it ran beside the copy) is awaited just before the commit.
    startSideWork();
    progress.setPhase('write');
    const manifest: BackupManifest = {
      formatVersion: 1,
      target: target.name,
      kind: target.kind,
      file: `${baseName}${copyExtension[target.kind]}`,
      host: hostname(),
      source: driver.describeSource(target),
      mediumLabel,
      startedAt: formatInstant(startedAt),
      finishedAt: formatInstant(finishedAt),
      sizeBytes: produced.digest.sizeBytes,
      sha256: produced.digest.sha256,
      sourceBytes: undefined,
      tools: [],
      command: redactSecrets(produced.command, secrets),
      details: produced.details,
      warnings: produced.warnings.map((warning) => redactSecrets(warning, secrets)),
    };

    progress.restart('verify', produced.digest.sizeBytes);
    const verified = await driver.verify(partialPath, manifest, { run, onBytes: (bytes) => progress.setDone(bytes) });
    // A kind that counts rows in the copy itself (MariaDB) hands them over here.
    const { rowCounts, ...facts } = verified;
    const verifiedAt = formatInstant(new Date());
    // A kind that counts rows in the source's snapshot after the copy is written (PostgreSQL) hands them over here.
    // Counting a large database can outlast verification; the database is working, not stuck.
    const later = produced.laterDetails === undefined ? {} : await progress.waitFor(produced.laterDetails);
    manifest.details = { ...manifest.details, ...later, ...(rowCounts === undefined ? {} : { rowCounts }), verification: { at: verifiedAt, ...facts } };
    // Room is judged by what was free before the copy was written (the bound let it start early).
    const noRoomAfter = roomy ? await roomFor() : undefined;
    if (noRoomAfter !== undefined) return noRoomAfter;
    manifest.sourceBytes = await measuring;
    manifest.tools = (await versionsLookup).filter((entry) => produced.tools.includes(entry.name as ToolName));
    if (target.kind === 'sqlite') manifest.tools.push({ name: 'sqlite-backup-api', version: `better-sqlite3 ${await betterSqliteVersion()}` });
    if (controller.signal.aborted) throw new CadangError('cancelled', 'cancelled');
    if (destination.kind === 'medium' && !(await isMediumPresent(destination.medium))) throw new CadangError('medium-removed', 'label file gone before commit');

    await commitFile(partialPath, finalPath);
    // The manifest is the commit marker: a copy without one is a leftover the next run removes.
    await writeFileAtomically(`${finalPath}${manifestSuffix}`, `${JSON.stringify(manifest, null, 2)}\n`);
    committed = true;
    progress.flush();
    log({ level: 'info', event: 'backup.succeeded', target: target.name, path: finalPath, sizeBytes: manifest.sizeBytes, sha256: manifest.sha256 });
    return {
      status: 'succeeded',
      copy: { path: finalPath, manifestPath: `${finalPath}${manifestSuffix}`, sizeBytes: manifest.sizeBytes, sha256: manifest.sha256, mediumLabel, manifest },
      warnings: manifest.warnings,
    };
  } catch (error) {
    if (stopReason === 'cancelled' || (isCadangError(error) && error.code === 'cancelled' && stopReason !== 'timeout')) {
      log({ level: 'warn', event: 'backup.cancelled', target: target.name });
      return { status: 'cancelled', message: m.cancelled(target.name) };
    }
    if (stopReason === 'timeout') return fail('timeout', { seconds: options.config.timeouts.stallSeconds });
    if (isCadangError(error) && error.code !== 'cancelled') {
      // A write that failed because the medium vanished reads as "removed", not as a tool error.
      if (destination.kind === 'medium' && !(await isMediumPresent(destination.medium))) return fail('medium-removed', error.context);
      return fail(error.code as FailureCode, error.context);
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (destination.kind === 'medium' && !(await isMediumPresent(destination.medium))) return fail('medium-removed');
    if (code === 'ENOSPC') return fail('disk-full');
    log({ level: 'error', event: 'backup.crashed', target: target.name, error: redactSecrets(String(error), secrets) });
    return fail('tool-failed', { tool: 'cadang', stderr: String(error) });
  } finally {
    clearInterval(watchdog);
    clearTimeout(deadline);
    clearTimeout(sideWorkTimer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    if ((sideWork !== undefined || laterDetails !== undefined) && !committed) {
      controller.abort();
      await Promise.allSettled([sideWork, laterDetails]);
    }
    if (!committed) {
      if (partialPath !== undefined) await rm(partialPath, { force: true }).catch(() => {});
      if (finalPath !== undefined && !(await exists(`${finalPath}${manifestSuffix}`))) await rm(finalPath, { force: true }).catch(() => {});
    }
    await work?.dispose().catch(() => {});
    await lock.release();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function betterSqliteVersion(): Promise<string> {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  return (require('better-sqlite3/package.json') as { version: string }).version;
}
