/**
 * The backup executor's public API, used by the workflow core (the SOP steps "copy the data" and
 * "process the request"), the CLI and the chat layer.
 *
 * 1. Look up a registered target (`loadTargets`, `findTarget`) and a destination
 *    (`resolveDestination(config, 'internal' | mediumLabel)`).
 * 2. `runBackupJob(store, target, destination, { config, signal, onProgress })` records the job
 *    and returns `{ jobId, outcome }`; `runBackup` does the same without a job record.
 * 3. Render `BackupProgress` events with `formatProgressLine`; abort the signal to cancel.
 * 4. Branch on `outcome.status`: succeeded | medium-absent | not-enough-room | failed | cancelled.
 */
export { runBackup, backupLoggerFor, type RunBackupOptions, type BackupLogger } from './executor.js';
export { runBackupJob } from './backup-job.js';
export { reconcileUnattachedJobs } from './reconcile-jobs.js';
export type { BackupOutcome, BackupProgress, BackupPhase, BackupDestination, BackupCopyResult, BackupManifest, FailureCode } from './types.js';
export { backupConfigSchema, backupTargetSchema, parseBackupTarget } from './config.js';
export type { BackupConfig, BackupTarget, TargetKind, StorageMediumConfig, RetentionPolicy } from './config.js';
export { resolveDestination, isMediumPresent, mediumLabelFile } from './destination.js';
export { loadTargets, loadMedia, findTarget, type RegisteredTarget, type RegisteredMedium } from './target-registry.js';
export { createMemoryJobStore, type BackupJobStore, type BackupJobRecord, type BackupCopyRecord, type BackupJobStatus } from './job-store.js';
export { verifyCopy, verifyMedium, type VerifyResult } from './verify.js';
export { restoreCopy, testRestore, type RestoreOutcome, type TestRestoreOutcome } from './restore.js';
export { applyRetention, type RetentionReport } from './apply-retention.js';
export { planRetention, type RetentionPlan } from './retention.js';
export { checkTools, checkTarget, checkMedia, type ToolCheck, type TargetCheck } from './doctor.js';
export { listStoredCopies, readManifest, type StoredCopy } from './copy-store.js';
export { formatProgressLine } from './progress-text.js';
export { backupMessages, formatBytes } from './messages.js';
