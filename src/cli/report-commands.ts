/**
 * `cadang report <kind> [ID] --out FILE.pdf`: renders an official document on demand.
 * The input comes from `--input FILE.json` (the document's input type, see src/reports/types.ts)
 * or, given a run or request ID, from the workflow through a {@link LoadDocumentInput}.
 * With `--archive` the document is also numbered (if it has no number) and archived.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CadangError } from '../errors.js';
import { parseLocale, type Locale } from '../i18n/messages.js';
import { writeFileAtomically } from '../reports/archive.js';
import { profileFor, type DocumentProfile, type ReportsConfig } from '../reports/config.js';
import type { RenderOptions } from '../reports/document.js';
import { issueDocument } from '../reports/issue.js';
import { resolveRenderOptions } from '../reports/options.js';
import { renderDocument } from '../reports/render.js';
import { documentInputSchemas, documentKinds, type DocumentInputs, type DocumentKind } from '../reports/types.js';
import type { Database } from '../storage/database.js';
import { createDocumentRepository } from '../storage/document-repository.js';
import { findInstance } from '../storage/workflow-repository.js';
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

const DESCRIPTIONS: Record<DocumentKind, string> = {
  'berita-acara': 'Berita Acara Pelaksanaan Backup Data',
  checklist: 'Ceklis Backup Data dan Informasi',
  'backup-report': 'Laporan Pelaksanaan Backup Data',
  'request-form': 'Formulir Backup Server',
  'reply-letter': 'Balasan permohonan layanan backup server',
};

interface ReportFlags {
  out: string;
  input?: string;
  archive?: boolean;
  locale?: string;
  sop?: string;
}

/** Adds `cadang report <kind>` for every document kind. */
export function registerReportCommands(program: Command, ctx: CliContext, options: ReportCommandOptions = {}): void {
  const report = program.command('report').description('Render official documents as PDF (berita acara, ceklis, laporan, formulir, balasan)');
  for (const kind of documentKinds) {
    report
      .command(`${kind} [id]`)
      .description(`${DESCRIPTIONS[kind]}: from a run or request ID, or from --input FILE.json`)
      .requiredOption('--out <file>', 'where to write the PDF')
      .option('--input <file>', 'render from this JSON file (the input type in src/reports/types.ts) instead of a stored run or request')
      .option('--archive', 'also number (if needed) and archive the document, linked to ID')
      .option('--locale <locale>', 'id (Bahasa Indonesia, default) or en')
      .option('--sop <key>', 'the SOP whose letterhead and numbering to use (default: the run\'s SOP)')
      .action(async (id: string | undefined, flags: ReportFlags) => {
        await runReportCommand(ctx, options, kind, id, flags);
      });
  }
}

async function runReportCommand(ctx: CliContext, options: ReportCommandOptions, kind: DocumentKind, id: string | undefined, flags: ReportFlags): Promise<void> {
  const config = await ctx.loadConfig();
  const locale = flags.locale ? parseLocale(flags.locale) : ctx.locale;
  const out = resolve(flags.out);
  const fromFile = flags.input ? await readInputFile(kind, flags.input) : undefined;
  if (!fromFile && !id) {
    throw new CadangError('reports.no_input', `Sebutkan ID run/permohonan atau --input FILE.json untuk ${kind}.`, { kind });
  }
  // Each SOP has its own letterhead and numbering: the run's SOP, or the one --sop names.
  const profileOf = async (sopKey: string | undefined): Promise<{ profile: DocumentProfile; render: RenderOptions }> => {
    const profile = reportProfile(config.reports, sopKey, locale);
    return { profile, render: await resolveRenderOptions(profile, locale) };
  };

  if (flags.archive || !fromFile) {
    await ctx.withDatabase(async (db) => {
      // "#12" or "12" names a run by its number; the archive links documents to the run's id.
      const instance = id ? await findInstance(db, config.organisation.id, id) : null;
      const { profile, render } = await profileOf(flags.sop ?? instance?.definitionKey);
      const input = fromFile ?? (await loadStored(options, db, id!, kind));
      const instanceId = id ? (instance?.id ?? id) : undefined;
      if (flags.archive) {
        const issued = await issueDocument(createDocumentRepository(db), { kind, input, organisationId: config.organisation.id, instanceId, config: profile, render });
        await writeFileAtomically(out, issued.bytes);
        ctx.print(`${out}${issued.number ? ` (${issued.number})` : ''}\narsip: ${issued.path}\nsha256: ${issued.sha256}`);
      } else {
        // A document not issued yet has no number: a preview says so instead of taking one.
        const numbered = profile.numbering[kind] && !(input as { number?: string }).number;
        const preview = !numbered ? input
          : kind === 'berita-acara' || kind === 'backup-report' ? { ...input, draft: true }
          : { ...input, number: locale === 'en' ? 'DRAFT — not numbered yet' : 'DRAF — belum bernomor' };
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
function reportProfile(reports: ReportsConfig, sopKey: string | undefined, locale: Locale): DocumentProfile {
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

async function loadStored<K extends DocumentKind>(options: ReportCommandOptions, db: Database, id: string, kind: K): Promise<DocumentInputs[K]> {
  if (!options.loadInput) {
    throw new CadangError('reports.no_loader', `Dokumen ${kind} untuk ${id} belum dapat dibuat dari data tersimpan; gunakan --input FILE.json.`, { kind, id });
  }
  return options.loadInput(db, id, kind);
}

/** Reads and validates an input file, listing every problem with its path. */
async function readInputFile<K extends DocumentKind>(kind: K, file: string): Promise<DocumentInputs[K]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CadangError('reports.input_unreadable', `Berkas masukan ${file} tidak dapat dibaca sebagai JSON.`, { file }, { cause: error });
  }
  const parsed = (documentInputSchemas[kind] as z.ZodType).safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new CadangError('reports.input_invalid', `Berkas masukan ${file} tidak sesuai untuk ${kind}:\n${problems}`, { file, kind });
  }
  // The renderer parses again; hand it the original JSON so defaults apply once.
  return json as DocumentInputs[K];
}
