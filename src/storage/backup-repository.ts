import type { BackupCopyRecord, BackupJobRecord, BackupJobStatus, BackupJobStore } from '../backup/job-store.js';
import type { BackupManifest } from '../backup/types.js';
import type { Database } from './database.js';
import type { DatabaseReader } from './database-reader.js';

/** A registered target or medium as stored (its `config` column holds the same JSON as a file entry). */
export interface StoredTarget {
  name: string;
  kind: string;
  config: string;
}

export interface StoredMedium {
  label: string;
  kind: string;
  capacityBytes: bigint;
  mountPoint: string | null;
}

/**
 * The executor's records of a job that died with its worker (declared interrupted by recovery):
 * its targets' rows still `running` end `failed` with the reason, so no row claims to be running
 * without a live worker.
 */
export async function failInterruptedBackupJobs(db: Database, instanceId: string, targetNames: string[], reason: string): Promise<number> {
  const updated = await db.backupJob.updateMany({
    where: { instanceId, targetName: { in: targetNames }, status: 'running' },
    data: { status: 'failed', reason: `interrupted: ${reason}`, finishedAt: new Date() },
  });
  return updated.count;
}

/** The targets registered in the database (BackupTarget rows) of an organisation. */
export async function listStoredTargets(db: Database, organisationId?: string): Promise<StoredTarget[]> {
  return db.backupTarget.findMany({ where: organisationId === undefined ? {} : { organisationId }, orderBy: { name: 'asc' }, select: { name: true, kind: true, config: true } });
}

/**
 * listStoredTargets through a {@link DatabaseReader} (no Prisma client): the same rows in the
 * same order, for `cadang targets list`.
 */
export async function readStoredTargets(reader: DatabaseReader, organisationId: string): Promise<StoredTarget[]> {
  return reader.all<StoredTarget>('SELECT "name", "kind", "config" FROM "BackupTarget" WHERE "organisationId" = ? ORDER BY "name" ASC', [organisationId]);
}

/** The storage media registered in the database (StorageMedium rows) of an organisation. */
export async function listStoredMedia(db: Database, organisationId?: string): Promise<StoredMedium[]> {
  return db.storageMedium.findMany({ where: organisationId === undefined ? {} : { organisationId }, select: { label: true, kind: true, capacityBytes: true, mountPoint: true } });
}

type CopyRow = Awaited<ReturnType<Database['backupCopy']['findFirstOrThrow']>>;
type JobRow = Awaited<ReturnType<Database['backupJob']['findFirstOrThrow']>>;

function fromJobRow(row: JobRow): BackupJobRecord {
  return {
    id: row.id,
    targetName: row.targetName,
    instanceId: row.instanceId ?? undefined,
    status: row.status as BackupJobStatus,
    reason: row.reason ?? undefined,
    queuedAt: row.queuedAt,
    startedAt: row.startedAt ?? undefined,
    finishedAt: row.finishedAt ?? undefined,
  };
}

function fromCopyRow(row: CopyRow): BackupCopyRecord {
  return {
    id: row.id,
    jobId: row.jobId,
    targetName: row.targetName,
    path: row.path,
    mediumLabel: row.mediumLabel ?? undefined,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    verifiedAt: row.verifiedAt ?? undefined,
    verifyResult: row.verifyResult ?? undefined,
    manifest: JSON.parse(row.manifest) as BackupManifest,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt ?? undefined,
  };
}

/** A new row id; node:crypto loads when a row is first written, not for `cadang targets list`, which only reads (~8 ms of its start). */
async function newId(): Promise<string> {
  return (await import('node:crypto')).randomUUID();
}

/** The store on Cadang's database (SQLite or PostgreSQL, through Prisma). */
export function createPrismaJobStore(db: Database): BackupJobStore {
  return {
    async createJob(input) {
      return fromJobRow(await db.backupJob.create({ data: { id: await newId(), targetName: input.targetName, instanceId: input.instanceId ?? null, status: 'queued' } }));
    },
    async markRunning(jobId) {
      await db.backupJob.update({ where: { id: jobId }, data: { status: 'running', startedAt: new Date() } });
    },
    async finishJob(jobId, status, reason) {
      await db.backupJob.update({ where: { id: jobId }, data: { status, reason: reason ?? null, finishedAt: new Date() } });
    },
    async getJob(jobId) {
      const row = await db.backupJob.findUnique({ where: { id: jobId } });
      return row === null ? undefined : fromJobRow(row);
    },
    async recordCopy(jobId, copy) {
      const row = await db.backupCopy.create({
        data: {
          id: await newId(),
          jobId,
          targetName: copy.manifest.target,
          path: copy.path,
          mediumLabel: copy.mediumLabel ?? null,
          sizeBytes: BigInt(copy.sizeBytes),
          sha256: copy.sha256,
          verifiedAt: new Date(copy.manifest.finishedAt.utc),
          verifyResult: 'ok',
          manifest: JSON.stringify(copy.manifest),
          createdAt: new Date(copy.manifest.startedAt.utc),
        },
      });
      return fromCopyRow(row);
    },
    async recordVerification(path, ok, result) {
      await db.backupCopy.updateMany({ where: { path, deletedAt: null }, data: { verifiedAt: new Date(), verifyResult: ok ? 'ok' : result } });
    },
    async markCopyDeleted(path) {
      await db.backupCopy.updateMany({ where: { path, deletedAt: null }, data: { deletedAt: new Date() } });
    },
    async listRunningUnattached() {
      const rows = await db.backupJob.findMany({ where: { status: 'running', instanceId: null } });
      return rows.map(fromJobRow);
    },
    async listCopies(targetName) {
      const rows = await db.backupCopy.findMany({ where: targetName === undefined ? {} : { targetName }, orderBy: { createdAt: 'asc' } });
      return rows.map(fromCopyRow);
    },
  };
}
