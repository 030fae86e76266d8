import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { restoreCopy } from '../../src/backup/restore.js';
import { createSecretFolder, removeStaleWorkFolders } from '../../src/backup/secrets.js';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, hasMariadb, type ScratchMariadb } from '../support/services.js';
import { filesContaining, makeConfig, makeTempDir } from './helpers.js';

// Made at run time: a literal would sit in the test runner's own transform cache under /tmp.
const password = `Rahasia-${randomBytes(8).toString('hex')}`;

/** Reads the argv of every process on the machine, as `ps` would show it. */
async function readAllCommandLines(): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').then((text) => text.split('\0').join(' '), () => '')));
  return lines.filter((line) => line !== '');
}

async function readTree(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name), 'latin1');
  }
  return out;
}

describe.skipIf(!hasMariadb)('secrets never reach argv, logs or outputs', () => {
  let source: ScratchMariadb;
  let tmp: { dir: string; remove: () => Promise<void> };
  const user = `cadang_rahasia_${process.pid}`;
  let admin: mysql.Connection;
  beforeAll(async () => {
    source = await createScratchMariadb('bk_secret');
    tmp = await makeTempDir('secret');
    admin = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    await admin.query('CREATE TABLE catatan (id INT PRIMARY KEY, isi TEXT)');
    await admin.query('INSERT INTO catatan VALUES ?', [Array.from({ length: 20000 }, (_, i) => [i, `baris ${i} `.repeat(20)])]);
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}'`);
    for (const host of ['%', 'localhost']) await admin.query(`GRANT ALL ON \`${source.database}\`.* TO '${user}'@'${host}'`);
  });
  afterAll(async () => {
    await admin?.query(`DROP USER IF EXISTS '${user}'@'%'`).catch(() => {});
    await admin?.query(`DROP USER IF EXISTS '${user}'@'localhost'`).catch(() => {});
    await admin?.end();
    await source?.drop();
    await tmp?.remove();
  });

  it('runs a job with a known password: absent from every process argv, the log, manifest, copy and outcome', async () => {
    const passwordFile = join(tmp.dir, 'db-password');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({
      internalFolder: internal,
      targets: [{ name: 'rahasia', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordFile } }],
    });
    const seen: string[] = [];
    // Files holding the password, apart from the configured password file itself: looked for
    // in the whole temporary folder (which holds the data folder) while the dump runs, and after.
    const since = Date.now() - 1000;
    const onDisk = async () => (await filesContaining(tmpdir(), password, since)).filter((file) => file !== passwordFile);
    const onDiskDuring: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const lines = await readAllCommandLines();
        seen.push(...lines);
        if (onDiskDuring.length === 0 && lines.some((line) => line.includes('mariadb-dump') && line.includes(internal))) onDiskDuring.push('scanned', ...(await onDisk()));
        // A short pause keeps the sweep from starving the tools it watches (they live far longer).
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const log: string[] = [];
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config, log: (entry) => log.push(JSON.stringify(entry)), onProgress: (event) => log.push(JSON.stringify(event)) });
    const restored = await createScratchMariadb('bk_secret_restored');
    await admin.query(`GRANT ALL ON \`${restored.database}\`.* TO '${user}'@'%'`);
    const restoredOutcome = outcome.status === 'succeeded' ? await restoreCopy(outcome.copy.path, restored.database, { config }) : undefined;
    polling = false;
    await poller;
    await restored.drop();

    expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
    expect(restoredOutcome?.status).toBe('restored');
    // The poll really saw the tools run, so its silence about the password means something.
    expect(seen.some((line) => line.includes('mariadb-dump') || line.includes('mysqldump'))).toBe(true);
    expect(seen.filter((line) => line.includes(password))).toEqual([]);
    expect(log.join('\n')).not.toContain(password);
    expect(log.join('\n')).toContain('--defaults-extra-file=');
    expect(JSON.stringify(outcome)).not.toContain(password);
    expect(await readTree(internal)).not.toContain(password);
    expect(onDiskDuring).toEqual(['scanned']);
    expect(await onDisk()).toEqual([]);
  });

  it('a wrong password ends with auth-failed and a sentence without the password', async () => {
    const internal = join(tmp.dir, 'wrong');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'salah', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'CADANG_TEST_WRONG_PW' } }] });
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config, env: { CADANG_TEST_WRONG_PW: 'bukan-ini-sandinya' } });
    expect(outcome).toMatchObject({ status: 'failed', code: 'auth-failed' });
    expect(outcome.status === 'failed' ? outcome.message : '').toMatch(/^Login ke sumber data salah ditolak: nama pengguna atau kata sandi salah\. Pesan mariadb: «ERROR 1045 \(28000\): Access denied for user '[^']+'@'[^']+' \(using password: YES\)»$/);
    expect(JSON.stringify(outcome)).not.toContain('bukan-ini-sandinya');
    expect(await readdir(join(internal, 'salah'))).toEqual([]);
  });

  it('refuses a password file others can read, and a missing variable', async () => {
    const loose = join(tmp.dir, 'loose-password');
    await writeFile(loose, password);
    await chmod(loose, 0o644);
    const internal = join(tmp.dir, 'loose');
    const config = makeConfig({
      internalFolder: internal,
      targets: [
        { name: 'longgar', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordFile: loose } },
        { name: 'kosong', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'CADANG_TEST_UNSET_PW' } },
      ],
    });
    expect(await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config })).toMatchObject({
      status: 'failed',
      code: 'secret-unavailable',
      message: `Kata sandi untuk target longgar tidak dapat dibaca: berkas ${loose} harus hanya dapat dibaca pemiliknya (0600), sekarang 0644.`,
    });
    expect(await runBackup(config.targets[1]!, { kind: 'internal', folder: internal }, { config, env: {} })).toMatchObject({ status: 'failed', code: 'secret-unavailable' });
  });
});

describe('work folders a killed run left behind', () => {
  it('are removed when the next folder is made: dead runs and old option-file folders go, live ones stay', async () => {
    const tmp = await makeTempDir('stale');
    try {
      // A pid that surely belongs to no process: one that has just ended.
      const dead = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['-e', '']);
        child.once('exit', () => resolve(child.pid!));
      });
      // Live and dead runs' folders; an old version's option-file folder; folders that only look alike.
      const names = [`cadang-secret-${hostname()}-${dead}-aB3dEf`, `cadang-secret-${hostname()}-${process.pid}-xY9zW1`, 'cadang-secret-Q1w2E3', 'cadang-secret-R4t5Y6', 'cadang-secret-lain'];
      for (const name of names) await mkdir(join(tmp.dir, name));
      await writeFile(join(tmp.dir, 'cadang-secret-Q1w2E3', 'my.cnf'), '[client]\npassword="lama"\n');
      await writeFile(join(tmp.dir, 'cadang-secret-R4t5Y6', 'catatan.txt'), 'bukan milik Cadang');
      expect((await removeStaleWorkFolders(tmp.dir, 'cadang-secret-')).sort()).toEqual([names[0], names[2]].sort());
      expect((await readdir(tmp.dir)).sort()).toEqual([names[1], names[3], names[4]].sort());

      const base = join(tmp.dir, 'data', '.work');
      await mkdir(join(base, `job-${hostname()}-${dead}-aB3dEf`), { recursive: true });
      const folder = await createSecretFolder(base);
      expect(folder.removedStale).toEqual([`job-${hostname()}-${dead}-aB3dEf`]);
      expect((await stat(base)).mode & 0o777).toBe(0o700);
      await folder.dispose();
      expect(await readdir(base)).toEqual([]);
    } finally {
      await tmp.remove();
    }
  });
});
