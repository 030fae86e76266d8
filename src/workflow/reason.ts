/**
 * The rule for reasons that go into official letters and the trail (a rejection, a return, a
 * postponement, the form's "Alasan permohonan"): trimmed, at least a few words, not a whole
 * essay. One pure place, used by the engine (which refuses a choice whose reason breaks it) and
 * by the form. An SOP may set its own limits (`reasons:` in its definition).
 */
import { z } from 'zod';
import { defineMessages, type Locale } from '../i18n/messages.js';

export const reasonRuleSchema = z
  .object({
    /** Characters after trimming. */
    minLength: z.number().int().min(1).default(10),
    /** Words: runs of letters or digits (so "." or "-" count as none). */
    minWords: z.number().int().min(1).default(2),
    maxLength: z.number().int().min(1).default(500),
  })
  .strict()
  .refine((rule) => rule.maxLength >= rule.minLength, { message: 'maxLength must not be smaller than minLength', path: ['maxLength'] });

export type ReasonRule = z.output<typeof reasonRuleSchema>;

export const DEFAULT_REASON_RULE: ReasonRule = { minLength: 10, minWords: 2, maxLength: 500 };

/** The limits and what was given, for the message that explains a refusal. */
export interface ReasonLimits {
  minLength: number;
  minWords: number;
  maxLength: number;
  length?: number;
}

export type ReasonCheck =
  | { ok: true; reason: string }
  | { ok: false; code: 'reason-too-short' | 'reason-too-long'; detail: ReasonLimits & { length: number; words: number } };

/** Checks a reason against the rule; the accepted reason is trimmed, with inner runs of spaces kept as written. */
export function checkReason(raw: string, rule: ReasonRule = DEFAULT_REASON_RULE): ReasonCheck {
  const reason = raw.trim();
  const length = Array.from(reason).length;
  const words = reason.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const detail = { minLength: rule.minLength, minWords: rule.minWords, maxLength: rule.maxLength, length, words };
  if (length > rule.maxLength) return { ok: false, code: 'reason-too-long', detail };
  if (length < rule.minLength || words < rule.minWords) return { ok: false, code: 'reason-too-short', detail };
  return { ok: true, reason };
}

const messages = defineMessages(
  {
    tooShort: (limits: ReasonLimits) =>
      `Alasan terlalu singkat: tulis paling sedikit ${limits.minLength} karakter dan ${limits.minWords} kata, misalnya "Server belum terdaftar di Daftar Backup". Tanda "." atau "-" saja tidak cukup, karena alasan ini dicantumkan dalam surat resmi.`,
    tooLong: (limits: ReasonLimits) =>
      `Alasan terlalu panjang: paling banyak ${limits.maxLength} karakter${limits.length !== undefined ? ` (tertulis ${limits.length})` : ''}. Ringkas alasannya; rinciannya dapat dilampirkan terpisah.`,
  },
  {
    tooShort: (limits: ReasonLimits) =>
      `The reason is too short: write at least ${limits.minLength} characters and ${limits.minWords} words, for example "Server not in the backup list". A "." or "-" alone is not enough, because the reason goes into an official letter.`,
    tooLong: (limits: ReasonLimits) =>
      `The reason is too long: at most ${limits.maxLength} characters${limits.length !== undefined ? ` (${limits.length} written)` : ''}. Shorten it; details can be attached separately.`,
  },
);

/** The sentence that explains a refused reason and the rule, in the reader's language. */
export function explainReason(code: 'reason-too-short' | 'reason-too-long', limits: Partial<ReasonLimits> | undefined, locale: Locale): string {
  const full: ReasonLimits = { ...DEFAULT_REASON_RULE, ...limits };
  return code === 'reason-too-long' ? messages(locale).tooLong(full) : messages(locale).tooShort(full);
}
