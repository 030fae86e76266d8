/**
 * Issuing a document: take its number (if its kind is numbered and it is not a draft), render it,
 * archive it. This is what the workflow's documents runner does; the CLI uses it with `--archive`.
 */
import { CadangError } from '../errors.js';
import { archiveDocument, nextDocumentNumber } from './archive.js';
import type { DocumentProfile } from './config.js';
import { toWallClock } from './dates.js';
import type { RenderOptions } from './document.js';
import { renderDocument } from './render.js';
import type { DocumentStore } from './store.js';
import type { DocumentInputs, DocumentKind } from './types.js';

/** A document's input; `number` may be left out for {@link issueDocument} to take the next one. */
export type UnnumberedInput<K extends DocumentKind> = Omit<DocumentInputs[K], 'number'> & { number?: string };

export interface IssueRequest<K extends DocumentKind> {
  kind: K;
  input: UnnumberedInput<K>;
  organisationId: string;
  /** The request or scheduled run the document belongs to. */
  instanceId?: string | undefined;
  /** The SOP's document profile ({@link profileFor}): numbering, form furniture, archive folder. */
  config: Pick<DocumentProfile, 'numbering' | 'numberingScope' | 'timeZone' | 'requestForm' | 'archiveFolder'>;
  /** From {@link resolveRenderOptions}; its locale and time zone are used. */
  render: RenderOptions;
  /**
   * A draft for checking: marked DRAF on every page, given no number, archived as a draft. The
   * final document issued later supersedes it.
   */
  draft?: boolean;
}

export interface IssuedDocument {
  /** The archive row's id. */
  id: string;
  number?: string | undefined;
  path: string;
  sha256: string;
  bytes: Uint8Array;
  status: 'draft' | 'final';
}

/**
 * Numbers (when the input has no number, the kind has a pattern and it is no draft), renders and
 * archives a document. The number's year and month are those of the document's date in the
 * configured zone. A document of a run supersedes the run's earlier documents of the same kind
 * (an earlier draft, or a checklist of an earlier stage), so the archive says which one counts.
 */
export async function issueDocument<K extends DocumentKind>(store: DocumentStore, request: IssueRequest<K>): Promise<IssuedDocument> {
  const { kind, config } = request;
  const draft = request.draft === true;
  let number = draft ? undefined : request.input.number;
  const pattern = config.numbering[kind];
  if (!draft && !number && pattern) {
    const clock = toWallClock(documentDate(request.input), config.timeZone);
    const scope = config.numberingScope[kind];
    // An SOP with its own pattern counts in its own sequence; the organisation's kinds keep theirs.
    const sequence = { organisationId: request.organisationId, kind: scope ? `${kind}@${scope}` : kind, year: clock.year, month: clock.month, pattern };
    number = (await nextDocumentNumber(store, sequence)).number;
    // A number already in the archive (a pattern moved from the organisation to an SOP starts a
    // new sequence) is skipped, never given twice.
    for (let skipped = 0; (await store.hasNumber(kind, number)) && skipped < MAX_SKIPPED; skipped += 1) {
      number = (await nextDocumentNumber(store, sequence)).number;
    }
    if (await store.hasNumber(kind, number)) {
      throw new CadangError('reports.number_taken', `Nomor ${number} sudah dipakai dokumen lain; periksa pola nomor ${pattern} (reports.numbering) agar tiap SOP memakai pola sendiri.`, { kind, number, pattern });
    }
  }
  const fields: Record<string, unknown> = { ...request.input };
  delete fields.number;
  if (number) fields.number = number;
  if (draft) fields.draft = true;
  const bytes = await renderDocument(kind, fields as unknown as DocumentInputs[K], { ...request.render, form: config.requestForm });
  const archived = await archiveDocument(store, { kind, number, instanceId: request.instanceId, bytes, folder: config.archiveFolder, status: draft ? 'draft' : 'final' });
  if (request.instanceId) await store.supersede(request.instanceId, kind, archived.id);
  return { id: archived.id, number, path: archived.path, sha256: archived.sha256, bytes, status: draft ? 'draft' : 'final' };
}

/** How many numbers already in the archive are skipped before giving up. */
const MAX_SKIPPED = 1000;

/** The date a document is dated by, for its number's year. */
function documentDate(input: object): Date {
  const record = input as { issuedAt?: Date | string; submittedAt?: Date | string };
  const value = record.issuedAt ?? record.submittedAt;
  return value ? new Date(value) : new Date();
}
