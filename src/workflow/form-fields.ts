import { z } from 'zod';
import { defineMessages, type Locale } from '../i18n/messages.js';
import { peopleMessages } from '../people/messages.js';
import { parseNip } from '../people/nip.js';
import { normalizeMobile } from '../people/mobile.js';
import type { FormDefinition, FormField, FormFieldType } from './definition-schema.js';
import { unprintableCharacters } from './printable.js';
import { checkReason, DEFAULT_REASON_RULE, explainReason, type ReasonRule } from './reason.js';

export type FieldCheck = { ok: true; value: string } | { ok: false; message: string };

const fieldMessages = defineMessages(
  {
    empty: () => 'Kolom ini wajib diisi.',
    tooLong: (max: number) => `Terlalu panjang: paling banyak ${max} karakter.`,
    date: (example: string) => `Tanggal tidak dikenali. Tulis seperti ${example}, 23 November 2026, atau "hari ini".`,
    mobile: () => 'Nomor HP tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890.',
    email: () => 'Alamat email tidak sah. Tulis seperti nama@instansi.go.id.',
    atLeastOne: (labels: string) => `Isi setidaknya salah satu dari: ${labels}.`,
    unprintableName: (chars: string) =>
      `Nama ini memuat huruf yang tidak dapat dicetak pada dokumen resmi (${chars}). Tulis nama seperti tertulis pada SK, dengan huruf Latin.`,
  },
  {
    empty: () => 'This field is required.',
    tooLong: (max: number) => `Too long: at most ${max} characters.`,
    date: (example: string) => `Date not recognised. Write it like ${example}, 23 November 2026, or "today".`,
    mobile: () => 'Mobile number not recognised. Write it like 0812 3456 7890 or +62 812 3456 7890.',
    email: () => 'Invalid email address. Write it like name@agency.go.id.',
    atLeastOne: (labels: string) => `Fill in at least one of: ${labels}.`,
    unprintableName: (chars: string) =>
      `This name holds letters the official documents cannot print (${chars}). Write the name as it is written on the SK (appointment decree), in Latin letters.`,
  },
);

const maxLength: Record<FormFieldType, number> = {
  date: 20, text: 200, satker: 200, 'person-name': 120, mobile: 25, nip: 25, email: 200, multiline: 2000, reason: DEFAULT_REASON_RULE.maxLength,
};

/**
 * Checks one answer of a form field and returns the value to store (NIP as 18 digits, mobile as
 * +62…, date as YYYY-MM-DD). `today` is the requester's date in WIB, for "hari ini".
 */
export function parseFieldAnswer(field: FormField, raw: string, locale: Locale, today: string, reasons: ReasonRule = DEFAULT_REASON_RULE): FieldCheck {
  const text = fieldMessages(locale);
  const answer = raw.trim();
  if (field.type === 'reason' && (answer !== '' || field.required)) {
    // The same rule as a decision's reason: it goes into the letters. "-" is no reason.
    const check = checkReason(answer, reasons);
    return check.ok ? { ok: true, value: check.reason } : { ok: false, message: answer === '' ? text.empty() : explainReason(check.code, check.detail, locale) };
  }
  if (answer === '' || answer === '-') return field.required ? { ok: false, message: text.empty() } : { ok: true, value: '' };
  if (answer.length > maxLength[field.type]) return { ok: false, message: text.tooLong(maxLength[field.type]) };
  switch (field.type) {
    case 'date': {
      const date = parseDate(answer, today);
      return date ? { ok: true, value: date } : { ok: false, message: text.date(formatDate(today)) };
    }
    case 'nip': {
      const nip = parseNip(answer);
      return nip.ok ? { ok: true, value: nip.nip } : { ok: false, message: `${peopleMessages(locale).nip[nip.problem]()}.` };
    }
    case 'mobile': {
      const mobile = normalizeMobile(answer);
      return mobile ? { ok: true, value: mobile } : { ok: false, message: text.mobile() };
    }
    case 'email':
      return z.email().safeParse(answer).success ? { ok: true, value: answer.toLowerCase() } : { ok: false, message: text.email() };
    case 'person-name': {
      // A name goes into every document: one the fonts cannot draw is asked for again, not printed as boxes.
      const unprintable = unprintableCharacters(answer);
      return unprintable.length === 0 ? { ok: true, value: answer.replace(/\s+/g, ' ') } : { ok: false, message: text.unprintableName(unprintable.join(' ')) };
    }
    default:
      return { ok: true, value: field.type === 'multiline' ? answer : answer.replace(/\s+/g, ' ') };
  }
}

/** Checks a whole submitted form: every field, plus the "at least one of" groups. Returns problems by field name. */
export function checkForm(form: FormDefinition, answers: Record<string, string>, locale: Locale, today: string, reasons: ReasonRule = DEFAULT_REASON_RULE): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of form.fields) {
    const check = parseFieldAnswer(field, answers[field.name] ?? '', locale, today, reasons);
    if (!check.ok) problems[field.name] = check.message;
  }
  for (const group of form.atLeastOneOf) {
    if (group.every((name) => (answers[name] ?? '').trim() === '')) {
      const labels = group.map((name) => textOf(form.fields.find((field) => field.name === name)?.label ?? name, locale)).join(', ');
      problems[group[0]!] = fieldMessages(locale).atLeastOne(labels);
    }
  }
  return problems;
}

/** The text of a bilingual label in a locale. */
export function textOf(text: string | { id: string; en?: string | undefined }, locale: Locale): string {
  if (typeof text === 'string') return text;
  return locale === 'en' ? (text.en ?? text.id) : text.id;
}

/**
 * How a stored value is shown back to the person (a default offered, a summary): a date as
 * people write it, `31-12-2026`, the same form as the example in the date hint. Other values as stored.
 */
export function formatFieldValue(field: Pick<FormField, 'type'>, value: string): string {
  return field.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
}

/** `2026-12-31` → `31-12-2026`. */
function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}-${month}-${year}`;
}

/**
 * Month names as letters and forms write them, Indonesian (with the older spellings "Pebruari",
 * "Nopember") and English, full or abbreviated. Both languages are accepted in either locale:
 * there is no name that means one month in one language and another in the other.
 */
const monthNames: Record<string, number> = Object.fromEntries(
  [
    ['januari', 'jan', 'january'],
    ['februari', 'pebruari', 'feb', 'peb', 'february'],
    ['maret', 'mar', 'march'],
    ['april', 'apr'],
    ['mei', 'may'],
    ['juni', 'jun', 'june'],
    ['juli', 'jul', 'july'],
    ['agustus', 'agt', 'agu', 'ags', 'aug', 'august'],
    ['september', 'sep', 'sept'],
    ['oktober', 'okt', 'oct', 'october'],
    ['november', 'nopember', 'nov', 'nop'],
    ['desember', 'des', 'dec', 'december'],
  ].flatMap((names, index) => names.map((name) => [name, index + 1])),
);

/** A leading day name, as in "Senin, 23 November 2026" or "Monday 23 November 2026". */
const dayName = /^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+/;

/** Reads a date as people type it; returns `YYYY-MM-DD`, or undefined when it is not a real date. */
function parseDate(answer: string, today: string): string | undefined {
  const text = answer.toLowerCase().replace(/\s+/g, ' ').replace(dayName, '');
  if (text === 'hari ini' || text === 'today') return today;
  const numeric = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dayMonth = /^(\d{1,2})\.? ([a-z]+)\.?,? (\d{4})$/.exec(text);
  const monthDay = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(text);
  let parts: [number, number | undefined, number] | undefined;
  if (numeric) parts = [Number(numeric[3]), Number(numeric[2]), Number(numeric[1])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dayMonth) parts = [Number(dayMonth[3]), monthNames[dayMonth[2]!], Number(dayMonth[1])];
  else if (monthDay) parts = [Number(monthDay[3]), monthNames[monthDay[1]!], Number(monthDay[2])];
  if (parts === undefined || parts[1] === undefined) return undefined;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1 || year < 2000 || year > 2100) return undefined;
  return date.toISOString().slice(0, 10);
}
