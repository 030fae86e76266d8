import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { backupConfigSchema } from '../../src/backup/config.js';
import { parseMariadbUrl } from '../support/mariadb-admin.js';
import { createScratchMariadb, hasMariadb, type ScratchMariadb } from '../support/services.js';
import { filesContaining, makeTempDir } from './helpers.js';

const cadangBin = fileURLToPath(new URL('../../bin/cadang.js', import.meta.url));
// Made at run time: a literal would sit in the test runner's own transform cache under /tmp.
const password = `Sinyal-${randomBytes(8).toString('hex')}`;

/** Every process's argv, with its pid. */
async function readCommandLines(): Promise<{ pid: string; argv: string }[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(pids.map(async (pid) => ({ pid, argv: await readFile(`/proc/${pid}/cmdline`, 'utf8').then((text) => text.split('\0').join(' '), () => '') })));
  return lines.filter((line) => line.argv !== '');
}

async function filesUnder(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true }).catch(() => [] as string[])).map(String);
}

interface Run {
  base: string;
  internal: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  pid: number;
}

describe.skipIf(!hasMariadb)('cadang backup run under SIGINT, SIGTERM and SIGKILL (real processes)', () => {
  let source: ScratchMariadb;
  let tmp: { dir: string; remove: () => Promise<void> };
  let admin: mysql.Connection;
  const user = `cadang_sinyal_${process.pid}`;
  const seenArgv: string[] = [];

  beforeAll(async () => {
    source = await createScratchMariadb('bk_signal');
    tmp = await makeTempDir('signal');
    admin = await mysql.createConnection({ ...parseMariadbUrl(source.url), database: source.database });
    // Hex text compresses slowly at zstd level 19 on one thread: the runs are caught mid-way.
    await admin.query('CREATE TABLE jejak (id INT PRIMARY KEY, isi TEXT)');
    await admin.query("INSERT INTO jejak SELECT seq, CONCAT(SHA2(seq, 512), SHA2(seq + 1, 512), SHA2(seq + 2, 512)) FROM seq_1_to_40000");
    for (const host of ['%', 'localhost']) {
      await admin.query(`CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT ALL ON \`${source.database}\`.* TO '${user}'@'${host}'`);
    }
  });
  afterAll(async () => {
    for (const host of ['%', 'localhost']) await admin?.query(`DROP USER IF EXISTS '${user}'@'${host}'`).catch(() => {});
    await admin?.end();
    await source?.drop();
    await tmp?.remove();
  });

  function targetConfig(internal: string) {
    return {
      internalFolder: internal,
      compression: { level: 19, threads: 1 },
      targets: [{ name: 'sinyal', kind: 'mysql', connection: { host: source.host, port: source.port, user, database: source.database, passwordEnv: 'CADANG_TEST_SIGNAL_PW' } }],
    };
  }

  async function start(name: string, locale: 'id' | 'en'): Promise<Run> {
    const base = join(tmp.dir, name);
    const internal = join(base, 'backups');
    await mkdir(join(base, 'data'), { recursive: true });
    await writeFile(join(base, 'cadang.yaml'), JSON.stringify({ backup: targetConfig(internal) }));
    const child = spawn(process.execPath, [cadangBin, 'backup', 'run', 'sinyal'], {
      cwd: base,
      env: { ...process.env, CADANG_CONFIG: join(base, 'cadang.yaml'), DATABASE_URL: `file:${join(base, 'data', 'cadang.db')}`, CADANG_LOCALE: locale, CADANG_TEST_SIGNAL_PW: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return { base, internal, exit, stdout: () => out, pid: child.pid! };
  }

  /** Waits until the run is mid-copy: a partial file exists and mariadb-dump runs with this run's paths. */
  async function midBackup(run: Run): Promise<void> {
    let ended = false;
    void run.exit.then(() => (ended = true));
    for (;;) {
      if (ended) throw new Error(`the backup ended before it could be signalled: ${run.stdout()}`);
      const argv = await readCommandLines();
      seenArgv.push(...argv.map((line) => line.argv));
      const partial = (await filesUnder(join(run.internal, 'sinyal'))).some((name) => name.endsWith('.partial'));
      if (partial && argv.some((line) => line.argv.includes('mariadb-dump') && line.argv.includes(run.base))) return;
      await sleep(50);
    }
  }

  /** The tools (mariadb-dump, zstd …) still running with this run's paths in their argv. */
  async function toolsOf(run: Run): Promise<string[]> {
    return (await readCommandLines()).filter((line) => line.argv.includes(run.base) && !line.argv.includes('vitest')).map((line) => line.argv);
  }

  function jobStatuses(run: Run): string[] {
    const db = new Database(join(run.base, 'data', 'cadang.db'), { readonly: true });
    try {
      return (db.prepare('SELECT status FROM BackupJob').all() as { status: string }[]).map((row) => row.status);
    } finally {
      db.close();
    }
  }

  it('SIGINT and SIGTERM cancel like the cancel button; SIGKILL leaves no tool and no secret, and the next start cleans up', async () => {
    const started = Date.now() - 1000;
    const runs = { int: await start('int', 'id'), term: await start('term', 'en'), kill: await start('kill', 'id') };
    await Promise.all(Object.values(runs).map(midBackup));
    process.kill(runs.int.pid, 'SIGINT');
    process.kill(runs.term.pid, 'SIGTERM');
    process.kill(runs.kill.pid, 'SIGKILL');
    const [int, term, kill] = await Promise.all([runs.int.exit, runs.term.exit, runs.kill.exit]);
    await sleep(1000);

    expect(int, runs.int.stdout()).toEqual({ code: 130, signal: null });
    expect(runs.int.stdout()).toContain('Backup sinyal dibatalkan karena sinyal SIGINT (Ctrl+C): program dihentikan dan salinan yang belum selesai dihapus.');
    expect(term, runs.term.stdout()).toEqual({ code: 143, signal: null });
    expect(runs.term.stdout()).toContain('The backup of sinyal was cancelled by signal SIGTERM: the tools were stopped and the unfinished copy removed.');
    expect(kill.signal).toBe('SIGKILL');

    for (const run of [runs.int, runs.term]) {
      expect(await filesUnder(run.internal)).not.toContainEqual(expect.stringMatching(/\.partial$|\.lock$|job-/));
      expect(jobStatuses(run)).toEqual(['cancelled']);
    }
    // No tool outlives any of them, SIGKILL included: they die with Cadang.
    for (const run of Object.values(runs)) expect(await toolsOf(run)).toEqual([]);
    // The password was never on a command line, and no file anywhere holds it.
    expect(seenArgv.filter((line) => line.includes(password))).toEqual([]);
    expect(await filesContaining(tmpdir(), password, started)).toEqual([]);

    // After SIGKILL only the next start can clean up: it removes the partial copy, the lock and
    // the dead run's work folder, even when it then stops at once (here: no password given).
    expect((await filesUnder(runs.kill.internal)).some((name) => name.endsWith('.partial'))).toBe(true);
    const config = backupConfigSchema.parse(targetConfig(runs.kill.internal));
    const next = await runBackup(config.targets[0]!, { kind: 'internal', folder: runs.kill.internal }, { config, env: {} });
    expect(next.status).toBe('failed');
    expect(await filesUnder(runs.kill.internal)).not.toContainEqual(expect.stringMatching(/\.partial$|\.lock$|job-/));
    expect(existsSync(join(runs.kill.internal, '.locks', 'sinyal.lock'))).toBe(false);
  }, 90_000);
});
