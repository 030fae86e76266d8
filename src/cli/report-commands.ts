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
import { parseLocale } from '../i18n/messages.js';
import type { DocumentInputs, DocumentKind } from '../reports/types.js';
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
}

/** Adds `cadang report <kind>` for every document kind. */
export function registerReportCommands(program: Command, ctx: CliContext, options: ReportCommandOptions = {}): void {
  const report = program.command('report').description('Render official documents as PDF (berita acara, ceklis, laporan, formulir, balasan)');
  // The kinds come from DESCRIPTIONS (a Record over every kind), so listing them does not load
  // the renderer: PDF libraries and fonts load only when a document is rendered (start time).
  for (const kind of Object.keys(DESCRIPTIONS) as DocumentKind[]) {
    report
      .command(`${kind} [id]`)
      .description(`${DESCRIPTIONS[kind]}: from a run or request ID, or from --input FILE.json`)
      .requiredOption('--out <file>', 'where to write the PDF')
      .option('--input <file>', 'render from this JSON file (the input type in src/reports/types.ts) instead of a stored run or request')
      .option('--archive', 'also number (if needed) and archive the document, linked to ID')
      .option('--locale <locale>', 'id (Bahasa Indonesia, default) or en')
      .action(async (id: string | undefined, flags: ReportFlags) => {
        await runReportCommand(ctx, options, kind, id, flags);
      });
  }
}

async function runReportCommand(ctx: CliContext, options: ReportCommandOptions, kind: DocumentKind, id: string | undefined, flags: ReportFlags): Promise<void> {
  const [{ writeFileAtomically }, { issueDocument }, { resolveRenderOptions }, { renderDocument }, { findInstance }] = await Promise.all([
    import('../reports/archive.js'),
    import('../reports/issue.js'),
    import('../reports/options.js'),
    import('../reports/render.js'),
    import('../storage/workflow-repository.js'),
  ]);
  const config = await ctx.loadConfig();
  const locale = flags.locale ? parseLocale(flags.locale) : ctx.locale;
  const render = await resolveRenderOptions(config.reports, locale);
  const out = resolve(flags.out);
  const fromFile = flags.input ? await readInputFile(kind, flags.input) : undefined;
  if (!fromFile && !id) {
    throw new CadangError('reports.no_input', `Sebutkan ID run/permohonan atau --input FILE.json untuk ${kind}.`, { kind });
  }

  if (flags.archive || !fromFile) {
    await ctx.withDatabase(async (db) => {
      const input = fromFile ?? (await loadStored(options, db, id!, kind));
      // "#12" or "12" names a run by its number; the archive links documents to the run's id.
      const instanceId = id ? ((await findInstance(db, config.organisation.id, id))?.id ?? id) : undefined;
      if (flags.archive) {
        const issued = await issueDocument(db, { kind, input, organisationId: config.organisation.id, instanceId, config: config.reports, render });
        await writeFileAtomically(out, issued.bytes);
        ctx.print(`${out}${issued.number ? ` (${issued.number})` : ''}\narsip: ${issued.path}\nsha256: ${issued.sha256}`);
      } else {
        // A document not issued yet has no number: a preview says so instead of taking one.
        const numbered = config.reports.numbering[kind] && !(input as { number?: string }).number;
        const preview = numbered ? { ...input, number: locale === 'en' ? 'DRAFT — not numbered yet' : 'DRAF — belum bernomor' } : input;
        await writeFileAtomically(out, await renderDocument(kind, preview as DocumentInputs[typeof kind], { ...render, form: config.reports.requestForm }));
        ctx.print(out);
      }
    });
    return;
  }
  await writeFileAtomically(out, await renderDocument(kind, fromFile, { ...render, form: config.reports.requestForm }));
  ctx.print(out);
}

async function loadStored<K extends DocumentKind>(options: ReportCommandOptions, db: Database, id: string, kind: K): Promise<DocumentInputs[K]> {
  if (!options.loadInput) {
    throw new CadangError('reports.no_loader', `Dokumen ${kind} untuk ${id} belum dapat dibuat dari data tersimpan; gunakan --input FILE.json.`, { kind, id });
  }
  return options.loadInput(db, id, kind);
}

/** Reads and validates an input file, listing every problem with its path. */
async function readInputFile<K extends DocumentKind>(kind: K, file: string): Promise<DocumentInputs[K]> {
  const { documentInputSchemas } = await import('../reports/types.js');
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
