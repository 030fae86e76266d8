import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { restoreCopy, testRestore } from '../../src/backup/restore.js';
import { verifyCopy } from '../../src/backup/verify.js';
import mysql from 'mysql2/promise';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, createScratchPostgres, hasMariadb, hasPostgres, type ScratchMariadb, type ScratchPostgres } from '../support/services.js';
import { makeConfig, makeTempDir } from './helpers.js';

const text = 'Berita acara — Kepala PTID menyetujui “backup” ñ é 中文 😀';

async function pgRows(url: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const pegawai = await client.query('SELECT id, nama, nip, foto, dibuat FROM pegawai ORDER BY id');
    const surat = await client.query('SELECT nomor, perihal FROM arsip.surat ORDER BY nomor');
    return [pegawai.rows, surat.rows];
  } finally {
    await client.end();
  }
}

describe.skipIf(!hasPostgres)('postgres kind (real pg_dump, pg_restore)', () => {
  let source: ScratchPostgres;
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    source = await createScratchPostgres('bk_pg');
    tmp = await makeTempDir('pg');
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    await client.query(`CREATE TABLE pegawai (id serial PRIMARY KEY, nama text NOT NULL, nip char(18), foto bytea, dibuat timestamptz DEFAULT now());
      CREATE SCHEMA arsip; CREATE TABLE arsip.surat (nomor text PRIMARY KEY, perihal text);
      CREATE TABLE kosong (id int);
      INSERT INTO pegawai (nama, nip, foto) SELECT $1 || ' ' || g, lpad(g::text, 18, '0'), decode(md5(g::text), 'hex') FROM generate_series(1, 3000) g;
      INSERT INTO arsip.surat SELECT 'B-' || g || '/In.15/2024', 'Perihal ' || $1 FROM generate_series(1, 200) g;`.replace(/\$1/g, `'${text}'`));
    await client.end();
  });
  afterAll(async () => {
    await source?.drop();
    await tmp?.remove();
  });

  it('dumps, verifies, restores into a new database with equal data, and test-restores', async () => {
    const url = new URL(source.url);
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({
      internalFolder: internal,
      targets: [{ name: 'simpeg', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1) } }],
    });
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.copy.path).toMatch(/\.dump\.zst$/);
    expect(outcome.copy.manifest.details.rowCounts).toEqual({ 'arsip.surat': 200, 'public.kosong': 0, 'public.pegawai': 3000 });
    expect(outcome.copy.manifest.details.verification).toMatchObject({ tocEntries: expect.any(Number) });
    expect(outcome.copy.manifest.tools[0]!.version).toMatch(/pg_dump \(PostgreSQL\)/);

    expect(await verifyCopy(outcome.copy.path, { config })).toMatchObject({ ok: true });

    const restored = await createScratchPostgres('bk_pg_restored');
    try {
      const restoredName = new URL(restored.url).pathname.slice(1);
      const result = await restoreCopy(outcome.copy.path, restoredName, { config });
      expect(result.status, JSON.stringify(result)).toBe('restored');
      expect(await pgRows(restored.url)).toEqual(await pgRows(source.url));
      // A second restore into a database that now holds data is refused unless asked.
      expect((await restoreCopy(outcome.copy.path, restoredName, { config })).status).toBe('refused');
      expect((await restoreCopy(outcome.copy.path, restoredName, { config, overwrite: true })).status).toBe('restored');
      expect(await pgRows(restored.url)).toEqual(await pgRows(source.url));
    } finally {
      await restored.drop();
    }
    expect(await testRestore(outcome.copy.path, { config })).toMatchObject({ status: 'equal', compared: 3 });
  });

  it('counts rows in the dump\'s snapshot after the dump, and a job cancelled then leaves no session open', async () => {
    const url = new URL(source.url);
    const database = url.pathname.slice(1);
    const internal = join(tmp.dir, 'cancelled');
    const config = makeConfig({
      internalFolder: internal,
      targets: [{ name: 'simpeg', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database } }],
    });
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    // Sessions Cadang's psql holds on the source (the snapshot session among them).
    const psqlSessions = async (): Promise<number> => Number((await client.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'psql'`, [database])).rows[0].n);
    const settledPsqlSessions = async (): Promise<number> => {
      // A backend ends a moment after its client has gone.
      for (let tries = 0; tries < 40 && (await psqlSessions()) > 0; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      return psqlSessions();
    };
    try {
      const cancel = new AbortController();
      let sessionsAtVerify: number | undefined;
      const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, {
        config,
        signal: cancel.signal,
        onProgress: (event) => {
          if (event.phase !== 'verify' || sessionsAtVerify !== undefined) return;
          sessionsAtVerify = -1;
          void psqlSessions().then((n) => {
            sessionsAtVerify = n;
            cancel.abort();
          });
        },
      });
      expect(outcome.status, JSON.stringify(outcome)).toBe('cancelled');
      // The snapshot session was still open while the copy was verified (the counts come then).
      expect(sessionsAtVerify).toBeGreaterThan(0);
      expect(await settledPsqlSessions()).toBe(0);
      expect(await readdir(join(internal, 'simpeg')).catch(() => [])).toEqual([]);

      const succeeded = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
      expect(succeeded.status === 'succeeded' && succeeded.copy.manifest.details.rowCounts).toEqual({ 'arsip.surat': 200, 'public.kosong': 0, 'public.pegawai': 3000 });
      expect(await settledPsqlSessions()).toBe(0);
    } finally {
      await client.end();
    }
  });
  it('a pg_dump that fails half-way fails the job with its own line and leaves no file and no session', async () => {
    const url = new URL(source.url);
    const database = url.pathname.slice(1);
    // Writes part of an archive into zstd's input, then fails as pg_dump does on a table it may not read.
    const failing = join(tmp.dir, 'pg_dump-gagal');
    await writeFile(failing, '#!/bin/sh\nprintf PGDMP\nhead -c 100000 /dev/zero\necho "pg_dump: error: query failed: ERROR:  permission denied for table rahasia" >&2\nexit 1\n');
    await chmod(failing, 0o755);
    const internal = join(tmp.dir, 'failing');
    const config = makeConfig({
      internalFolder: internal,
      tools: { pgDump: failing },
      targets: [{ name: 'simpeg', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database } }],
    });
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(outcome.status, JSON.stringify(outcome)).toBe('failed');
    expect(outcome.status === 'failed' && outcome.detail).toContain('permission denied for table rahasia');
    expect(await readdir(join(internal, 'simpeg')).catch(() => [])).toEqual([]);
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    try {
      await expect.poll(async () => Number((await client.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'psql'`, [database])).rows[0].n)).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(!hasMariadb)('mysql kind (real mariadb-dump)', () => {
  let source: ScratchMariadb;
  let tmp: { dir: string; remove: () => Promise<void> };
  const connectTo = (database: string) => mysql.createConnection({ ...parseMariadbUrl(source.url), database, charset: 'utf8mb4' });
  async function rows(database: string): Promise<unknown[]> {
    const connection = await connectTo(database);
    try {
      const [a] = await connection.query('SELECT id, nama, catatan, HEX(berkas) AS berkas FROM mahasiswa ORDER BY id');
      const [b] = await connection.query('SELECT kode, judul FROM matakuliah ORDER BY kode');
      const [routines] = await connection.query('SELECT routine_name FROM information_schema.routines WHERE routine_schema = ?', [database]);
      const [triggers] = await connection.query('SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = ?', [database]);
      return [a, b, routines, triggers];
    } finally {
      await connection.end();
    }
  }
  beforeAll(async () => {
    source = await createScratchMariadb('bk_my');
    tmp = await makeTempDir('my');
    const connection = await connectTo(source.database);
    try {
      await connection.query('CREATE TABLE mahasiswa (id INT AUTO_INCREMENT PRIMARY KEY, nama VARCHAR(200) CHARACTER SET utf8mb4 NOT NULL, catatan TEXT CHARACTER SET utf8mb4, berkas BLOB) ENGINE=InnoDB');
      await connection.query('CREATE TABLE matakuliah (kode VARCHAR(20) PRIMARY KEY, judul VARCHAR(200) CHARACTER SET utf8mb4) ENGINE=InnoDB');
      await connection.query('CREATE TABLE jejak (n INT) ENGINE=InnoDB');
      await connection.query("CREATE TRIGGER catat AFTER INSERT ON mahasiswa FOR EACH ROW INSERT INTO jejak VALUES (NEW.id)");
      await connection.query('CREATE FUNCTION sapa(n VARCHAR(50)) RETURNS VARCHAR(80) DETERMINISTIC RETURN CONCAT("Halo ", n)');
      const values = Array.from({ length: 2000 }, (_, i) => [`${text} ${i}`, `catatan ${i}\n\t'kutip' "ganda" \\ garis`, Buffer.from([i % 256, 0, 255, 10])]);
      await connection.query('INSERT INTO mahasiswa (nama, catatan, berkas) VALUES ?', [values]);
      await connection.query('INSERT INTO matakuliah VALUES ?', [Array.from({ length: 50 }, (_, i) => [`MK${i}`, `Fiqih ${text}`])]);
    } finally {
      await connection.end();
    }
  });
  afterAll(async () => {
    await source?.drop();
    await tmp?.remove();
  });

  it('dumps with routines and triggers, restores equal data, refuses to overwrite, test-restores', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({
      internalFolder: internal,
      targets: [{ name: 'siakad', kind: 'mysql', connection: { host: source.host, port: source.port, user: source.user, database: source.database } }],
    });
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.copy.manifest.details.rowCounts).toEqual({ jejak: 2000, mahasiswa: 2000, matakuliah: 50 });
    expect(outcome.copy.manifest.command).toContain('--single-transaction');

    const restored = await createScratchMariadb('bk_my_restored');
    try {
      expect((await restoreCopy(outcome.copy.path, restored.database, { config })).status).toBe('restored');
      expect(await rows(restored.database)).toEqual(await rows(source.database));
      expect((await restoreCopy(outcome.copy.path, restored.database, { config })).status).toBe('refused');
    } finally {
      await restored.drop();
    }
    expect(await testRestore(outcome.copy.path, { config })).toMatchObject({ status: 'equal', compared: 3 });
  });
});
