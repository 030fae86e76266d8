/**
 * One entry point from a stored run to any document's input, for callers that hold the kind as
 * data: the CLI (`cadang report <kind> ID`) and the document runners.
 */
import type { Locale } from '../../i18n/messages.js';
import type { UnnumberedInput } from '../../reports/issue.js';
import type { DocumentKind } from '../../reports/types.js';
import type { Database } from '../../storage/database.js';
import { createDocumentRepository } from '../../storage/document-repository.js';
import type { DefinitionRegistry } from '../definitions.js';
import { buildBackupReportInput, buildBeritaAcaraInput, buildChecklistInput } from './record-inputs.js';
import { buildReplyLetterInput, buildRequestFormInput } from './request-inputs.js';
import { loadRunFacts, type DocumentsConfig, type RunFacts } from './run-facts.js';

/** Builds the input of one document kind from a run's facts; throws a CadangError saying what is missing. */
export async function buildDocumentInput<K extends DocumentKind>(facts: RunFacts, kind: K, issuedAt: Date): Promise<UnnumberedInput<K>> {
  const built = await (async (): Promise<UnnumberedInput<DocumentKind>> => {
    switch (kind) {
      case 'berita-acara':
        return buildBeritaAcaraInput(facts, issuedAt);
      case 'backup-report':
        return buildBackupReportInput(facts, issuedAt);
      case 'checklist':
        return buildChecklistInput(facts, issuedAt);
      case 'request-form':
        return buildRequestFormInput(facts);
      case 'reply-letter':
        return buildReplyLetterInput(facts, issuedAt);
      default:
        throw new Error(`unknown document kind: ${String(kind)}`);
    }
  })();
  return built as UnnumberedInput<K>;
}

/**
 * Maps a stored run (by id or number) into a document's input: its state, trail, definition and
 * the organisation's configuration. A document issued before keeps its number and date, so the
 * CLI reproduces it; one never issued has no number yet (issuing gives it one).
 */
export async function loadDocumentInput<K extends DocumentKind>(
  db: Database,
  definitions: Pick<DefinitionRegistry, 'version' | 'all'>,
  config: DocumentsConfig,
  reference: string,
  kind: K,
  options: { locale?: Locale | undefined; now?: Date | undefined } = {},
): Promise<UnnumberedInput<K>> {
  const facts = await loadRunFacts(db, definitions, config, reference, options);
  const documents = createDocumentRepository(db);
  // The final document counts; a run with only a draft reproduces the draft's date, unnumbered.
  const issued = (await documents.latest(facts.instance.id, kind, { status: 'final' })) ?? (await documents.latest(facts.instance.id, kind));
  const input = await buildDocumentInput(facts, kind, issued?.createdAt ?? facts.now);
  return issued?.number ? { ...input, number: issued.number } : input;
}
