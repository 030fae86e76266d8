/**
 * What the chat layer may do with the Jadwal Backup (it holds no database client): list the
 * schedules with their next firing, and, for the roles the organisation names
 * (`schedules.editorRoles`, the Kepala PTID by default), add, change, pause or resume one. A
 * schedule names registered targets only. Every change goes in the schedule's trail with the
 * person who made it.
 */
import type { PersonRecord } from './directory.js';
import { findSchedule, listSchedules, saveSchedule, setSchedulePaused } from '../storage/schedule-repository.js';
import { isValidCron, nextFiring } from '../workflow/schedule.js';
import { asSchedule } from './schedule-loop.js';
import { SCHEDULE_NAME } from './schedule-policy.js';
import type { WorkflowService } from './workflow-service.js';

export interface ScheduleView {
  id: string;
  cron: string;
  targets: string[];
  paused: boolean;
  next: Date | null;
  timeZone: string;
}

export async function viewSchedules(service: WorkflowService): Promise<ScheduleView[]> {
  const now = service.now();
  return (await listSchedules(service.db, service.organisationId)).map((record) => {
    const schedule = asSchedule(record, service.calendar.timeZone);
    return { id: record.id, cron: record.cron, targets: record.targets, paused: record.paused, next: record.paused ? null : nextFiring(schedule, now), timeZone: schedule.timeZone! };
  });
}

export type ScheduleChangeOutcome = 'done' | 'unknown-schedule' | 'not-allowed' | 'invalid-cron' | 'invalid-name' | 'exists' | 'unknown-targets';

export interface ScheduleChange {
  outcome: ScheduleChangeOutcome;
  /** With `unknown-targets`: the names that are not registered, and those that are. */
  unknown?: string[];
  registered?: string[];
}

/** Whether a person holds one of the roles that may change schedules. */
export async function mayEditSchedules(service: WorkflowService, person: PersonRecord): Promise<boolean> {
  const roles = await service.directory.rolesOf(person.id);
  return roles.some((role) => service.schedules.editorRoles.includes(role));
}

/** The names among `targets` that are not in the Daftar Backup (none when all are registered). */
export async function unregisteredTargets(service: WorkflowService, targets: readonly string[]): Promise<{ unknown: string[]; registered: string[] }> {
  const registered = await service.schedules.registeredTargets();
  return { unknown: targets.filter((name) => !registered.includes(name)), registered };
}

const chatActor = (person: PersonRecord) => ({ via: 'chat' as const, name: person.name, nip: person.nip });

/** Pauses or resumes a schedule for a person in chat. */
export async function pauseSchedule(service: WorkflowService, person: PersonRecord, id: string, paused: boolean): Promise<ScheduleChange> {
  if (!(await mayEditSchedules(service, person))) return { outcome: 'not-allowed' };
  const done = await setSchedulePaused(service.db, service.organisationId, id, paused, chatActor(person), service.now());
  if (done) service.schedulesChanged();
  return { outcome: done ? 'done' : 'unknown-schedule' };
}

/** Changes the cron expression of a schedule for a person in chat. */
export async function changeScheduleCron(service: WorkflowService, person: PersonRecord, id: string, cron: string): Promise<ScheduleChange> {
  if (!(await mayEditSchedules(service, person))) return { outcome: 'not-allowed' };
  if (!isValidCron(cron)) return { outcome: 'invalid-cron' };
  const existing = await findSchedule(service.db, service.organisationId, id);
  if (!existing) return { outcome: 'unknown-schedule' };
  await saveSchedule(service.db, service.organisationId, { id, cron, targets: existing.targets, missed: existing.missed }, chatActor(person), service.now());
  service.schedulesChanged();
  return { outcome: 'done' };
}

/** Changes the targets of a schedule for a person in chat: registered targets only. */
export async function changeScheduleTargets(service: WorkflowService, person: PersonRecord, id: string, targets: readonly string[]): Promise<ScheduleChange> {
  if (!(await mayEditSchedules(service, person))) return { outcome: 'not-allowed' };
  const existing = await findSchedule(service.db, service.organisationId, id);
  if (!existing) return { outcome: 'unknown-schedule' };
  const check = await unregisteredTargets(service, targets);
  if (targets.length === 0 || check.unknown.length > 0) return { outcome: 'unknown-targets', unknown: check.unknown, registered: check.registered };
  await saveSchedule(service.db, service.organisationId, { id, cron: existing.cron, targets: [...new Set(targets)], missed: existing.missed }, chatActor(person), service.now());
  return { outcome: 'done' };
}

/**
 * Adds a schedule for a person in chat: a new name, a valid cron expression and registered
 * targets only; a firing missed while Cadang was down starts late (change it with the CLI).
 */
export async function addSchedule(service: WorkflowService, person: PersonRecord, id: string, targets: readonly string[], cron: string): Promise<ScheduleChange> {
  if (!(await mayEditSchedules(service, person))) return { outcome: 'not-allowed' };
  if (!SCHEDULE_NAME.test(id)) return { outcome: 'invalid-name' };
  const check = await unregisteredTargets(service, targets);
  if (targets.length === 0 || check.unknown.length > 0) return { outcome: 'unknown-targets', unknown: check.unknown, registered: check.registered };
  if (!isValidCron(cron)) return { outcome: 'invalid-cron' };
  if (await findSchedule(service.db, service.organisationId, id)) return { outcome: 'exists' };
  await saveSchedule(service.db, service.organisationId, { id, cron, targets: [...new Set(targets)], missed: 'run-late' }, chatActor(person), service.now());
  service.schedulesChanged();
  return { outcome: 'done' };
}
