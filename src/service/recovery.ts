import { failInterruptedBackupJobs } from '../storage/backup-repository.js';
import type { Database } from '../storage/database.js';
import { interruptJob, jobsOfStepEntry, listLongQueuedJobs, listSilentJobs, retryOf } from '../storage/job-repository.js';
import { hasPendingEffects } from '../storage/outbox-repository.js';
import { listOpenAtSystemSteps, listOpenWithoutRole, setCurrentRole } from '../storage/workflow-repository.js';
import { formatWibDateTime } from '../workflow/wib.js';
import type { Log } from './log.js';
import { serviceMessages } from './messages.js';
import type { JobQueue } from './ports.js';
import { completeStep, type JobHandlers } from './worker.js';
import type { WorkflowService } from './workflow-service.js';

export interface RecoveryOptions {
  service: WorkflowService;
  db: Database;
  handlers: JobHandlers;
  log: Log;
  /** A running job whose worker has been silent this long is declared interrupted (ms). */
  silentAfterMs: number;
  now: Date;
  /** The queue a retry is handed to (pg-boss offers only the jobs sent through it). */
  jobs?: JobQueue | undefined;
  /**
   * Jobs this process is running right now. A long synchronous stretch (a large PDF) can delay
   * its heartbeats and this recovery alike; its own live jobs are never declared lost.
   */
  liveJobs?: ReadonlySet<string> | undefined;
}

/**
 * Brings the database back to a state where nothing waits for a process that is gone, at start
 * and then every few seconds in the service process:
 * - a running job whose worker stopped sending heartbeats ends `interrupted` with the reason (or
 *   is queued again when its target allows retries), and its step's outcome is reported;
 * - a step whose jobs all ended but whose outcome was never reported (a crash between the two)
 *   is reported now.
 * Returns how many jobs were interrupted.
 */
export async function recoverJobs(options: RecoveryOptions): Promise<number> {
  const { db, log, now } = options;
  const silentSince = new Date(now.getTime() - options.silentAfterMs);
  const text = serviceMessages(options.service.locale);
  let interrupted = 0;
  for (const job of await listSilentJobs(db, silentSince)) {
    if (options.liveJobs?.has(job.id)) continue;
    const reason = text.interrupted(job.workerId ?? '-', job.heartbeatAt ? formatWibDateTime(job.heartbeatAt) : '-');
    const result = await interruptJob(db, job, reason, silentSince, now);
    if (result === 'gone') continue;
    interrupted++;
    log.warn({ job: job.id, worker: job.workerId, result }, 'silent job interrupted');
    const targets = (job.payload as { targets?: string[] } | null)?.targets ?? [];
    if (job.instanceId && targets.length > 0) await failInterruptedBackupJobs(db, job.instanceId, targets, reason);
    // The retry's row exists (same key, so this adds none); the queue's transport must hear of it too.
    if (result === 'retried') await options.jobs?.enqueue(retryOf(job, now));
    if (result === 'interrupted') await completeStep(options.service, db, { ...job, status: 'interrupted', reason }, options.handlers, log);
  }
  // A job taken from the transport by a process that died before claiming its row waits forever
  // otherwise. Ten silences: a job that only waits for its busy target is looked at rarely.
  const longQueuedSince = new Date(now.getTime() - 10 * options.silentAfterMs);
  if (options.jobs?.reoffer) for (const job of await listLongQueuedJobs(db, longQueuedSince)) await options.jobs.reoffer(job);
  return interrupted;
}

/**
 * Reports the outcome of system steps whose jobs all ended while nobody reported it (a crash
 * between the two). Returns the runs at a system step with no job at all and no effect waiting:
 * those are stuck, and the caller says so loudly.
 */
export async function reportFinishedSteps(options: Omit<RecoveryOptions, 'silentAfterMs'>): Promise<number[]> {
  const stuck: number[] = [];
  for (const instance of await listOpenAtSystemSteps(options.db)) {
    const jobs = await jobsOfStepEntry(options.db, instance.id, instance.version);
    const last = jobs.at(-1);
    if (last) await completeStep(options.service, options.db, last, options.handlers, options.log);
    else if (!(await hasPendingEffects(options.db, instance.id))) stuck.push(instance.number);
  }
  return stuck;
}

/** Runs stored before the `currentRole` column get it once, so "what waits for me" finds them. */
export async function fillCurrentRoles(service: WorkflowService, db: Database): Promise<void> {
  for (const instance of await listOpenWithoutRole(db)) {
    await setCurrentRole(db, instance.id, instance.version, service.roleOfCurrentStep(await service.definitionOf(instance), instance));
  }
}
