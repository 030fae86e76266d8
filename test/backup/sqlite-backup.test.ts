import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { restoreCopy, testRestore } from '../../src/backup/restore.js';
import { makeConfig, makeTempDir } from './helpers.js';

function dumpRows(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return [db.prepare('SELECT * FROM dokumen ORDER BY id').all(), db.prepare('SELECT * FROM tanda_tangan ORDER BY id').all()];
  } finally {
    db.close();
  }
}

describe('sqlite kind (SQLite backup API on a live database)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let live: Database.Database;
  let path: string;
  beforeEach(async () => {
    tmp = await makeTempDir('sqlite');
    path = join(tmp.dir, 'aplikasi.db');
    live = new Database(path);
    live.pragma('journal_mode = WAL');
    live.exec('CREATE TABLE dokumen (id INTEGER PRIMARY KEY, judul TEXT, isi BLOB); CREATE TABLE tanda_tangan (id INTEGER PRIMARY KEY, nip TEXT, nama TEXT)');
    const insert = live.prepare('INSERT INTO dokumen (judul, isi) VALUES (?, ?)');
    live.transaction(() => {
      for (let i = 0; i < 5000; i += 1) insert.run(`Berita acara nomor ${i} — ñ é 中文`, Buffer.alloc(200, i % 256));
    })();
    live.prepare('INSERT INTO tanda_tangan (nip, nama) VALUES (?, ?)').run('197001012000031001', 'Dr. Hj. Siti Aminah, M.Pd.');
  });
  afterEach(async () => {
    live.close();
    await tmp.remove();
  });

  it('copies a database in WAL mode while it is open, verifies it and restores equal rows', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'aplikasi', kind: 'sqlite', path }] });
    // Committed rows still in the WAL must be in the copy; a plain file copy would miss them.
    expect(live.pragma('wal_checkpoint(PASSIVE)', { simple: false })).toBeDefined();
    live.prepare('INSERT INTO tanda_tangan (nip, nama) VALUES (?, ?)').run('198502022010122002', 'Ahmad Fauzi, S.Kom.');
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.copy.manifest.details.rowCounts).toEqual({ dokumen: 5000, tanda_tangan: 2 });
    expect(outcome.copy.manifest.details.verification).toMatchObject({ integrity: 'ok' });

    const restoredPath = join(tmp.dir, 'pulih.db');
    expect((await restoreCopy(outcome.copy.path, restoredPath, { config })).status).toBe('restored');
    expect(dumpRows(restoredPath)).toEqual(dumpRows(path));
    expect((await restoreCopy(outcome.copy.path, restoredPath, { config })).status).toBe('refused');
    expect(await testRestore(outcome.copy.path, { config })).toMatchObject({ status: 'equal', compared: 2 });
  });

  it('reports a missing database file as source-missing', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'hilang', kind: 'sqlite', path: join(tmp.dir, 'tidak-ada.db') }] });
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config, locale: 'en' });
    expect(outcome).toMatchObject({ status: 'failed', code: 'source-missing', message: 'The source data of target hilang was not found (folder, file or database missing).' });
  });
});
