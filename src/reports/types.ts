/**
 * The plain data each document is rendered from. The workflow maps its audit trail and the
 * executor's manifests into these shapes; the CLI reads them from JSON (`--input FILE.json`),
 * which is why each has a zod schema. Dates accept `Date` objects or ISO strings.
 *
 * Words kept in Indonesian because they are the users' words: NIP (civil-servant number, 18
 * digits), satker (work unit), berita acara (official record), a.n. ("atas nama", signing on
 * behalf of) and Plh. ("pelaksana harian", acting official).
 */
import { z } from 'zod';

// Input may be a Date (from code) or an ISO string (from JSON); the output is always a Date.
const date = z.union([z.date(), z.string()]).pipe(z.coerce.date());
const text = z.string().trim().min(1);

/** An 18-digit NIP; spaces (as in "19850101 201001 1 001") are removed. */
export const nipSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{18}$/, 'NIP must be 18 digits'));

/** Whom a delegate signs for: the block reads "a.n. <title>" (on behalf of) or "Plh. <title>" (acting). */
export const onBehalfOfSchema = z.object({
  /** The principal's role title, e.g. "Kepala PTID". */
  title: text,
  name: text.optional(),
  nip: nipSchema.optional(),
  /** "an": a.n. (atas nama, the principal is present but delegates); "plh": the acting official. */
  mode: z.enum(['an', 'plh']).default('an'),
});

/** Someone named in a document: name, NIP and role title ("Petugas Backup Data"). */
export const personSchema = z.object({
  name: text,
  nip: nipSchema,
  /** The role title printed under the signature caption, e.g. "Kepala PTID". */
  title: text,
  onBehalfOf: onBehalfOfSchema.optional(),
});

/** A signature block: who signs and when they approved in Cadang (a tap is the signature). */
export const signerSchema = z.object({
  person: personSchema,
  approvedAt: date.optional(),
});

/** One recorded decision of the approval chain. `choice` is a workflow choice name such as "approve". */
export const approvalSchema = z.object({
  person: personSchema,
  at: date,
  choice: text,
  note: z.string().optional(),
});

export const backupKindSchema = z.enum(['files', 'postgres', 'mysql', 'sqlite', 'mirror']);
export const placementSchema = z.enum(['internal', 'external']);
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/i, 'sha256 must be 64 hex digits').transform((value) => value.toLowerCase());

/** One copy that a backup run produced (from the executor's manifest). */
export const backupItemSchema = z.object({
  targetName: text,
  kind: backupKindSchema,
  placement: placementSchema,
  /** The label of the storage medium ("HDD-EXT-02"), for external copies. */
  mediumLabel: text.optional(),
  /** Where the copy lies: a path on the server or the medium, or a remote location. */
  location: text,
  sizeBytes: z.number().int().nonnegative(),
  startedAt: date,
  finishedAt: date,
  verified: z.boolean(),
  verifyNote: z.string().optional(),
  sha256: sha256Schema,
});

/** What a document was made for: a scheduled run (SOP A) or a request (SOP B). */
export const referenceSchema = z.object({
  kind: z.enum(['scheduled-run', 'request']),
  /** The run or request id in Cadang. */
  id: text,
  /** The schedule's name ("Backup mingguan server akademik") for a run. */
  title: z.string().optional(),
  /** The request's letter or memo number, when it has one. */
  requestNumber: z.string().optional(),
  requester: personSchema.optional(),
  satker: z.string().optional(),
  requestedAt: date.optional(),
});

/** Who ordered the scheduled run (SOP A step 1) and when. */
export const orderSchema = z.object({ person: personSchema, at: date });

/** The people who sign a berita acara or a report. */
const signersShape = {
  /** The one who did the backup and wrote the document (Petugas Backup Data / Administrator). */
  officer: signerSchema,
  /** The one who corrected it (the corrector role of SOP A; Kasubbid Komdat in SOP B). */
  corrector: signerSchema.optional(),
  /** The head who signs under "Mengetahui," (Kepala PTID; Kabid PJKKD). */
  head: signerSchema.optional(),
};

/** A final document has a number; a draft for checking has none (and says so). */
const numberedUnlessDraft = <T extends { number?: string | undefined; draft: boolean }>(document: T): boolean => document.draft || Boolean(document.number);
const numberRequired = { message: 'a final document needs its number (or set draft: true)', path: ['number'] };

/** Berita Acara Pelaksanaan Backup Data (SOP A step 9, SOP B processed requests). */
export const beritaAcaraInputSchema = z.object({
  /** The document number from {@link nextDocumentNumber}; none on a draft. */
  number: text.optional(),
  /** A draft for checking (SOP A step 9), before the corrector and the head approve it. */
  draft: z.boolean().default(false),
  reference: referenceSchema,
  order: orderSchema.optional(),
  /** The day of the backup; when absent, the start of the earliest item. */
  performedAt: date.optional(),
  /** The date on the place-and-date line before the signatures. */
  issuedAt: date,
  items: z.array(backupItemSchema),
  notes: z.array(z.string()).default([]),
  ...signersShape,
}).refine(numberedUnlessDraft, numberRequired);

export const checklistStatusSchema = z.enum(['done', 'not-done', 'failed']);

/** One line of the backup checklist as prepared, corrected and filled. */
export const checklistEntrySchema = z.object({
  targetName: text,
  kind: backupKindSchema,
  placement: placementSchema,
  mediumLabel: z.string().optional(),
  location: z.string().optional(),
  /** Whether the officer put it on the prepared list (false: the corrector added it). */
  prepared: z.boolean().default(true),
  /** The corrector's change, if any. */
  correction: z.object({ action: z.enum(['added', 'removed', 'changed']), note: z.string().optional() }).optional(),
  /** Filled in after the copy (SOP A step 8). */
  result: z
    .object({
      status: checklistStatusSchema,
      reason: z.string().optional(),
      sizeBytes: z.number().int().nonnegative().optional(),
      finishedAt: date.optional(),
    })
    .optional(),
});

/** Ceklis Backup Data (SOP A steps 2, 3, 8). */
export const checklistInputSchema = z.object({
  number: z.string().optional(),
  reference: referenceSchema,
  /** The day the run is scheduled for. */
  scheduledFor: date,
  /** How far the checklist has come: prepared (step 2), corrected (step 3), filled (step 8). */
  stage: z.enum(['prepared', 'corrected', 'filled']),
  issuedAt: date,
  entries: z.array(checklistEntrySchema),
  ...signersShape,
});

/** A target that produced no copy, with the reason. */
export const backupFailureSchema = z.object({
  targetName: text,
  kind: backupKindSchema,
  reason: text,
  at: date.optional(),
});

/** Laporan Pelaksanaan Backup (SOP A step 9, SOP B step 5). */
export const backupReportInputSchema = z.object({
  /** None on a draft. */
  number: text.optional(),
  draft: z.boolean().default(false),
  reference: referenceSchema,
  order: orderSchema.optional(),
  issuedAt: date,
  items: z.array(backupItemSchema),
  failures: z.array(backupFailureSchema).default([]),
  /** The decisions that led here (dispositions, approvals, corrections), oldest first. */
  approvals: z.array(approvalSchema).default([]),
  notes: z.array(z.string()).default([]),
  ...signersShape,
}).refine(numberedUnlessDraft, numberRequired);

/** Formulir Backup Server (SOP B, form FM 001 SOP 119.002/IF 03 01/ISN 2.2) as submitted and decided. */
export const requestFormInputSchema = z
  .object({
    /** The request id in Cadang. */
    requestId: z.string().optional(),
    submittedAt: date,
    satker: text,
    requester: z.object({ name: text, nip: nipSchema, phone: text, email: z.string().trim().min(3) }),
    /** What to back up: one or more of server, application, folder. */
    targets: z.object({ server: z.string().optional(), application: z.string().optional(), folder: z.string().optional() }),
    /** Kepala Pusat/Biro/Insp of the requester's unit. */
    /** The head of the requester's unit, when Cadang knows them; otherwise the block is left blank to sign by hand, as on the paper form. */
    unitHead: signerSchema.optional(),
    /** When the requester submitted in Cadang (their signature). */
    requesterApprovedAt: date.optional(),
    /** The Administrator's decision, once made. */
    decision: z
      .object({
        choice: z.enum(['proceed', 'postpone']),
        reason: z.string().optional(),
        at: date,
        administrator: personSchema,
      })
      .optional(),
  })
  .refine((form) => Boolean(form.targets.server || form.targets.application || form.targets.folder), {
    message: 'name at least one of targets.server, targets.application, targets.folder',
    path: ['targets'],
  });

/** Balasan permohonan (SOP B step 8): the reply from Kabag TU to the requester. */
export const replyLetterInputSchema = z
  .object({
    number: text,
    issuedAt: date,
    /** "Biasa", "Segera" … (printed after "Sifat"). */
    nature: z.string().optional(),
    recipient: z.object({ person: personSchema, satker: z.string().optional(), address: z.string().optional() }),
    request: z.object({
      id: z.string().optional(),
      number: z.string().optional(),
      submittedAt: date,
      /** What was asked for, in the requester's words ("Server: simpeg-db"). */
      subjects: z.array(z.string()).default([]),
    }),
    outcome: z.enum(['approved', 'rejected']),
    reason: z.string().optional(),
    /** The report's number when the backup was carried out. */
    reportNumber: z.string().optional(),
    items: z.array(backupItemSchema).default([]),
    signer: signerSchema,
    /** Tembusan: who gets a copy. */
    copies: z.array(z.string()).default([]),
  })
  .refine((letter) => letter.outcome === 'approved' || Boolean(letter.reason?.trim()), {
    message: 'a rejected request needs a reason',
    path: ['reason'],
  });

// Parsed shapes (what the renderers work with) …
export type Person = z.output<typeof personSchema>;
export type Signer = z.output<typeof signerSchema>;
export type Approval = z.output<typeof approvalSchema>;
export type BackupKind = z.output<typeof backupKindSchema>;
export type Placement = z.output<typeof placementSchema>;
export type BackupItem = z.output<typeof backupItemSchema>;
export type DocumentReference = z.output<typeof referenceSchema>;
export type BackupFailure = z.output<typeof backupFailureSchema>;
export type ChecklistEntry = z.output<typeof checklistEntrySchema>;
export type ChecklistStatus = z.output<typeof checklistStatusSchema>;
export type BeritaAcara = z.output<typeof beritaAcaraInputSchema>;
export type Checklist = z.output<typeof checklistInputSchema>;
export type BackupReport = z.output<typeof backupReportInputSchema>;
export type RequestForm = z.output<typeof requestFormInputSchema>;
export type ReplyLetter = z.output<typeof replyLetterInputSchema>;

// … and what callers hand in (dates as Date or ISO string, defaults optional).
export type PersonInput = z.input<typeof personSchema>;
export type SignerInput = z.input<typeof signerSchema>;
export type ApprovalInput = z.input<typeof approvalSchema>;
export type BackupItemInput = z.input<typeof backupItemSchema>;
export type BeritaAcaraInput = z.input<typeof beritaAcaraInputSchema>;
export type ChecklistInput = z.input<typeof checklistInputSchema>;
export type BackupReportInput = z.input<typeof backupReportInputSchema>;
export type RequestFormInput = z.input<typeof requestFormInputSchema>;
export type ReplyLetterInput = z.input<typeof replyLetterInputSchema>;

export { documentKinds, type DocumentKind } from './kinds.js';

/** Each kind's input schema, for reading JSON from outside. */
export const documentInputSchemas = {
  'berita-acara': beritaAcaraInputSchema,
  checklist: checklistInputSchema,
  'backup-report': backupReportInputSchema,
  'request-form': requestFormInputSchema,
  'reply-letter': replyLetterInputSchema,
} as const;

/** The input type of each document kind. */
export interface DocumentInputs {
  'berita-acara': BeritaAcaraInput;
  checklist: ChecklistInput;
  'backup-report': BackupReportInput;
  'request-form': RequestFormInput;
  'reply-letter': ReplyLetterInput;
}
