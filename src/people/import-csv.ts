import { parse } from 'csv-parse/sync';
import type { Locale } from '../i18n/messages.js';
import { checkPersonEntry, type CheckedPerson } from './person-entry.js';
import { peopleMessages } from './messages.js';

/** A CSV problem: the line in the file (1 = header), the column, and what is wrong. */
export interface CsvProblem {
  line: number;
  field: string;
  message: string;
}

/** The CSV columns, in Bahasa Indonesia as the people filling the sheet use them. */
const columns = { nama: 'name', nip: 'nip', nomor_hp: 'mobile', email: 'email', satker: 'satker', telegram_id: 'telegramUserId', slack_id: 'slackUserId', peran: 'roles' } as const;
const requiredColumns = ['nama', 'nip'];

/**
 * Reads people and their roles from a CSV (`nama,nip,nomor_hp,email,satker,telegram_id,slack_id,peran`,
 * roles separated by ";"). Bad rows are reported by line and column; the good rows are returned
 * so that one typo does not lose the rest of the sheet.
 */
export function parsePeopleCsv(text: string, knownRoles: ReadonlySet<string>, locale: Locale): { people: CheckedPerson[]; problems: CsvProblem[] } {
  const messages = peopleMessages(locale);
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    return { people: [], problems: [{ line: 0, field: '-', message: messages.csvSyntax((error as Error).message) }] };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((name) => name.trim().toLowerCase());
  const missing = requiredColumns.filter((name) => !header.includes(name));
  if (missing.length > 0) return { people: [], problems: [{ line: 1, field: '-', message: messages.csvHeader(requiredColumns.join(', ')) }] };

  const people: CheckedPerson[] = [];
  const problems: CsvProblem[] = [];
  const seenNip = new Map<string, number>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const entry = {
      name: row.nama ?? '',
      nip: row.nip ?? '',
      mobile: row.nomor_hp || undefined,
      email: row.email || undefined,
      satker: row.satker || undefined,
      telegramUserId: row.telegram_id || undefined,
      slackUserId: row.slack_id || undefined,
      roles: (row.peran ?? '').split(';').map((role) => role.trim()).filter(Boolean),
    };
    const check = checkPersonEntry(entry, knownRoles, locale);
    if (!check.ok) {
      const toColumn = (field: string) => Object.entries(columns).find(([, key]) => key === field)?.[0] ?? field;
      problems.push(...check.problems.map((problem) => ({ line, field: toColumn(problem.field), message: problem.message })));
      return;
    }
    const earlier = seenNip.get(check.person.nip);
    if (earlier !== undefined) {
      problems.push({ line, field: 'nip', message: messages.duplicateNip(messages.line(earlier)) });
      return;
    }
    seenNip.set(check.person.nip, line);
    people.push(check.person);
  });
  return { people, problems };
}
