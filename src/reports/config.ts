/**
 * The `reports:` section of the configuration: the letterhead (kop surat), the city on the
 * place-and-date line, the time zone, the number pattern of each document kind and the archive
 * folder. The defaults render a sample letterhead of the institution in SOP A (IAIN Pontianak);
 * an institution replaces them with its own.
 */
import { z } from 'zod';
import { TIME_ZONE_HINT, isKnownTimeZone } from '../workflow/time-zone.js';

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
  lines: z
    .array(z.string().trim().min(1))
    .min(1, 'give at least one letterhead line, e.g. the institution\'s name')
    .default(['KEMENTERIAN AGAMA REPUBLIK INDONESIA', 'INSTITUT AGAMA ISLAM NEGERI (IAIN) PONTIANAK', 'PUSAT TEKNOLOGI INFORMASI DAN DATA']),
  address: z.string().optional().default('Jalan Letjend Soeprapto Nomor 19, Pontianak 78121'),
  phone: z.string().optional().default('(0561) 734170'),
  fax: z.string().optional(),
  email: z.string().optional().default('humas@iainptk.ac.id'),
  website: z.string().optional().default('www.iainptk.ac.id'),
  /** Path of a PNG or JPEG logo; relative paths are resolved from the working directory. */
  logo: z
    .string()
    .regex(/\.(png|jpe?g)$/i, 'the logo must be a .png, .jpg or .jpeg file')
    .optional(),
  /** The city on the place-and-date line: "Pontianak, 23 November 2026". */
  city: z.string().trim().min(1).default('Pontianak'),
}).strict();

export const requestFormConfigSchema = z.object({
  /** The form's code, printed at its top right. */
  code: z.string().default('FM 001 SOP 119.002/IF 03 01/ISN 2.2'),
  /** The "Keterangan" lines at the bottom of the form. */
  remarks: z.array(z.string()).default(['Formulir ini diisi dan diajukan melalui Cadang.']),
  /** The small print at the very bottom. */
  footer: z.string().optional(),
}).strict();

export const reportsConfigSchema = z
  .object({
    letterhead: letterheadConfigSchema.prefault({}),
    /**
     * IANA time zone of every date and time printed. Normally unset: the configuration fills in
     * `calendar.timeZone` (WIB by default); set it only if documents must differ.
     */
    timeZone: z.string().refine(isKnownTimeZone, { message: TIME_ZONE_HINT }).optional(),
    /** Number pattern per document kind; a kind without one gets no number. */
    numbering: z
      .object({
        'berita-acara': numberPattern.default('{seq:3}/BA-BACKUP/PTID/{year}'),
        'backup-report': numberPattern.default('{seq:3}/LAP-BACKUP/PTID/{year}'),
        checklist: numberPattern.optional(),
        'request-form': numberPattern.optional(),
        'reply-letter': numberPattern.default('{seq:3}/TU/{romanMonth}/{year}'),
      })
      .strict()
      .prefault({}),
    requestForm: requestFormConfigSchema.prefault({}),
    /** Where rendered documents are archived. */
    archiveFolder: z.string().default('./data/documents'),
  })
  .strict()
  .prefault({});

export type ReportsConfig = z.output<typeof reportsConfigSchema>;
export type LetterheadConfig = z.output<typeof letterheadConfigSchema>;
