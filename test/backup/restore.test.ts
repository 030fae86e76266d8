// Restore never writes from a damaged copy and never leaves half-restored data: real tar, zstd,
// pg_restore and mariadb, real damage (a flipped bit, a truncated copy), and the destination
// compared before and after.
import { chmod, chown, copyFile, lstat, mkdir, open, readdir, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSuffix } from '../../src/backup/copy-names.js';
import { runBackup } from '../../src/backup/executor.js';
import { restoreCopy } from '../../src/backup/restore.js';
import type { BackupConfig } from '../../src/backup/config.js';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, createScratchPostgres, hasMariadb, hasPostgres, type ScratchMariadb, type ScratchPostgres } from '../support/services.js';
import { describeTree, makeConfig, makeTempDir } from './helpers.js';

/** A copy of a committed copy (with its manifest) that a test may damage. */
async function copyOf(copyPath: string, folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await copyFile(copyPath, path);
  await copyFile(`${copyPath}${manifestSuffix}`, `${path}${manifestSuffix}`);
  return path;
}

/** Flips one bit in the middle of a file. */
async function flipBit(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, Math.floor(size / 2));
    byte[0] = byte[0]! ^ 0x10;
    await handle.write(byte, 0, 1, Math.floor(size / 2));
  } finally {
    await handle.close();
  }
}

async function halve(path: string): Promise<void> {
  await truncate(path, Math.floor((await stat(path)).size / 2));
}

async function backUp(config: BackupConfig): Promise<string> {
  const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: config.internalFolder }, { config });
  if (outcome.status !== 'succeeded') throw new Error(JSON.stringify(outcome));
  return outcome.copy.path;
}

describe('restore of a files copy', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let config: BackupConfig;
  let copy: string;
  let source: string;
  beforeAll(async () => {
    tmp = await makeTempDir('restore-files');
    source = join(tmp.dir, 'arsip');
    await mkdir(join(source, 'surat'), { recursive: true });
    for (let i = 0; i < 300; i += 1) await writeFile(join(source, 'surat', `sk-${i}.txt`), `Surat Keputusan ${i} — ñ\n`.repeat(200 + i));
    config = makeConfig({ internalFolder: join(tmp.dir, 'backups'), targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    copy = await backUp(config);
  });
  afterAll(async () => {
    await tmp?.remove();
  });

  /** A destination folder that already holds other data, and a snapshot of it and its parent. */
  async function destination(name: string) {
    const parent = join(tmp.dir, `pulih-${name}`);
    const to = join(parent, 'data');
    await mkdir(join(to, 'lama'), { recursive: true });
    await writeFile(join(to, 'lama', 'catatan.txt'), 'data lama yang harus tetap utuh\n');
    const before = { tree: await describeTree(to), siblings: (await readdir(parent)).sort() };
    const unchanged = async () => {
      expect(await describeTree(to)).toEqual(before.tree);
      expect((await readdir(parent)).sort()).toEqual(before.siblings);
    };
    return { to, unchanged };
  }

  it('refuses a bit-flipped copy before writing anything, even with --overwrite', async () => {
    const damaged = await copyOf(copy, join(tmp.dir, 'rusak'), 'bitflip.tar.zst');
    await flipBit(damaged);
    const { to, unchanged } = await destination('bitflip');
    const outcome = await restoreCopy(damaged, to, { config, overwrite: true });
    expect(outcome).toMatchObject({ status: 'damaged', problem: 'checksum' });
    expect(outcome.message).toBe(`Salinan ${damaged} rusak (checksum SHA-256 tidak sama dengan manifest); tidak ada yang dipulihkan dan tujuan tidak diubah. Pakai salinan lain, atau tambahkan --force bila tetap ingin memulihkannya.`);
    await unchanged();
    // A new destination is not even created.
    const fresh = join(tmp.dir, 'pulih-baru', 'data');
    expect((await restoreCopy(damaged, fresh, { config })).status).toBe('damaged');
    await expect(readdir(dirname(fresh))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a copy that breaks half-way (truncated, forced) leaves the destination as it was', async () => {
    const truncated = await copyOf(copy, join(tmp.dir, 'rusak'), 'potong.tar.zst');
    await halve(truncated);
    const { to, unchanged } = await destination('potong');
    expect((await restoreCopy(truncated, to, { config, overwrite: true })).status).toBe('damaged');
    const forced = await restoreCopy(truncated, to, { config, overwrite: true, force: true });
    expect(forced.status, JSON.stringify(forced)).toBe('failed');
    await unchanged();
  });

  it('keeps the destination folder\'s mode and owner, and a symbolic link to it', async () => {
    const { to } = await destination('tautan');
    await chmod(to, 0o750);
    await chown(to, 65534, 65534).catch(() => {});
    const before = await stat(to);
    const link = join(tmp.dir, 'pulih-tautan', 'tautan');
    await symlink(to, link);
    expect((await restoreCopy(copy, link, { config, overwrite: true })).status).toBe('restored');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const after = await stat(to);
    expect([after.mode & 0o7777, after.uid, after.gid]).toEqual([before.mode & 0o7777, before.uid, before.gid]);
    expect(await describeTree(join(to, source.slice(1)))).toEqual(await describeTree(source));
    expect((await readdir(dirname(to))).sort()).toEqual(['data', 'tautan']);
  });

  it('a destination that cannot be made fails with a sentence, not an exception', async () => {
    const blocker = join(tmp.dir, 'berkas-biasa.txt');
    await writeFile(blocker, 'bukan folder\n');
    const outcome = await restoreCopy(copy, join(blocker, 'data'), { config });
    expect(outcome).toMatchObject({ status: 'failed', code: 'tool-failed' });
    expect(outcome.message).not.toMatch(/ENOTDIR|Error/);
  });

  it('replaces a destination only when the restore is complete, leaving no staging folder', async () => {
    const { to } = await destination('utuh');
    expect((await restoreCopy(copy, to, { config })).status).toBe('refused');
    expect((await restoreCopy(copy, to, { config, overwrite: true })).status).toBe('restored');
    expect(await describeTree(join(to, source.slice(1)))).toEqual(await describeTree(source));
    expect(await readdir(to)).not.toContain('lama');
    expect(await readdir(dirname(to))).toEqual(['data']);
  });
});

describe.skipIf(!hasPostgres)('restore of a PostgreSQL copy', () => {
  let source: ScratchPostgres;
  let target: ScratchPostgres;
  let tmp: { dir: string; remove: () => Promise<void> };
  let config: BackupConfig;
  let copy: string;
  const admin = () => {
    const url = new URL(source.url);
    url.pathname = '/postgres';
    return url.toString();
  };
  async function query(url: string, sql: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const rowsOf = (url: string) => query(url, 'SELECT id, nama FROM pegawai ORDER BY id');
  const scratchDatabases = async () => (await query(admin(), "SELECT datname FROM pg_database WHERE datname LIKE 'cadang\\_restore\\_%' OR datname LIKE 'cadang\\_old\\_%'")).map((row) => (row as { datname: string }).datname);
  /** No scratch database of this restore is left; one of a parallel test file may come and go. */
  async function noScratchLeft(before: string[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const left = (await scratchDatabases()).filter((name) => !before.includes(name));
      if (left.length === 0) return;
      if (attempt >= 100) expect(left).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    source = await createScratchPostgres('rs_pg_src');
    target = await createScratchPostgres('rs_pg_dst');
    tmp = await makeTempDir('restore-pg');
    await query(source.url, "CREATE TABLE pegawai (id serial PRIMARY KEY, nama text); INSERT INTO pegawai (nama) SELECT 'Pegawai baru ' || g FROM generate_series(1, 5000) g");
    await query(target.url, "CREATE TABLE pegawai (id serial PRIMARY KEY, nama text); INSERT INTO pegawai (nama) SELECT 'Pegawai lama ' || g FROM generate_series(1, 7) g");
    const url = new URL(source.url);
    config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      targets: [{ name: 'simpeg', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1) } }],
    });
    copy = await backUp(config);
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    await tmp?.remove();
  });

  it('refuses a bit-flipped copy before creating or changing any database', async () => {
    const damaged = await copyOf(copy, join(tmp.dir, 'rusak'), 'bitflip.dump.zst');
    await flipBit(damaged);
    const before = await rowsOf(target.url);
    const scratch = await scratchDatabases();
    const outcome = await restoreCopy(damaged, new URL(target.url).pathname.slice(1), { config, overwrite: true });
    expect(outcome).toMatchObject({ status: 'damaged', problem: 'checksum' });
    expect(await rowsOf(target.url)).toEqual(before);
    await noScratchLeft(scratch);
  });

  it('a restore that breaks half-way (truncated, forced) leaves the database as it was', async () => {
    const truncated = await copyOf(copy, join(tmp.dir, 'rusak'), 'potong.dump.zst');
    await halve(truncated);
    const before = await rowsOf(target.url);
    const scratch = await scratchDatabases();
    const outcome = await restoreCopy(truncated, new URL(target.url).pathname.slice(1), { config, overwrite: true, force: true });
    expect(outcome.status, JSON.stringify(outcome)).toBe('failed');
    expect(await rowsOf(target.url)).toEqual(before);
    await noScratchLeft(scratch);
    // Into a new name: the database does not appear.
    const name = `${new URL(target.url).pathname.slice(1)}_baru`;
    expect((await restoreCopy(truncated, name, { config, force: true })).status).toBe('failed');
    expect(await query(admin(), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).toEqual([]);
  });

  it('leaves a database others are connected to alone, then replaces it once they are gone', async () => {
    const name = new URL(target.url).pathname.slice(1);
    const before = await rowsOf(target.url);
    const user = new pg.Client({ connectionString: target.url });
    await user.connect();
    try {
      const busy = await restoreCopy(copy, name, { config, overwrite: true });
      expect(busy).toMatchObject({ status: 'failed', code: 'destination-in-use' });
      expect(busy.message).toBe(`Database ${name} sedang dipakai koneksi lain, sehingga tidak dapat diganti; tujuan tidak diubah. Hentikan aplikasi yang memakainya lalu ulangi.`);
      expect((await user.query('SELECT id, nama FROM pegawai ORDER BY id')).rows).toEqual(before);
    } finally {
      await user.end();
    }
    const scratch = await scratchDatabases();
    expect((await restoreCopy(copy, name, { config, overwrite: true })).status).toBe('restored');
    expect(await rowsOf(target.url)).toEqual(await rowsOf(source.url));
    await noScratchLeft(scratch);
  });
});

describe.skipIf(!hasMariadb)('restore of a MariaDB copy', () => {
  let source: ScratchMariadb;
  let target: ScratchMariadb;
  let tmp: { dir: string; remove: () => Promise<void> };
  let config: BackupConfig;
  let copy: string;
  async function sql(database: string, statement: string): Promise<unknown[]> {
    const connection = await mysql.createConnection({ ...parseMariadbUrl(source.url), database, multipleStatements: true });
    try {
      return (await connection.query(statement))[0] as unknown[];
    } finally {
      await connection.end();
    }
  }
  const rowsOf = (database: string) => sql(database, 'SELECT id, nama FROM mahasiswa ORDER BY id');
  /** No scratch or old database is left (only this file restores over MariaDB data; polls in case that changes). */
  async function noScratchLeft(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const left = await sql(source.database, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'cadang\\_old\\_%' OR schema_name LIKE 'cadang\\_restore\\_%'");
      if (left.length === 0) return;
      if (attempt >= 100) expect(left).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    source = await createScratchMariadb('rs_my_src');
    target = await createScratchMariadb('rs_my_dst');
    tmp = await makeTempDir('restore-my');
    await sql(source.database, "CREATE TABLE mahasiswa (id INT PRIMARY KEY, nama VARCHAR(100)); INSERT INTO mahasiswa SELECT seq, CONCAT('Mahasiswa baru ', seq) FROM seq_1_to_3000");
    await sql(target.database, "CREATE TABLE mahasiswa (id INT PRIMARY KEY, nama VARCHAR(100)); CREATE TABLE lain (x INT); INSERT INTO mahasiswa VALUES (1, 'Mahasiswa lama')");
    config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      targets: [{ name: 'siakad', kind: 'mysql', connection: { host: source.host, port: source.port, user: source.user, database: source.database } }],
    });
    copy = await backUp(config);
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    await tmp?.remove();
  });

  it('a restore that breaks half-way leaves the database as it was; a complete one swaps every table at once', async () => {
    const truncated = await copyOf(copy, join(tmp.dir, 'rusak'), 'potong.sql.zst');
    await halve(truncated);
    expect((await restoreCopy(truncated, target.database, { config, overwrite: true })).status).toBe('damaged');
    const forced = await restoreCopy(truncated, target.database, { config, overwrite: true, force: true });
    expect(forced.status, JSON.stringify(forced)).toBe('failed');
    expect(await rowsOf(target.database)).toEqual([{ id: 1, nama: 'Mahasiswa lama' }]);
    expect(await sql(target.database, 'SHOW TABLES')).toHaveLength(2);

    expect((await restoreCopy(copy, target.database, { config, overwrite: true })).status).toBe('restored');
    expect(await rowsOf(target.database)).toEqual(await rowsOf(source.database));
    expect((await sql(target.database, 'SHOW TABLES')) as unknown[]).toHaveLength(1);
    await noScratchLeft();
  });

  it('stops before touching a database with views or triggers, which RENAME TABLE cannot move', async () => {
    const other = await createScratchMariadb('rs_my_view');
    try {
      await sql(other.database, "CREATE TABLE mahasiswa (id INT PRIMARY KEY, nama VARCHAR(100)); INSERT INTO mahasiswa VALUES (7, 'Tetap'); CREATE VIEW daftar AS SELECT nama FROM mahasiswa");
      const outcome = await restoreCopy(copy, other.database, { config, overwrite: true });
      expect(outcome).toMatchObject({ status: 'failed', code: 'cannot-swap' });
      expect(outcome.message).toBe(`Database ${other.database} atau salinannya berisi view, trigger, prosedur atau event, yang tidak dapat dipindahkan MariaDB sekaligus; tujuan tidak diubah. Pulihkan ke nama database baru lalu alihkan aplikasinya.`);
      expect(await rowsOf(other.database)).toEqual([{ id: 7, nama: 'Tetap' }]);
      expect(await sql(other.database, 'SELECT nama FROM daftar')).toEqual([{ nama: 'Tetap' }]);
      await noScratchLeft();
    } finally {
      await other.drop();
    }
  });

  it('into a new name, a broken restore leaves no database behind', async () => {
    const truncated = await copyOf(copy, join(tmp.dir, 'rusak'), 'potong2.sql.zst');
    await halve(truncated);
    const name = `${target.database}_baru`;
    expect((await restoreCopy(truncated, name, { config, force: true })).status).toBe('failed');
    expect(await sql(source.database, `SELECT schema_name FROM information_schema.schemata WHERE schema_name = '${name}'`)).toEqual([]);
  });
});
