import pg from 'pg';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { testRestore } from '../../src/backup/restore.js';
import { createScratchPostgres, hasPostgres, type ScratchPostgres } from '../support/services.js';
import { backupTenTimesWhileInserting, tricky } from './concurrent-inserts.js';
import { makeConfig, makeTempDir } from './helpers.js';

describe.skipIf(!hasPostgres)('PostgreSQL row counts under concurrent inserts', () => {
  let source: ScratchPostgres;
  let tmp: { dir: string; remove: () => Promise<void> };
  let writer: pg.Client;
  let reader: pg.Client;
  beforeAll(async () => {
    source = await createScratchPostgres('bk_conc');
    tmp = await makeTempDir('conc-pg');
    writer = new pg.Client({ connectionString: source.url });
    reader = new pg.Client({ connectionString: source.url });
    await writer.connect();
    await reader.connect();
    await writer.query(`CREATE TABLE absen (id serial PRIMARY KEY, nama text, foto bytea, hadir timestamptz DEFAULT now());
      CREATE TABLE kosong (id int);
      CREATE TABLE sementara (id int);
      INSERT INTO absen (nama, foto) SELECT 'pegawai ' || g, decode(md5(g::text), 'hex') FROM generate_series(1, 3000) g;`);
  });
  afterAll(async () => {
    await writer?.end();
    await reader?.end();
    await source?.drop();
    await tmp?.remove();
  });

  it('records exactly the rows in the copy: the test restore of each of 10 copies finds equal counts', async () => {
    const url = new URL(source.url);
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      targets: [{ name: 'absensi', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1) } }],
    });
    await backupTenTimesWhileInserting(
      config,
      (batch) => writer.query(`INSERT INTO absen (nama, foto) SELECT $1 || g, '\\x2728'::bytea FROM generate_series(1, 5) g`, [tricky[batch % tricky.length]]),
      async () => Number((await reader.query('SELECT count(*) AS n FROM absen')).rows[0].n),
    );
  }, 60_000);
  it('a TRUNCATE right after the dump (not MVCC-safe) waits until the rows are counted, so the counts still describe the copy', async () => {
    const url = new URL(source.url);
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'truncate'),
      targets: [{ name: 'absensi', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1) } }],
    });
    await writer.query('INSERT INTO sementara SELECT g FROM generate_series(1, 100) g');
    let truncating: Promise<unknown> | undefined;
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: config.internalFolder }, {
      config,
      // The copy is written; the counts are not done yet.
      onProgress: (event) => {
        if (event.phase === 'verify') truncating ??= writer.query('TRUNCATE sementara');
      },
    });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    await truncating;
    expect(Number((await reader.query('SELECT count(*) AS n FROM sementara')).rows[0].n)).toBe(0);
    expect((outcome.copy.manifest.details.rowCounts as Record<string, number>)['public.sementara']).toBe(100);
    expect(await testRestore(outcome.copy.path, { config })).toMatchObject({ status: 'equal' });
  }, 60_000);
});
