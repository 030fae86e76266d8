/**
 * The CLI's way from a stored run or request to a document's input: `cadang report <kind> ID`
 * with ID a run id or number ("12", "#12"). Passed to {@link registerReportCommands} as `loadInput`.
 */
import type { DocumentInputs, DocumentKind } from '../reports/types.js';
import type { Database } from '../storage/database.js';
import type { CliContext } from './context.js';
import type { LoadDocumentInput } from './report-commands.js';

/** Reads configuration and SOP definitions when first asked, then builds inputs from the run's trail. */
export function createDocumentInputLoader(ctx: Pick<CliContext, 'loadConfig' | 'definitions' | 'locale'>): LoadDocumentInput {
  return async <K extends DocumentKind>(db: Database, id: string, kind: K): Promise<DocumentInputs[K]> => {
    const [config, definitions, { loadDocumentInput }] = await Promise.all([ctx.loadConfig(), ctx.definitions(), import('../service/documents/index.js')]);
    // A document never issued has no number yet; `--archive` numbers it when it is issued.
    return (await loadDocumentInput(db, definitions, config, id, kind, { locale: ctx.locale })) as DocumentInputs[K];
  };
}
