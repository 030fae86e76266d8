/**
 * The check that every SOP which issues documents has a letterhead in the configuration, so a
 * missing one is found when Cadang starts rather than in the first berita acara.
 */
import { letterheadPath, profileFor, type ReportsConfig } from '../../reports/config.js';
import { CadangError } from '../../errors.js';
import { defineMessages, type Locale } from '../../i18n/messages.js';
import type { WorkflowDefinition } from '../../workflow/definition-schema.js';
import { textOf } from '../../workflow/form-fields.js';

const messages = defineMessages(
  {
    missing: (sop: string, path: string) =>
      `SOP "${sop}" menerbitkan dokumen (berita acara, laporan, ceklis atau balasan) tetapi tidak memiliki kop surat. Isi ${path} dengan baris nama instansi dan kota (lines, city), atau reports.letterhead untuk semua SOP; contohnya ada di config/sample.yaml.`,
    invalid: (count: number) => `Konfigurasi tidak sah (${count} masalah):`,
  },
  {
    missing: (sop: string, path: string) =>
      `SOP "${sop}" issues documents (berita acara, report, checklist or reply) but has no letterhead. Fill in ${path} with the institution's name lines and city (lines, city), or reports.letterhead for every SOP; config/sample.yaml has an example.`,
    invalid: (count: number) => `Invalid configuration (${count} problems):`,
  },
);

/** Whether runs of an SOP produce documents: a backup or render step, or a choice that names a document. */
export function issuesDocuments(definition: WorkflowDefinition): boolean {
  return definition.steps.some((step) => (step.kind === 'system' && (step.task === 'backup' || step.task === 'render-documents'))
    || (step.kind === 'human' && step.choices.some((choice) => choice.document !== undefined)));
}

/** One problem per SOP that issues documents without a letterhead: where to add it and how. */
export function missingLetterheads(reports: ReportsConfig, definitions: readonly WorkflowDefinition[], locale: Locale): Array<{ where: string; message: string }> {
  return definitions
    .filter((definition) => issuesDocuments(definition) && !profileFor(reports, definition.key))
    .map((definition) => ({ where: letterheadPath(definition.key), message: messages(locale).missing(textOf(definition.title, locale), letterheadPath(definition.key)) }));
}

/** Throws a `config-invalid` CadangError listing every SOP of `file` that issues documents without a letterhead. */
export function assertLetterheads(reports: ReportsConfig, definitions: readonly WorkflowDefinition[], locale: Locale, file: string): void {
  const problems = missingLetterheads(reports, definitions, locale).map((problem) => ({ ...problem, where: `${file} ${problem.where}` }));
  if (problems.length === 0) return;
  const lines = [messages(locale).invalid(problems.length), ...problems.map((problem) => `  - ${problem.where}: ${problem.message}`)];
  throw new CadangError('config-invalid', lines.join('\n'), { problems });
}
