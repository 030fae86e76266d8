import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

/** queued → running → succeeded | failed | cancelled; a running job whose worker went silent ends `interrupted`. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted' | 'cancelled';

export interface NewJob {
  /** The outbox key (plus the queue when a step's targets live on several hosts): one job per key, ever. */
  key: string;
  kind: string;
  queue: string;
  instanceId: string | null;
  stepId: string | null;
  payload: unknown;
  /** Names a job holds while it runs (its targets): two jobs never hold the same one. */
  leases: string[];
  maxAttempts?: number | undefined;
  runAfter: Date;
}

export interface JobRecord {
  id: string;
  key: string;
  kind: string;
  queue: string;
  instanceId: string | null;
  stepId: string | null;
  payload: unknown;
  leases: string[];
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  workerId: string | null;
  heartbeatAt: Date | null;
  cancelRequested: boolean;
  cancelledBy: string | null;
  progress: string | null;
  progressAt: Date | null;
  result: unknown;
  reason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type JobRow = Awaited<ReturnType<Database['job']['findFirstOrThrow']>>;

function toRecord(row: JobRow): JobRecord {
  return {
    ...row,
    status: row.status as JobStatus,
    payload: JSON.parse(row.payload) as unknown,
    leases: row.singletonKey ? row.singletonKey.split('\n') : [],
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
  };
}

function jobRow(job: NewJob) {
  return {
    id: randomUUID(), key: job.key, kind: job.kind, queue: job.queue, instanceId: job.instanceId, stepId: job.stepId,
    payload: JSON.stringify(job.payload ?? null), singletonKey: job.leases.length > 0 ? [...job.leases].sort().join('\n') : null,
    maxAttempts: job.maxAttempts ?? 1, runAfter: job.runAfter,
  };
}

/** Stores a job unless one with the same key exists (a relay repeated after a crash); returns its id either way. */
export async function enqueueJob(db: Database, job: NewJob): Promise<string> {
  try {
    const row = await db.job.create({ data: jobRow(job) });
    return row.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.job.findUniqueOrThrow({ where: { key: job.key }, select: { id: true } });
    return existing.id;
  }
}

/**
 * Takes the oldest due job of these queues for `workerId`. The claim is a conditional update
 * (queued → running), so two workers never take one job; the job's leases (its targets) are rows
 * with unique keys, so two jobs never back up one target at once, on any host.
 */
export async function claimJob(db: Database, queues: string[], workerId: string, now: Date): Promise<JobRecord | null> {
  const candidates = await db.job.findMany({ where: { queue: { in: queues }, status: 'queued', runAfter: { lte: now } }, orderBy: { createdAt: 'asc' }, take: 20 });
  for (const candidate of candidates) {
    const claimed = await claimJobRow(db, candidate, workerId, now);
    if (typeof claimed === 'object') return claimed;
  }
  return null;
}

/**
 * Claims one job by id (a transport such as pg-boss handed it over): `busy` when another job
 * holds one of its targets (try again later), `gone` when it is no longer queued.
 */
export async function claimJobById(db: Database, id: string, workerId: string, now: Date): Promise<JobRecord | 'busy' | 'gone'> {
  const row = await db.job.findUnique({ where: { id } });
  if (!row || row.status !== 'queued') return 'gone';
  return claimJobRow(db, row, workerId, now);
}

async function claimJobRow(db: Database, row: JobRow, workerId: string, now: Date): Promise<JobRecord | 'busy' | 'gone'> {
  const leases = row.singletonKey ? row.singletonKey.split('\n') : [];
  if (!(await takeLeases(db, row.id, leases))) return 'busy';
  const taken = await db.job.updateMany({
    where: { id: row.id, status: 'queued' },
    data: { status: 'running', workerId, heartbeatAt: now, startedAt: now, attempts: { increment: 1 } },
  });
  if (taken.count === 1) return toRecord(await db.job.findUniqueOrThrow({ where: { id: row.id } }));
  await releaseLeases(db, row.id);
  return 'gone';
}

/** Takes every lease or none. A lease left by a job that no longer runs is taken over. */
async function takeLeases(db: Database, jobId: string, leases: string[]): Promise<boolean> {
  const taken: string[] = [];
  for (const singletonKey of leases) {
    if (await takeLease(db, jobId, singletonKey)) taken.push(singletonKey);
    else {
      await db.jobLease.deleteMany({ where: { singletonKey: { in: taken }, jobId } });
      return false;
    }
  }
  return true;
}

async function takeLease(db: Database, jobId: string, singletonKey: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.jobLease.create({ data: { singletonKey, jobId } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const holder = await db.jobLease.findUnique({ where: { singletonKey } });
      if (!holder) continue;
      if (holder.jobId === jobId) return true;
      const job = await db.job.findUnique({ where: { id: holder.jobId }, select: { status: true } });
      if (job && (job.status === 'running' || job.status === 'queued')) return false;
      await db.jobLease.deleteMany({ where: { singletonKey, jobId: holder.jobId } });
    }
  }
  return false;
}

async function releaseLeases(db: Database, jobId: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { jobId } });
}

/**
 * The worker's heartbeat. Returns whether a cancel was asked for, or `lost` when the job is no
 * longer this worker's (recovery declared it interrupted): the worker must then stop its tools.
 */
export async function heartbeatJob(db: Database, jobId: string, workerId: string, now: Date): Promise<{ lost: boolean; cancelRequested: boolean; cancelledBy: string | null }> {
  const updated = await db.job.updateMany({ where: { id: jobId, workerId, status: 'running' }, data: { heartbeatAt: now } });
  if (updated.count !== 1) return { lost: true, cancelRequested: false, cancelledBy: null };
  const row = await db.job.findUniqueOrThrow({ where: { id: jobId }, select: { cancelRequested: true, cancelledBy: true } });
  return { lost: false, ...row };
}

/** The latest progress line of a running job; the chat-owning process relays it. */
export async function setJobProgress(db: Database, jobId: string, text: string, at: Date): Promise<void> {
  await db.job.updateMany({ where: { id: jobId, status: 'running' }, data: { progress: text, progressAt: at } });
}

/** Ends a running job with its result; false when it was no longer running (already interrupted). */
export async function finishJob(db: Database, jobId: string, workerId: string, end: { status: 'succeeded' | 'failed' | 'cancelled'; result: unknown; reason?: string | undefined; at: Date }): Promise<boolean> {
  const updated = await db.job.updateMany({
    where: { id: jobId, workerId, status: 'running' },
    // progressAt moves too, so the chat shows the last line once more as final (no cancel button).
    data: { status: end.status, result: JSON.stringify(end.result ?? null), reason: end.reason ?? null, finishedAt: end.at, progressAt: end.at },
  });
  await releaseLeases(db, jobId);
  return updated.count === 1;
}

/** Asks the running or queued jobs of a run to stop (the cancel button, `/batal N`). */
export async function requestJobCancel(db: Database, instanceId: string, by: string): Promise<number> {
  const updated = await db.job.updateMany({ where: { instanceId, status: { in: ['queued', 'running'] } }, data: { cancelRequested: true, cancelledBy: by } });
  return updated.count;
}

/** The oldest queued jobs, due since before `since`, that nobody has claimed. */
export async function listLongQueuedJobs(db: Database, since: Date): Promise<JobRecord[]> {
  const rows = await db.job.findMany({ where: { status: 'queued', runAfter: { lt: since } }, orderBy: { runAfter: 'asc' }, take: 20 });
  return rows.map(toRecord);
}

/** Running jobs whose worker has not been heard of since `silentSince`. */
export async function listSilentJobs(db: Database, silentSince: Date): Promise<JobRecord[]> {
  const rows = await db.job.findMany({ where: { status: 'running', heartbeatAt: { lt: silentSince } } });
  return rows.map(toRecord);
}

/**
 * Ends a silent job as interrupted, if it is still silent (a late heartbeat wins), and frees its
 * targets. With attempts left, a fresh queued copy is made under a derived key.
 */
export async function interruptJob(db: Database, job: JobRecord, reason: string, silentSince: Date, now: Date): Promise<'interrupted' | 'retried' | 'gone'> {
  // One transaction: another process's recovery must never see the job ended without its retry
  // (it would report the step failed while the retry waits).
  return db.$transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    const updated = await tx.job.updateMany({
      where: { id: job.id, status: 'running', heartbeatAt: { lt: silentSince } },
      data: { status: 'interrupted', reason, finishedAt: now },
    });
    if (updated.count !== 1) return 'gone';
    await releaseLeases(tx, job.id);
    if (job.attempts >= job.maxAttempts) return 'interrupted';
    await tx.job.create({ data: jobRow(retryOf(job, now)) });
    return 'retried';
  });
}

/** The fresh copy of an interrupted job that still has attempts left, under a derived key. */
export function retryOf(job: JobRecord, now: Date): NewJob {
  return {
    key: `${job.key}#retry${job.attempts}`, kind: job.kind, queue: job.queue, instanceId: job.instanceId, stepId: job.stepId, payload: job.payload,
    leases: job.leases, maxAttempts: job.maxAttempts - job.attempts, runAfter: now,
  };
}

/** Jobs with a progress line the chat has not shown yet. */
export async function listProgressToRelay(db: Database): Promise<JobRecord[]> {
  // Running jobs, and jobs that ended lately (their last line goes out once more as final).
  const lately = new Date(Date.now() - 10 * 60_000);
  const rows = await db.job.findMany({
    where: { progressAt: { not: null }, OR: [{ progressRelayed: null }, { status: 'running' }, { finishedAt: { gte: lately } }] },
    orderBy: { progressAt: 'asc' },
    take: 100,
  });
  return rows.filter((row) => row.progressAt && (!row.progressRelayed || row.progressRelayed < row.progressAt)).map(toRecord);
}

export async function markProgressRelayed(db: Database, jobId: string, at: Date): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { progressRelayed: at } });
}

/** The jobs made for one entry into a system step: their keys are `{outbox key}#{queue}…`. */
export async function jobsOfKey(db: Database, outboxKey: string): Promise<JobRecord[]> {
  const rows = await db.job.findMany({ where: { key: { startsWith: `${outboxKey}#` } }, orderBy: { createdAt: 'asc' } });
  return rows.map(toRecord);
}

/** The jobs made for the step a run entered at `version` (their outbox keys start with `{run}:{version}:`). */
export async function jobsOfStepEntry(db: Database, instanceId: string, version: number): Promise<JobRecord[]> {
  const rows = await db.job.findMany({ where: { key: { startsWith: `${instanceId}:${version}:` } }, orderBy: { createdAt: 'asc' } });
  return rows.map(toRecord);
}

export async function countJobs(db: Database): Promise<Record<JobStatus, number>> {
  const groups = await db.job.groupBy({ by: ['status'], _count: { _all: true } });
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, interrupted: 0, cancelled: 0 };
  for (const group of groups) counts[group.status as JobStatus] = group._count._all;
  return counts;
}

/** Jobs of these queues that are queued or running. */
export async function countLiveJobs(db: Database, queues: string[]): Promise<number> {
  return db.job.count({ where: { status: { in: ['queued', 'running'] }, queue: { in: queues } } });
}
