/**
 * Zod's problems as sentences in the reader's language. Two parts:
 * - {@link schemaErrorMap}: a per-parse error map (`schema.safeParse(value, { error })`) that words
 *   zod's own issues (missing field, wrong type, unknown key, unknown `kind` …) in Indonesian or
 *   English, naming what is allowed;
 * - {@link translateSchemaMessage}: the sentences schemas write themselves (in English, next to
 *   the rule they explain) with their Indonesian twin, from a table each schema's owner keeps.
 */
import type { z } from 'zod';
import { defineMessages, type Locale } from '../i18n/messages.js';

const text = defineMessages(
  {
    missing: (field: string) => (field ? `"${field}" wajib diisi` : 'wajib diisi'),
    wrongType: (expected: string, received: string) => `harus berupa ${expected}, bukan ${received}`,
    oneOf: (value: string, allowed: string) => `${value} tidak dikenal; gunakan salah satu dari: ${allowed}`,
    kindOf: (field: string, value: string, allowed: string) => `${field} ${value} tidak dikenal; gunakan salah satu dari: ${allowed}`,
    noUnionMatch: () => 'isinya tidak sesuai dengan bentuk mana pun yang diizinkan',
    empty: () => 'tidak boleh kosong',
    minString: (n: number) => `paling sedikit ${n} karakter`,
    maxString: (n: number) => `paling banyak ${n} karakter`,
    minList: (n: number) => `paling sedikit ${n} butir`,
    maxList: (n: number) => `paling banyak ${n} butir`,
    minNumber: (n: number, inclusive: boolean) => (inclusive ? `paling kecil ${n}` : `harus lebih dari ${n}`),
    maxNumber: (n: number, inclusive: boolean) => (inclusive ? `paling besar ${n}` : `harus kurang dari ${n}`),
    url: () => 'bukan alamat URL yang sah; tulis lengkap seperti https://api.telegram.org',
    email: () => 'bukan alamat email yang sah; tulis seperti nama@instansi.go.id',
    pattern: (pattern: string) => `bentuknya tidak sesuai aturan (pola ${pattern})`,
    format: (format: string) => `bukan ${format} yang sah`,
    unknownKeys: (keys: string, known: string) => `kunci ${keys} tidak dikenal. Periksa ejaannya${known ? `; kunci yang dikenal: ${known}` : ''}`,
    multipleOf: (n: number) => `harus kelipatan ${n}`,
    invalid: () => 'nilainya tidak sah',
    types: {
      string: 'teks', number: 'angka', int: 'bilangan bulat', boolean: 'true atau false', array: 'daftar', object: 'pemetaan (kunci: nilai)',
      null: 'kosong (null)', undefined: 'kosong', date: 'tanggal', bigint: 'angka',
    } as Record<string, string>,
  },
  {
    missing: (field: string) => (field ? `"${field}" is required` : 'is required'),
    wrongType: (expected: string, received: string) => `must be ${expected}, not ${received}`,
    oneOf: (value: string, allowed: string) => `${value} is not known; use one of: ${allowed}`,
    kindOf: (field: string, value: string, allowed: string) => `${field} ${value} is not known; use one of: ${allowed}`,
    noUnionMatch: () => 'does not match any of the allowed forms',
    empty: () => 'must not be empty',
    minString: (n: number) => `at least ${n} characters`,
    maxString: (n: number) => `at most ${n} characters`,
    minList: (n: number) => `at least ${n} ${n === 1 ? 'item' : 'items'}`,
    maxList: (n: number) => `at most ${n} ${n === 1 ? 'item' : 'items'}`,
    minNumber: (n: number, inclusive: boolean) => (inclusive ? `at least ${n}` : `must be more than ${n}`),
    maxNumber: (n: number, inclusive: boolean) => (inclusive ? `at most ${n}` : `must be less than ${n}`),
    url: () => 'not a valid URL; write it in full, like https://api.telegram.org',
    email: () => 'not a valid email address; write it like name@agency.go.id',
    pattern: (pattern: string) => `does not have the required form (pattern ${pattern})`,
    format: (format: string) => `not a valid ${format}`,
    unknownKeys: (keys: string, known: string) => `unknown key ${keys}. Check the spelling${known ? `; known keys: ${known}` : ''}`,
    multipleOf: (n: number) => `must be a multiple of ${n}`,
    invalid: () => 'invalid value',
    types: {
      string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a mapping (key: value)',
      null: 'empty (null)', undefined: 'empty', date: 'a date', bigint: 'a number',
    } as Record<string, string>,
  },
);

/** Zod's name of a value's type, as `invalid_type` issues use them. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** The keys an object schema knows, for "unknown key … known keys: …". */
function knownKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** A per-parse error map: zod's own issues worded in `locale`. Schema-written messages are left as they are. */
export function schemaErrorMap(locale: Locale): z.core.$ZodErrorMap {
  const t = text(locale);
  return (issue) => {
    const field = String(issue.path?.at(-1) ?? '');
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return t.missing(/^\d+$/.test(field) ? '' : field);
        return t.wrongType(t.types[issue.expected] ?? issue.expected, t.types[typeOf(issue.input)] ?? typeOf(issue.input));
      case 'invalid_value':
        return t.oneOf(quote(issue.input), issue.values.map((value) => String(value)).join(', '));
      case 'invalid_union': {
        const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
        if (discriminator && options) {
          const input = issue.input as Record<string, unknown> | undefined;
          const value = typeof input === 'object' && input !== null ? input[discriminator] : undefined;
          if (value === undefined) return t.missing(discriminator);
          return t.kindOf(discriminator, quote(value), options.map(String).join(', '));
        }
        return t.noUnionMatch();
      }
      case 'too_small': {
        const minimum = Number(issue.minimum);
        if (issue.origin === 'string') return minimum <= 1 ? t.empty() : t.minString(minimum);
        if (issue.origin === 'array' || issue.origin === 'set') return t.minList(minimum);
        return t.minNumber(minimum, issue.inclusive !== false);
      }
      case 'too_big': {
        const maximum = Number(issue.maximum);
        if (issue.origin === 'string') return t.maxString(maximum);
        if (issue.origin === 'array' || issue.origin === 'set') return t.maxList(maximum);
        return t.maxNumber(maximum, issue.inclusive !== false);
      }
      case 'invalid_format':
        if (issue.format === 'url') return t.url();
        if (issue.format === 'email') return t.email();
        if (issue.format === 'regex') return t.pattern(String((issue as { pattern?: string }).pattern ?? ''));
        return t.format(issue.format);
      case 'unrecognized_keys':
        return t.unknownKeys(issue.keys.map((key) => `"${key}"`).join(', '), knownKeys(issue.inst).join(', '));
      case 'not_multiple_of':
        return t.multipleOf(Number(issue.divisor));
      default:
        return t.invalid();
    }
  };
}

/** A schema's own English sentence and its Indonesian twin; a pattern's groups fill `id`. */
export type SchemaMessageTwin = [english: string | RegExp, indonesian: string | ((...groups: string[]) => string)];

/**
 * The sentence a schema wrote, in `locale`. Schemas state their rules in English next to the rule;
 * `twins` holds the Indonesian of each. A sentence with no twin is shown as written.
 */
export function translateSchemaMessage(message: string, locale: Locale, twins: readonly SchemaMessageTwin[]): string {
  if (locale === 'en') return message;
  for (const [english, indonesian] of twins) {
    if (typeof english === 'string') {
      if (english === message) return typeof indonesian === 'string' ? indonesian : indonesian();
    } else {
      const match = english.exec(message);
      if (match) return typeof indonesian === 'string' ? indonesian : indonesian(...match.slice(1));
    }
  }
  return message;
}

/** The Indonesian of the sentences in the SOP definition schema (definition-schema.ts). */
export const definitionSchemaTwins: readonly SchemaMessageTwin[] = [
  ['use lower-case letters, digits and "_" (e.g. "kabid_pjkkd")', 'gunakan huruf kecil, angka dan "_" (mis. "kabid_pjkkd")'],
  [
    'write a time limit such as "1d", "5h", "30m" or "1d 4h", or "none" when the SOP sets none',
    'tulis batas waktu seperti "1d", "5h", "30m" atau "1d 4h", atau "none" bila SOP tidak menetapkannya',
  ],
  [
    'write the reminder interval such as "1d", "4h" or "1d 4h" (counted in office time in working-time mode)',
    'tulis selang pengingat seperti "1d", "4h" atau "1d 4h" (dihitung jam kerja pada mode working-time)',
  ],
  ['a human step needs at least one choice, or it can never be left', 'langkah manusia perlu setidaknya satu pilihan; tanpa itu langkah ini tidak pernah dapat ditinggalkan'],
  ['an SOP needs at least a first step and an end step', 'SOP perlu setidaknya satu langkah pertama dan satu langkah akhir'],
];
