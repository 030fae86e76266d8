/**
 * The organisation's working calendar: its zone, its office hours per weekday and its holidays
 * (national holidays and cuti bersama). Due times, reminders, quiet hours and the "time left" on
 * cards are all computed here, so they always agree.
 *
 * Two modes, chosen by the organisation:
 * - `wall-clock`: a limit is elapsed time ("1d" = 24 hours, "5h" = 5 hours). Office hours still
 *   decide quiet hours and "the working day before" a scheduled backup.
 * - `working-time`: a limit counts only office time.
 *   - A day ("1d") is one working day: the same clock time on the next working day. When that
 *     day's office hours are shorter and the time does not exist in them, the due time is that
 *     day's closing time.
 *   - Hours and minutes ("5h") count only minutes inside office hours.
 *   - A start outside office hours (evening, weekend, holiday, before opening) counts from the
 *     next opening: a step entered Saturday with "1d" is due at Monday's closing time.
 *   - A due time that falls exactly on an opening is written as the previous working day's
 *     closing time (the same amount of office time, and what people expect to read: "Senin 16.00",
 *     not "Selasa 07.30").
 *
 * Pure: no clock is read here; every function takes the moments it needs.
 */
import { CadangError } from '../errors.js';
import { defineMessages } from '../i18n/messages.js';
import { parseWorkLimit, type WorkLimit } from './duration.js';
import { DEFAULT_TIME_ZONE, formatIsoDate, fromWallClock, zoneOffset } from './time-zone.js';

export const calendarModes = ['wall-clock', 'working-time'] as const;
export type CalendarMode = (typeof calendarModes)[number];

/** Weekday names as the configuration writes them, indexed like `Date.getDay()` (0 = Sunday). */
export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** One day's office hours, in minutes after midnight on the office's wall clock (07:30 = 450). */
export interface OfficeHours {
  open: number;
  close: number;
}

/** Office hours per weekday; `null` is a day the office is closed. */
export type WeeklyOfficeHours = Record<WeekdayName, OfficeHours | null>;

/** Monday to Friday 07:30–16:00: the usual hours of a government office, and only a default. */
export const DEFAULT_OFFICE_HOURS: WeeklyOfficeHours = {
  sunday: null,
  monday: { open: 450, close: 960 },
  tuesday: { open: 450, close: 960 },
  wednesday: { open: 450, close: 960 },
  thursday: { open: 450, close: 960 },
  friday: { open: 450, close: 960 },
  saturday: null,
};

export const holidayKinds = ['libur-nasional', 'cuti-bersama'] as const;
export type HolidayKind = (typeof holidayKinds)[number];

/** A day the office is closed, as `YYYY-MM-DD` in the organisation's zone. */
export interface Holiday {
  date: string;
  name: string;
  kind?: HolidayKind;
  /** True for a date that is an estimate, not yet checked against the year's SKB 3 Menteri. */
  perkiraan?: boolean;
}

export interface CalendarSettings {
  mode: CalendarMode;
  timeZone?: string;
  officeHours?: Partial<WeeklyOfficeHours>;
  holidays?: readonly Holiday[];
}

/** Parses "07:30-16:00" (also "07.30–16.00") into minutes after midnight; undefined when unreadable or closing is not after opening. */
export function parseOfficeHours(text: string): OfficeHours | undefined {
  const match = /^\s*(\d{1,2})[:.](\d{2})\s*[-\u2013]\s*(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const [openHour, openMinute, closeHour, closeMinute] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const open = openHour * 60 + openMinute;
  const close = closeHour * 60 + closeMinute;
  if (openMinute > 59 || closeMinute > 59 || close > 24 * 60 || close <= open) return undefined;
  return { open, close };
}

/** Sentences for the errors below; the code and context travel with them for other locales. */
const errorMessages = defineMessages(
  {
    noWorkingDay: (days: number) => `Kalender kerja tidak memuat hari kerja dalam ${days} hari. Periksa calendar.officeHours dan daftar hari libur.`,
    badLimit: (limit: string) => `Batas waktu "${limit}" tidak dapat dibaca. Tulis misalnya "1d", "5h" atau "1d 4h".`,
  },
  {
    noWorkingDay: (days: number) => `The working calendar has no working day within ${days} days. Check calendar.officeHours and the holiday list.`,
    badLimit: (limit: string) => `The time limit "${limit}" cannot be read. Write e.g. "1d", "5h" or "1d 4h".`,
  },
);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far to look for a working day before deciding the calendar has none (a closed year). */
const SEARCH_DAYS = 400;

interface Window {
  open: number;
  close: number;
}

/** A built calendar: settings plus caches. Build one per organisation and keep it. */
export class WorkCalendar {
  readonly mode: CalendarMode;
  readonly timeZone: string;
  readonly officeHours: WeeklyOfficeHours;
  /** The longest office day of the week, in minutes: what "1d" of office time means for repeats. */
  readonly longestDayMinutes: number;
  private readonly holidays: ReadonlyMap<string, Holiday>;
  private readonly windows = new Map<number, Window | null>();

  constructor(settings: CalendarSettings) {
    this.mode = settings.mode;
    this.timeZone = settings.timeZone ?? DEFAULT_TIME_ZONE;
    this.officeHours = { ...DEFAULT_OFFICE_HOURS, ...settings.officeHours };
    this.longestDayMinutes = Math.max(0, ...Object.values(this.officeHours).map((hours) => (hours ? hours.close - hours.open : 0)));
    this.holidays = new Map((settings.holidays ?? []).map((holiday) => [holiday.date, holiday]));
  }

  /** The holiday on an instant's date in the organisation's zone, if any. */
  holidayOn(at: Date): Holiday | undefined {
    return this.holidays.get(formatIsoDate(at, this.timeZone));
  }

  /** The local day number (days since 1970-01-01 on the office's wall clock) of an instant. */
  dayOf(time: number): number {
    return Math.floor((time + zoneOffset(time, this.timeZone)) / DAY);
  }

  /** The office's open window on a local day, or null when the office is closed that day. */
  window(day: number): Window | null {
    let window = this.windows.get(day);
    if (window !== undefined) return window;
    const date = new Date(day * DAY);
    const hours = this.officeHours[WEEKDAY_NAMES[date.getUTCDay()]!];
    const iso = date.toISOString().slice(0, 10);
    if (!hours || this.holidays.has(iso)) window = null;
    else {
      const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
      window = {
        open: fromWallClock({ ...wall, minute: hours.open }, this.timeZone).getTime(),
        close: fromWallClock({ ...wall, minute: hours.close }, this.timeZone).getTime(),
      };
    }
    // A planner looks at a few years at most; the cap only guards a long-running process.
    if (this.windows.size > 5000) this.windows.clear();
    this.windows.set(day, window);
    return window;
  }

  /** The first working day at or after `day` (`step` 1), or at or before it (`step` -1). */
  workingDay(day: number, step: 1 | -1): { day: number; window: Window } {
    for (let i = 0; i < SEARCH_DAYS; i += 1) {
      const window = this.window(day + i * step);
      if (window) return { day: day + i * step, window };
    }
    throw this.noWorkingDay(day);
  }

  /** The error for a calendar that has no working day where one is needed (all weekdays closed). */
  noWorkingDay(day: number): CadangError {
    return new CadangError('calendar-no-working-day', errorMessages().noWorkingDay(SEARCH_DAYS), { day, timeZone: this.timeZone });
  }
}

/** Builds the calendar of an organisation from its configuration. */
export function buildCalendar(settings: CalendarSettings): WorkCalendar {
  return new WorkCalendar(settings);
}

/** True when the office is open at `at` (opening included, closing excluded). */
export function isWithinOfficeHours(at: Date, calendar: WorkCalendar): boolean {
  const time = at.getTime();
  const window = calendar.window(calendar.dayOf(time));
  return window !== null && time >= window.open && time < window.close;
}

/** `at` itself when the office is open then, else the next opening. Work entered outside office hours starts here. */
export function nextWorkingMoment(at: Date, calendar: WorkCalendar): Date {
  return new Date(workingStart(at.getTime(), calendar));
}

/**
 * Quiet hours: when a notice planned for `at` may be sent. Inside office hours (closing time
 * included, so a notice at a 16:00 due time goes out at 16:00) it is `at`; otherwise the next
 * opening.
 */
export function afterQuietHours(at: Date, calendar: WorkCalendar): Date {
  const time = at.getTime();
  const window = calendar.window(calendar.dayOf(time));
  if (window && time >= window.open && time <= window.close) return at;
  return new Date(workingStart(time, calendar));
}

/** The opening of the last working day before `at`'s date: when to remind someone "the working day before". */
export function workingDayBefore(at: Date, calendar: WorkCalendar): Date {
  return new Date(calendar.workingDay(calendar.dayOf(at.getTime()) - 1, -1).window.open);
}

/** Office time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function workingMsBetween(from: Date, to: Date, calendar: WorkCalendar): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (let day = calendar.dayOf(start), last = calendar.dayOf(end); day <= last; day += 1) {
    const window = calendar.window(day);
    if (window) total += Math.max(0, Math.min(end, window.close) - Math.max(start, window.open));
  }
  return total;
}

/** The instant at which `ms` of office time has passed since `start` (start outside hours: from the next opening). */
export function addWorkingMs(start: Date, ms: number, calendar: WorkCalendar): Date {
  let time = start.getTime();
  let left = ms;
  for (let day = calendar.dayOf(time), closedInARow = 0; closedInARow < SEARCH_DAYS; day += 1) {
    const window = calendar.window(day);
    if (!window) {
      closedInARow += 1;
      continue;
    }
    closedInARow = 0;
    if (time >= window.close) continue;
    const from = Math.max(time, window.open);
    if (left <= window.close - from) return new Date(from + left);
    left -= window.close - from;
    time = window.close;
  }
  throw calendar.noWorkingDay(calendar.dayOf(time));
}

/**
 * The due time of a limit started at `start`, in the calendar's mode (see the module comment).
 * `limit` is the definition's text ("1d", "5h", "1d 4h") or already parsed; `none` gives null.
 */
export function addWorkingTime(start: Date, limit: string | WorkLimit, calendar: WorkCalendar): Date | null {
  const parsed = typeof limit === 'string' ? parseWorkLimit(limit) : limit;
  if (!parsed) {
    if (typeof limit === 'string' && limit.trim().toLowerCase() === 'none') return null;
    throw new CadangError('time-limit-invalid', errorMessages().badLimit(String(limit)), { limit });
  }
  if (calendar.mode === 'wall-clock') return new Date(start.getTime() + parsed.days * DAY + parsed.minutes * MINUTE);
  let due = parsed.days > 0 ? addWorkingDays(start.getTime(), parsed.days, calendar) : start.getTime();
  if (parsed.minutes > 0 || parsed.days === 0) due = addWorkingMs(new Date(due), parsed.minutes * MINUTE, calendar).getTime();
  return new Date(closingInsteadOfOpening(due, calendar));
}

/** Time left until `due` (or past it), split for a sentence: "sisa 1 hari 2 jam 5 menit (jam kerja)". */
export interface TimeLeft {
  overdue: boolean;
  /** Working days in working time, 24-hour days in wall-clock time. */
  days: number;
  hours: number;
  minutes: number;
  /** True when days, hours and minutes count office time only. */
  workingTime: boolean;
}

/**
 * How long until `due` at `now`, or how long since it when overdue, in the calendar's mode. In
 * working time the parts are such that `addWorkingTime(now, {days, minutes: hours*60+minutes})`
 * gives `due` (to the minute), so a card and the due time never disagree.
 */
export function timeLeft(now: Date, due: Date, calendar: WorkCalendar): TimeLeft {
  const overdue = now.getTime() > due.getTime();
  const [from, to] = overdue ? [due, now] : [now, due];
  let days: number;
  let rest: number;
  if (calendar.mode === 'wall-clock') {
    const span = to.getTime() - from.getTime();
    days = Math.floor(span / DAY);
    rest = span - days * DAY;
  } else {
    days = 0;
    let base = from.getTime();
    for (;;) {
      const next = addWorkingDays(from.getTime(), days + 1, calendar);
      if (next > to.getTime() && workingMsBetween(to, new Date(next), calendar) > 0) break;
      days += 1;
      base = next;
    }
    rest = workingMsBetween(new Date(base), to, calendar);
  }
  const minutes = Math.floor(rest / MINUTE);
  return { overdue, days, hours: Math.floor(minutes / 60), minutes: minutes % 60, workingTime: calendar.mode === 'working-time' };
}

/** Work counts from here: `time` inside office hours, else the next opening. */
function workingStart(time: number, calendar: WorkCalendar): number {
  const day = calendar.dayOf(time);
  const today = calendar.window(day);
  if (today && time < today.close) return Math.max(time, today.open);
  return calendar.workingDay(day + 1, 1).window.open;
}

/** Same clock time `days` working days after the working start of `start`, kept inside that day's hours. */
function addWorkingDays(start: number, days: number, calendar: WorkCalendar): number {
  const from = workingStart(start, calendar);
  const fromDay = calendar.dayOf(from);
  const sinceMidnight = from - (fromDay * DAY - zoneOffset(from, calendar.timeZone));
  let day = fromDay;
  for (let counted = 0; counted < days; counted += 1) day = calendar.workingDay(day + 1, 1).day;
  const window = calendar.window(day)!;
  const date = new Date(day * DAY);
  const target = fromWallClock({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, calendar.timeZone).getTime() + sinceMidnight;
  return Math.min(Math.max(target, window.open), window.close);
}

/** An opening instant written as the previous working day's closing (no office time lies between). */
function closingInsteadOfOpening(time: number, calendar: WorkCalendar): number {
  const day = calendar.dayOf(time);
  const window = calendar.window(day);
  if (!window || time !== window.open) return time;
  return calendar.workingDay(day - 1, -1).window.close;
}
