/**
 * The `reports:` section of the configuration: letterheads (kop surat), number patterns and
 * signers, the time zone and the archive folder. Each SOP (by its key) may have its own
 * letterhead, numbering and signers under `reports.sops.<key>`, since SOP A and SOP B belong to
 * different institutions; `reports.letterhead` and `reports.numbering` are the organisation's
 * own, used by an SOP that names none. Nothing here defaults to a particular institution: an SOP
 * that issues documents needs a letterhead from the configuration.
 */
import { z } from 'zod';
import { TIME_ZONE_HINT, isKnownTimeZone } from '../workflow/time-zone.js';
import type { DocumentKind } from './types.js';

/** Placeholders a number pattern may use. */
export const NUMBER_PLACEHOLDERS = ['{seq}', '{seq:N}', '{year}', '{month}', '{romanMonth}'] as const;

const numberPattern = z
  .string()
  .trim()
  .min(1)
  .refine((pattern) => /\{seq(?::\d+)?\}/.test(pattern), {
    message: 'a number pattern must contain {seq} (or {seq:3} for 001, 002, …), e.g. "{seq:3}/BA-BACKUP/PTID/{year}"',
  });

export const letterheadConfigSchema = z.object({
  /** Name lines, top to bottom: ministry, institution, unit. */
  lines: z.array(z.string().trim().min(1)).min(1, 'give at least one letterhead line, e.g. the institution\'s name'),
  address: z.string().optional(),
  phone: z.string().optional(),
  fax: z.string().optional(),
  email: z.string().optional(),
  website: z.string().optional(),
  /** Path of a PNG or JPEG logo; relative paths are resolved from the working directory. */
  logo: z
    .string()
    .regex(/\.(png|jpe?g)$/i, 'the logo must be a .png, .jpg or .jpeg file')
    .optional(),
  /** The city on the place-and-date line: "Pontianak, 23 November 2026". */
  city: z.string().trim().min(1, 'give the city printed before the date, e.g. "Pontianak"'),
}).strict();

export const requestFormConfigSchema = z.object({
  /** The form's code, printed at its top right. */
  code: z.string().default('FM 001 SOP 119.002/IF 03 01/ISN 2.2'),
  /** The "Keterangan" lines at the bottom of the form. */
  remarks: z.array(z.string()).default(['Formulir ini diisi dan diajukan melalui Cadang.']),
  /** The small print at the very bottom. */
  footer: z.string().optional(),
}).strict();

/** Number pattern per document kind; a kind without one gets no number. */
const numberingSchema = z
  .object({
    'berita-acara': numberPattern.optional(),
    'backup-report': numberPattern.optional(),
    checklist: numberPattern.optional(),
    'request-form': numberPattern.optional(),
    'reply-letter': numberPattern.optional(),
  })
  .strict();

/** Roles that sign an SOP's documents, when the SOP's own flow does not say it well enough. */
const signersSchema = z
  .object({
    /** Who did the backup and writes the documents ("Yang membuat"). */
    officer: z.string().min(1).optional(),
    /** Who checks them ("Yang memeriksa"). */
    corrector: z.string().min(1).optional(),
    /** Who signs under "Mengetahui,". */
    head: z.string().min(1).optional(),
  })
  .strict();

/** One SOP's (or one unit's) documents: its letterhead, numbering, signers and form furniture. */
export const sopDocumentsConfigSchema = z
  .object({
    letterhead: letterheadConfigSchema.optional(),
    numbering: numberingSchema.prefault({}),
    signers: signersSchema.optional(),
    requestForm: requestFormConfigSchema.optional(),
  })
  .strict();

/** Patterns used when neither the SOP nor the organisation sets one; they name no unit. */
export const DEFAULT_NUMBERING: Readonly<Partial<Record<DocumentKind, string>>> = {
  'berita-acara': '{seq:3}/BA-BACKUP/{year}',
  'backup-report': '{seq:3}/LAP-BACKUP/{year}',
  'reply-letter': '{seq:3}/TU/{romanMonth}/{year}',
};

export const reportsConfigSchema = z
  .object({
    /** The organisation's letterhead, for an SOP that has none of its own under `sops`. */
    letterhead: letterheadConfigSchema.optional(),
    /**
     * IANA time zone of every date and time printed. Normally unset: the configuration fills in
     * `calendar.timeZone` (WIB by default); set it only if documents must differ.
     */
    timeZone: z.string().refine(isKnownTimeZone, { message: TIME_ZONE_HINT }).optional(),
    /** The organisation's number patterns, for an SOP that sets none of its own. */
    numbering: numberingSchema.prefault({}),
    requestForm: requestFormConfigSchema.prefault({}),
    /** Per SOP key (e.g. sop_b_backup_server): its own letterhead, numbering and signers. */
    sops: z.record(z.string().min(1), sopDocumentsConfigSchema).default({}),
    /** Where rendered documents are archived. */
    archiveFolder: z.string().default('./data/documents'),
  })
  .strict()
  .prefault({});

export type ReportsConfig = z.output<typeof reportsConfigSchema>;
export type LetterheadConfig = z.output<typeof letterheadConfigSchema>;
export type RequestFormConfig = z.output<typeof requestFormConfigSchema>;
export type SopDocumentsConfig = z.output<typeof sopDocumentsConfigSchema>;
export type SignerRolesConfig = z.output<typeof signersSchema>;

/**
 * What one SOP's documents are issued with: everything {@link issueDocument} and
 * {@link resolveRenderOptions} need.
 */
export interface DocumentProfile {
  letterhead: LetterheadConfig;
  timeZone: string;
  numbering: Partial<Record<DocumentKind, string>>;
  /**
   * The SOP whose own pattern numbers a kind: its numbers count in their own sequence, apart from
   * the organisation's. Undefined for kinds numbered by the organisation's patterns.
   */
  numberingScope: Partial<Record<DocumentKind, string>>;
  requestForm: RequestFormConfig;
  archiveFolder: string;
  signers?: SignerRolesConfig | undefined;
}

/** Where a letterhead for an SOP is looked for, for the message that none was found. */
export function letterheadPath(sopKey: string): string {
  return `reports.sops.${sopKey}.letterhead`;
}

/**
 * The profile of an SOP: its own settings over the organisation's. Undefined when no letterhead
 * applies (neither `reports.sops.<key>.letterhead` nor `reports.letterhead`).
 */
export function profileFor(config: ReportsConfig, sopKey: string | undefined): DocumentProfile | undefined {
  const own = sopKey ? config.sops[sopKey] : undefined;
  const letterhead = own?.letterhead ?? config.letterhead;
  if (!letterhead) return undefined;
  const numbering: Partial<Record<DocumentKind, string>> = {};
  const numberingScope: Partial<Record<DocumentKind, string>> = {};
  for (const kind of Object.keys(numberingSchema.shape) as DocumentKind[]) {
    const pattern = own?.numbering[kind] ?? config.numbering[kind] ?? DEFAULT_NUMBERING[kind];
    if (pattern) numbering[kind] = pattern;
    if (own?.numbering[kind] && sopKey) numberingScope[kind] = sopKey;
  }
  return {
    letterhead,
    timeZone: config.timeZone ?? 'Asia/Jakarta',
    numbering,
    numberingScope,
    requestForm: own?.requestForm ?? config.requestForm,
    archiveFolder: config.archiveFolder,
    signers: own?.signers,
  };
}
