/**
 * Backup schedules, their firings and their change trail. A firing is claimed by inserting its
 * (schedule, fire time) row: the unique index lets exactly one process win, on SQLite and on
 * PostgreSQL alike, so two Cadang processes never fire a schedule twice.
 */
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

export interface ScheduleRecord {
  id: string;
  cron: string;
  timeZone: string | null;
  targets: string[];
  missed: string;
  paused: boolean;
  /** Firings up to here are claimed or reported. */
  checkedUntil: Date;
}

/** Who changed a schedule and where: the configuration at seeding, a CLI user, a chat user. */
export interface ScheduleActor {
  via: 'config' | 'cli' | 'chat';
  name?: string | null | undefined;
  nip?: string | null | undefined;
}

type Row = { id: string; cron: string; timeZone: string | null; targets: string; missed: string; paused: boolean; checkedUntil: Date };

function toRecord(row: Row): ScheduleRecord {
  return { id: row.id, cron: row.cron, timeZone: row.timeZone, targets: row.targets ? row.targets.split(',') : [], missed: row.missed, paused: row.paused, checkedUntil: row.checkedUntil };
}

export async function listSchedules(db: Database, organisationId: string): Promise<ScheduleRecord[]> {
  return (await db.schedule.findMany({ where: { organisationId }, orderBy: { id: 'asc' } })).map(toRecord);
}

export async function findSchedule(db: Database, organisationId: string, id: string): Promise<ScheduleRecord | null> {
  const row = await db.schedule.findFirst({ where: { organisationId, id } });
  return row ? toRecord(row) : null;
}

/** A schedule as the configuration or a user writes it. */
export interface ScheduleInput {
  id: string;
  cron: string;
  targets: string[];
  missed: string;
  timeZone?: string | null | undefined;
}

/**
 * Adds the configured schedules the database does not have yet. Once stored, a schedule belongs
 * to the database (edited in chat and the CLI); a restart does not undo those edits. New
 * schedules count from `at`: nothing before they existed is "missed".
 */
export async function seedSchedules(db: Database, organisationId: string, schedules: ScheduleInput[], clock: () => Date): Promise<string[]> {
  const added: string[] = [];
  for (const schedule of schedules) {
    if (await db.schedule.findUnique({ where: { id: schedule.id } })) continue;
    const at = clock();
    try {
      await db.$transaction(async (tx) => {
        await tx.schedule.create({ data: { id: schedule.id, organisationId, cron: schedule.cron, timeZone: schedule.timeZone ?? null, targets: schedule.targets.join(','), missed: schedule.missed, checkedUntil: at } });
        await tx.scheduleChange.create({ data: { scheduleId: schedule.id, action: 'add', via: 'config', detail: describe(schedule), at } });
      });
      added.push(schedule.id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another process seeded it first
    }
  }
  return added;
}

/** Adds a schedule or changes its cron, targets or missed-firing policy; the change goes in the trail. */
export async function saveSchedule(db: Database, organisationId: string, schedule: ScheduleInput, actor: ScheduleActor, at: Date): Promise<'added' | 'changed'> {
  return db.$transaction(async (tx) => {
    const existing = await tx.schedule.findUnique({ where: { id: schedule.id } });
    const data = { cron: schedule.cron, targets: schedule.targets.join(','), missed: schedule.missed, ...(schedule.timeZone !== undefined ? { timeZone: schedule.timeZone } : {}) };
    // A changed expression counts from now: the old expression's firings are not "missed".
    if (existing) await tx.schedule.update({ where: { id: schedule.id }, data: existing.cron === schedule.cron ? data : { ...data, checkedUntil: at } });
    else await tx.schedule.create({ data: { id: schedule.id, organisationId, ...data, checkedUntil: at } });
    await tx.scheduleChange.create({ data: { scheduleId: schedule.id, action: existing ? 'change' : 'add', via: actor.via, actorName: actor.name ?? null, actorNip: actor.nip ?? null, detail: describe(schedule), at } });
    return existing ? 'changed' : 'added';
  });
}

/**
 * Pauses or resumes a schedule, in the trail. Resuming counts from now: firings while it was
 * paused were not wanted, so they are not reported as missed.
 */
export async function setSchedulePaused(db: Database, organisationId: string, id: string, paused: boolean, actor: ScheduleActor, at: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.schedule.updateMany({ where: { id, organisationId }, data: paused ? { paused } : { paused, checkedUntil: at } });
    if (updated.count === 0) return false;
    await tx.scheduleChange.create({ data: { scheduleId: id, action: paused ? 'pause' : 'resume', via: actor.via, actorName: actor.name ?? null, actorNip: actor.nip ?? null, at } });
    return true;
  });
}

export interface ScheduleChangeEntry {
  action: string;
  via: string;
  actorName: string | null;
  actorNip: string | null;
  detail: string | null;
  at: Date;
}

/** The trail of one schedule, oldest first. */
export async function listScheduleChanges(db: Database, scheduleId: string): Promise<ScheduleChangeEntry[]> {
  return db.scheduleChange.findMany({ where: { scheduleId }, orderBy: { id: 'asc' }, select: { action: true, via: true, actorName: true, actorNip: true, detail: true, at: true } });
}

/** Claims one firing for `owner`; false when another process (or an earlier pass) claimed it. */
export async function claimFiring(db: Database, firing: { scheduleId: string; fireAt: Date; outcome: string; owner: string; at: Date }): Promise<boolean> {
  try {
    await db.scheduleFiring.create({ data: { scheduleId: firing.scheduleId, fireAt: firing.fireAt, outcome: firing.outcome, claimedBy: firing.owner, at: firing.at } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function setFiringInstance(db: Database, scheduleId: string, fireAt: Date, instanceId: string): Promise<void> {
  await db.scheduleFiring.updateMany({ where: { scheduleId, fireAt }, data: { instanceId } });
}

/** The claimed firings of a schedule, newest first. */
export async function listFirings(db: Database, scheduleId: string, take = 20): Promise<Array<{ fireAt: Date; outcome: string; instanceId: string | null; claimedBy: string }>> {
  return db.scheduleFiring.findMany({ where: { scheduleId }, orderBy: { fireAt: 'desc' }, take, select: { fireAt: true, outcome: true, instanceId: true, claimedBy: true } });
}

/** Moves a schedule's "looked at until" forward (never back: another process may be ahead). */
export async function advanceScheduleCheck(db: Database, id: string, until: Date): Promise<void> {
  await db.schedule.updateMany({ where: { id, checkedUntil: { lt: until } }, data: { checkedUntil: until } });
}

function describe(schedule: ScheduleInput): string {
  return `${schedule.cron} | ${schedule.targets.join(',')} | ${schedule.missed}`;
}

/**
 * Firings claimed to start a run that never got one (the claiming process died between the claim
 * and the start), claimed before `claimedBefore`: the scheduler starts them now, under the same
 * idempotency key, so a firing is neither lost nor started twice.
 */
export async function listUnstartedFirings(db: Database, organisationId: string, claimedBefore: Date): Promise<Array<{ scheduleId: string; fireAt: Date; outcome: string }>> {
  return db.scheduleFiring.findMany({
    where: { instanceId: null, outcome: { in: ['started', 'started-late'] }, at: { lt: claimedBefore }, schedule: { organisationId } },
    orderBy: { fireAt: 'asc' }, take: 100, select: { scheduleId: true, fireAt: true, outcome: true },
  });
}
