/**
 * SOP time limits ("1 (Satu) Hari", "5 Jam") written as `1d`, `5h`, `30m`, or combinations such
 * as `1d 4h`. `none` says the SOP sets no limit for the step; it must be written out so that a
 * forgotten limit is caught by validation instead of silently meaning "forever".
 */
export type TimeLimit = { minutes: number } | 'none';

const unitMinutes = { d: 24 * 60, h: 60, m: 1 } as const;
const durationPattern = /^\s*(\d+\s*[dhm]\s*)+$/i;

/** Parses `1d`, `5h`, `1d 4h`, `90m` or `none`; returns undefined when the text is not one of them. */
export function parseTimeLimit(text: string): TimeLimit | undefined {
  if (text.trim().toLowerCase() === 'none') return 'none';
  if (!durationPattern.test(text)) return undefined;
  let minutes = 0;
  for (const [, amount, unit] of text.toLowerCase().matchAll(/(\d+)\s*([dhm])/g)) {
    minutes += Number(amount) * unitMinutes[unit as keyof typeof unitMinutes];
  }
  return minutes > 0 ? { minutes } : undefined;
}

/** Adds a time limit to a moment; `none` gives no due time. */
export function dueTimeAfter(start: Date, limit: TimeLimit): Date | null {
  return limit === 'none' ? null : new Date(start.getTime() + limit.minutes * 60_000);
}

/**
 * A time limit as the calendar counts it: whole days ("1 (Satu) Hari", same clock time on a later
 * day) apart from hours and minutes. In working time a day is a working day and an hour an office
 * hour, so "1d" and "24h" differ; in wall-clock time both are 24 hours.
 */
export interface WorkLimit {
  days: number;
  minutes: number;
}

/** Parses `1d`, `5h`, `1d 4h`, `90m` into days and minutes; `none` and unreadable text give undefined. */
export function parseWorkLimit(text: string): WorkLimit | undefined {
  if (parseTimeLimit(text) === undefined || text.trim().toLowerCase() === 'none') return undefined;
  const limit: WorkLimit = { days: 0, minutes: 0 };
  for (const [, amount, unit] of text.toLowerCase().matchAll(/(\d+)\s*([dhm])/g)) {
    if (unit === 'd') limit.days += Number(amount);
    else limit.minutes += Number(amount) * unitMinutes[unit as 'h' | 'm'];
  }
  return limit;
}
