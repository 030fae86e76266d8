/**
 * The document archive's rows and the running document numbers, in the database. Implements the
 * reports' `DocumentStore` port (src/reports/store.ts) so that the reports hold no database client.
 */
import { randomUUID } from 'node:crypto';
import { CadangError } from '../errors.js';
import type { ArchivedDocumentRow, ArchivedDocumentStatus, DocumentStore } from '../reports/store.js';
import type { Database } from './database.js';

/** The reports' port, implemented here; the row and status types are the port's own. */
export type DocumentRepository = DocumentStore;
export type { ArchivedDocumentRow, ArchivedDocumentStatus };

const MAX_ATTEMPTS = 5;

/** The repository over one database (SQLite or PostgreSQL). */
export function createDocumentRepository(db: Database): DocumentRepository {
  return {
    /**
     * Atomic on SQLite and PostgreSQL: the increment is one UPDATE (row-locked); the first number
     * of a year creates the row, and if two callers race to create it the loser retries the increment.
     */
    async nextSequence(key) {
      const where = { organisationId_kind_year: key };
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        try {
          return (await db.documentSequence.update({ where, data: { last: { increment: 1 } } })).last;
        } catch (error) {
          if (prismaCode(error) !== 'P2025') throw error;
        }
        try {
          await db.documentSequence.create({ data: { ...key, last: 1 } });
          return 1;
        } catch (error) {
          // Someone else created this year's row first: go round and increment it.
          if (prismaCode(error) !== 'P2002') throw error;
        }
      }
      throw new CadangError('reports.number_contention', 'Nomor dokumen tidak dapat diambil karena terlalu banyak permintaan bersamaan; coba lagi.', { ...key });
    },

    async hasNumber(kind, number) {
      return (await db.archivedDocument.count({ where: { kind, number } })) > 0;
    },

    async findByFile(path, sha256) {
      const row = await db.archivedDocument.findFirst({ where: { path, sha256 } });
      return row ? toRow(row) : undefined;
    },

    async record(document) {
      return toRow(await db.archivedDocument.create({ data: { id: randomUUID(), ...document } }));
    },

    async supersede(instanceId, kind, byId) {
      const result = await db.archivedDocument.updateMany({ where: { instanceId, kind, supersededById: null, id: { not: byId } }, data: { supersededById: byId } });
      return result.count;
    },

    async list(instanceId) {
      return (await db.archivedDocument.findMany({ where: { instanceId }, orderBy: { createdAt: 'asc' } })).map(toRow);
    },

    async latest(instanceId, kind, options = {}) {
      const row = await db.archivedDocument.findFirst({ where: { instanceId, kind, ...(options.status ? { status: options.status } : {}) }, orderBy: { createdAt: 'desc' } });
      return row ? toRow(row) : undefined;
    },
  };
}

/** The archived documents of a workflow instance, oldest first. */
export function listArchivedDocuments(db: Database, instanceId: string): Promise<ArchivedDocumentRow[]> {
  return createDocumentRepository(db).list(instanceId);
}

function toRow(row: { id: string; kind: string; number: string | null; instanceId: string | null; path: string; sha256: string; status: string; supersededById: string | null; createdAt: Date }): ArchivedDocumentRow {
  return { ...row, status: row.status === 'draft' ? 'draft' : 'final' };
}

function prismaCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}
