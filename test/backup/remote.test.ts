import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { restoreCopy } from '../../src/backup/restore.js';
import type { BackupDestination } from '../../src/backup/types.js';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import pg from 'pg';
import { createScratchMariadb, createScratchPostgres, hasMariadb, hasPostgres } from '../support/services.js';
import { describeTree, makeConfig, makeTempDir } from './helpers.js';
import { hasSshd, startTestSshServer, type TestSshServer } from './ssh-server.js';

describe.skipIf(!hasSshd)('sources on another host over SSH (a second sshd on 127.0.0.1)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let ssh: TestSshServer;
  let destination: BackupDestination;
  beforeAll(async () => {
    tmp = await makeTempDir('ssh');
    ssh = await startTestSshServer(join(tmp.dir, 'sshd'));
    destination = { kind: 'internal', folder: join(tmp.dir, 'backups') };
  });
  afterAll(async () => {
    await ssh?.stop();
    await tmp?.remove();
  });

  it('backs up a remote tree through ssh and restores it equal', async () => {
    const source = join(tmp.dir, 'remote-tree');
    await mkdir(join(source, 'dokumen'), { recursive: true });
    await writeFile(join(source, 'dokumen', 'nota dinas — ñ.txt'), 'Nota dinas kepala satker\n'.repeat(2000));
    const config = makeConfig({ internalFolder: destination.kind === 'internal' ? destination.folder : '', sshHosts: { 'server-app': ssh.host }, targets: [{ name: 'remote-files', kind: 'files', via: 'server-app', include: [source] }] });
    const commands: string[] = [];
    const outcome = await runBackup(config.targets[0]!, destination, { config, log: (entry) => entry.event === 'backup.command' && commands.push(String(entry.command)) });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(commands.some((command) => command.startsWith('ssh ') && command.includes('tar --create --file=-'))).toBe(true);
    expect(outcome.copy.manifest.command).toMatch(/^ssh .* \| zstd/);
    const out = join(tmp.dir, 'out');
    expect((await restoreCopy(outcome.copy.path, out, { config })).status).toBe('restored');
    expect(await describeTree(join(out, source.slice(1)))).toEqual(await describeTree(source));
  });

  it('mirrors a folder to another host with rsync over ssh', async () => {
    const source = join(tmp.dir, 'situs');
    const mirror = join(tmp.dir, 'cermin-jauh');
    await mkdir(join(source, 'css'), { recursive: true });
    await writeFile(join(source, 'index.html'), '<h1>Selamat datang — ñ</h1>');
    await writeFile(join(source, 'css', 'gaya.css'), 'body { color: black }');
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      sshHosts: { cadangan: ssh.host },
      targets: [{ name: 'situs', kind: 'mirror', source, mirrorTo: { path: mirror, via: 'cadangan' } }],
    });
    const outcome = await runBackup(config.targets[0]!, destination, { config });
    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.copy.manifest.command).toMatch(/^rsync .*--rsh=ssh .* -- .*situs\/ 127\.0\.0\.1:.*cermin-jauh$/);
    expect(outcome.copy.manifest.details).toMatchObject({ created: 4, deleted: 0 });
    expect(await describeTree(mirror)).toEqual(await describeTree(source));
  });

  it('reports a host that refuses connections as host-unreachable', async () => {
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'backups'),
      sshHosts: { mati: { ...ssh.host, port: 1 } },
      targets: [{ name: 'mati', kind: 'files', via: 'mati', include: ['/srv'] }],
    });
    expect(await runBackup(config.targets[0]!, destination, { config })).toMatchObject({ status: 'failed', code: 'host-unreachable' });
  });

  it.skipIf(!hasPostgres)('dumps a remote PostgreSQL (ssh host pg_dump … streams back) in the snapshot its row counts come from', async () => {
    const source = await createScratchPostgres('bk_ssh_pg');
    try {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      await client.query("CREATE TABLE pengumuman (id int PRIMARY KEY, isi text); INSERT INTO pengumuman SELECT g, 'Pengumuman ' || g || ' — ñ' FROM generate_series(1, 1500) g");
      await client.end();
      const url = new URL(source.url);
      const config = makeConfig({
        internalFolder: join(tmp.dir, 'backups'),
        sshHosts: { 'db-server': ssh.host },
        targets: [{ name: 'remote-pg', kind: 'postgres', via: 'db-server', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1), passwordEnv: 'REMOTE_PG_PW' } }],
      });
      const outcome = await runBackup(config.targets[0]!, destination, { config, env: { REMOTE_PG_PW: 'SandiPostgres_9' } });
      expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      expect(outcome.copy.manifest.command).toMatch(/^ssh .*pg_dump --format=custom --compress=0 --snapshot=/);
      expect(outcome.copy.manifest.details.rowCounts).toEqual({ 'public.pengumuman': 1500 });
      expect(JSON.stringify(outcome)).not.toContain('SandiPostgres_9');
    } finally {
      await source.drop();
    }
  });

  it.skipIf(!hasMariadb)('dumps a remote MariaDB with the password sent over ssh stdin, never in argv', async () => {
    const source = await createScratchMariadb('bk_ssh');
    const password = 'SandiLewatSsh_4821';
    const user = `cadang_ssh_${process.pid}`;
    const admin = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    try {
      await admin.query('CREATE TABLE t (id INT PRIMARY KEY, nama VARCHAR(50) CHARACTER SET utf8mb4)');
      await admin.query('INSERT INTO t VALUES ?', [Array.from({ length: 500 }, (_, i) => [i, `Ñama ${i}`])]);
      for (const host of ['%', 'localhost']) {
        await admin.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
        await admin.query(`GRANT ALL ON \`${source.database}\`.* TO '${user}'@'${host}'`);
      }
      const config = makeConfig({
        internalFolder: join(tmp.dir, 'backups'),
        sshHosts: { 'db-server': ssh.host },
        targets: [{ name: 'remote-db', kind: 'mysql', via: 'db-server', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'REMOTE_DB_PW' } }],
      });
      const seen: string[] = [];
      let polling = true;
      const poll = (async () => {
        while (polling) {
          // A short pause keeps the sweep from starving the tools it watches (they live far longer).
          await new Promise((resolve) => setTimeout(resolve, 5));
          for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) seen.push(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''));
        }
      })();
      const outcome = await runBackup(config.targets[0]!, destination, { config, env: { REMOTE_DB_PW: password } });
      polling = false;
      await poll;
      expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      expect(outcome.copy.manifest.details.rowCounts).toEqual({ t: 500 });
      expect(seen.some((line) => line.includes('mariadb-dump'))).toBe(true);
      expect(seen.filter((line) => line.includes(password))).toEqual([]);
      expect(JSON.stringify(outcome)).not.toContain(password);

      const wrong = await runBackup(config.targets[0]!, destination, { config, env: { REMOTE_DB_PW: 'salah' } });
      expect(wrong).toMatchObject({ status: 'failed', code: 'auth-failed' });
    } finally {
      for (const host of ['%', 'localhost']) await admin.query(`DROP USER IF EXISTS '${user}'@'${host}'`);
      await admin.end();
      await source.drop();
    }
  });
});

describe('mirror kind (real rsync)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir('mirror');
  });
  afterAll(() => tmp.remove());

  it('keeps a mirror in sync, reports changes, and refuses to delete more than the limit', async () => {
    const source = join(tmp.dir, 'www');
    const mirror = join(tmp.dir, 'cermin');
    await mkdir(join(source, 'gambar'), { recursive: true });
    for (let i = 0; i < 10; i += 1) await writeFile(join(source, `halaman-${i}.html`), `<p>Halaman ${i} — ñ</p>`);
    const config = makeConfig({ internalFolder: join(tmp.dir, 'backups'), targets: [{ name: 'web', kind: 'mirror', source, mirrorTo: { path: mirror }, maxDelete: 3 }] });
    const destination: BackupDestination = { kind: 'internal', folder: join(tmp.dir, 'backups') };
    const first = await runBackup(config.targets[0]!, destination, { config });
    expect(first.status, JSON.stringify(first)).toBe('succeeded');
    if (first.status !== 'succeeded') return;
    expect(first.copy.manifest.details).toMatchObject({ created: 12, deleted: 0 });
    expect(await describeTree(mirror)).toEqual(await describeTree(source));

    await rm(join(source, 'halaman-0.html'));
    await writeFile(join(source, 'halaman-1.html'), 'diubah');
    const second = await runBackup(config.targets[0]!, destination, { config });
    // The changed file, and the folder's time only when the second has turned since the last run.
    expect(second.status === 'succeeded' && second.copy.manifest.details).toMatchObject({ created: 0, updated: expect.any(Number), deleted: 1 });
    if (second.status === 'succeeded') expect(second.copy.manifest.details.updated).toBeGreaterThanOrEqual(1);
    expect(await describeTree(mirror)).toEqual(await describeTree(source));

    // The source is emptied by mistake: the mirror must survive.
    for (let i = 1; i < 10; i += 1) await rm(join(source, `halaman-${i}.html`));
    const third = await runBackup(config.targets[0]!, destination, { config });
    expect(third).toMatchObject({ status: 'failed', code: 'mirror-delete-limit', message: 'Mirroring web dihentikan: akan menghapus lebih dari 3 berkas. Periksa sumbernya atau naikkan batas maxDelete.' });
    expect((await readdir(mirror)).filter((name) => name.endsWith('.html'))).toHaveLength(9);
  });
});
