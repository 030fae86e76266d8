/**
 * What the weekly summary counts, read from the database, and the claim of each summary period
 * (one row per organisation and period end: of several processes only the one that inserts it
 * sends the summary).
 */
import type { Database } from './database.js';
import { outboxRow, type ChannelPostEffect } from './outbox-repository.js';
import { isUniqueViolation } from './unique-violation.js';

/** The raw figures of one period `(from, to]`, as of `now`. */
export interface SummaryFigures {
  backups: { succeeded: number; failed: number; cancelled: number };
  /** Failed backups in the period, newest first: target and reason. */
  failures: Array<{ target: string; reason: string | null; at: Date }>;
  /** Schedule firings reported as missed in the period. */
  missed: Array<{ scheduleId: string; fireAt: Date }>;
  /** Open runs per role that acts now (null: a system step), and how many of them are past due. */
  requests: Array<{ role: string | null; open: number; overdue: number }>;
  /** Bytes of live copies per medium label. */
  mediumUse: Map<string, number>;
  /** Live copies whose last verification is older than the cut-off (or that were never verified). */
  unverified: Array<{ target: string; path: string; medium: string | null; verifiedAt: Date | null }>;
}

export async function readSummaryFigures(db: Database, organisationId: string, period: { from: Date; to: Date }, now: Date, verifiedBefore: Date): Promise<SummaryFigures> {
  const finished = { finishedAt: { gt: period.from, lte: period.to } };
  const [jobs, failures, missed, open, overdue, copies, unverified] = await Promise.all([
    db.backupJob.groupBy({ by: ['status'], where: finished, _count: { _all: true } }),
    db.backupJob.findMany({ where: { ...finished, status: 'failed' }, orderBy: { finishedAt: 'desc' }, take: 10, select: { targetName: true, reason: true, finishedAt: true } }),
    db.scheduleFiring.findMany({ where: { outcome: 'missed', fireAt: { gt: period.from, lte: period.to }, schedule: { organisationId } }, orderBy: { fireAt: 'asc' }, select: { scheduleId: true, fireAt: true } }),
    db.workflowInstance.groupBy({ by: ['currentRole'], where: { organisationId, status: 'open' }, _count: { _all: true } }),
    db.stepDeadline.findMany({ where: { closedAt: null, dueAt: { lt: now }, instance: { organisationId, status: 'open' } }, select: { instance: { select: { currentRole: true } } } }),
    db.backupCopy.groupBy({ by: ['mediumLabel'], where: { deletedAt: null, mediumLabel: { not: null } }, _sum: { sizeBytes: true } }),
    db.backupCopy.findMany({ where: { deletedAt: null, OR: [{ verifiedAt: null }, { verifiedAt: { lt: verifiedBefore } }] }, orderBy: [{ targetName: 'asc' }, { createdAt: 'asc' }], select: { targetName: true, path: true, mediumLabel: true, verifiedAt: true } }),
  ]);
  const count = (status: string) => jobs.find((row) => row.status === status)?._count._all ?? 0;
  const late = new Map<string | null, number>();
  for (const row of overdue) late.set(row.instance.currentRole, (late.get(row.instance.currentRole) ?? 0) + 1);
  return {
    backups: { succeeded: count('succeeded'), failed: count('failed'), cancelled: count('cancelled') },
    failures: failures.map((row) => ({ target: row.targetName, reason: row.reason, at: row.finishedAt! })),
    missed,
    requests: open.map((row) => ({ role: row.currentRole, open: row._count._all, overdue: late.get(row.currentRole) ?? 0 })),
    mediumUse: new Map(copies.map((row) => [row.mediumLabel!, Number(row._sum.sizeBytes ?? 0)])),
    unverified: unverified.map((row) => ({ target: row.targetName, path: row.path, medium: row.mediumLabel, verifiedAt: row.verifiedAt })),
  };
}

/** The newest period end claimed (sent or baseline) for the organisation, or null before the first. */
export async function lastSummaryPeriod(db: Database, organisationId: string): Promise<Date | null> {
  const row = await db.summaryPeriod.findFirst({ where: { organisationId }, orderBy: { periodEnd: 'desc' }, select: { periodEnd: true } });
  return row?.periodEnd ?? null;
}

/**
 * Claims a period: `baseline` records it without sending (the first look of a new installation),
 * `sent` also stores the summary in the outbox, in the same transaction, so a crash leaves
 * either both or neither. False when another process claimed it first.
 */
export async function claimSummaryPeriod(db: Database, claim: { organisationId: string; periodEnd: Date; owner: string; at: Date; post?: { key: string; item: ChannelPostEffect } | undefined }): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      await tx.summaryPeriod.create({ data: { organisationId: claim.organisationId, periodEnd: claim.periodEnd, outcome: claim.post ? 'sent' : 'baseline', claimedBy: claim.owner, at: claim.at } });
      if (claim.post) await tx.outboxEffect.create({ data: outboxRow(claim.post.key, `summary:${claim.organisationId}`, claim.post.item, new Date()) });
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
