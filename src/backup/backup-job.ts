import type { BackupJobStore } from './job-store.js';
import { runBackup, type RunBackupOptions } from './executor.js';
import { rootLogger, withContext } from '../log/logger.js';
import type { BackupDestination, BackupOutcome, BackupTarget } from './types.js';

/**
 * Runs a backup as a recorded job: the job row goes queued → running → succeeded, failed (the
 * reason is "code: sentence", e.g. "medium-absent: Media … tidak terpasang") or cancelled, and a
 * succeeded job records its copy. Returns the job id and the outcome. Log lines carry the job id.
 */
export async function runBackupJob(
  store: BackupJobStore,
  target: BackupTarget,
  destination: BackupDestination,
  options: RunBackupOptions & { instanceId?: string },
): Promise<{ jobId: string; outcome: BackupOutcome }> {
  const job = await store.createJob({ targetName: target.name, instanceId: options.instanceId });
  await store.markRunning(job.id);
  let outcome: BackupOutcome;
  try {
    // Every line of the run carries the job id (and the run number, if the caller's logger has it).
    outcome = await runBackup(target, destination, { ...options, logger: withContext(options.logger ?? rootLogger(), { job: job.id }) });
  } catch (error) {
    await store.finishJob(job.id, 'failed', `internal-error: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
  switch (outcome.status) {
    case 'succeeded':
      await store.recordCopy(job.id, outcome.copy);
      await store.finishJob(job.id, 'succeeded');
      break;
    case 'cancelled':
      await store.finishJob(job.id, 'cancelled', outcome.message);
      break;
    case 'failed':
      await store.finishJob(job.id, 'failed', `${outcome.code}: ${outcome.message}`);
      break;
    default:
      await store.finishJob(job.id, 'failed', `${outcome.status}: ${outcome.message}`);
  }
  return { jobId: job.id, outcome };
}
