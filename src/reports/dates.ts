/**
 * Dates as the documents print them: in the institution's time zone (WIB by default), in
 * figures ("23-11-2026", "23 November 2026") and in words ("Senin, tanggal dua puluh tiga …").
 * Month and day names are written here rather than taken from Intl, whose Indonesian data varies
 * between Node builds ("Jumat" vs "Jum'at"); an official document must not change with the runtime.
 */
import type { Locale } from '../i18n/messages.js';
import { terbilang } from './terbilang.js';
import { spellNumberEnglish, spellOrdinalEnglish } from './words-en.js';
import { DEFAULT_TIME_ZONE, formatZoneLabel, toWallClock } from '../workflow/time-zone.js';

// The zone itself (offsets, wall clock, abbreviations) lives in the project's one time-zone module.
export { DEFAULT_TIME_ZONE, formatZoneLabel, toWallClock, type WallClock } from '../workflow/time-zone.js';

const MONTHS: Record<Locale, readonly string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const WEEKDAYS: Record<Locale, readonly string[]> = {
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** The name of a month, 1–12 ("November"). */
export function formatMonthName(month: number, locale: Locale = 'id'): string {
  const name = MONTHS[locale][month - 1];
  if (!name) throw new RangeError(`formatMonthName: month must be 1–12, got ${month}`);
  return name;
}

/** The name of a weekday, 0 (Sunday)–6 ("Senin" for 1). */
export function formatWeekdayName(weekday: number, locale: Locale = 'id'): string {
  const name = WEEKDAYS[locale][weekday];
  if (!name) throw new RangeError(`formatWeekdayName: weekday must be 0–6, got ${weekday}`);
  return name;
}

/** A date in words, piece by piece, for the catalogue to put into its sentence. */
export interface DateInWords {
  /** "Senin" */
  weekday: string;
  /** "dua puluh tiga" (English: "twenty-third") */
  day: string;
  /** "November" */
  month: string;
  /** "dua ribu dua puluh enam" */
  year: string;
  /** "23-11-2026" */
  figures: string;
}

/** Spells the date of `date` (on the wall clock of `timeZone`) in words. */
export function formatDateInWords(date: Date, locale: Locale = 'id', timeZone: string = DEFAULT_TIME_ZONE): DateInWords {
  const clock = toWallClock(date, timeZone);
  return spellCalendarDate(clock.year, clock.month, clock.day, locale);
}

/** Spells a calendar date given by its parts (month 1–12) in words. */
export function spellCalendarDate(year: number, month: number, day: number, locale: Locale = 'id'): DateInWords {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    weekday: formatWeekdayName(weekday, locale),
    day: locale === 'en' ? spellOrdinalEnglish(day) : terbilang(day),
    month: formatMonthName(month, locale),
    year: locale === 'en' ? spellNumberEnglish(year) : terbilang(year),
    figures: `${pad(day)}-${pad(month)}-${year}`,
  };
}

/** "23-11-2026" */
export function formatDateFigures(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(date, timeZone);
  return `${pad(c.day)}-${pad(c.month)}-${c.year}`;
}

/** "23 November 2026", the form used after the place in "Pontianak, 23 November 2026". */
export function formatDateLong(date: Date, locale: Locale = 'id', timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(date, timeZone);
  return `${c.day} ${formatMonthName(c.month, locale)} ${c.year}`;
}

/** "01:02:03" */
export function formatTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(date, timeZone);
  return `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

/** "23-11-2026 01:02 WIB" */
export function formatDateTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const c = toWallClock(date, timeZone);
  return `${pad(c.day)}-${pad(c.month)}-${c.year} ${pad(c.hour)}:${pad(c.minute)} ${formatZoneLabel(timeZone)}`;
}

/** The month as a Roman numeral, used in letter numbers ("XI" for November). */
export function formatRomanMonth(month: number): string {
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'][month - 1];
  if (!roman) throw new RangeError(`formatRomanMonth: month must be 1–12, got ${month}`);
  return roman;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
