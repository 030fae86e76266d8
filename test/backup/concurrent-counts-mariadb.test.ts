import mysql from 'mysql2/promise';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, hasMariadb, type ScratchMariadb } from '../support/services.js';
import { backupTenTimesWhileInserting, tricky } from './concurrent-inserts.js';
import { makeConfig, makeTempDir } from './helpers.js';

describe.skipIf(!hasMariadb)('MariaDB row counts under concurrent inserts', () => {
  let source: ScratchMariadb;
  let tmp: { dir: string; remove: () => Promise<void> };
  let writer: mysql.Connection;
  let reader: mysql.Connection;
  beforeAll(async () => {
    source = await createScratchMariadb('bk_conc');
    tmp = await makeTempDir('conc-my');
    writer = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    reader = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    await writer.query('CREATE TABLE absen (id INT AUTO_INCREMENT PRIMARY KEY, nama TEXT, foto BLOB, hadir DATETIME)');
    await writer.query('CREATE TABLE kosong (id INT)');
    await writer.query('INSERT INTO absen (nama, foto, hadir) VALUES ?', [
      Array.from({ length: 3000 }, (_, i) => [`${tricky[i % tricky.length]} ${i}`, Buffer.from([0x27, 0x28, 0x29, 0x3b, 0x5c, 0x0a, i % 256]), new Date(Date.UTC(2025, 0, 1, 0, 0, i % 60))]),
    ]);
  });
  afterAll(async () => {
    await writer?.end();
    await reader?.end();
    await source?.drop();
    await tmp?.remove();
  });

  it('records exactly the rows in the copy: the test restore of each of 10 copies finds equal counts', async () => {
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      targets: [{ name: 'absensi', kind: 'mysql', connection: { host: source.host, port: source.port, user: source.user, database: source.database } }],
    });
    await backupTenTimesWhileInserting(
      config,
      (batch) => writer.query('INSERT INTO absen (nama, foto, hadir) VALUES ?', [Array.from({ length: 5 }, (_, i) => [`${tricky[(batch + i) % tricky.length]} baru`, Buffer.from([0x27, batch % 256]), new Date()])]),
      async () => Number(((await reader.query('SELECT COUNT(*) AS n FROM absen')) as unknown as [{ n: number }[]])[0][0]!.n),
    );
  }, 60_000);
});
