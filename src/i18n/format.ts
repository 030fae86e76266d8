/**
 * Numbers and sizes as people read them, the same in chat, the CLI and the PDFs: Indonesian
 * number formatting (`Intl.NumberFormat('id-ID')`: "40,1 MB", "1.234.567") and English for 'en'
 * ("40.1 MB", "1,234,567"). Sizes use decimal units (1 MB = 1 000 000 bytes), as disks and
 * media are labelled; one copy therefore reads the same size everywhere.
 */
import type { Locale } from './messages.js';

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

const numberLocales: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${minimumFractionDigits}:${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(numberLocales[locale], { minimumFractionDigits, maximumFractionDigits });
    formats.set(key, format);
  }
  return format;
}

/**
 * "40,1 MB" (id) / "40.1 MB" (en): three significant figures (1,23 MB; 12,3 MB; 123 MB), so
 * sizes line up in tables; bytes below a kilobyte are exact ("512 B").
 */
export function formatBytes(bytes: number, locale: Locale = 'id'): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`formatBytes: expected a size in bytes, got ${bytes}`);
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${formatInteger(bytes, locale)} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Rounding may carry into the next unit (999,96 KB → 1 MB).
  const rounded = Number(value.toFixed(digits));
  if (rounded >= 1000 && unit < SIZE_UNITS.length - 1) return `${numberFormat(locale, 2, 2).format(rounded / 1000)} ${SIZE_UNITS[unit + 1]}`;
  return `${numberFormat(locale, digits, digits).format(rounded)} ${SIZE_UNITS[unit]}`;
}

/** A number with exactly `digits` decimals and the locale's decimal mark ("1,50"). */
export function formatDecimal(value: number, digits: number, locale: Locale = 'id'): string {
  return numberFormat(locale, digits, digits).format(value);
}

/** A whole number with thousands separators ("1.234.567" in Indonesian, "1,234,567" in English). */
export function formatInteger(value: number, locale: Locale = 'id'): string {
  return numberFormat(locale, 0, 0).format(Math.round(value));
}
