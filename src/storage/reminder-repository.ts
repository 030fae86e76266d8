import type { Database } from './database.js';
import { addToOutbox, outboxRow, type RemindEffect } from './outbox-repository.js';
import { isUniqueViolation } from './unique-violation.js';
import { recordAction, type EventActor } from './workflow-repository.js';

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

/**
 * Stores the plans of one batch in one transaction (100,000 single updates would take minutes on
 * SQLite); deadlines with the same plan (entered in the same minute, say) share one update.
 */
export async function saveDeadlinePlans(db: Database, plans: DeadlinePlan[]): Promise<void> {
  if (plans.length === 0) return;
  const groups = new Map<string, { plan: DeadlinePlan; ids: string[] }>();
  for (const plan of plans) {
    const key = `${plan.nextReminderAt.getTime()}|${plan.remindedAt?.getTime() ?? ''}|${plan.escalatedAt?.getTime() ?? ''}`;
    const group = groups.get(key);
    if (group) group.ids.push(plan.id);
    else groups.set(key, { plan, ids: [plan.id] });
  }
  await db.$transaction([...groups.values()].map(({ plan, ids }) => db.stepDeadline.updateMany({
    where: { id: { in: ids } },
    data: {
      nextReminderAt: plan.nextReminderAt,
      ...(plan.remindedAt ? { remindedAt: plan.remindedAt } : {}),
      ...(plan.escalatedAt ? { escalatedAt: plan.escalatedAt } : {}),
    },
  })));
}

/** A reminder or escalation to store: its outbox item and its trail entry, each under its own idempotent key. */
export interface NoticeToQueue {
  key: string;
  instanceId: string;
  effect: RemindEffect;
  trail: { key: string; type: 'reminded' | 'escalated'; stepId: string; role: string };
}

/**
 * Stores the notices of one pass that are not stored yet: one query for the keys already there,
 * then one transaction for the rest (a first pass over 100,000 deadlines would otherwise write
 * row by row). When another process stored some meanwhile, the unique keys refuse the batch and
 * it is written one by one, each skipped if present. Returns how many outbox items were new.
 */
export async function queueNotices(db: Database, notices: NoticeToQueue[], actor: EventActor, at: Date): Promise<number> {
  if (notices.length === 0) return 0;
  const stored = new Set((await db.outboxEffect.findMany({ where: { key: { in: notices.map((notice) => notice.key) } }, select: { key: true } })).map((row) => row.key));
  const traced = new Set((await db.workflowEvent.findMany({ where: { idempotencyKey: { in: notices.map((notice) => notice.trail.key) } }, select: { idempotencyKey: true } })).map((row) => row.idempotencyKey));
  const items = notices.filter((notice) => !stored.has(notice.key));
  const trail = notices.filter((notice) => !traced.has(notice.trail.key));
  const now = new Date(); // outbox timing is the wall clock's (see outbox-repository)
  try {
    await db.$transaction([
      db.outboxEffect.createMany({ data: items.map((notice) => outboxRow(notice.key, notice.instanceId, notice.effect, now)) }),
      db.workflowEvent.createMany({
        data: trail.map((notice) => ({
          instanceId: notice.instanceId, idempotencyKey: notice.trail.key, type: notice.trail.type, stepId: notice.trail.stepId, choice: notice.trail.role, accepted: true, at,
          actorPersonId: actor.personId, actorName: actor.name, actorNip: actor.nip, actorRole: actor.role,
        })),
      }),
    ]);
    return items.length;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    let added = 0;
    for (const notice of notices) {
      if (await addToOutbox(db, notice.key, notice.instanceId, notice.effect)) added += 1;
      await recordAction(db, { instanceId: notice.instanceId, stepId: notice.trail.stepId, type: notice.trail.type, actor, key: notice.trail.key, at, choice: notice.trail.role });
    }
    return added;
  }
}

/** A step where runs may wait with `remindEvery`: which SOP, which step, whose role. */
export interface WaitingStepKey {
  definitionKey: string;
  stepId: string;
  role: string | null;
}

/** An open run waiting at one of those steps, with when it entered the step (this visit). */
export interface WaitingRun {
  instanceId: string;
  definitionKey: string;
  definitionVersion: number;
  stepId: string;
  enteredAt: Date | null;
}

/**
 * Open runs of the organisation waiting at these steps: one query per step on the
 * (organisation, status, currentRole) index, so it reads only those runs however many others are open.
 */
export async function listWaitingRuns(db: Database, organisationId: string, steps: WaitingStepKey[]): Promise<WaitingRun[]> {
  const pages = await Promise.all(steps.map((step) => db.workflowInstance.findMany({
    where: { organisationId, status: 'open', currentRole: step.role, definitionKey: step.definitionKey, currentStep: step.stepId },
    select: { id: true, definitionKey: true, definitionVersion: true, currentStep: true, data: true },
    orderBy: { number: 'asc' },
  })));
  return pages.flat().map((row) => {
    const entered = (JSON.parse(row.data) as { stepEnteredAt?: Record<string, string> }).stepEnteredAt?.[row.currentStep!];
    return { instanceId: row.id, definitionKey: row.definitionKey, definitionVersion: row.definitionVersion, stepId: row.currentStep!, enteredAt: entered ? new Date(entered) : null };
  });
}
