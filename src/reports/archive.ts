/**
 * Document numbers and the document archive. A number comes from a running sequence per
 * organisation, kind and year that only ever goes up, so a number is never given twice (a
 * render that fails after taking one leaves a gap, which is how paper registers work too).
 * Every rendered PDF is written atomically into the archive folder and recorded, through the
 * {@link DocumentStore} port, with its SHA-256 and the workflow instance (request or scheduled
 * run) it belongs to.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CadangError } from '../errors.js';
import { formatRomanMonth } from './dates.js';
import type { ArchivedDocumentStatus, DocumentStore } from './store.js';

export interface NextNumberRequest {
  organisationId: string;
  /** The document kind ("berita-acara"); each kind has its own sequence. */
  kind: string;
  year: number;
  /** e.g. "{seq:3}/BA-BACKUP/PTID/{year}"; see {@link formatDocumentNumber}. */
  pattern: string;
  /** The month for {month} and {romanMonth}, 1–12; the current month by default. */
  month?: number;
}

/** Takes the next number of a sequence (atomically, in the store) and formats it. */
export async function nextDocumentNumber(store: Pick<DocumentStore, 'nextSequence'>, request: NextNumberRequest): Promise<{ number: string; sequence: number }> {
  const sequence = await store.nextSequence({ organisationId: request.organisationId, kind: request.kind, year: request.year });
  return { number: formatDocumentNumber(request.pattern, { sequence, year: request.year, month: request.month }), sequence };
}

/**
 * Fills a number pattern: {seq} (1, 2, …), {seq:3} (001, 002, …), {year}, {month} (01–12),
 * {romanMonth} (I–XII, as letter numbers use). Unknown placeholders are an error.
 */
export function formatDocumentNumber(pattern: string, values: { sequence: number; year: number; month?: number }): string {
  const month = values.month ?? new Date().getMonth() + 1;
  return pattern.replace(/\{([a-zA-Z]+)(?::(\d+))?\}/g, (whole, name: string, width?: string) => {
    switch (name) {
      case 'seq':
        return String(values.sequence).padStart(width ? Number(width) : 0, '0');
      case 'year':
        return String(values.year);
      case 'month':
        return String(month).padStart(2, '0');
      case 'romanMonth':
        return formatRomanMonth(month);
      default:
        throw new CadangError('reports.bad_number_pattern', `Pola nomor "${pattern}" memuat ${whole} yang tidak dikenal; gunakan {seq}, {seq:3}, {year}, {month} atau {romanMonth}.`, { pattern });
    }
  });
}

export interface ArchiveRequest {
  kind: string;
  number?: string | undefined;
  /** The workflow instance (request or scheduled run) the document belongs to. */
  instanceId?: string | undefined;
  bytes: Uint8Array;
  /** The archive folder (reports.archiveFolder). */
  folder: string;
  /** A draft for checking, or the final document (the default). */
  status?: ArchivedDocumentStatus;
  /** The moment of archiving; now by default. */
  at?: Date;
}

export interface ArchivedDocumentRecord {
  id: string;
  path: string;
  sha256: string;
}

/**
 * Writes the PDF into `folder/<kind>/<year>/` atomically (`.partial`, fsync, rename, fsync of the
 * folder) and records it with its SHA-256. The file name carries the number (or "draf" and the
 * run) and the first digits of the checksum, so archiving the same bytes twice yields the same
 * file and the existing record instead of a second one.
 */
export async function archiveDocument(store: Pick<DocumentStore, 'findByFile' | 'record'>, request: ArchiveRequest): Promise<ArchivedDocumentRecord> {
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  const at = request.at ?? new Date();
  const status = request.status ?? 'final';
  const directory = resolve(request.folder, safeName(request.kind), String(at.getFullYear()));
  const stem = safeName(request.number ?? `${status === 'draft' ? 'draf-' : ''}${request.instanceId ?? 'dokumen'}`);
  const path = join(directory, `${stem}_${sha256.slice(0, 12)}.pdf`);

  const existing = await store.findByFile(path, sha256);
  if (existing && (await fileExists(path))) return { id: existing.id, path, sha256 };

  await mkdir(directory, { recursive: true });
  await writeFileAtomically(path, request.bytes);
  const record = existing ?? (await store.record({ kind: request.kind, number: request.number ?? null, instanceId: request.instanceId ?? null, path, sha256, status, createdAt: at }));
  return { id: record.id, path, sha256 };
}

/** Writes `bytes` to `path` so that the path never holds a partial file. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  const handle = await open(partial, 'w', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, path);
  // Make the rename itself durable.
  const directory = await open(resolve(path, '..'), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Letters, digits, dot, dash and underscore; "/" in "007/BA-BACKUP/PTID/2026" becomes "-". */
function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dokumen';
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
