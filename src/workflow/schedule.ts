/**
 * Backup schedules (the Jadwal Backup Data dan Informasi) as data, and the pure arithmetic on
 * them: when a schedule fires, which firings were missed while Cadang was down, and when to remind
 * the officer. The scheduler itself (claims in the database, sleeping until the next firing) is
 * not here; it asks these functions and stores what they say.
 *
 * Cron expressions have 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds
 * first), read on the wall clock of the organisation's zone. An expression must pass node-cron's
 * `validate` (the project's cron dialect) and croner's parser, which computes the firings. Both
 * are told the same rule for a day-of-month and a day-of-week given together: both must match
 * (node-cron's rule; classic Vixie cron would take either).
 */
import { createRequire } from 'node:module';
import type { Cron } from 'croner';
import { type WorkCalendar, workingDayBefore } from './calendar.js';
import { DEFAULT_TIME_ZONE } from './time-zone.js';

/**
 * The two cron libraries, loaded on first use through require (both ship CommonJS builds) rather
 * than imported: importing node-cron cost every process that loads this module ~30 ms (it loads
 * node:crypto and node:child_process), and most short commands (`cadang targets list`) check no
 * cron expression at all.
 */
const requireCommonJs = createRequire(import.meta.url);
let cronLibraries: { Cron: typeof Cron; validate: (expression: string) => boolean } | undefined;
function cronLibrary() {
  cronLibraries ??= { Cron: (requireCommonJs('croner') as typeof import('croner')).Cron, validate: (requireCommonJs('node-cron') as typeof import('node-cron')).validate };
  return cronLibraries;
}

export const missedFiringPolicies = ['run-late', 'report-missed'] as const;
/** What to do with a firing missed while Cadang was down: start it late, or report it as missed. */
export type MissedFiringPolicy = (typeof missedFiringPolicies)[number];

export interface Schedule {
  id: string;
  cron: string;
  /** The organisation's zone; WIB when absent. */
  timeZone?: string;
  paused: boolean;
  missed: MissedFiringPolicy;
  /** Registered backup targets (the Daftar Backup) the firing backs up … */
  targets: readonly string[];
  /** … or a named group of them. */
  targetGroup?: string;
}

/** True when `expression` is a cron expression this project accepts (node-cron and croner both read it). */
export function isValidCron(expression: string): boolean {
  try {
    return cronLibrary().validate(expression) && cronOf(expression, DEFAULT_TIME_ZONE) !== undefined;
  } catch {
    return false;
  }
}

/** The first firing strictly after `after`, or null when the expression never fires again. */
export function nextFiring(schedule: Schedule, after: Date): Date | null {
  return cronFor(schedule).nextRun(after);
}

/** The last firing strictly before `before`, or null when there is none. */
export function previousFiring(schedule: Schedule, before: Date): Date | null {
  // croner's previousRuns is already strictly before its reference time.
  const [previous] = cronFor(schedule).previousRuns(1, before);
  return previous ?? null;
}

/**
 * The firings in `(from, to]`, oldest first, at most `limit` of them (the newest are kept when
 * there are more). A paused schedule has none. Used at start to find what was missed.
 */
export function firingsBetween(schedule: Schedule, from: Date, to: Date, limit = 1000): Date[] {
  if (schedule.paused || to.getTime() <= from.getTime()) return [];
  const newestFirst = cronFor(schedule).previousRuns(limit, new Date(to.getTime() + 1));
  return newestFirst.filter((at) => at.getTime() > from.getTime()).reverse();
}

/** What to do at start about the firings missed in `(lastSeen, now]`. */
export interface MissedFirings {
  /** The firing to start now, late (policy `run-late`): only the newest, since one backup covers them all. */
  runLate: Date | null;
  /** Firings to report as missed, oldest first. */
  reportMissed: Date[];
}

/**
 * Sorts the firings missed while Cadang was down. With `run-late`, the newest is started late and
 * the older ones are reported as missed (three backups of the same data back to back would copy
 * the same data three times); with `report-missed`, all are reported. None is lost silently, and
 * the caller's claim on (schedule, firing time) keeps any from being started twice.
 */
export function missedFirings(schedule: Schedule, lastSeen: Date, now: Date): MissedFirings {
  const firings = firingsBetween(schedule, lastSeen, now);
  if (schedule.missed === 'report-missed' || firings.length === 0) return { runLate: null, reportMissed: firings };
  return { runLate: firings.at(-1)!, reportMissed: firings.slice(0, -1) };
}

/** The claim key of one firing: unique per schedule and fire time, so two processes fire it once. */
export function firingKey(scheduleId: string, firing: Date): string {
  return `fire:${scheduleId}:${firing.getTime()}`;
}

/** When to remind the officer of a scheduled backup: the opening of the working day before it. */
export function reminderBefore(firing: Date, calendar: WorkCalendar): Date {
  return workingDayBefore(firing, calendar);
}

/** The idempotency key of that reminder. */
export function firingReminderKey(scheduleId: string, firing: Date): string {
  return `schedule-remind:${scheduleId}:${firing.getTime()}`;
}

const crons = new Map<string, Cron>();

function cronFor(schedule: Schedule): Cron {
  const cron = cronOf(schedule.cron, schedule.timeZone ?? DEFAULT_TIME_ZONE);
  if (!cron) throw new RangeError(`schedule ${schedule.id}: invalid cron expression "${schedule.cron}"`);
  return cron;
}

/** A croner pattern without a job: it computes times and never starts a timer. */
function cronOf(expression: string, timeZone: string): Cron | undefined {
  const key = `${timeZone} ${expression}`;
  let cron = crons.get(key);
  if (!cron) {
    try {
      cron = new (cronLibrary().Cron)(expression, { timezone: timeZone, domAndDow: true, mode: '5-or-6-parts' });
    } catch {
      return undefined;
    }
    if (crons.size > 1000) crons.clear();
    crons.set(key, cron);
  }
  return cron;
}
