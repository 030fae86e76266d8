/**
 * `cadang targets list`, `cadang backup run`, `cadang verify`, `cadang restore`,
 * `cadang retention apply`, `cadang doctor`: the backup executor from the command line.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CadangConfig } from '../config/schema.js';
import type { Database } from '../storage/database.js';
import { backupMessages, formatBytes } from '../backup/messages.js';
import type { BackupConfig, BackupOutcome, BackupTarget, VerifyResult } from '../backup/index.js';
import type { CliContext } from './context.js';

/** The executor and its tools, imported when a command runs, not for `--help` (start time). */
const executor = () => import('../backup/index.js');

/** Exit codes scripts can branch on, as SOP A does. */
const exitCodes: Record<BackupOutcome['status'], number> = { succeeded: 0, failed: 1, 'medium-absent': 3, 'not-enough-room': 4, cancelled: 130 };

/** Exit codes of `cadang restore`: 5 destination holds data, 6 damaged copy (nothing written). */
const restoreExitCodes = { refused: 5, damaged: 6, failed: 1 } as const;

interface Registry {
  backup: BackupConfig;
  targets: BackupTarget[];
}

/** The backup configuration with targets and media from the file and the database. */
async function loadRegistry(db: Database | undefined, config: CadangConfig): Promise<Registry> {
  const { loadTargets, loadMedia } = await import('../backup/target-registry.js');
  const { targets } = await loadTargets(config.backup, db, config.organisation.id);
  const media = await loadMedia(config.backup, db, config.organisation.id);
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
  ctx.print(m.verifySummary(results.length - bad, bad));
  return bad === 0;
}

/** Adds the backup commands to the `cadang` program. */
export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const m = backupMessages(ctx.locale);

  program
    .command('targets')
    .description(m.cmdTargets())
    .command('list')
    .description(m.cmdTargetsList())
    .action(async () => {
      await ctx.withDatabase(async (db, config) => {
        const { targets } = await loadRegistry(db, config);
        if (targets.length === 0) return ctx.print(m.noTargets());
        ctx.print(m.targetsHeader());
        for (const target of targets) ctx.print([target.name, target.kind, target.via ?? m.thisHost(), target.destinations.join(','), target.schedule ?? '-'].join('\t'));
      });
    });

  program
    .command('backup')
    .description(m.cmdBackup())
    .command('run <target>')
    .description(m.cmdBackupRun())
    .option('--to <destination>', m.optTo())
    .action(async (name: string, flags: { to?: string }) => {
      await ctx.withDatabase(async (db, config) => {
        const { findTarget, resolveDestination, runBackupJob, createPrismaJobStore, formatProgressLine } = await executor();
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
        const controller = new AbortController();
        const onInterrupt = () => controller.abort();
        process.once('SIGINT', onInterrupt);
        process.once('SIGTERM', onInterrupt);
        const printer = createProgressPrinter(ctx);
        try {
          const { jobId, outcome } = await runBackupJob(createPrismaJobStore(db), target, destination, {
            config: registry.backup,
            signal: controller.signal,
            locale: ctx.locale,
            onProgress: (progress) => printer.update(formatProgressLine(progress, ctx.locale)),
          });
          printer.done();
          ctx.print(outcome.status === 'succeeded' ? m.succeeded(target.name, formatBytes(outcome.copy.sizeBytes), outcome.copy.path) : outcome.message);
          if (outcome.status === 'succeeded') ctx.print(`sha256 ${outcome.copy.sha256}`);
          ctx.print(m.jobRecorded(jobId));
          process.exitCode = exitCodes[outcome.status];
        } finally {
          process.off('SIGINT', onInterrupt);
          process.off('SIGTERM', onInterrupt);
        }
      });
    });

  program
    .command('verify [copy]')
    .description(m.cmdVerify())
    .option('--medium <label>', m.optMedium())
    .option('--berita-acara <file>', m.optBeritaAcara())
    .action(async (copy: string | undefined, flags: { medium?: string; beritaAcara?: string }) => {
      await ctx.withDatabase(async (db, config) => {
        const [{ createPrismaJobStore, verifyMedium, verifyCopy }, { verifyCopiesAgainstDocument }] = await Promise.all([executor(), import('../service/verify-document.js')]);
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
          ctx.print(m.needArgument('COPY / --medium LABEL / --berita-acara FILE.pdf'));
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
      await ctx.withDatabase(async (db, config) => {
        const { restoreCopy, testRestore } = await executor();
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
      await ctx.withDatabase(async (db, config) => {
        const { applyRetention, createPrismaJobStore } = await executor();
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
          ctx.print(`${report.target} @ ${report.destination}`);
          for (const kept of report.keep) ctx.print(`  ${m.retentionKeep(basename(kept.copy.path), kept.reasons.join(', '))}`);
          for (const gone of report.remove) ctx.print(`  ${m.retentionRemove(basename(gone.path))}`);
          removed += report.remove.length;
        }
        ctx.print(dryRun ? m.retentionDryRun(removed) : m.retentionApplied(removed));
      });
    });

  program
    .command('doctor')
    .description(m.cmdDoctor())
    .action(async () => {
      const { checkTools, checkMedia, checkTarget } = await executor();
      const config = await ctx.loadConfig();
      // Doctor must also help when the database is down: fall back to the file's targets.
      const registry = await ctx.withDatabase((db) => loadRegistry(db, config)).catch(() => loadRegistry(undefined, config));
      ctx.print(m.doctorTools());
      let healthy = true;
      for (const tool of await checkTools(registry.backup)) {
        ctx.print(`  ${tool.version !== undefined ? m.doctorToolOk(tool.program, tool.version) : m.doctorToolMissing(tool.program, tool.debianPackage)}`);
      }
      if (registry.backup.media.length > 0) ctx.print(m.doctorMedia());
      for (const medium of await checkMedia(registry.backup)) {
        ctx.print(`  ${medium.mounted ? m.mediumMounted(medium.label, formatBytes(medium.freeBytes ?? 0)) : m.mediumNotMounted(medium.label)}`);
      }
      if (registry.targets.length > 0) ctx.print(m.doctorTargets());
      for (const target of registry.targets) {
        const check = await checkTarget(target, registry.backup, { locale: ctx.locale });
        healthy &&= check.reachable;
        ctx.print(`  ${check.reachable ? m.doctorReachable(target.name) : m.doctorUnreachable(target.name, check.problem ?? '')}`);
      }
      if (!healthy) process.exitCode = 1;
    });
}
