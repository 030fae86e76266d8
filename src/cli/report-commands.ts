/**
 * `cadang report <kind> [ID] --out FILE.pdf`: renders an official document on demand.
 * The input comes from `--input FILE.json` (the document's input type, see src/reports/types.ts)
 * or, given a run or request ID, from the workflow through a {@link LoadDocumentInput}.
 * With `--archive` the document is also numbered (if it has no number) and archived.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { CadangError } from '../errors.js';
import { defineMessages, parseLocale, type Locale } from '../i18n/messages.js';
import { schemaErrorMap } from '../workflow/schema-messages.js';
import type { DocumentProfile, ReportsConfig } from '../reports/config.js';
import type { RenderOptions } from '../reports/document.js';
import { documentKinds, type DocumentKind } from '../reports/kinds.js';
import type { DocumentInputs } from '../reports/types.js';
import type { Database } from '../storage/database.js';
import type { CliContext } from './context.js';

/**
 * Builds a document's input from what the database holds about a run or request (audit trail,
 * manifests, people). Provided by the workflow layer; throws a CadangError if `id` is unknown.
 */
export type LoadDocumentInput = <K extends DocumentKind>(db: Database, id: string, kind: K) => Promise<DocumentInputs[K]>;

export interface ReportCommandOptions {
  /** How to build inputs from stored runs and requests; without it only `--input` works. */
  loadInput?: LoadDocumentInput;
}

const messages = defineMessages(
  {
    kinds: {
      'berita-acara': 'Berita Acara Pelaksanaan Backup Data',
      checklist: 'Ceklis Backup Data dan Informasi',
      'backup-report': 'Laporan Pelaksanaan Backup Data',
      'request-form': 'Formulir Backup Server',
      'reply-letter': 'Balasan permohonan layanan backup server',
    } as Record<DocumentKind, string>,
    report: () => 'membuat dokumen resmi sebagai PDF (berita acara, ceklis, laporan, formulir, balasan)',
    kind: (title: string) => `${title}: dari nomor run/permohonan, atau dari --input BERKAS.json`,
    out: () => 'tempat menulis PDF',
    input: () => 'buat dari berkas JSON ini (jenis masukan di src/reports/types.ts), bukan dari run/permohonan tersimpan',
    archive: () => 'juga beri nomor (bila perlu) dan arsipkan dokumen, ditautkan ke ID',
    locale: () => 'bahasa dokumen: id (Bahasa Indonesia, bawaan) atau en',
    sop: () => 'SOP yang kop surat dan penomorannya dipakai (bawaan: SOP run tersebut)',
    draft: () => 'DRAF — belum bernomor',
    archived: (path: string) => `arsip: ${path}`,
    noInput: (title: string) => `Sebutkan nomor run/permohonan atau --input BERKAS.json untuk ${title}.`,
    noLoader: (title: string, id: string) => `${title} untuk ${id} belum dapat dibuat dari data tersimpan; gunakan --input BERKAS.json.`,
    unreadable: (file: string) => `Berkas masukan ${file} tidak dapat dibaca sebagai JSON.`,
    invalid: (file: string, title: string) => `Berkas masukan ${file} tidak sesuai untuk ${title}:`,
  },
  {
    kinds: {
      'berita-acara': 'Berita acara (official record) of the backup',
      checklist: 'Backup checklist',
      'backup-report': 'Backup report',
      'request-form': 'Backup request form',
      'reply-letter': 'Reply to a backup request',
    } as Record<DocumentKind, string>,
    report: () => 'render official documents as PDF (berita acara, checklist, report, form, reply)',
    kind: (title: string) => `${title}: from a run or request number, or from --input FILE.json`,
    out: () => 'where to write the PDF',
    input: () => 'render from this JSON file (the input type in src/reports/types.ts) instead of a stored run or request',
    archive: () => 'also number (if needed) and archive the document, linked to ID',
    locale: () => 'language of the document: id (Bahasa Indonesia, default) or en',
    sop: () => "the SOP whose letterhead and numbering to use (default: the run's SOP)",
    draft: () => 'DRAFT — not numbered yet',
    archived: (path: string) => `archive: ${path}`,
    noInput: (title: string) => `Name a run or request number, or --input FILE.json, for the ${title.toLowerCase()}.`,
    noLoader: (title: string, id: string) => `The ${title.toLowerCase()} for ${id} cannot be made from stored data yet; use --input FILE.json.`,
    unreadable: (file: string) => `Input file ${file} cannot be read as JSON.`,
    invalid: (file: string, title: string) => `Input file ${file} does not fit the ${title.toLowerCase()}:`,
  },
);

interface ReportFlags {
  out: string;
  input?: string;
  archive?: boolean;
  locale?: string;
  sop?: string;
}

/** Adds `cadang report <kind>` for every document kind. */
export function registerReportCommands(program: Command, ctx: CliContext, options: ReportCommandOptions = {}): void {
  const t = messages(ctx.locale);
  const report = program.command('report').description(t.report());
  for (const kind of documentKinds) {
    report
      .command(`${kind} [id]`)
      .description(t.kind(t.kinds[kind]))
      .requiredOption('--out <file>', t.out())
      .option('--input <file>', t.input())
      .option('--archive', t.archive())
      .option('--locale <locale>', t.locale())
      .option('--sop <key>', t.sop())
      .action(async (id: string | undefined, flags: ReportFlags) => {
        await runReportCommand(ctx, options, kind, id, flags);
      });
  }
}

async function runReportCommand(ctx: CliContext, options: ReportCommandOptions, kind: DocumentKind, id: string | undefined, flags: ReportFlags): Promise<void> {
  const [{ writeFileAtomically }, { issueDocument }, { resolveRenderOptions }, { renderDocument }, { findInstance }, { createDocumentRepository }] = await Promise.all([
    import('../reports/archive.js'),
    import('../reports/issue.js'),
    import('../reports/options.js'),
    import('../reports/render.js'),
    import('../storage/workflow-repository.js'),
    import('../storage/document-repository.js'),
  ]);
  const config = await ctx.loadConfig();
  const locale = flags.locale ? parseLocale(flags.locale) : ctx.locale;
  const t = messages(ctx.locale);
  const out = resolve(flags.out);
  const fromFile = flags.input ? await readInputFile(kind, flags.input, ctx.locale) : undefined;
  if (!fromFile && !id) {
    throw new CadangError('reports.no_input', t.noInput(t.kinds[kind]), { kind });
  }
  // Each SOP has its own letterhead and numbering: the run's SOP, or the one --sop names.
  const profileOf = async (sopKey: string | undefined): Promise<{ profile: DocumentProfile; render: RenderOptions }> => {
    const profile = await reportProfile(config.reports, sopKey, locale);
    return { profile, render: await resolveRenderOptions(profile, locale) };
  };

  if (flags.archive || !fromFile) {
    await ctx.withDatabase(async (db) => {
      // "#12" or "12" names a run by its number; the archive links documents to the run's id.
      const instance = id ? await findInstance(db, config.organisation.id, id) : null;
      const { profile, render } = await profileOf(flags.sop ?? instance?.definitionKey);
      const input = fromFile ?? (await loadStored(options, db, id!, kind, ctx.locale));
      const instanceId = id ? (instance?.id ?? id) : undefined;
      if (flags.archive) {
        const issued = await issueDocument(createDocumentRepository(db), { kind, input, organisationId: config.organisation.id, instanceId, config: profile, render });
        await writeFileAtomically(out, issued.bytes);
        ctx.print(`${out}${issued.number ? ` (${issued.number})` : ''}\n${t.archived(issued.path)}\nsha256: ${issued.sha256}`);
      } else {
        // A document not issued yet has no number: a preview says so instead of taking one.
        const numbered = profile.numbering[kind] && !(input as { number?: string }).number;
        const preview = !numbered ? input
          : kind === 'berita-acara' || kind === 'backup-report' ? { ...input, draft: true }
          : { ...input, number: messages(locale).draft() };
        await writeFileAtomically(out, await renderDocument(kind, preview as DocumentInputs[typeof kind], { ...render, form: profile.requestForm }));
        ctx.print(out);
      }
    });
    return;
  }
  const { profile, render } = await profileOf(flags.sop);
  await writeFileAtomically(out, await renderDocument(kind, fromFile, { ...render, form: profile.requestForm }));
  ctx.print(out);
}

/** The SOP's document profile; without an SOP, the organisation's letterhead or else the only SOP that has one. */
async function reportProfile(reports: ReportsConfig, sopKey: string | undefined, locale: Locale): Promise<DocumentProfile> {
  const { profileFor } = await import('../reports/config.js');
  const profile = profileFor(reports, sopKey);
  if (profile) return profile;
  const withLetterhead = Object.entries(reports.sops).filter(([, sop]) => sop.letterhead);
  if (!sopKey && withLetterhead.length === 1) return profileFor(reports, withLetterhead[0]![0])!;
  const keys = withLetterhead.map(([key]) => key).join(', ');
  const message = sopKey
    ? locale === 'en'
      ? `SOP ${sopKey} has no letterhead: fill in reports.sops.${sopKey}.letterhead or reports.letterhead in the configuration (see config/sample.yaml).`
      : `SOP ${sopKey} tidak memiliki kop surat: isi reports.sops.${sopKey}.letterhead atau reports.letterhead dalam konfigurasi (lihat config/sample.yaml).`
    : locale === 'en'
      ? `Which letterhead? Give --sop KEY (${keys || 'no letterhead configured yet'}) or fill in reports.letterhead in the configuration.`
      : `Kop surat mana yang dipakai? Sebutkan --sop KUNCI (${keys || 'belum ada kop surat'}) atau isi reports.letterhead dalam konfigurasi.`;
  throw new CadangError('reports.no_letterhead', message, { sop: sopKey });
}

async function loadStored<K extends DocumentKind>(options: ReportCommandOptions, db: Database, id: string, kind: K, locale: Locale): Promise<DocumentInputs[K]> {
  if (!options.loadInput) {
    const t = messages(locale);
    throw new CadangError('reports.no_loader', t.noLoader(t.kinds[kind], id), { kind, id });
  }
  return options.loadInput(db, id, kind);
}

/** Reads and validates an input file, listing every problem with its path. */
async function readInputFile<K extends DocumentKind>(kind: K, file: string, locale: Locale): Promise<DocumentInputs[K]> {
  const t = messages(locale);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CadangError('reports.input_unreadable', t.unreadable(file), { file }, { cause: error });
  }
  const { documentInputSchemas } = await import('../reports/types.js');
  const parsed = (documentInputSchemas[kind] as z.ZodType).safeParse(json, { error: schemaErrorMap(locale) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new CadangError('reports.input_invalid', `${t.invalid(file, t.kinds[kind])}\n${problems}`, { file, kind });
  }
  // The renderer parses again; hand it the original JSON so defaults apply once.
  return json as DocumentInputs[K];
}
