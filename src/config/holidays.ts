/**
 * Reads the holiday files named in `calendar.holidayFiles` (such as the shipped example
 * config/holidays-2026-2027.yaml) and merges them with the configuration's own `holidays`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { Holiday } from '../workflow/calendar.js';
import { type HolidayEntry, holidayFileSchema } from './schema.js';
import { locateHolidayFile } from './config-file.js';

const messages = defineMessages(
  {
    notFound: (file: string) => `berkas hari libur ${file} tidak ditemukan (calendar.holidayFiles). Jalur relatif dihitung dari folder berkas konfigurasi`,
    yaml: (detail: string) => `bukan YAML yang sah: ${detail}`,
  },
  {
    notFound: (file: string) => `holiday file ${file} not found (calendar.holidayFiles). Relative paths are taken from the configuration file's folder`,
    yaml: (detail: string) => `not valid YAML: ${detail}`,
  },
);

export interface HolidayFileProblem {
  where: string;
  message: string;
}

/** Reads every holiday file; returns their holidays in file order and every problem found. */
export function readHolidayFiles(files: readonly string[], baseDirectory: string, locale: Locale = 'id'): { holidays: HolidayEntry[]; problems: HolidayFileProblem[] } {
  const text = messages(locale);
  const holidays: HolidayEntry[] = [];
  const problems: HolidayFileProblem[] = [];
  for (const name of files) {
    const file = locateHolidayFile(name, baseDirectory);
    if (!existsSync(file)) {
      problems.push({ where: 'calendar.holidayFiles', message: text.notFound(file) });
      continue;
    }
    const lineCounter = new LineCounter();
    const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((error) => ({ where: `${file}:${lineCounter.linePos(error.pos[0]).line}`, message: text.yaml(error.message) })));
      continue;
    }
    // jitless: read once per process; compiling zod's fast path would cost more than it saves.
    const parsed = holidayFileSchema.safeParse(document.toJS(), { jitless: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const node = document.getIn(issue.path as never, true) as { range?: [number, number] } | undefined;
        const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
        problems.push({ where: `${file}${line} ${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '')}`, message: issue.message });
      }
      continue;
    }
    holidays.push(...parsed.data.holidays);
  }
  return { holidays, problems };
}

/** One holiday per date, sorted; a later list wins (the configuration's own entries over the files'). */
export function mergeHolidays<T extends Holiday>(...lists: ReadonlyArray<readonly T[]>): T[] {
  const byDate = new Map<string, T>();
  for (const list of lists) for (const holiday of list) byDate.set(holiday.date, holiday);
  // ISO dates (YYYY-MM-DD) sort as plain strings; localeCompare would load a collator (~30 ms at start).
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
