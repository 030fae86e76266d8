/**
 * Small formatters for values in the documents: durations, checksums, and (from src/i18n/format.ts,
 * shared with chat and the CLI) sizes and numbers.
 */
import type { Locale } from '../i18n/messages.js';

// Sizes and numbers are formatted in one place for chat, CLI and documents alike.
export { formatBytes, formatDecimal, formatInteger } from '../i18n/format.js';

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
