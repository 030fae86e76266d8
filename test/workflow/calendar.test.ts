import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHolidayFiles } from '../../src/config/holidays.js';
import {
  DEFAULT_OFFICE_HOURS, addWorkingMs, addWorkingTime, afterQuietHours, buildCalendar, isWithinOfficeHours, nextWorkingMoment, parseOfficeHours, timeLeft, workingDayBefore, workingMsBetween,
} from '../../src/workflow/calendar.js';
import { formatZonedDateTime } from '../../src/workflow/time-zone.js';

/** An instant given on the WIB wall clock: `wib('2026-05-29 15:00')`. */
const wib = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
const wita = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const HOUR = 3600_000;

// The shipped example list: 1 June 2026 (Hari Lahir Pancasila, fixed) is a Monday; 28 May 2026 is a
// cuti bersama (Thursday); 18–24 March 2026 is Nyepi and Idulfitri with cuti bersama around them.
const shipped = readHolidayFiles([fileURLToPath(new URL('../../config/holidays-2026-2027.yaml', import.meta.url))], '/');
const working = buildCalendar({ mode: 'working-time', holidays: shipped.holidays });
const wallClock = buildCalendar({ mode: 'wall-clock', holidays: shipped.holidays });

describe('working time', () => {
  it('a step started Friday 15:00 WIB with a 1-day limit before a Monday holiday is due Tuesday 15:00 WIB', () => {
    expect(shipped.problems).toEqual([]);
    const due = addWorkingTime(wib('2026-05-29 15:00'), '1d', working);
    expect(due).toEqual(wib('2026-06-02 15:00'));
    expect(formatZonedDateTime(due!, working.timeZone)).toBe('02/06/2026 15.00 WIB');
  });

  it('skips a run of holidays and cuti bersama (Nyepi and Idulfitri 2026)', () => {
    // 18 (cuti), 19 (Nyepi), 20 (cuti), 21–22 (weekend), 23–24 (cuti): the next working day is the 25th.
    expect(addWorkingTime(wib('2026-03-17 10:00'), '1d', working)).toEqual(wib('2026-03-25 10:00'));
  });

  it('counts a start outside office hours from the next opening, and ends a day at the closing', () => {
    const mondayClose = wib('2026-11-23 16:00');
    expect(addWorkingTime(wib('2026-11-21 10:00'), '1d', working)).toEqual(mondayClose); // Saturday
    expect(addWorkingTime(wib('2026-11-20 17:00'), '1d', working)).toEqual(mondayClose); // Friday evening
    expect(addWorkingTime(wib('2026-11-23 06:00'), '1d', working)).toEqual(mondayClose); // before opening
    expect(addWorkingTime(wib('2026-11-23 07:30'), '1d', working)).toEqual(mondayClose); // at opening
    expect(addWorkingTime(wib('2026-11-20 16:00'), '1d', working)).toEqual(mondayClose); // at Friday's closing
  });

  it('counts hours inside office hours only', () => {
    expect(addWorkingTime(wib('2026-11-23 14:00'), '5h', working)).toEqual(wib('2026-11-24 10:30'));
    expect(addWorkingTime(wib('2026-11-20 15:30'), '1h', working)).toEqual(wib('2026-11-23 08:00'));
    expect(addWorkingTime(wib('2026-11-23 12:00'), '4h', working)).toEqual(wib('2026-11-23 16:00'));
    expect(addWorkingTime(wib('2026-11-23 10:00'), '1d 4h', working)).toEqual(wib('2026-11-24 14:00'));
    expect(addWorkingTime(wib('2026-11-21 09:00'), '30m', working)).toEqual(wib('2026-11-23 08:00'));
    // "24h" is 24 office hours, not a day: 8.5 hours a day, so the third working day after.
    expect(addWorkingTime(wib('2026-11-23 07:30'), '24h', working)).toEqual(wib('2026-11-25 14:30'));
  });

  it('gives no due time for "none" and refuses unreadable limits', () => {
    expect(addWorkingTime(wib('2026-11-23 07:30'), 'none', working)).toBeNull();
    expect(() => addWorkingTime(wib('2026-11-23 07:30'), 'sehari', working)).toThrow(expect.objectContaining({ code: 'time-limit-invalid' }));
  });

  it('uses the hours of the day it lands on: a short Friday ends the day at its closing', () => {
    const shortFriday = buildCalendar({ mode: 'working-time', officeHours: { friday: parseOfficeHours('07:30-11:30')! } });
    expect(addWorkingTime(wib('2026-11-26 15:00'), '1d', shortFriday)).toEqual(wib('2026-11-27 11:30'));
    expect(addWorkingTime(wib('2026-11-26 15:00'), '2h', shortFriday)).toEqual(wib('2026-11-27 08:30'));
  });

  it('keeps office hours on the organisation\'s own wall clock (WITA)', () => {
    const makassar = buildCalendar({ mode: 'working-time', timeZone: 'Asia/Makassar', holidays: [{ date: '2026-06-01', name: 'Hari Lahir Pancasila' }] });
    expect(addWorkingTime(wita('2026-05-29 15:00'), '1d', makassar)).toEqual(wita('2026-06-02 15:00'));
    expect(isWithinOfficeHours(wita('2026-06-02 07:30'), makassar)).toBe(true);
    expect(isWithinOfficeHours(wib('2026-06-02 07:00'), makassar)).toBe(true); // 08.00 WITA
    expect(isWithinOfficeHours(wib('2026-06-02 15:30'), makassar)).toBe(false); // 16.30 WITA
  });

  it('counts wall-clock time when the organisation chooses it', () => {
    expect(addWorkingTime(wib('2026-05-29 15:00'), '1d', wallClock)).toEqual(wib('2026-05-30 15:00'));
    expect(addWorkingTime(wib('2026-05-29 15:00'), '5h', wallClock)).toEqual(wib('2026-05-29 20:00'));
  });

  it('measures and adds office time', () => {
    expect(workingMsBetween(wib('2026-05-29 15:00'), wib('2026-06-02 15:00'), working)).toBe(8.5 * HOUR);
    expect(workingMsBetween(wib('2026-06-02 15:00'), wib('2026-05-29 15:00'), working)).toBe(0);
    expect(addWorkingMs(wib('2026-05-29 15:00'), 4.25 * HOUR, working)).toEqual(wib('2026-06-02 10:45'));
    expect(nextWorkingMoment(wib('2026-05-30 09:00'), working)).toEqual(wib('2026-06-02 07:30'));
    expect(nextWorkingMoment(wib('2026-06-02 09:00'), working)).toEqual(wib('2026-06-02 09:00'));
  });

  it('quiet hours: a notice outside office hours waits for the next opening; closing time itself is still in', () => {
    expect(afterQuietHours(wib('2026-05-29 20:00'), working)).toEqual(wib('2026-06-02 07:30'));
    expect(afterQuietHours(wib('2026-06-02 06:59'), working)).toEqual(wib('2026-06-02 07:30'));
    expect(afterQuietHours(wib('2026-06-02 16:00'), working)).toEqual(wib('2026-06-02 16:00'));
    expect(afterQuietHours(wib('2026-06-02 11:00'), working)).toEqual(wib('2026-06-02 11:00'));
    // Quiet hours follow office hours in wall-clock mode too.
    expect(afterQuietHours(wib('2026-05-30 11:00'), wallClock)).toEqual(wib('2026-06-02 07:30'));
  });

  it('finds the working day before a date', () => {
    expect(workingDayBefore(wib('2026-06-02 01:00'), working)).toEqual(wib('2026-05-29 07:30'));
    expect(workingDayBefore(wib('2026-11-25 23:00'), working)).toEqual(wib('2026-11-24 07:30'));
  });

  it('refuses a calendar with no working day instead of looping', () => {
    const closed = buildCalendar({ mode: 'working-time', officeHours: Object.fromEntries(Object.keys(DEFAULT_OFFICE_HOURS).map((day) => [day, null])) });
    expect(() => addWorkingTime(wib('2026-11-23 10:00'), '1d', closed)).toThrow(expect.objectContaining({ code: 'calendar-no-working-day' }));
  });

  it('reads office hours as written in the configuration', () => {
    expect(parseOfficeHours('07:30-16:00')).toEqual({ open: 450, close: 960 });
    expect(parseOfficeHours('07.30 – 16.30')).toEqual({ open: 450, close: 990 });
    expect(parseOfficeHours('16:00-07:30')).toBeUndefined();
    expect(parseOfficeHours('07:60-16:00')).toBeUndefined();
    expect(parseOfficeHours('pagi')).toBeUndefined();
  });
});

describe('time left', () => {
  it('counts working days, office hours and minutes', () => {
    const due = wib('2026-06-02 15:00');
    expect(timeLeft(wib('2026-05-29 15:00'), due, working)).toEqual({ overdue: false, days: 1, hours: 0, minutes: 0, workingTime: true });
    expect(timeLeft(wib('2026-06-01 10:00'), due, working)).toEqual({ overdue: false, days: 0, hours: 7, minutes: 30, workingTime: true });
    // Tuesday 26 May: Idul Adha (27th), its cuti bersama (28th) and the Monday holiday do not count.
    expect(timeLeft(wib('2026-05-26 09:10'), due, working)).toEqual({ overdue: false, days: 2, hours: 5, minutes: 50, workingTime: true });
    expect(timeLeft(wib('2026-05-28 09:10'), due, working)).toEqual({ overdue: false, days: 1, hours: 7, minutes: 30, workingTime: true });
    expect(timeLeft(wib('2026-06-02 16:30'), due, working)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 0, workingTime: true });
    expect(timeLeft(wib('2026-06-04 15:00'), due, working)).toEqual({ overdue: true, days: 2, hours: 0, minutes: 0, workingTime: true });
  });

  it('counts elapsed time in wall-clock mode', () => {
    expect(timeLeft(wib('2026-05-29 15:00'), wib('2026-05-30 17:20'), wallClock)).toEqual({ overdue: false, days: 1, hours: 2, minutes: 20, workingTime: false });
    expect(timeLeft(wib('2026-05-30 18:00'), wib('2026-05-30 17:20'), wallClock)).toEqual({ overdue: true, days: 0, hours: 0, minutes: 40, workingTime: false });
  });

  it('agrees with the due time: adding the time left to now gives the due time back', () => {
    const due = wib('2026-06-05 11:45');
    for (let at = wib('2026-05-25 00:00').getTime(); at < due.getTime(); at += 3.25 * HOUR) {
      const now = new Date(at);
      const left = timeLeft(now, due, working);
      const back = addWorkingTime(now, { days: left.days, minutes: left.hours * 60 + left.minutes }, working)!;
      // Equal in office time (a closing and the next opening are the same point of work), to the minute.
      expect(workingMsBetween(back, due, working) + workingMsBetween(due, back, working)).toBeLessThan(60_000);
    }
  });
});
