import type { Database } from './database.js';

/** An open step deadline the reminder loop must look at, with what it needs to find the step's definition. */
export interface DeadlineToPlan {
  id: string;
  instanceId: string;
  organisationId: string;
  definitionKey: string;
  definitionVersion: number;
  stepId: string;
  enteredAt: Date;
  dueAt: Date;
}

/** Written in `nextReminderAt` when nothing is left to send (an escalation that does not repeat has gone). */
export const NOTHING_LEFT = new Date('9999-12-31T00:00:00Z');

/**
 * Open deadlines whose next reminder moment has come, or that were never planned: one query on
 * the (closedAt, nextReminderAt) index, so a pass with nothing due reads nothing.
 */
export async function listDeadlinesToPlan(db: Database, now: Date, take: number): Promise<DeadlineToPlan[]> {
  const rows = await db.stepDeadline.findMany({
    where: { closedAt: null, OR: [{ nextReminderAt: null }, { nextReminderAt: { lte: now } }] },
    select: { id: true, instanceId: true, stepId: true, enteredAt: true, dueAt: true, instance: { select: { organisationId: true, definitionKey: true, definitionVersion: true } } },
    orderBy: { id: 'asc' },
    take,
  });
  return rows.map((row) => ({ id: row.id, instanceId: row.instanceId, stepId: row.stepId, enteredAt: row.enteredAt, dueAt: row.dueAt, ...row.instance }));
}

/** What one pass decided for a deadline: when to look again, and what it sent. */
export interface DeadlinePlan {
  id: string;
  nextReminderAt: Date;
  remindedAt?: Date | undefined;
  escalatedAt?: Date | undefined;
}

/** Stores the plans of one batch in one transaction (100,000 single updates would take minutes on SQLite). */
export async function saveDeadlinePlans(db: Database, plans: DeadlinePlan[]): Promise<void> {
  if (plans.length === 0) return;
  await db.$transaction(plans.map((plan) => db.stepDeadline.update({
    where: { id: plan.id },
    data: {
      nextReminderAt: plan.nextReminderAt,
      ...(plan.remindedAt ? { remindedAt: plan.remindedAt } : {}),
      ...(plan.escalatedAt ? { escalatedAt: plan.escalatedAt } : {}),
    },
  })));
}
