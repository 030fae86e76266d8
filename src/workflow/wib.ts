/**
 * The WIB shorthands used before the organisation's zone was configurable. They print in the
 * default zone (WIB, UTC+7); code that knows the organisation's zone calls time-zone.ts directly.
 */
import { DEFAULT_TIME_ZONE, formatIsoDate, formatZonedDateTime } from './time-zone.js';

/** Indonesia's western time zone, the default of every organisation. */
export const wibTimeZone = DEFAULT_TIME_ZONE;

/** `2026-11-23`: the calendar date in WIB. */
export function formatWibDate(at: Date): string {
  return formatIsoDate(at, DEFAULT_TIME_ZONE);
}

/** `23/11/2026 14.05 WIB`: date and time in WIB, as Indonesian letters write them. */
export function formatWibDateTime(at: Date): string {
  return formatZonedDateTime(at, DEFAULT_TIME_ZONE);
}
