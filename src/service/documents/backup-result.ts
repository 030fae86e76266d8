/**
 * Reads what the backup step of a run produced (its last task result) into document items.
 * The executor (src/service/backup-task.ts) reports its copies and failures in the task detail;
 * the stand-in task reports `{standIn: true}` and no copies, and documents then say so instead
 * of listing any. The reader is lenient about names (target/targetName, path/location,
 * reason/message) so an older or hand-written detail still reads.
 */
import { z } from 'zod';
import type { BackupTarget } from '../../backup/config.js';
import { CadangError } from '../../errors.js';
import { backupKindSchema, placementSchema, type BackupFailure, type BackupItemInput, type BackupKind } from '../../reports/types.js';
import { enteredAt, type RunFacts } from './run-facts.js';
import { findBackupStep } from './signers.js';

const date = z.union([z.date(), z.string()]).pipe(z.coerce.date());

const copySchema = z.object({
  target: z.string().min(1).optional(),
  targetName: z.string().min(1).optional(),
  kind: backupKindSchema.optional(),
  placement: placementSchema.optional(),
  path: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i),
  mediumLabel: z.string().min(1).optional(),
  startedAt: date,
  finishedAt: date,
  // A copy nobody said was verified is not printed as verified.
  verified: z.boolean().default(false),
  verifyNote: z.string().optional(),
});

const failureSchema = z.object({
  target: z.string().min(1).optional(),
  targetName: z.string().min(1).optional(),
  kind: backupKindSchema.optional(),
  reason: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
  status: z.string().optional(),
  at: date.optional(),
});

/** How the documents read the backup step's task detail. */
export const backupTaskDetailSchema = z.object({
  standIn: z.boolean().optional(),
  copies: z.array(copySchema).default([]),
  failures: z.array(failureSchema).default([]),
});

/** What a run's backup produced, ready for the documents. */
export interface BackupRecord {
  /** When the backup step was last entered (the decision that started it). */
  startedAt: Date;
  outcome: string;
  standIn: boolean;
  items: BackupItemInput[];
  failures: Array<Omit<BackupFailure, 'at'> & { at?: Date | undefined }>;
  /** Plain sentences the documents print under "Catatan". */
  notes: string[];
}

/** The run's last backup result; undefined when the backup step has not reported yet. */
export function readBackupRecord(facts: RunFacts): BackupRecord | undefined {
  const step = findBackupStep(facts.definition);
  const result = step ? facts.instance.data.taskResults[step.id] : undefined;
  const startedAt = enteredAt(facts, step?.id);
  if (!step || !result || !startedAt) return undefined;
  const parsed = backupTaskDetailSchema.safeParse(result.detail ?? {});
  const notes: string[] = [];
  if (!parsed.success) notes.push(facts.msg.unreadableDetail());
  const detail = parsed.success ? parsed.data : { standIn: false, copies: [], failures: [] };
  const standIn = detail.standIn === true;
  if (standIn) notes.push(facts.msg.standInNote());

  const targets = facts.config.backup.targets;
  const items = detail.copies.map((copy): BackupItemInput => {
    const name = copy.target ?? copy.targetName ?? '';
    return {
      targetName: name,
      kind: kindOf(facts, targets, name, copy.kind),
      placement: copy.placement ?? (copy.mediumLabel ? 'external' : 'internal'),
      ...(copy.mediumLabel ? { mediumLabel: copy.mediumLabel } : {}),
      location: copy.path ?? copy.location ?? '-',
      sizeBytes: copy.sizeBytes,
      startedAt: copy.startedAt,
      finishedAt: copy.finishedAt,
      verified: copy.verified,
      ...(copy.verifyNote ? { verifyNote: copy.verifyNote } : {}),
      sha256: copy.sha256,
    };
  });
  const failures: BackupRecord['failures'] = [];
  for (const failure of detail.failures) {
    const name = failure.target ?? failure.targetName ?? '-';
    const reason = failure.reason ?? failure.message ?? failure.status ?? result.outcome;
    const kind = failure.kind ?? targets.find((target) => target.name === name)?.kind;
    // A failure of no registered target (none mapped, an unknown name) has no kind to print in the table.
    if (kind) failures.push({ targetName: name, kind, reason, at: failure.at });
    else notes.push(facts.msg.failureNote(name, reason));
  }
  // A failed step that named no target failed for every mapped target.
  if (result.outcome !== 'succeeded' && detail.failures.length === 0 && !standIn) {
    for (const target of facts.instance.data.targets) failures.push({ targetName: target, kind: kindOf(facts, targets, target, undefined), reason: result.summary ?? result.outcome, at: undefined });
  }
  const accounted = new Set([...items.map((item) => item.targetName), ...detail.failures.map((failure) => failure.target ?? failure.targetName ?? '-'), ...failures.map((failure) => failure.targetName)]);
  const silent = facts.instance.data.targets.filter((target) => !accounted.has(target));
  if (!standIn && parsed.success && silent.length > 0) notes.push(facts.msg.noCopyFor(silent.join(', ')));
  return { startedAt, outcome: result.outcome, standIn, items, failures, notes };
}

/** A target's kind: as the executor reported it, else as the Daftar Backup registers it. */
export function kindOf(facts: RunFacts, targets: readonly BackupTarget[], name: string, reported: BackupKind | undefined): BackupKind {
  const kind = reported ?? targets.find((target) => target.name === name)?.kind;
  if (!kind) throw new CadangError('documents.unknown_target_kind', facts.msg.unknownTargetKind(name), { instanceId: facts.instance.id, target: name });
  return kind;
}
