/**
 * Issuing a document: take its number (if its kind is numbered), render it, archive it. This is
 * what the workflow's "render document" effect runs; the CLI uses it with `--archive`.
 */
import type { Database } from '../storage/database.js';
import { archiveDocument, nextDocumentNumber } from './archive.js';
import type { ReportsConfig } from './config.js';
import { toWallClock } from './dates.js';
import type { RenderOptions } from './document.js';
import { renderDocument } from './render.js';
import type { DocumentInputs, DocumentKind } from './types.js';

/** A document's input; `number` may be left out for {@link issueDocument} to take the next one. */
export type UnnumberedInput<K extends DocumentKind> = Omit<DocumentInputs[K], 'number'> & { number?: string };

export interface IssueRequest<K extends DocumentKind> {
  kind: K;
  input: UnnumberedInput<K>;
  organisationId: string;
  /** The request or scheduled run the document belongs to. */
  instanceId?: string;
  config: ReportsConfig;
  /** From {@link resolveRenderOptions}; its locale and time zone are used. */
  render: RenderOptions;
}

export interface IssuedDocument {
  number?: string;
  path: string;
  sha256: string;
  bytes: Uint8Array;
}

/**
 * Numbers (when the input has no number and the kind has a pattern), renders and archives a
 * document. The number's year and month are those of the document's date in the configured zone.
 */
export async function issueDocument<K extends DocumentKind>(db: Database, request: IssueRequest<K>): Promise<IssuedDocument> {
  const { kind, config } = request;
  let number = request.input.number;
  const pattern = config.numbering[kind];
  if (!number && pattern) {
    const clock = toWallClock(documentDate(request.input), config.timeZone);
    number = (await nextDocumentNumber(db, { organisationId: request.organisationId, kind, year: clock.year, month: clock.month, pattern })).number;
  }
  const input = { ...request.input, ...(number ? { number } : {}) } as DocumentInputs[K];
  const bytes = await renderDocument(kind, input, { ...request.render, form: config.requestForm });
  const archived = await archiveDocument(db, { kind, number, instanceId: request.instanceId, bytes, folder: config.archiveFolder });
  return { number, path: archived.path, sha256: archived.sha256, bytes };
}

/** The date a document is dated by, for its number's year. */
function documentDate(input: object): Date {
  const record = input as { issuedAt?: Date | string; submittedAt?: Date | string };
  const value = record.issuedAt ?? record.submittedAt;
  return value ? new Date(value) : new Date();
}

