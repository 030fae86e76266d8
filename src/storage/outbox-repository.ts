import type { Effect } from '../workflow/types.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

/** The engine's effects that wait in the outbox; due times are applied in the transition's own transaction. */
export type TransitionEffect = Effect & { type: Exclude<Effect['type'], 'set-deadline' | 'close-deadline'> };

/** An issued document to post on every platform; a rendering job writes it, the chat-owning process posts it. */
export interface PostDocumentEffect {
  type: 'post-document';
  filename: string;
  caption: string;
  /** The archived file; the bytes are read from there when posting. */
  path: string;
  audience: { requester?: boolean | undefined; roles?: string[] | undefined; channel?: boolean | undefined };
}

/** Something the administrators must hear about (a document nobody could receive …). */
export interface AlertEffect {
  type: 'alert';
  text: string;
}

/**
 * A reminder to a step's role holders, or an escalation to its superior, planned from the stored
 * due time (src/workflow/reminders.ts); its outbox key is the planner's, so it goes out once.
 */
export interface RemindEffect {
  type: 'remind';
  /** `waiting`: a step with `remindEvery` still waits (it has no due time). */
  kind: 'remind' | 'escalate' | 'waiting';
  stepId: string;
  /** The role told: the step's own for a reminder, `escalateTo` for an escalation. */
  role: string;
  /** The role that must act at the step (named in an escalation). */
  stepRole: string;
  /** ISO time of the step's due time (none for `waiting`). */
  dueAt?: string | undefined;
  /** ISO time the run entered the step (for `waiting`). */
  since?: string | undefined;
  /** The reminder's position, or the escalation's round (0 at the due time). */
  n: number;
}

/** The officer's reminder the working day before a scheduled backup (src/service/reminder-loop.ts). */
export interface ScheduleReminderEffect {
  type: 'schedule-reminder';
  scheduleId: string;
  targets: string[];
  /** ISO time of the firing. */
  fireAt: string;
  /** The role reminded (the backup officer). */
  role: string;
}

/** A text for the channel (the weekly summary), already in the organisation's language. */
export interface ChannelPostEffect {
  type: 'channel-post';
  text: string;
}

/** An outbox item that is not a transition's effect. */
export type StandaloneItem = PostDocumentEffect | AlertEffect | RemindEffect | ScheduleReminderEffect | ChannelPostEffect;

/** What an outbox row holds. */
export type OutboxItem = TransitionEffect | StandaloneItem;
export type OutboxKind = OutboxItem['type'];

/** An outbox row as the dispatcher sees it. */
export interface OutboxEntry {
  id: number;
  key: string;
  instanceId: string;
  effect: OutboxItem;
  attempts: number;
  /** Platforms that already carried out this chat effect. */
  delivered: string[];
}

/** Lower goes first: an approver's card must not wait behind a notice (issue "delivery order"). */
const priorities: Record<OutboxKind, number> = {
  'request-decision': 0,
  'start-task': 0,
  'close-cards': 1,
  'render-document': 1,
  'inform-requester': 2,
  'inform-role': 2,
  announce: 2,
  finished: 2,
  'post-document': 2,
  alert: 2,
  remind: 2,
  'schedule-reminder': 2,
  'channel-post': 2,
};

/** Rows the dispatcher carries out (everything but the due times, which the transaction applied). */
export function outboxEffects(effects: Effect[]): TransitionEffect[] {
  return effects.filter((effect): effect is TransitionEffect => effect.type !== 'set-deadline' && effect.type !== 'close-deadline');
}

/** The row of an item that is not a transition's effect (for writing many at once). */
export function outboxRow(key: string, instanceId: string, item: StandaloneItem, at: Date) {
  return { key, instanceId, kind: item.type, priority: priorities[item.type], effect: JSON.stringify(item), nextAttemptAt: at };
}

/** Adds one item that is not a transition's effect (a document to post, an alert, a reminder); a second call with the same key adds nothing and returns false. */
export async function addToOutbox(db: Database, key: string, instanceId: string, item: StandaloneItem): Promise<boolean> {
  try {
    await db.outboxEffect.create({ data: outboxRow(key, instanceId, item, new Date()) });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}

/**
 * Writes a transition's effects as outbox rows, inside the caller's transaction. The key
 * (run, version, index) is unique, so a commit can never add the same effect twice.
 */
export async function writeOutbox(tx: Database, instanceId: string, version: number, effects: Effect[]): Promise<void> {
  // Due at once, by the wall clock (the workflow's clock may be a test's or a replay's).
  const at = new Date();
  const rows = outboxEffects(effects).map((effect, index) => ({
    key: `${instanceId}:${version}:${index}`,
    instanceId,
    kind: effect.type,
    priority: priorities[effect.type],
    effect: JSON.stringify(effect),
    nextAttemptAt: at,
  }));
  for (const row of rows) await tx.outboxEffect.create({ data: row });
}

/**
 * Claims up to `limit` due rows for `owner` for `leaseMs`: a claim is a conditional update, so two
 * dispatchers (two service processes on one PostgreSQL) never carry out the same row at once.
 * Cards come first, then by age. `kinds` limits the claim to the effects the caller can carry out.
 */
export async function claimOutbox(db: Database, owner: string, now: Date, leaseMs: number, limit: number, kinds?: OutboxKind[]): Promise<OutboxEntry[]> {
  const claimable = { status: 'pending', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
  const due = await db.outboxEffect.findMany({ where: { ...claimable, nextAttemptAt: { lte: now }, ...(kinds ? { kind: { in: kinds } } : {}) }, orderBy: [{ priority: 'asc' }, { id: 'asc' }], take: limit, select: { id: true } });
  if (due.length === 0) return [];
  // One conditional update claims the batch under a token of this call; what another dispatcher
  // took first is simply not ours. Three statements however many rows are due.
  const token = `${owner}#${++claims}`;
  await db.outboxEffect.updateMany({ where: { ...claimable, id: { in: due.map((row) => row.id) } }, data: { claimedBy: token, claimedUntil: new Date(now.getTime() + leaseMs) } });
  const rows = await db.outboxEffect.findMany({ where: { claimedBy: token }, orderBy: [{ priority: 'asc' }, { id: 'asc' }] });
  return rows.map(toEntry);
}

let claims = 0;

function toEntry(row: { id: number; key: string; instanceId: string; effect: string; attempts: number; delivered: string }): OutboxEntry {
  return { id: row.id, key: row.key, instanceId: row.instanceId, effect: reviveEffect(row.effect), attempts: row.attempts, delivered: row.delivered ? row.delivered.split(',') : [] };
}

/** JSON keeps dates as text; the one date in an effect (`close-cards.at`) is made a Date again. */
function reviveEffect(text: string): OutboxItem {
  const effect = JSON.parse(text) as OutboxItem;
  if (effect.type === 'close-cards') return { ...effect, at: new Date(effect.at) };
  return effect;
}

/** Records that one platform carried out a chat effect, so a retry does not repeat it there. */
export async function markDelivered(db: Database, id: number, delivered: string[]): Promise<void> {
  await db.outboxEffect.update({ where: { id }, data: { delivered: delivered.join(',') } });
}

export async function markOutboxDone(db: Database, id: number, at: Date): Promise<void> {
  await db.outboxEffect.update({ where: { id }, data: { status: 'done', doneAt: at, claimedBy: null, claimedUntil: null } });
}

/** A failed attempt: try again at `nextAttemptAt`, or park the row when it keeps failing. */
export async function markOutboxFailed(db: Database, id: number, change: { attempts: number; nextAttemptAt: Date; error: string; park: boolean }): Promise<void> {
  await db.outboxEffect.update({
    where: { id },
    data: { attempts: change.attempts, nextAttemptAt: change.nextAttemptAt, lastError: change.error.slice(0, 2000), status: change.park ? 'parked' : 'pending', claimedBy: null, claimedUntil: null },
  });
}

/** How many rows wait, and how many are parked (for `cadang doctor`, tests and the crash test). */
export async function countOutbox(db: Database): Promise<{ pending: number; parked: number; done: number }> {
  const [pending, parked, done] = await Promise.all(['pending', 'parked', 'done'].map((status) => db.outboxEffect.count({ where: { status } })));
  return { pending: pending!, parked: parked!, done: done! };
}

/** Parked rows, newest first: what an administrator must look at. */
export async function listParked(db: Database, limit = 20): Promise<Array<{ key: string; kind: string; lastError: string | null; attempts: number }>> {
  return db.outboxEffect.findMany({ where: { status: 'parked' }, orderBy: { id: 'desc' }, take: limit, select: { key: true, kind: true, lastError: true, attempts: true } });
}

/** Puts parked rows back in line (`cadang outbox retry`), e.g. after the cause was fixed. */
export async function retryParked(db: Database, now: Date): Promise<number> {
  const result = await db.outboxEffect.updateMany({ where: { status: 'parked' }, data: { status: 'pending', attempts: 0, nextAttemptAt: now } });
  return result.count;
}

/** Whether a run still has effects waiting (pending, not parked). */
export async function hasPendingEffects(db: Database, instanceId: string): Promise<boolean> {
  return (await db.outboxEffect.count({ where: { instanceId, status: 'pending' } })) > 0;
}

/** How many effects are due now (pending, their next attempt not in the future). */
export async function countDueEffects(db: Database, now: Date): Promise<number> {
  return db.outboxEffect.count({ where: { status: 'pending', nextAttemptAt: { lte: now } } });
}
