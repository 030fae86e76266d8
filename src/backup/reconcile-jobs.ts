import { join, resolve } from 'node:path';
import type { BackupConfig } from './config.js';
import type { BackupJobStore } from './job-store.js';
import { acquireTargetLock } from './target-lock.js';

/**
 * Ends the records a killed `cadang backup run` left `running`: a target whose lock nobody holds
 * on this host has no live backup, so its record ends `failed` with the reason. Runs of the
 * workflow are the job queue's recovery (heartbeats), not this. Returns how many were ended.
 */
export async function reconcileUnattachedJobs(store: BackupJobStore, config: Pick<BackupConfig, 'internalFolder'>, reason: string): Promise<number> {
  let ended = 0;
  for (const job of await store.listRunningUnattached()) {
    const lock = await acquireTargetLock(join(resolve(config.internalFolder), '.locks'), job.targetName);
    if (!lock) continue; // a live backup of this target holds it
    try {
      await store.finishJob(job.id, 'failed', `interrupted: ${reason}`);
      ended++;
    } finally {
      await lock.release();
    }
  }
  return ended;
}
