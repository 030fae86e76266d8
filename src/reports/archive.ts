/**
 * Document numbers and the document archive. A number comes from a running sequence per
 * organisation, kind and year that only ever goes up, so a number is never given twice (a
 * render that fails after taking one leaves a gap, which is how paper registers work too).
 * Every rendered PDF is written atomically into the archive folder and recorded with its SHA-256
 * and the workflow instance (request or scheduled run) it belongs to.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CadangError } from '../errors.js';
import type { Database } from '../storage/database.js';
import { formatRomanMonth } from './dates.js';

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

const MAX_ATTEMPTS = 5;

/**
 * Takes the next number of a sequence and formats it. Atomic on SQLite and PostgreSQL: the
 * increment is one UPDATE (row-locked); the first number of a year creates the row, and if two
 * callers race to create it the loser retries the increment.
 */
export async function nextDocumentNumber(db: Database, request: NextNumberRequest): Promise<{ number: string; sequence: number }> {
  const key = { organisationId: request.organisationId, kind: request.kind, year: request.year };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    try {
      const row = await db.documentSequence.update({ where: { organisationId_kind_year: key }, data: { last: { increment: 1 } } });
      return { number: formatDocumentNumber(request.pattern, { sequence: row.last, year: request.year, month: request.month }), sequence: row.last };
    } catch (error) {
      if (prismaCode(error) !== 'P2025') throw error;
    }
    try {
      await db.documentSequence.create({ data: { ...key, last: 1 } });
      return { number: formatDocumentNumber(request.pattern, { sequence: 1, year: request.year, month: request.month }), sequence: 1 };
    } catch (error) {
      // Someone else created this year's row first: go round and increment it.
      if (prismaCode(error) !== 'P2002') throw error;
    }
  }
  throw new CadangError('reports.number_contention', 'Nomor dokumen tidak dapat diambil karena terlalu banyak permintaan bersamaan; coba lagi.', key);
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
  number?: string;
  /** The workflow instance (request or scheduled run) the document belongs to. */
  instanceId?: string;
  bytes: Uint8Array;
  /** The archive folder (reports.archiveFolder). */
  folder: string;
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
 * folder) and records it with its SHA-256. The file name carries the number and the first
 * digits of the checksum, so archiving the same bytes twice yields the same file and the
 * existing record instead of a second one.
 */
export async function archiveDocument(db: Database, request: ArchiveRequest): Promise<ArchivedDocumentRecord> {
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  const at = request.at ?? new Date();
  const directory = resolve(request.folder, safeName(request.kind), String(at.getFullYear()));
  const stem = safeName(request.number ?? request.instanceId ?? 'dokumen');
  const path = join(directory, `${stem}_${sha256.slice(0, 12)}.pdf`);

  const existing = await db.archivedDocument.findFirst({ where: { path, sha256 } });
  if (existing && (await fileExists(path))) return { id: existing.id, path, sha256 };

  await mkdir(directory, { recursive: true });
  await writeFileAtomically(path, request.bytes);
  const record = existing ?? (await db.archivedDocument.create({
    data: { id: randomUUID(), kind: request.kind, number: request.number ?? null, instanceId: request.instanceId ?? null, path, sha256, createdAt: at },
  }));
  return { id: record.id, path, sha256 };
}

/** The archived documents of a workflow instance, oldest first. */
export function listArchivedDocuments(db: Database, instanceId: string) {
  return db.archivedDocument.findMany({ where: { instanceId }, orderBy: { createdAt: 'asc' } });
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

function prismaCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}
