/**
 * The reminder planner: from an open step deadline (stored in the database) and the
 * organisation's calendar, the moments at which someone must be told. Pure and stateless: after
 * a restart the same deadlines give the same moments and the same keys, so a moment already sent
 * (its key already in the outbox) is never sent twice, and nothing lives only in memory.
 *
 * The moments of one deadline, in order:
 * 1. Reminders to the step's role at the configured shares of its time (default 50% and 90%),
 *    counted in the calendar (in working time, half of "1d" is half a working day).
 * 2. At the due time, an escalation to the superior (`escalateTo`; the step's own role when the
 *    definition names none), repeated every `escalationRepeat` until the step is left.
 *
 * Quiet hours: a moment outside office hours waits for the next opening, unless the step is
 * urgent. An urgent step's repeats count wall-clock time, day and night. When several moments
 * wait for the same opening only the last is sent (a 50% and a 90% reminder held over a weekend
 * become one 90% reminder), and a reminder that could only be sent at or after the due time is
 * dropped, since the escalation says more.
 */
import { type WorkCalendar, addWorkingMs, addWorkingTime, afterQuietHours, workingMsBetween } from './calendar.js';
import type { WorkLimit } from './duration.js';

/** An open deadline: a run waiting at a step with a time limit. */
export interface OpenDeadline {
  instanceId: number | string;
  stepId: string;
  /** When the limit started counting (the step's entry, or `deadlineFrom`'s). */
  enteredAt: Date;
  dueAt: Date;
  /** The role that acts at the step and is reminded. */
  role: string;
  /** The superior told when the limit passes. */
  escalateTo?: string;
  urgent?: boolean;
}

export interface ReminderSettings {
  /** Shares of the time at which to remind, each in (0, 1), ascending. */
  at: readonly number[];
  /** How often to repeat the escalation; null escalates once. */
  escalationRepeat: WorkLimit | null;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { at: [0.5, 0.9], escalationRepeat: { days: 0, minutes: 240 } };

export interface ReminderMoment {
  /** Unique and stable: `remind:{instance}:{step}:{enteredAt ms}:{n}` or `escalate:…:{k}`. */
  key: string;
  kind: 'remind' | 'escalate';
  /** When to send it: the planned moment, held for office hours unless the step is urgent. */
  at: Date;
  /** The moment before quiet hours. */
  plannedAt: Date;
  /** The role to notify. */
  to: string;
  /** The reminder's position in `settings.at` (1-based), or the escalation's round (0 = at the due time). */
  n: number;
  /** For a reminder: the share of the time that has passed. */
  fraction?: number;
}

/**
 * Every moment of a deadline up to `until` (inclusive), in order. Escalations repeat without end,
 * so a horizon is needed; without one, the list stops after the first escalation.
 */
export function planReminders(deadline: OpenDeadline, calendar: WorkCalendar, settings: ReminderSettings, until?: Date): ReminderMoment[] {
  const last = (until ?? escalation(deadline, 0, calendar, settings)!.at).getTime();
  const moments = reminders(deadline, calendar, settings).filter((moment) => moment.at.getTime() <= last);
  for (let k = 0; ; k += 1) {
    const moment = escalation(deadline, k, calendar, settings);
    if (!moment || moment.at.getTime() > last) break;
    // Rounds held for the same opening go out as one: the last of them.
    const next = escalation(deadline, k + 1, calendar, settings);
    if (!next || next.at.getTime() !== moment.at.getTime()) moments.push(moment);
  }
  return moments;
}

/**
 * The moment to send at `now`: the latest one at or before it. Moments missed while Cadang was
 * down are not sent one by one; the latest stands for them.
 */
export function dueMoment(deadline: OpenDeadline, now: Date, calendar: WorkCalendar, settings: ReminderSettings): ReminderMoment | undefined {
  const time = now.getTime();
  const k = latestEscalationRound(deadline, time, calendar, settings);
  if (k !== undefined) return escalation(deadline, k, calendar, settings);
  return reminders(deadline, calendar, settings).filter((moment) => moment.at.getTime() <= time).at(-1);
}

/** The first moment after `now`, or undefined when none is left (no repeat and the escalation passed). */
export function nextMoment(deadline: OpenDeadline, now: Date, calendar: WorkCalendar, settings: ReminderSettings): ReminderMoment | undefined {
  const time = now.getTime();
  const reminder = reminders(deadline, calendar, settings).find((moment) => moment.at.getTime() > time);
  if (reminder) return reminder;
  let k = (latestEscalationRound(deadline, time, calendar, settings) ?? -1) + 1;
  let moment = escalation(deadline, k, calendar, settings);
  // Rounds held for the same opening go out as one: the last of them.
  while (moment) {
    const next = escalation(deadline, k + 1, calendar, settings);
    if (!next || next.at.getTime() !== moment.at.getTime()) break;
    moment = next;
    k += 1;
  }
  return moment;
}

/** The earliest next moment over many deadlines: what the scheduler sleeps until. */
export function nextDue(deadlines: Iterable<OpenDeadline>, now: Date, calendar: WorkCalendar, settings: ReminderSettings): { deadline: OpenDeadline; moment: ReminderMoment } | undefined {
  let best: { deadline: OpenDeadline; moment: ReminderMoment } | undefined;
  for (const deadline of deadlines) {
    const moment = nextMoment(deadline, now, calendar, settings);
    if (moment && (!best || moment.at.getTime() < best.moment.at.getTime())) best = { deadline, moment };
  }
  return best;
}

function baseKey(deadline: OpenDeadline): string {
  return `${deadline.instanceId}:${deadline.stepId}:${deadline.enteredAt.getTime()}`;
}

/** The reminders before the due time, after quiet hours, superseded ones dropped. */
function reminders(deadline: OpenDeadline, calendar: WorkCalendar, settings: ReminderSettings): ReminderMoment[] {
  const start = deadline.enteredAt.getTime();
  const due = deadline.dueAt.getTime();
  const workingTime = calendar.mode === 'working-time';
  const span = workingTime ? workingMsBetween(deadline.enteredAt, deadline.dueAt, calendar) : due - start;
  const planned = settings.at.map((fraction, index): ReminderMoment => {
    const share = Math.round(span * fraction);
    const plannedAt = workingTime ? addWorkingMs(deadline.enteredAt, share, calendar) : new Date(start + share);
    return {
      key: `remind:${baseKey(deadline)}:${index + 1}`,
      kind: 'remind',
      at: deadline.urgent ? plannedAt : afterQuietHours(plannedAt, calendar),
      plannedAt,
      to: deadline.role,
      n: index + 1,
      fraction,
    };
  });
  return planned.filter((moment, index) => {
    const next = planned[index + 1];
    return moment.at.getTime() < due && (!next || next.at.getTime() > moment.at.getTime());
  });
}

/** Escalation round `k` (0 at the due time), or undefined when the settings do not repeat that far. */
function escalation(deadline: OpenDeadline, k: number, calendar: WorkCalendar, settings: ReminderSettings): ReminderMoment | undefined {
  if (k > 0 && !settings.escalationRepeat) return undefined;
  const plannedAt = k === 0 ? deadline.dueAt : escalationPlannedAt(deadline, k, calendar, settings.escalationRepeat!);
  return {
    key: `escalate:${baseKey(deadline)}:${k}`,
    kind: 'escalate',
    at: deadline.urgent ? plannedAt : afterQuietHours(plannedAt, calendar),
    plannedAt,
    to: deadline.escalateTo ?? deadline.role,
    n: k,
  };
}

function repeatMs(repeat: WorkLimit, workingTime: boolean, calendar: WorkCalendar): number {
  // A repeat of "1d" in working time is a day of office time (the week's longest office day).
  const officeDay = workingTime ? calendar.longestDayMinutes : 24 * 60;
  return (repeat.days * officeDay + repeat.minutes) * 60_000;
}

function workingRepeats(deadline: OpenDeadline, calendar: WorkCalendar): boolean {
  return calendar.mode === 'working-time' && !deadline.urgent;
}

function escalationPlannedAt(deadline: OpenDeadline, k: number, calendar: WorkCalendar, repeat: WorkLimit): Date {
  const working = workingRepeats(deadline, calendar);
  const step = repeatMs(repeat, working, calendar);
  return working ? addWorkingMs(deadline.dueAt, k * step, calendar) : new Date(deadline.dueAt.getTime() + k * step);
}

/** The largest escalation round sent at or before `time`, or undefined when the due time has not come. */
function latestEscalationRound(deadline: OpenDeadline, time: number, calendar: WorkCalendar, settings: ReminderSettings): number | undefined {
  const first = escalation(deadline, 0, calendar, settings)!;
  if (first.at.getTime() > time) return undefined;
  if (!settings.escalationRepeat) return 0;
  const working = workingRepeats(deadline, calendar);
  const step = repeatMs(settings.escalationRepeat, working, calendar);
  const elapsed = working ? workingMsBetween(deadline.dueAt, new Date(time), calendar) : time - deadline.dueAt.getTime();
  let k = Math.max(0, Math.floor(elapsed / step));
  // Quiet hours can hold round k past `time`; step back to the last one already out.
  while (k > 0 && escalation(deadline, k, calendar, settings)!.at.getTime() > time) k -= 1;
  return k;
}

/**
 * A run waiting at a step with `remindEvery` (SOP A's "wait until the medium is available"): the
 * step has no time limit, but its role is reminded every interval while it waits.
 */
export interface WaitingStep {
  instanceId: number | string;
  stepId: string;
  /** When the run entered the step (this visit). */
  enteredAt: Date;
  role: string;
  urgent?: boolean;
}

/**
 * The reminder to send at `now` for a waiting step: the latest of the moments `enteredAt + n ×
 * every` (n ≥ 1, counted in the calendar, so "1d" is one working day) at or before `now`, after
 * quiet hours unless the step is urgent. Reminders missed while Cadang was down are not sent one
 * by one; the latest stands for them. The key names the run, the step, the visit (its entry time)
 * and n, so each goes out once and a new visit of the step starts again from n = 1.
 */
export function waitingReminder(step: WaitingStep, every: WorkLimit, now: Date, calendar: WorkCalendar): ReminderMoment | undefined {
  let latest: ReminderMoment | undefined;
  for (let n = 1; n <= maxWaitingRounds; n += 1) {
    const plannedAt = addWorkingTime(step.enteredAt, { days: every.days * n, minutes: every.minutes * n }, calendar)!;
    const at = step.urgent ? plannedAt : afterQuietHours(plannedAt, calendar);
    if (at.getTime() > now.getTime()) break;
    latest = { key: `remind-every:${step.instanceId}:${step.stepId}:${step.enteredAt.getTime()}:${n}`, kind: 'remind', at, plannedAt, to: step.role, n };
  }
  return latest;
}

/** A guard for a step left waiting for years at a short interval: beyond this round nothing new is sent. */
const maxWaitingRounds = 5000;
