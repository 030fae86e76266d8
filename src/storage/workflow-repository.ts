import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Effect, InstanceData, InstanceState, TrailRecord } from '../workflow/types.js';
import type { Database } from './database.js';
import { writeOutbox } from './outbox-repository.js';
import { isUniqueViolation } from './unique-violation.js';

export { isUniqueViolation };

/** Another writer changed the instance between our read and our write; the caller re-reads and retries. */
export class VersionConflict extends Error {
  constructor(readonly instanceId: string) {
    super(`instance ${instanceId} changed concurrently`);
  }
}

const storedDataSchema = z.object({
  data: z.object({
    form: z.record(z.string(), z.string()),
    targets: z.array(z.string()),
    medium: z.string().optional(),
    taskResults: z.record(z.string(), z.object({ outcome: z.string(), summary: z.string().optional(), detail: z.unknown().optional() })),
  }),
  stepEnteredAt: z.record(z.string(), z.string()),
  outcome: z.enum(['approved', 'rejected', 'postponed']).nullable(),
});

type InstanceRow = Awaited<ReturnType<Database['workflowInstance']['findUniqueOrThrow']>>;

function toState(row: InstanceRow): InstanceState {
  const stored = storedDataSchema.parse(JSON.parse(row.data));
  return {
    id: row.id,
    organisationId: row.organisationId,
    number: row.number,
    definitionKey: row.definitionKey,
    definitionVersion: row.definitionVersion,
    status: row.status === 'finished' ? 'finished' : 'open',
    outcome: stored.outcome,
    currentStep: row.currentStep,
    requesterId: row.requesterId,
    data: stored.data as InstanceData,
    stepEnteredAt: stored.stepEnteredAt,
    version: row.version,
  };
}

function storedData(state: InstanceState): string {
  return JSON.stringify({ data: state.data, stepEnteredAt: state.stepEnteredAt, outcome: state.outcome });
}

/** One accepted or refused event, as the trail shows it. */
export interface TrailEntry {
  id: number;
  type: string;
  stepId: string | null;
  choice: string | null;
  accepted: boolean;
  refusal: string | null;
  actorPersonId: string | null;
  actorName: string | null;
  actorNip: string | null;
  actorRole: string | null;
  onBehalfOfName: string | null;
  onBehalfOfNip: string | null;
  reason: string | null;
  payload: string | null;
  at: Date;
}

export interface EventActor {
  personId: string | null;
  name: string | null;
  nip: string | null;
  role: string | null;
  onBehalfOf?: { name: string; nip: string } | undefined;
}

const eventActorColumns = (actor: EventActor) => ({
  actorPersonId: actor.personId,
  actorName: actor.name,
  actorNip: actor.nip,
  actorRole: actor.role,
  onBehalfOfName: actor.onBehalfOf?.name ?? null,
  onBehalfOfNip: actor.onBehalfOf?.nip ?? null,
});

/** Allocates the next request number of an organisation (shown as "#12"); retried on a race. */
async function nextInstanceNumber(db: Database, organisationId: string): Promise<number> {
  const last = await db.workflowInstance.findFirst({ where: { organisationId }, orderBy: { number: 'desc' }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

/**
 * Stores a new run with its creation event and the due time of its first step. The number is
 * allocated here; a concurrent creation with the same number is retried.
 */
export async function createInstance(
  db: Database,
  organisationId: string,
  build: (number: number, id: string) => { instance: InstanceState; effects: Effect[] },
  creation: { actor: EventActor; key: string; at: Date; currentRole: string | null; carryOut: (effects: Effect[]) => Effect[]; reason?: string | undefined },
): Promise<{ instance: InstanceState; effects: Effect[] }> {
  for (let attempt = 0; ; attempt++) {
    const id = randomUUID();
    const number = await nextInstanceNumber(db, organisationId);
    const built = build(number, id);
    try {
      await db.$transaction(async (tx) => {
        await tx.workflowInstance.create({
          data: {
            id,
            organisationId: built.instance.organisationId,
            number,
            definitionKey: built.instance.definitionKey,
            definitionVersion: built.instance.definitionVersion,
            status: built.instance.status,
            currentStep: built.instance.currentStep,
            requesterId: built.instance.requesterId,
            currentRole: creation.currentRole,
            data: storedData(built.instance),
            version: built.instance.version,
          },
        });
        await tx.workflowEvent.create({
          data: {
            instanceId: id,
            instanceVersion: built.instance.version,
            idempotencyKey: creation.key,
            type: 'start',
            stepId: null,
            choice: null,
            accepted: true,
            reason: creation.reason ?? null,
            at: creation.at,
            ...eventActorColumns(creation.actor),
          },
        });
        await applyDeadlines(tx as unknown as Database, id, built.effects, creation.at);
        await writeOutbox(tx as unknown as Database, id, built.instance.version, creation.carryOut(built.effects));
      });
      return built;
    } catch (error) {
      // Concurrent submissions read the same last number; each collision loses one round.
      if (attempt < 100 && isUniqueViolation(error)) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        continue;
      }
      throw error;
    }
  }
}

export async function loadInstance(db: Database, id: string): Promise<InstanceState | null> {
  const row = await db.workflowInstance.findUnique({ where: { id } });
  return row ? toState(row) : null;
}

/** Finds a run by its id or by its number in the organisation ("12" or "#12"). */
export async function findInstance(db: Database, organisationId: string, reference: string): Promise<InstanceState | null> {
  const number = /^#?(\d+)$/.exec(reference.trim());
  if (number) {
    const row = await db.workflowInstance.findUnique({ where: { organisationId_number: { organisationId, number: Number(number[1]) } } });
    return row ? toState(row) : null;
  }
  return loadInstance(db, reference.trim());
}

/**
 * Writes an accepted transition: the new state only if nobody changed the instance since it was
 * read (optimistic concurrency), the trail event, the steps' due times and the effects (the
 * outbox), in one transaction. Throws VersionConflict when the instance moved on.
 */
export async function commitTransition(
  db: Database,
  change: { before: InstanceState; after: InstanceState; currentRole: string | null; effects: Effect[]; record: TrailRecord; actor: EventActor; key: string; at: Date },
): Promise<void> {
  const { before, after } = change;
  try {
    await db.$transaction(async (tx) => {
      const updated = await tx.workflowInstance.updateMany({
        where: { id: before.id, version: before.version },
        data: { status: after.status, currentStep: after.currentStep, currentRole: change.currentRole, data: storedData(after), version: after.version },
      });
      if (updated.count !== 1) throw new VersionConflict(before.id);
      await tx.workflowEvent.create({
        data: {
          instanceId: before.id,
          instanceVersion: after.version,
          idempotencyKey: change.key,
          type: change.record.type,
          stepId: change.record.stepId,
          choice: change.record.choice,
          accepted: true,
          reason: change.record.reason,
          payload: change.record.payload ? JSON.stringify(change.record.payload) : null,
          at: change.at,
          ...eventActorColumns(change.actor),
        },
      });
      await applyDeadlines(tx as unknown as Database, before.id, change.effects, change.at);
      await writeOutbox(tx as unknown as Database, before.id, after.version, change.effects);
    });
  } catch (error) {
    if (error instanceof VersionConflict) throw error;
    // Another transaction took this version first (the unique (instance, version) index).
    if (isUniqueViolation(error) && !(await eventExists(db, change.key))) throw new VersionConflict(before.id);
    throw error;
  }
}

/** Records an action that is not a transition (a cancel asked for …) so the trail shows it; a repeated key adds nothing. */
export async function recordAction(
  db: Database,
  action: { instanceId: string; stepId: string | null; type: string; actor: EventActor; key: string; at: Date; reason?: string | null; choice?: string | null },
): Promise<void> {
  try {
    await db.workflowEvent.create({
      data: {
        instanceId: action.instanceId, idempotencyKey: action.key, type: action.type, stepId: action.stepId, choice: action.choice ?? null,
        accepted: true, reason: action.reason ?? null, at: action.at, ...eventActorColumns(action.actor),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Records a refused event (wrong role, stale card …) so the trail shows every attempt. */
export async function recordRefusal(
  db: Database,
  refusal: { instanceId: string; stepId: string | null; choice: string | null; code: string; actor: EventActor; key: string; at: Date; reason?: string | null },
): Promise<void> {
  try {
    await db.workflowEvent.create({
      data: {
        instanceId: refusal.instanceId,
        idempotencyKey: refusal.key,
        type: 'refused',
        stepId: refusal.stepId,
        choice: refusal.choice,
        accepted: false,
        refusal: refusal.code,
        reason: refusal.reason ?? null,
        at: refusal.at,
        ...eventActorColumns(refusal.actor),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // the same delivery was already recorded
  }
}

export async function findEventByKey(db: Database, key: string): Promise<TrailEntry | null> {
  return db.workflowEvent.findUnique({ where: { idempotencyKey: key } });
}

/** The run an event (by its idempotency key) belongs to. */
export async function findInstanceOfEvent(db: Database, key: string): Promise<InstanceState | null> {
  const event = await db.workflowEvent.findUnique({ where: { idempotencyKey: key }, select: { instanceId: true } });
  return event ? loadInstance(db, event.instanceId) : null;
}

async function eventExists(db: Database, key: string): Promise<boolean> {
  return (await db.workflowEvent.count({ where: { idempotencyKey: key } })) > 0;
}

/** The accepted decision that closed a step most recently: "already decided by X at T". */
export async function findDecision(db: Database, instanceId: string, stepId: string): Promise<TrailEntry | null> {
  return db.workflowEvent.findFirst({ where: { instanceId, stepId, accepted: true }, orderBy: { id: 'desc' } });
}

/** The whole trail of a run, in order. */
export async function listTrail(db: Database, instanceId: string): Promise<TrailEntry[]> {
  return db.workflowEvent.findMany({ where: { instanceId }, orderBy: { id: 'asc' } });
}

export async function listInstancesOfRequester(db: Database, requesterId: string): Promise<InstanceState[]> {
  const rows = await db.workflowInstance.findMany({ where: { requesterId }, orderBy: { number: 'desc' }, take: 20 });
  return rows.map(toState);
}

/**
 * Open runs whose current step waits for one of `roles`, or for the requester `requesterId`
 * (the start step's role), oldest first, one page at a time. One query per role (and one for the
 * requester's own runs), each a range of the (organisation, status, currentRole, number) index
 * already in number order, merged here: reads at most a page per role however many runs exist.
 * (A single query with `OR` made SQLite walk every run of the organisation, finished ones too,
 * along the (organisation, number) index for the ORDER BY: 60 ms at 100,000 runs.)
 */
export async function listWaitingFor(
  db: Database,
  organisationId: string,
  who: { roles: string[]; requesterRole: string; requesterId: string },
  page: { after?: number | undefined; take: number },
): Promise<InstanceState[]> {
  const branches = [
    ...[...new Set(who.roles)].filter((role) => role !== who.requesterRole).map((role) => ({ currentRole: role })),
    { currentRole: who.requesterRole, requesterId: who.requesterId },
  ];
  const pages = await Promise.all(branches.map((branch) => db.workflowInstance.findMany({
    where: { organisationId, status: 'open', ...(page.after !== undefined ? { number: { gt: page.after } } : {}), ...branch },
    orderBy: { number: 'asc' },
    take: page.take,
  })));
  return pages.flat().sort((a, b) => a.number - b.number).slice(0, page.take).map(toState);
}

/** Open runs stored before `currentRole` existed, to fill it in once at start. */
export async function listOpenWithoutRole(db: Database): Promise<InstanceState[]> {
  const rows = await db.workflowInstance.findMany({ where: { status: 'open', currentRole: null, currentStep: { not: null } } });
  return rows.map(toState);
}

export async function setCurrentRole(db: Database, instanceId: string, version: number, role: string | null): Promise<void> {
  await db.workflowInstance.updateMany({ where: { id: instanceId, version }, data: { currentRole: role } });
}

/** Open runs at a system step (no role acts there): each must have a live job or a reported outcome. */
export async function listOpenAtSystemSteps(db: Database): Promise<InstanceState[]> {
  const rows = await db.workflowInstance.findMany({ where: { status: 'open', currentRole: null, currentStep: { not: null } } });
  return rows.map(toState);
}

export interface OverdueStep {
  instanceId: string;
  number: number;
  definitionKey: string;
  stepId: string;
  enteredAt: Date;
  dueAt: Date;
}

/** Open steps whose due time has passed, oldest first. */
export async function listOverdueSteps(db: Database, now: Date): Promise<OverdueStep[]> {
  const rows = await db.stepDeadline.findMany({ where: { closedAt: null, dueAt: { lt: now } }, orderBy: { dueAt: 'asc' }, include: { instance: true } });
  return rows.map((row) => ({ instanceId: row.instanceId, number: row.instance.number, definitionKey: row.instance.definitionKey, stepId: row.stepId, enteredAt: row.enteredAt, dueAt: row.dueAt }));
}

/** The open due time of a step, if it has one. */
export async function findOpenDeadline(db: Database, instanceId: string, stepId: string): Promise<{ dueAt: Date } | null> {
  return db.stepDeadline.findFirst({ where: { instanceId, stepId, closedAt: null }, select: { dueAt: true } });
}

/** Persists the deadline effects inside the transition's transaction: timers live in the database. */
async function applyDeadlines(db: Database, instanceId: string, effects: Effect[], at: Date): Promise<void> {
  for (const effect of effects) {
    if (effect.type === 'close-deadline') {
      await db.stepDeadline.updateMany({ where: { instanceId, stepId: effect.stepId, closedAt: null }, data: { closedAt: at } });
    } else if (effect.type === 'set-deadline') {
      await db.stepDeadline.create({ data: { id: randomUUID(), instanceId, stepId: effect.stepId, enteredAt: at, dueAt: effect.dueAt } });
    }
  }
}
