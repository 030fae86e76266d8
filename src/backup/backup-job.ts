import type { BackupJobStore } from './job-store.js';
import { runBackup, type RunBackupOptions } from './executor.js';
import type { BackupDestination, BackupOutcome, BackupTarget } from './types.js';

/**
 * Runs a backup as a recorded job: the job row goes queued → running → succeeded, failed (the
 * reason is "code: sentence", e.g. "medium-absent: Media … tidak terpasang") or cancelled, and a
 * succeeded job records its copy. Returns the job id and the outcome.
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
    outcome = await runBackup(target, destination, options);
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
