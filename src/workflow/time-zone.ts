/**
 * The project's one time-zone module. An organisation keeps time in one IANA zone (WIB,
 * `Asia/Jakarta`, by default; WITA `Asia/Makassar` and WIT `Asia/Jayapura` for offices further
 * east). Everything that reads a wall clock, prints a time with its zone, or turns an office's
 * "Monday 07:30" into an instant goes through here: chat cards, the trail, documents, due times,
 * reminders and schedules.
 */

/** The zone used when the organisation names none: Western Indonesia Time. */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** Indonesia's three zones by their abbreviation. None has daylight saving. */
export const INDONESIAN_TIME_ZONES = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' } as const;

/** Indonesia's zones have their own abbreviations; other zones print their IANA name. */
const ZONE_LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
  UTC: 'UTC',
};

/** A moment as a clock on the office wall shows it. `month` is 1–12, `weekday` 0 (Sunday)–6. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

/** A wall-clock reading to turn into an instant; the time of day defaults to midnight. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

let listedZones: Set<string> | undefined;

/** True when `zone` is an IANA time-zone name this runtime knows ("Asia/Jakarta"). */
export function isKnownTimeZone(zone: string): boolean {
  // The runtime's own list answers for the usual names in ~2 ms; building a formatter (which also
  // accepts aliases and other spellings) costs a short command ~35 ms of time-zone data at start.
  listedZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (listedZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The hint a configuration error gives for a zone it does not know. */
export const TIME_ZONE_HINT = 'unknown time zone; use an IANA name such as "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA) or "Asia/Jayapura" (WIT)';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
/** Zone offsets change at most on quarter hours, so one look-up per quarter hour is exact. */
const QUARTER_HOUR = 15 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

/** The zone's offset from UTC at an instant, in milliseconds (WIB: 7 hours). */
export function zoneOffset(at: Date | number, timeZone: string = DEFAULT_TIME_ZONE): number {
  const time = typeof at === 'number' ? at : at.getTime();
  if (Number.isNaN(time)) throw new RangeError('zoneOffset: invalid date');
  // Intl is slow (a table of 300 rows asks 600 times; a planner asks for 100,000 deadlines), so
  // the offset is cached per zone and quarter hour.
  let zoneOffsets = offsets.get(timeZone);
  if (!zoneOffsets) {
    zoneOffsets = new Map();
    offsets.set(timeZone, zoneOffsets);
  }
  const bucket = Math.floor(time / QUARTER_HOUR);
  let offset = zoneOffsets.get(bucket);
  if (offset === undefined) {
    offset = offsetFromIntl(bucket * QUARTER_HOUR, timeZone);
    zoneOffsets.set(bucket, offset);
  }
  return offset;
}

/** Reads an instant on the wall clock of `timeZone`. */
export function toWallClock(date: Date, timeZone: string = DEFAULT_TIME_ZONE): WallClock {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('toWallClock: invalid date');
  const shifted = new Date(time + zoneOffset(time, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/**
 * The instant at which the wall clock of `timeZone` shows `wall`. Out-of-range parts roll over
 * (day 32 is the 1st of the next month), so callers can add days to `day`. In a zone with daylight
 * saving, a time shown twice maps to its first occurrence and a time skipped by the change moves
 * forward by the gap, as the clocks do; Indonesia's zones have neither.
 */
export function fromWallClock(wall: WallTime, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0);
  if (Number.isNaN(asUtc)) throw new RangeError('fromWallClock: invalid wall time');
  // The offsets a day either side cover any change near the answer; a candidate is right when the
  // zone's offset at it is the one assumed.
  const before = asUtc - zoneOffset(asUtc - DAY, timeZone);
  const after = asUtc - zoneOffset(asUtc + DAY, timeZone);
  const fits = (instant: number) => zoneOffset(instant, timeZone) === asUtc - instant;
  if (fits(before) && fits(after)) return new Date(Math.min(before, after));
  if (fits(after)) return new Date(after);
  return new Date(before);
}

/** The calendar date of an instant in the zone, as `YYYY-MM-DD` (the form holiday lists use). */
export function formatIsoDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(at, timeZone);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}`;
}

/** The abbreviation printed after a time: "WIB", "WITA", "WIT", or the zone's name. */
export function formatZoneLabel(timeZone: string = DEFAULT_TIME_ZONE): string {
  return ZONE_LABELS[timeZone] ?? timeZone;
}

/** `23/11/2026 14.05 WITA`: date and time as Indonesian letters and chat messages write them. */
export function formatZonedDateTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(at, timeZone);
  return `${pad(c.day)}/${pad(c.month)}/${c.year} ${pad(c.hour)}.${pad(c.minute)} ${formatZoneLabel(timeZone)}`;
}

/** `14.05 WIB`: the time of day with the zone. */
export function formatZonedTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(at, timeZone);
  return `${pad(c.hour)}.${pad(c.minute)} ${formatZoneLabel(timeZone)}`;
}

function offsetFromIntl(time: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(time))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) - (time - new Date(time).getUTCMilliseconds());
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
