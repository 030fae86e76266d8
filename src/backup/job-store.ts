import { randomUUID } from 'node:crypto';
import type { BackupCopyResult, BackupManifest } from './types.js';

/** The life of a job record: queued → running → succeeded | failed (with a reason) | cancelled. */
export type BackupJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job as stored. */
export interface BackupJobRecord {
  id: string;
  targetName: string;
  instanceId?: string;
  status: BackupJobStatus;
  reason?: string;
  queuedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

/** A copy as stored. */
export interface BackupCopyRecord {
  id: string;
  jobId: string;
  targetName: string;
  path: string;
  mediumLabel?: string;
  sizeBytes: number;
  sha256: string;
  verifiedAt?: Date;
  verifyResult?: string;
  manifest: BackupManifest;
  createdAt: Date;
  deletedAt?: Date;
}

/** Persistence of jobs and copies, so the executor can be tested without a database. */
export interface BackupJobStore {
  createJob(input: { targetName: string; instanceId?: string }): Promise<BackupJobRecord>;
  markRunning(jobId: string): Promise<void>;
  finishJob(jobId: string, status: 'succeeded' | 'failed' | 'cancelled', reason?: string): Promise<void>;
  getJob(jobId: string): Promise<BackupJobRecord | undefined>;
  recordCopy(jobId: string, copy: BackupCopyResult): Promise<BackupCopyRecord>;
  recordVerification(path: string, ok: boolean, result: string): Promise<void>;
  markCopyDeleted(path: string): Promise<void>;
  listCopies(targetName?: string): Promise<BackupCopyRecord[]>;
  /** Jobs recorded as running that belong to no run (started by `cadang backup run`). */
  listRunningUnattached(): Promise<BackupJobRecord[]>;
}

/** A store in memory, for tests and for running without a database. */
export function createMemoryJobStore(): BackupJobStore & { jobs: Map<string, BackupJobRecord>; copies: BackupCopyRecord[] } {
  const jobs = new Map<string, BackupJobRecord>();
  const copies: BackupCopyRecord[] = [];
  const update = (jobId: string, change: Partial<BackupJobRecord>) => {
    const job = jobs.get(jobId);
    if (job === undefined) throw new Error(`unknown job ${jobId}`);
    jobs.set(jobId, { ...job, ...change });
  };
  return {
    jobs,
    copies,
    async createJob(input) {
      const job: BackupJobRecord = { id: randomUUID(), targetName: input.targetName, instanceId: input.instanceId, status: 'queued', queuedAt: new Date() };
      jobs.set(job.id, job);
      return job;
    },
    async markRunning(jobId) {
      update(jobId, { status: 'running', startedAt: new Date() });
    },
    async finishJob(jobId, status, reason) {
      update(jobId, { status, reason, finishedAt: new Date() });
    },
    async getJob(jobId) {
      return jobs.get(jobId);
    },
    async recordCopy(jobId, copy) {
      const record: BackupCopyRecord = {
        id: randomUUID(),
        jobId,
        targetName: copy.manifest.target,
        path: copy.path,
        mediumLabel: copy.mediumLabel,
        sizeBytes: copy.sizeBytes,
        sha256: copy.sha256,
        verifiedAt: new Date(copy.manifest.finishedAt.utc),
        verifyResult: 'ok',
        manifest: copy.manifest,
        createdAt: new Date(copy.manifest.startedAt.utc),
      };
      copies.push(record);
      return record;
    },
    async recordVerification(path, ok, result) {
      for (const copy of copies) if (copy.path === path) Object.assign(copy, { verifiedAt: new Date(), verifyResult: ok ? 'ok' : result });
    },
    async markCopyDeleted(path) {
      for (const copy of copies) if (copy.path === path) copy.deletedAt = new Date();
    },
    async listCopies(targetName) {
      return copies.filter((copy) => targetName === undefined || copy.targetName === targetName);
    },
    async listRunningUnattached() {
      return [...jobs.values()].filter((job) => job.status === 'running' && job.instanceId === undefined);
    },
  };
}
