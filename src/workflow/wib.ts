/**
 * Indonesia's western time zone (WIB, UTC+7, no daylight saving), in which the SOPs' institutions
 * and their documents keep time.
 */
export const wibTimeZone = 'Asia/Jakarta';

const wibDate = new Intl.DateTimeFormat('en-CA', { timeZone: wibTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
const wibDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: wibTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** `2026-11-23`: the calendar date in WIB. */
export function formatWibDate(at: Date): string {
  return wibDate.format(at);
}

/** `23/11/2026 14.05 WIB`: date and time in WIB, as Indonesian letters write them. */
export function formatWibDateTime(at: Date): string {
  const parts = Object.fromEntries(wibDateTime.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}.${parts.minute} WIB`;
}
