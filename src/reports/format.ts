/**
 * Small formatters for values in the documents: sizes, durations, checksums. Sizes use decimal
 * units (1 GB = 1 000 000 000 bytes), as disks are labelled, with the locale's decimal mark.
 */
import type { Locale } from '../i18n/messages.js';

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** "1,46 GB" (id) / "1.46 GB" (en); bytes below a kilobyte are exact ("512 B"). */
export function formatBytes(bytes: number, locale: Locale = 'id'): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`formatBytes: expected a size in bytes, got ${bytes}`);
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${formatDecimal(value, digits, locale)} ${SIZE_UNITS[unit]}`;
}

/** A number with a fixed count of decimals and the locale's decimal mark. */
export function formatDecimal(value: number, digits: number, locale: Locale = 'id'): string {
  const text = value.toFixed(digits);
  return locale === 'id' ? text.replace('.', ',') : text;
}

/** A whole number with thousands separators ("1.234.567" in Indonesian, "1,234,567" in English). */
export function formatInteger(value: number, locale: Locale = 'id'): string {
  const text = Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return locale === 'id' ? text.replace(/,/g, '.') : text;
}

/** "1 jam 2 menit 5 detik" / "1 h 2 min 5 s"; zero parts are left out, "0 detik" for nothing. */
export function formatDuration(milliseconds: number, locale: Locale = 'id'): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const names = locale === 'id' ? ['jam', 'menit', 'detik'] : ['h', 'min', 's'];
  const parts: string[] = [];
  if (hours) parts.push(`${hours} ${names[0]}`);
  if (minutes) parts.push(`${minutes} ${names[1]}`);
  if (seconds || parts.length === 0) parts.push(`${seconds} ${names[2]}`);
  return parts.join(' ');
}

/** The short form of a SHA-256 for tables: its first twelve hex digits ("3f2a9c1e77d0…"), as git shortens hashes. */
export function formatShortChecksum(sha256: string): string {
  return sha256.length <= 12 ? sha256 : `${sha256.slice(0, 12)}…`;
}
