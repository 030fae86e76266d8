import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupJob } from '../../src/backup/backup-job.js';
import { createMemoryJobStore } from '../../src/backup/job-store.js';
import { backupMessages } from '../../src/backup/messages.js';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, hasMariadb, hasPostgres, type ScratchMariadb } from '../support/services.js';
import { makeConfig, makeTempDir } from './helpers.js';

const id = backupMessages('id');

/** Runs one recorded job and returns its outcome with the reason its job row keeps. */
async function runJob(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const config = makeConfig(raw);
  const store = createMemoryJobStore();
  const { jobId, outcome } = await runBackupJob(store, config.targets[0]!, { kind: 'internal', folder: config.internalFolder }, { config, env });
  return { outcome, reason: (await store.getJob(jobId))?.reason ?? '' };
}

let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('causes');
});
afterAll(() => tmp?.remove());

describe.skipIf(!hasPostgres)('PostgreSQL failures name their real cause', () => {
  const url = new URL(process.env.CADANG_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const connection = { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) };

  it('a missing database is "not found", not "server cannot be reached", with psql\'s own line', async () => {
    const database = `tidak_ada_${process.pid}`;
    const { outcome, reason } = await runJob({ internalFolder: join(tmp.dir, 'pg-missing'), targets: [{ name: 'simpeg', kind: 'postgres', connection: { ...connection, database } }] });
    expect(outcome).toMatchObject({ status: 'failed', code: 'source-missing' });
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message.startsWith(`${id.sourceMissing('simpeg')} Pesan psql: «psql: error: connection to server at "${connection.host}", port ${connection.port} failed: FATAL:  database "${database}" does not exist»`)).toBe(true);
    expect(reason).toBe(`source-missing: ${message}`);
  });

  it('never shows a password in the tool\'s line, even when the tool echoes it', async () => {
    // The database is named like the password, so psql's error repeats it.
    const secret = `Rahasia_${randomBytes(6).toString('hex')}`;
    const { outcome, reason } = await runJob(
      { internalFolder: join(tmp.dir, 'pg-echo'), targets: [{ name: 'gema', kind: 'postgres', connection: { ...connection, database: secret, passwordEnv: 'CADANG_TEST_ECHO_PW' } }] },
      { CADANG_TEST_ECHO_PW: secret },
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'source-missing' });
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message).toContain('FATAL:  database "***" does not exist»');
    expect(JSON.stringify(outcome)).not.toContain(secret);
    expect(reason).not.toContain(secret);
  });
});

describe.skipIf(!hasMariadb)('MariaDB failures name their real cause', () => {
  let source: ScratchMariadb;
  let admin: mysql.Connection;
  const user = `cadang_terbatas_${process.pid}`;
  const password = `Terbatas-${randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    source = await createScratchMariadb('bk_cause');
    admin = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    await admin.query('CREATE TABLE pegawai (id INT PRIMARY KEY, nama TEXT)');
    await admin.query("INSERT INTO pegawai VALUES (1, 'Siti'), (2, 'Bambang')");
    await admin.query('CREATE VIEW daftar AS SELECT nama FROM pegawai');
    // May read the tables, but not view definitions: the login works, the dump does not.
    for (const host of ['%', 'localhost']) {
      await admin.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT SELECT ON \`${source.database}\`.* TO '${user}'@'${host}'`);
    }
  });
  afterAll(async () => {
    for (const host of ['%', 'localhost']) await admin?.query(`DROP USER IF EXISTS '${user}'@'${host}'`).catch(() => {});
    await admin?.end();
    await source?.drop();
  });

  it('a missing privilege is not a wrong password: the sentence says so and carries mariadb-dump\'s line', async () => {
    const { outcome, reason } = await runJob(
      { internalFolder: join(tmp.dir, 'my-privilege'), targets: [{ name: 'kepegawaian', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'CADANG_TEST_LIMITED_PW' } }] },
      { CADANG_TEST_LIMITED_PW: password },
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'privilege-missing' });
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message).toMatch(new RegExp(`^${escape(id.privilegeMissing('kepegawaian'))} Pesan mariadb-dump: «mariadb-dump: Couldn't execute 'show create table \`daftar\`': SHOW VIEW command denied to user '${user}'@'[^']+' for table .*»$`));
    expect(reason).toBe(`privilege-missing: ${message}`);
    expect(message).not.toContain(password);
  });

  it('a wrong password is still a wrong password, in English too', async () => {
    const config = makeConfig({ internalFolder: join(tmp.dir, 'my-wrong'), targets: [{ name: 'kepegawaian', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'CADANG_TEST_LIMITED_PW' } }] });
    const store = createMemoryJobStore();
    const { outcome } = await runBackupJob(store, config.targets[0]!, { kind: 'internal', folder: config.internalFolder }, { config, env: { CADANG_TEST_LIMITED_PW: 'bukan-sandinya' }, locale: 'en' });
    expect(outcome).toMatchObject({ status: 'failed', code: 'auth-failed' });
    expect(outcome.status === 'failed' ? outcome.message : '').toMatch(
      new RegExp(`^${escape(backupMessages('en').authFailed('kepegawaian'))} mariadb said: «ERROR 1045 \\(28000\\): Access denied for user '${user}'@'[^']+' \\(using password: YES\\)»$`),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
