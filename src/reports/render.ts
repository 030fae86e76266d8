/**
 * One entry point for every document kind, for callers that hold the kind as data (the CLI,
 * the workflow's "render document" effect).
 */
import type { RenderOptions } from './document.js';
import { renderBackupReport } from './documents/backup-report.js';
import { renderBeritaAcara } from './documents/berita-acara.js';
import { renderChecklist } from './documents/checklist.js';
import { renderReplyLetter } from './documents/reply-letter.js';
import { renderRequestForm, type RequestFormOptions } from './documents/request-form.js';
import type { DocumentInputs, DocumentKind } from './types.js';

/** Options for any kind; `form` is used by the request form only. */
export type DocumentRenderOptions = RenderOptions & { form?: RequestFormOptions };

/** Renders a document of the given kind to PDF bytes. Throws a ZodError if the input is incomplete. */
export function renderDocument<K extends DocumentKind>(kind: K, input: DocumentInputs[K], options: DocumentRenderOptions): Promise<Uint8Array> {
  switch (kind) {
    case 'berita-acara':
      return renderBeritaAcara(input as DocumentInputs['berita-acara'], options);
    case 'checklist':
      return renderChecklist(input as DocumentInputs['checklist'], options);
    case 'backup-report':
      return renderBackupReport(input as DocumentInputs['backup-report'], options);
    case 'request-form':
      return renderRequestForm(input as DocumentInputs['request-form'], options);
    case 'reply-letter':
      return renderReplyLetter(input as DocumentInputs['reply-letter'], options);
    default:
      throw new Error(`unknown document kind: ${String(kind)}`);
  }
}
