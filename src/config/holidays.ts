/**
 * Reads the holiday files named in `calendar.holidayFiles` (such as the shipped example
 * config/holidays-2026-2027.yaml) and merges them with the configuration's own `holidays`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { Holiday } from '../workflow/calendar.js';
import { type HolidayEntry, holidayFileSchema } from './schema.js';

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
/** The lists Cadang ships (config/holidays-2026-2027.yaml), for a configuration copied elsewhere from the sample. */
const shippedFolder = fileURLToPath(new URL('../../config/', import.meta.url));

/** A path relative to the configuration's folder; a bare file name not found there may name a list Cadang ships. */
function locateHolidayFile(name: string, baseDirectory: string): string {
  const beside = resolve(baseDirectory, name);
  if (existsSync(beside) || name !== basename(name)) return beside;
  const shipped = join(shippedFolder, name);
  return existsSync(shipped) ? shipped : beside;
}

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
