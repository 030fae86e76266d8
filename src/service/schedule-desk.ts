/**
 * What the chat layer may do with the Jadwal Backup (it holds no database client): list the
 * schedules with their next firing, and, for the roles allowed to, pause, resume or change one.
 * Every change goes in the schedule's trail with the person who made it.
 */
import type { PersonRecord } from './directory.js';
import { findSchedule, listSchedules, saveSchedule, setSchedulePaused } from '../storage/schedule-repository.js';
import { isValidCron, nextFiring } from '../workflow/schedule.js';
import { asSchedule } from './schedule-loop.js';
import type { WorkflowService } from './workflow-service.js';

/** Who may change schedules: the Kepala PTID, who orders the scheduled backups (SOP A step 1). */
export const SCHEDULE_EDITOR_ROLES = ['kepala_ptid'];

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

export type ScheduleChangeOutcome = 'done' | 'unknown-schedule' | 'not-allowed' | 'invalid-cron';

async function mayEdit(service: WorkflowService, person: PersonRecord): Promise<boolean> {
  const roles = await service.directory.rolesOf(person.id);
  return roles.some((role) => SCHEDULE_EDITOR_ROLES.includes(role));
}

/** Pauses or resumes a schedule for a person in chat. */
export async function pauseSchedule(service: WorkflowService, person: PersonRecord, id: string, paused: boolean): Promise<ScheduleChangeOutcome> {
  if (!(await mayEdit(service, person))) return 'not-allowed';
  const done = await setSchedulePaused(service.db, service.organisationId, id, paused, { via: 'chat', name: person.name, nip: person.nip }, service.now());
  return done ? 'done' : 'unknown-schedule';
}

/** Changes the cron expression of a schedule for a person in chat. */
export async function changeScheduleCron(service: WorkflowService, person: PersonRecord, id: string, cron: string): Promise<ScheduleChangeOutcome> {
  if (!(await mayEdit(service, person))) return 'not-allowed';
  if (!isValidCron(cron)) return 'invalid-cron';
  const existing = await findSchedule(service.db, service.organisationId, id);
  if (!existing) return 'unknown-schedule';
  await saveSchedule(service.db, service.organisationId, { id, cron, targets: existing.targets, missed: existing.missed }, { via: 'chat', name: person.name, nip: person.nip }, service.now());
  return 'done';
}
