import { describe, expect, it } from 'vitest';
import { formatDateTime, formatZoneLabel as reportsZoneLabel, toWallClock as reportsWallClock } from '../../src/reports/dates.js';
import {
  DEFAULT_TIME_ZONE, INDONESIAN_TIME_ZONES, formatIsoDate, formatZoneLabel, formatZonedDateTime, formatZonedTime, fromWallClock, isKnownTimeZone, toWallClock, zoneOffset,
} from '../../src/workflow/time-zone.js';
import { formatWibDate, formatWibDateTime, wibTimeZone } from '../../src/workflow/wib.js';

// 23 November 2026, 07:05 UTC: 14.05 WIB, 15.05 WITA, 16.05 WIT.
const moment = new Date('2026-11-23T07:05:00Z');

describe('time zones', () => {
  it('reads the wall clock in WIB, WITA and WIT', () => {
    expect(toWallClock(moment, INDONESIAN_TIME_ZONES.WIB)).toEqual({ year: 2026, month: 11, day: 23, weekday: 1, hour: 14, minute: 5, second: 0 });
    expect(toWallClock(moment, INDONESIAN_TIME_ZONES.WITA).hour).toBe(15);
    expect(toWallClock(moment, INDONESIAN_TIME_ZONES.WIT).hour).toBe(16);
    expect(zoneOffset(moment, 'Asia/Jayapura')).toBe(9 * 3600_000);
  });

  it('turns an office wall time into the instant, in each zone', () => {
    expect(fromWallClock({ year: 2026, month: 11, day: 23, hour: 7, minute: 30 })).toEqual(new Date('2026-11-23T00:30:00Z'));
    expect(fromWallClock({ year: 2026, month: 11, day: 23, hour: 7, minute: 30 }, 'Asia/Makassar')).toEqual(new Date('2026-11-22T23:30:00Z'));
    expect(fromWallClock({ year: 2026, month: 11, day: 23, hour: 7, minute: 30 }, 'Asia/Jayapura')).toEqual(new Date('2026-11-22T22:30:00Z'));
    // Days roll over, so callers can add days to `day`.
    expect(fromWallClock({ year: 2026, month: 12, day: 32, minute: 450 })).toEqual(new Date('2027-01-01T00:30:00Z'));
  });

  it('is its own inverse for every quarter hour of a day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const at = new Date(Date.UTC(2026, 5, 1, 0, minutes));
      for (const zone of Object.values(INDONESIAN_TIME_ZONES)) {
        const clock = toWallClock(at, zone);
        expect(fromWallClock(clock, zone)).toEqual(at);
      }
    }
  });

  it('handles a zone with daylight saving as clocks do (for organisations abroad)', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October 2026.
    expect(fromWallClock({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toEqual(new Date('2026-03-29T01:30:00Z'));
    expect(fromWallClock({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(fromWallClock({ year: 2026, month: 7, day: 1, hour: 9 }, 'Europe/Berlin')).toEqual(new Date('2026-07-01T07:00:00Z'));
  });

  it('prints dates and times with the zone abbreviation', () => {
    expect(formatIsoDate(moment)).toBe('2026-11-23');
    expect(formatIsoDate(new Date('2026-11-23T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-24');
    expect(formatZonedDateTime(moment, 'Asia/Makassar')).toBe('23/11/2026 15.05 WITA');
    expect(formatZonedDateTime(moment, 'Asia/Jayapura')).toBe('23/11/2026 16.05 WIT');
    expect(formatZonedTime(moment)).toBe('14.05 WIB');
    expect(formatZoneLabel('Asia/Pontianak')).toBe('WIB');
    expect(formatZoneLabel('Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('knows real zone names only', () => {
    expect(isKnownTimeZone('Asia/Makassar')).toBe(true);
    expect(isKnownTimeZone('Asia/Pontianakk')).toBe(false);
    // Not in the runtime's list of canonical names, but accepted by its formatter as before.
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Asia/Calcutta')).toBe(true);
    expect(isKnownTimeZone('asia/jakarta')).toBe(true);
    expect(isKnownTimeZone('')).toBe(false);
  });

  it('keeps the old WIB helpers and the documents printing exactly as before', () => {
    expect(wibTimeZone).toBe(DEFAULT_TIME_ZONE);
    expect(formatWibDate(moment)).toBe('2026-11-23');
    expect(formatWibDateTime(moment)).toBe('23/11/2026 14.05 WIB');
    expect(formatDateTime(moment, 'Asia/Makassar')).toBe('23-11-2026 15:05 WITA');
    expect(reportsWallClock).toBe(toWallClock);
    expect(reportsZoneLabel).toBe(formatZoneLabel);
  });
});
