/**
 * Message catalogues. Everything a chat user, CLI user or PDF reader sees comes from a catalogue:
 * Bahasa Indonesia by default, English as the second locale. Each module defines its own
 * catalogue next to its code; the English one must have exactly the same keys (the type says so).
 */
export type Locale = 'id' | 'en';

export const defaultLocale: Locale = 'id';

/** Pairs an Indonesian catalogue with its English twin (same shape, checked by the type); returns a lookup by locale. */
export function defineMessages<T extends object>(id: T, en: T): (locale?: Locale) => T {
  return (locale = defaultLocale) => (locale === 'en' ? en : id);
}

/** Parses a locale setting ("id", "en", "en-US" …); anything unknown falls back to Indonesian. */
export function parseLocale(value: string | undefined): Locale {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'id';
}
