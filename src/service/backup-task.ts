import { findTarget, formatBytes, formatProgressLine, resolveDestination, runBackupJob, type BackupConfig, type BackupJobStore, type BackupOutcome, type BackupTarget } from '../backup/index.js';
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { ManifestItem } from '../reports/manifest.js';
import type { BackupJobPayload } from './job-planner.js';
import type { JobHandler, StepResult } from './worker.js';

/** One copy as the documents list it (the berita acara's item), kept in the task result. */
export type BackupTaskCopy = ManifestItem & { manifestPath: string };

/** The task result's detail: what was copied and what was not, and why. */
export interface BackupTaskDetail {
  copies: BackupTaskCopy[];
  failures: Array<{ targetName: string; status: BackupOutcome['status'] | 'interrupted'; message: string }>;
}

const messages = defineMessages(
  {
    starting: (number: number, targets: string) => `⚙️ #${number}: backup dimulai — ${targets}`,
    progress: (number: number, target: string, line: string) => `⚙️ #${number} ${target}\n${line}`,
    unknownTarget: (name: string) => `target "${name}" tidak ada di Daftar Backup (konfigurasi backup.targets)`,
    unknownDestination: (name: string) => `tujuan "${name}" tidak terdaftar (gunakan "internal" atau label media di backup.media)`,
    noTargets: () => 'tidak ada target yang dipetakan untuk dibackup',
    succeeded: (count: number, size: string) => `${count} salinan terverifikasi, ${size}`,
    failed: (failures: string) => `backup tidak selesai: ${failures}`,
    finished: (number: number, summary: string) => `✅ #${number}: ${summary}`,
    finishedBadly: (number: number, summary: string) => `❌ #${number}: ${summary}`,
    interrupted: () => 'backup terputus',
  },
  {
    starting: (number: number, targets: string) => `⚙️ #${number}: backup started — ${targets}`,
    progress: (number: number, target: string, line: string) => `⚙️ #${number} ${target}\n${line}`,
    unknownTarget: (name: string) => `target "${name}" is not in the backup list (configuration backup.targets)`,
    unknownDestination: (name: string) => `destination "${name}" is not registered (use "internal" or a label under backup.media)`,
    noTargets: () => 'no targets were mapped for backup',
    succeeded: (count: number, size: string) => `${count === 1 ? '1 verified copy' : `${count} verified copies`}, ${size}`,
    failed: (failures: string) => `backup not completed: ${failures}`,
    finished: (number: number, summary: string) => `✅ #${number}: ${summary}`,
    finishedBadly: (number: number, summary: string) => `❌ #${number}: ${summary}`,
    interrupted: () => 'backup interrupted',
  },
);

export interface BackupJobHandlerOptions {
  config: BackupConfig;
  store: BackupJobStore;
  /** The Daftar Backup: the configuration's targets plus those registered in the database. */
  targets(): Promise<BackupTarget[]>;
  locale: Locale;
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The "copy the data" / "process the request" system step as a job: backs up the job's targets
 * (the ones its worker reaches), to the medium the officer chose (SOP A) or each target's own
 * destination (SOP B), with progress through the database and the job's signal as the cancel
 * button. "Medium absent" and "not enough room" are outcomes SOP A branches on.
 */
export function createBackupJobHandler(options: BackupJobHandlerOptions): JobHandler {
  const t = messages(options.locale);
  return {
    async run({ job, signal, progress }) {
      const payload = job.payload as BackupJobPayload;
      const targets = await options.targets();
      const detail: BackupTaskDetail = { copies: [], failures: [] };
      if (payload.targets.length === 0) detail.failures.push({ targetName: '-', status: 'failed', message: t.noTargets() });
      progress(t.starting(payload.number, payload.targets.join(', ')));

      for (const name of payload.targets) {
        if (signal.aborted) {
          detail.failures.push({ targetName: name, status: 'cancelled', message: String((signal.reason as Error | undefined)?.message ?? '') });
          continue;
        }
        const target = findTarget(targets, name);
        if (!target) {
          detail.failures.push({ targetName: name, status: 'failed', message: t.unknownTarget(name) });
          continue;
        }
        const destinationName = payload.medium ?? target.destinations[0] ?? 'internal';
        const destination = resolveDestination(options.config, destinationName);
        if (!destination) {
          detail.failures.push({ targetName: name, status: 'failed', message: t.unknownDestination(destinationName) });
          continue;
        }
        const { outcome } = await runBackupJob(options.store, target, destination, {
          config: options.config, locale: options.locale, env: options.env, instanceId: job.instanceId ?? undefined, signal,
          onProgress: (event) => progress(t.progress(payload.number, name, formatProgressLine(event, options.locale))),
        });
        if (outcome.status === 'succeeded') {
          const { manifest } = outcome.copy;
          detail.copies.push({
            targetName: name, kind: target.kind, placement: destination.kind === 'internal' ? 'internal' : 'external', mediumLabel: outcome.copy.mediumLabel,
            location: outcome.copy.path, sizeBytes: outcome.copy.sizeBytes, startedAt: manifest.startedAt.utc, finishedAt: manifest.finishedAt.utc,
            verified: true, sha256: outcome.copy.sha256, manifestPath: outcome.copy.manifestPath,
          });
        } else {
          detail.failures.push({ targetName: name, status: outcome.status, message: outcome.message });
          // Without the medium nothing else can be written either: report the branch at once.
          if (outcome.status === 'medium-absent' || outcome.status === 'not-enough-room') break;
        }
      }
      const summary = summarise(detail, t);
      progress(summary.outcome === 'succeeded' ? t.finished(payload.number, summary.summary) : t.finishedBadly(payload.number, summary.summary));
      const status = signal.aborted ? 'cancelled' : detail.failures.length > 0 ? 'failed' : 'succeeded';
      return { status, result: detail, reason: status === 'succeeded' ? undefined : summary.summary };
    },

    complete(jobs) {
      const detail: BackupTaskDetail = { copies: [], failures: [] };
      for (const job of jobs) {
        const result = job.result as BackupTaskDetail | null;
        if (result) {
          detail.copies.push(...result.copies);
          detail.failures.push(...result.failures);
        } else {
          // A job that never finished (its worker stopped): each of its targets failed, with why.
          const reason = job.reason ?? t.interrupted();
          for (const targetName of (job.payload as BackupJobPayload).targets) detail.failures.push({ targetName, status: 'interrupted', message: reason });
        }
      }
      return summarise(detail, t);
    },
  };
}

/** The step's outcome: SOP A's no-media branch first, then failed if anything failed, else succeeded. */
function summarise(detail: BackupTaskDetail, t: ReturnType<typeof messages>): StepResult {
  const branch = detail.failures.find((failure) => failure.status === 'medium-absent' || failure.status === 'not-enough-room');
  const outcome = branch ? branch.status : detail.failures.length > 0 ? 'failed' : 'succeeded';
  const summary = outcome === 'succeeded'
    ? t.succeeded(detail.copies.length, formatBytes(detail.copies.reduce((sum, copy) => sum + copy.sizeBytes, 0)))
    : t.failed(detail.failures.map((failure) => `${failure.targetName}: ${failure.message}`).join('; '));
  return { outcome, summary, detail };
}
