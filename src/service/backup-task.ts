import type { ChatCore } from '../bots/chat-core.js';
import { createPrismaJobStore, findTarget, formatBytes, formatProgressLine, loadTargets, resolveDestination, runBackupJob, type BackupConfig, type BackupOutcome, type BackupJobStore } from '../backup/index.js';
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { ManifestItem } from '../reports/manifest.js';
import type { Effect, InstanceState } from '../workflow/types.js';
import type { TaskRunner } from './effect-runner.js';
import type { WorkflowService } from './workflow-service.js';

/** One copy as the documents list it (the berita acara's item), kept in the task result. */
export type BackupTaskCopy = ManifestItem & { manifestPath: string };

/** The task result's detail: what was copied and what was not, and why. */
export interface BackupTaskDetail {
  copies: BackupTaskCopy[];
  failures: Array<{ targetName: string; status: BackupOutcome['status']; message: string }>;
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
  },
  {
    starting: (number: number, targets: string) => `⚙️ #${number}: backup started — ${targets}`,
    progress: (number: number, target: string, line: string) => `⚙️ #${number} ${target}\n${line}`,
    unknownTarget: (name: string) => `target "${name}" is not in the backup list (configuration backup.targets)`,
    unknownDestination: (name: string) => `destination "${name}" is not registered (use "internal" or a label under backup.media)`,
    noTargets: () => 'no targets were mapped for backup',
    succeeded: (count: number, size: string) => `${count} verified copies, ${size}`,
    failed: (failures: string) => `backup not completed: ${failures}`,
    finished: (number: number, summary: string) => `✅ #${number}: ${summary}`,
    finishedBadly: (number: number, summary: string) => `❌ #${number}: ${summary}`,
  },
);

export interface BackupTaskOptions {
  service: WorkflowService;
  chats: ChatCore[];
  config: BackupConfig;
  store?: BackupJobStore | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The "copy the data" / "process the request" system step: backs up every target mapped to the
 * run, to the medium the officer chose (SOP A) or each target's own destination (SOP B), shows
 * progress in chat, and reports one outcome to the workflow. "Medium absent" and "not enough
 * room" are outcomes SOP A branches on. Jobs run in the background; `idle()` waits for them.
 */
export function createBackupTaskRunner(options: BackupTaskOptions): TaskRunner & { idle(): Promise<void> } {
  const { service } = options;
  const store = options.store ?? createPrismaJobStore(service.db);
  const running = new Set<Promise<void>>();

  async function run(instance: InstanceState, effect: Effect & { type: 'start-task' }, role: string): Promise<void> {
    const locale: Locale = service.locale;
    const t = messages(locale);
    const progress = (text: string, final = false) => Promise.all(options.chats.map((chat) => chat.reportProgress(instance, effect.stepId, role, text, final).catch(() => undefined)));
    const { targets } = await loadTargets(options.config, service.db, instance.organisationId);
    const detail: BackupTaskDetail = { copies: [], failures: [] };
    if (instance.data.targets.length === 0) detail.failures.push({ targetName: '-', status: 'failed', message: t.noTargets() });
    await progress(t.starting(instance.number, instance.data.targets.join(', ')));

    for (const name of instance.data.targets) {
      const target = findTarget(targets, name);
      if (!target) {
        detail.failures.push({ targetName: name, status: 'failed', message: t.unknownTarget(name) });
        continue;
      }
      const destinationName = instance.data.medium ?? target.destinations[0] ?? 'internal';
      const destination = resolveDestination(options.config, destinationName);
      if (!destination) {
        detail.failures.push({ targetName: name, status: 'failed', message: t.unknownDestination(destinationName) });
        continue;
      }
      const { outcome } = await runBackupJob(store, target, destination, {
        config: options.config, locale, env: options.env, instanceId: instance.id,
        onProgress: (event) => void progress(t.progress(instance.number, name, formatProgressLine(event, locale))),
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

    const branch = detail.failures.find((failure) => failure.status === 'medium-absent' || failure.status === 'not-enough-room');
    const result = branch ? branch.status : detail.failures.length > 0 ? 'failed' : 'succeeded';
    const summary = result === 'succeeded'
      ? t.succeeded(detail.copies.length, formatBytes(detail.copies.reduce((sum, copy) => sum + copy.sizeBytes, 0)))
      : t.failed(detail.failures.map((failure) => `${failure.targetName}: ${failure.message}`).join('; '));
    await progress(result === 'succeeded' ? t.finished(instance.number, summary) : t.finishedBadly(instance.number, summary), true);
    await service.reportTaskResult(instance.id, effect.stepId, result, summary, detail, `task:${instance.id}:${effect.stepId}:${instance.version}`);
  }

  return {
    async start(instance, effect, definition) {
      const step = definition.steps.find((candidate) => candidate.id === effect.stepId);
      const role = step && step.kind !== 'end' ? step.role : 'administrator';
      const job = run(instance, effect, role).catch(async (error: unknown) => {
        // An unexpected crash still ends the step, so the run does not hang at a system step.
        await service.reportTaskResult(instance.id, effect.stepId, 'failed', String((error as Error).message ?? error), { copies: [], failures: [] }, `task:${instance.id}:${effect.stepId}:${instance.version}`);
      });
      running.add(job);
      void job.finally(() => running.delete(job));
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
