/**
 * Indonesian mobile numbers are written 0812…, 62812…, +62 812-…; Cadang stores one form, +62812…,
 * so that a number typed two ways is recognised as the same.
 */
export function normalizeMobile(text: string): string | undefined {
  const compact = text.replace(/[\s\-.()]/g, '');
  const national = compact.startsWith('+62') ? compact.slice(3) : compact.startsWith('62') ? compact.slice(2) : compact.startsWith('0') ? compact.slice(1) : undefined;
  if (national === undefined || !/^8\d{8,11}$/.test(national)) return undefined;
  return `+62${national}`;
}
