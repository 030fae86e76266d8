import { stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { SqliteTarget } from '../config.js';
import { digestFile, syncFile } from '../atomic-file.js';
import { compareDigest, verifyFailure, type KindDriver } from './kind.js';
import { CadangError } from '../../errors.js';

/** Row counts of every table of an open SQLite database. */
export function countSqliteRows(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, Number(db.prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`).pluck().get())]));
}

function openSource(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CadangError(code === 'SQLITE_CANTOPEN' ? 'source-missing' : 'source-unreadable', String(error), { path });
  }
}

/**
 * SQLite: an online, consistent copy through SQLite's backup API (better-sqlite3's
 * `db.backup()`), safe while the application writes; a plain file copy of a live database is not.
 */
export const sqliteKind: KindDriver<SqliteTarget> = {
  describeSource: (target) => target.path,

  async estimate({ target }) {
    const sizes = await Promise.all([target.path, `${target.path}-wal`].map((file) => stat(file).then((info) => info.size, () => 0)));
    return sizes.reduce((a, b) => a + b, 0) || undefined;
  },

  async produce({ target, partialPath, progress }) {
    const db = openSource(target.path);
    let rowCounts: Record<string, number>;
    try {
      progress.setPhase('dump');
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      await db.backup(partialPath, {
        progress: ({ totalPages, remainingPages }) => {
          progress.setTotal(totalPages * pageSize);
          progress.setDone((totalPages - remainingPages) * pageSize);
          return 1024;
        },
      });
      progress.setPhase('write');
      // Row counts come from the copy itself: it is exactly the snapshot the backup API took.
      // Rollback-journal mode keeps a later read-only open from creating -wal/-shm files beside it.
      const copy = new Database(partialPath);
      try {
        copy.pragma('journal_mode = DELETE');
        rowCounts = countSqliteRows(copy);
      } finally {
        copy.close();
      }
    } catch (error) {
      if (error instanceof CadangError) throw error;
      const code = (error as { code?: string }).code;
      throw new CadangError(code === 'SQLITE_FULL' || code === 'ENOSPC' ? 'disk-full' : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'source-unreadable' : 'tool-failed', String(error), { path: target.path });
    } finally {
      db.close();
    }
    await syncFile(partialPath);
    const digest = await digestFile(partialPath);
    return { digest, tools: [], command: `better-sqlite3 backup ${target.path}`, details: { rowCounts }, warnings: [] };
  },

  async verify(path, manifest, { onBytes }) {
    compareDigest(await digestFile(path, undefined, onBytes), manifest);
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw verifyFailure(`integrity_check: ${String(check)}`);
      return { integrity: 'ok', tables: Object.keys(countSqliteRows(db)).length };
    } finally {
      db.close();
    }
  },
};
