/**
 * The machine-readable twin of a document: its kind, number, reference and the list of backup
 * copies with their SHA-256, attached to the PDF as `cadang-manifest.json`. `cadang verify` reads
 * it back to check a medium against the berita acara that was signed.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from 'pdf-lib';
import type { BackupItem, DocumentKind, DocumentReference } from './types.js';

/** The attachment's file name inside the PDF. */
export const DOCUMENT_MANIFEST_NAME = 'cadang-manifest.json';

/** One copy as recorded in the manifest. */
export interface ManifestItem {
  targetName: string;
  kind: BackupItem['kind'];
  placement: BackupItem['placement'];
  mediumLabel?: string;
  location: string;
  sizeBytes: number;
  startedAt: string;
  finishedAt: string;
  verified: boolean;
  sha256: string;
}

export interface DocumentManifest {
  format: 'cadang.document/1';
  kind: DocumentKind;
  number?: string;
  reference?: { kind: DocumentReference['kind']; id: string };
  items: ManifestItem[];
}

/** Builds the manifest of a document from its items. */
export function buildManifest(kind: DocumentKind, number: string | undefined, reference: DocumentReference | undefined, items: readonly BackupItem[]): DocumentManifest {
  return {
    format: 'cadang.document/1',
    kind,
    ...(number ? { number } : {}),
    ...(reference ? { reference: { kind: reference.kind, id: reference.id } } : {}),
    items: items.map((item) => ({
      targetName: item.targetName,
      kind: item.kind,
      placement: item.placement,
      ...(item.mediumLabel ? { mediumLabel: item.mediumLabel } : {}),
      location: item.location,
      sizeBytes: item.sizeBytes,
      startedAt: item.startedAt.toISOString(),
      finishedAt: item.finishedAt.toISOString(),
      verified: item.verified,
      sha256: item.sha256,
    })),
  };
}

/** Reads the manifest attached to a Cadang PDF; undefined when the PDF has none. */
export async function readDocumentManifest(pdf: Uint8Array): Promise<DocumentManifest | undefined> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!list) return undefined;
  for (let index = 0; index + 1 < list.size(); index += 2) {
    const name = list.lookup(index);
    const fileName = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : '';
    if (fileName !== DOCUMENT_MANIFEST_NAME) continue;
    const spec = list.lookup(index + 1, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) return undefined;
    const json = new TextDecoder().decode(decodePDFRawStream(stream).decode());
    return JSON.parse(json) as DocumentManifest;
  }
  return undefined;
}
