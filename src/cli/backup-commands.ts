/**
 * `cadang targets list`, `cadang backup run`, `cadang verify`, `cadang restore`,
 * `cadang retention apply`: the backup executor from the command line (`cadang doctor` is in
 * doctor-command.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CadangConfig } from '../config/schema.js';
import type { Database } from '../storage/database.js';
import type { BackupConfig, BackupOutcome, BackupTarget, VerifyResult } from '../backup/index.js';
import { backupMessages, formatBytes } from '../backup/messages.js';
import type { CliContext } from './context.js';
import { backupWords } from './backup-words.js';

/** The executor, its tools and the database, imported when a command runs, not for `--help` (start time). */
async function executor() {
  const [backup, verify, storage] = await Promise.all([import('../backup/index.js'), import('../service/verify-document.js'), import('../storage/backup-repository.js')]);
  return { ...backup, ...verify, ...storage };
}

/** Exit codes scripts can branch on, as SOP A does. */
const exitCodes: Record<BackupOutcome['status'], number> = { succeeded: 0, failed: 1, 'medium-absent': 3, 'not-enough-room': 4, cancelled: 130 };

/** A run cancelled by a signal exits 128 + the signal's number, as a shell reports it. */
const signalExitCodes: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };
/** Exit codes of `cadang restore`: 5 destination holds data, 6 damaged copy (nothing written). */
const restoreExitCodes = { refused: 5, damaged: 6, failed: 1 } as const;

interface Registry {
  backup: BackupConfig;
  targets: BackupTarget[];
}

/** The backup configuration with targets and media from the file and the database (without one: the file's only). */
export async function loadRegistry(db: Database | undefined, config: CadangConfig): Promise<Registry> {
  const [{ loadTargets, loadMedia }, { listStoredTargets, listStoredMedia }] = await Promise.all([import('../backup/target-registry.js'), import('../storage/backup-repository.js')]);
  const { targets } = await loadTargets(config.backup, db ? await listStoredTargets(db, config.organisation.id) : []);
  const media = await loadMedia(config.backup, db ? await listStoredMedia(db, config.organisation.id) : []);
  return { backup: { ...config.backup, targets, media }, targets };
}

/** Shows a progress bar on a terminal; stays quiet when output is a file or a pipe. */
function createProgressPrinter(ctx: CliContext) {
  const tty = process.stderr.isTTY === true;
  return {
    update(line: string) {
      if (tty) process.stderr.write(`\r${line.padEnd(100).slice(0, Math.max(20, (process.stderr.columns ?? 100) - 1))}`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
    ctx,
  };
}

function printVerifyResults(ctx: CliContext, results: VerifyResult[]): boolean {
  const m = backupMessages(ctx.locale);
  for (const result of results) ctx.print(result.ok ? m.verifyOk(result.path) : m.verifyBad(result.path, result.problem ?? ''));
  const bad = results.filter((result) => !result.ok).length;
  ctx.print(backupWords(ctx.locale).verifySummary(results.length - bad, bad));
  return bad === 0;
}

/** Adds the backup commands to the `cadang` program. */
export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const m = backupMessages(ctx.locale);
  const w = backupWords(ctx.locale);

  program
    .command('targets')
    .description(m.cmdTargets())
    .command('list')
    .description(m.cmdTargetsList())
    .action(async () => {
      // Only reads: through the database driver, without Prisma's client (start time).
      await ctx.withReader(async (reader, config) => {
        const [{ loadTargets }, { readStoredTargets }] = await Promise.all([import('../backup/target-registry.js'), import('../storage/backup-repository.js')]);
        const { targets } = await loadTargets(config.backup, await readStoredTargets(reader, config.organisation.id));
        if (targets.length === 0) return ctx.print(m.noTargets());
        ctx.print(m.targetsHeader());
        for (const target of targets) {
          const destinations = target.destinations.map((destination) => (destination === 'internal' ? w.internal() : destination));
          ctx.print([target.name, w.kinds[target.kind], target.via ?? m.thisHost(), destinations.join(', '), target.schedule ?? '-'].join('\t'));
        }
      });
    });

  program
    .command('backup')
    .description(m.cmdBackup())
    .command('run <target>')
    .description(m.cmdBackupRun())
    .option('--to <destination>', m.optTo())
    .addHelpText('after', `\n${m.backupRunExitCodes()}`)
    .action(async (name: string, flags: { to?: string }) => {
      const { findTarget, formatProgressLine, reconcileUnattachedJobs, resolveDestination, runBackupJob, createPrismaJobStore } = await executor();
      // SIGINT and SIGTERM cancel like the cancel button: tools stopped, the partial copy removed,
      // the lock released, the job recorded as cancelled. The listeners stay for the whole run
      // (not `once`): execa's exit hook re-raises a signal it sees no other listener for, which
      // would kill Cadang before the cancellation has cleaned up. A repeated signal is ignored.
      const controller = new AbortController();
      let received: 'SIGINT' | 'SIGTERM' | undefined;
      const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
        received ??= signal;
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await ctx.withDatabase(async (db, config) => {
          const registry = await loadRegistry(db, config);
          const target = findTarget(registry.targets, name);
          if (target === undefined) {
            ctx.print(m.unknownTarget(name));
            process.exitCode = 2;
            return;
          }
          const destinationName = flags.to ?? target.destinations[0] ?? 'internal';
          const destination = resolveDestination(registry.backup, destinationName);
          if (destination === undefined) {
            ctx.print(m.unknownDestination(destinationName));
            process.exitCode = 2;
            return;
          }
          const printer = createProgressPrinter(ctx);
          // A run killed earlier left its record `running`; end it before starting anew.
          await reconcileUnattachedJobs(createPrismaJobStore(db), registry.backup, ctx.locale === 'en' ? 'Cadang stopped while the backup ran' : 'Cadang berhenti saat backup berjalan');
          const { jobId, outcome } = await runBackupJob(createPrismaJobStore(db), target, destination, {
            config: registry.backup,
            signal: controller.signal,
            locale: ctx.locale,
            onProgress: (progress) => printer.update(formatProgressLine(progress, ctx.locale)),
          });
          printer.done();
          if (outcome.status === 'succeeded') ctx.print(m.succeeded(target.name, formatBytes(outcome.copy.sizeBytes, ctx.locale), outcome.copy.path));
          else if (outcome.status === 'cancelled' && received !== undefined) ctx.print(m.cancelledBySignal(target.name, received));
          else ctx.print(outcome.message);
          if (outcome.status === 'succeeded') ctx.print(`sha256 ${outcome.copy.sha256}`);
          ctx.print(m.jobRecorded(jobId));
          process.exitCode = outcome.status === 'cancelled' && received !== undefined ? signalExitCodes[received] : exitCodes[outcome.status];
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('verify [copy]')
    .description(m.cmdVerify())
    .option('--medium <label>', m.optMedium())
    .option('--berita-acara <file>', m.optBeritaAcara())
    .action(async (copy: string | undefined, flags: { medium?: string; beritaAcara?: string }) => {
      const { verifyCopy, verifyMedium, verifyCopiesAgainstDocument, createPrismaJobStore } = await executor();
      await ctx.withDatabase(async (db, config) => {
                const registry = await loadRegistry(db, config);
        const store = createPrismaJobStore(db);
        let results: VerifyResult[];
        if (flags.medium !== undefined) {
          const found = await verifyMedium(flags.medium, { config: registry.backup, locale: ctx.locale });
          if (!Array.isArray(found)) {
            ctx.print(found.message);
            process.exitCode = 3;
            return;
          }
          results = found;
        } else if (flags.beritaAcara !== undefined) {
          results = await verifyCopiesAgainstDocument(await readFile(flags.beritaAcara), flags.beritaAcara, { config: registry.backup, locale: ctx.locale });
        } else if (copy !== undefined) {
          results = [await verifyCopy(resolve(copy), { config: registry.backup, locale: ctx.locale })];
        } else {
          ctx.print(m.needArgument(w.verifyWhat()));
          process.exitCode = 2;
          return;
        }
        for (const result of results) await store.recordVerification(result.path, result.ok, result.problem ?? 'ok');
        if (!printVerifyResults(ctx, results)) process.exitCode = 1;
      });
    });

  program
    .command('restore <copy>')
    .description(m.cmdRestore())
    .option('--to <place>', m.optRestoreTo())
    .option('--overwrite', m.optOverwrite())
    .option('--test', m.optTest())
    .option('--force', m.optForce())
    .action(async (copy: string, flags: { to?: string; overwrite?: boolean; test?: boolean; force?: boolean }) => {
      const { restoreCopy, testRestore } = await executor();
      await ctx.withDatabase(async (db, config) => {
        const registry = await loadRegistry(db, config);
        const path = resolve(copy);
        if (flags.test === true) {
          const outcome = await testRestore(path, { config: registry.backup, locale: ctx.locale });
          ctx.print(outcome.message);
          if (outcome.status !== 'equal') process.exitCode = 1;
          return;
        }
        if (flags.to === undefined) {
          ctx.print(m.needArgument('--to'));
          process.exitCode = 2;
          return;
        }
        // A database name stays a name; anything that looks like a path becomes absolute.
        const to = flags.to.includes('/') || flags.to.startsWith('.') ? resolve(flags.to) : flags.to;
        const outcome = await restoreCopy(path, to, { config: registry.backup, locale: ctx.locale, overwrite: flags.overwrite === true, force: flags.force === true });
        ctx.print(outcome.message);
        if (outcome.status === 'restored') for (const warning of outcome.warnings) ctx.print(warning);
        else process.exitCode = restoreExitCodes[outcome.status];
      });
    });

  program
    .command('retention')
    .description(m.cmdRetention())
    .command('apply')
    .description(m.cmdRetentionApply())
    .option('--dry-run', m.optDryRun())
    .option('--target <name>', m.optTarget())
    .action(async (flags: { dryRun?: boolean; target?: string }) => {
      const { applyRetention, createPrismaJobStore } = await executor();
      await ctx.withDatabase(async (db, config) => {
        const registry = await loadRegistry(db, config);
        const targets = flags.target === undefined ? registry.targets : registry.targets.filter((target) => target.name === flags.target);
        if (flags.target !== undefined && targets.length === 0) {
          ctx.print(m.unknownTarget(flags.target));
          process.exitCode = 2;
          return;
        }
        const dryRun = flags.dryRun === true;
        const reports = await applyRetention(registry.backup, targets, { dryRun, store: createPrismaJobStore(db) });
        let removed = 0;
        for (const report of reports) {
          if (report.keep.length + report.remove.length === 0) continue;
          ctx.print(`${report.target} @ ${report.destination === 'internal' ? w.internal() : report.destination}`);
          for (const kept of report.keep) ctx.print(`  ${m.retentionKeep(basename(kept.copy.path), kept.reasons.map((reason) => w.reasons[reason]).join(', '))}`);
          for (const gone of report.remove) ctx.print(`  ${m.retentionRemove(basename(gone.path))}`);
          removed += report.remove.length;
        }
        ctx.print(dryRun ? w.retentionDryRun(removed) : w.retentionApplied(removed));
      });
    });
}
