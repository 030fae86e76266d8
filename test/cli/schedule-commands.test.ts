import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleConfigFile } from '../../src/config/load.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-cli-schedule-'));
const env = { ...process.env, CADANG_CONFIG: sampleConfigFile, DATABASE_URL: `file:${join(dir, 'cadang.db')}`, CADANG_LOCALE: 'id' };

async function cadang(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['bin/cadang.js', ...args], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cadang schedule set', () => {
  it('adds a schedule of registered targets only, with a valid expression and name, and keeps it in the trail', async () => {
    expect(await cadang('schedule', 'set', 'harian', '--cron', '0 2 * * 1-5', '--targets', 'simpeg-files,arsip-lama')).toEqual({
      code: 1, stdout: 'Target arsip-lama tidak ada di Daftar Backup. Target terdaftar: simpeg-files, simpeg-db. Lihat `cadang targets list`.\n',
    });
    expect(await cadang('schedule', 'set', 'Harian!', '--cron', '0 2 * * 1-5', '--targets', 'simpeg-files')).toMatchObject({ code: 1, stdout: expect.stringContaining('"Harian!" tidak dapat dipakai sebagai nama jadwal') });
    expect(await cadang('schedule', 'set', 'harian', '--cron', '0 2 * * 8', '--targets', 'simpeg-files')).toMatchObject({ code: 1, stdout: expect.stringContaining('Ekspresi cron "0 2 * * 8" tidak sah') });
    expect(await cadang('schedule', 'set', 'harian', '--cron', '0 2 * * 1-5', '--targets', 'simpeg-files,simpeg-db')).toEqual({ code: 0, stdout: 'Jadwal harian ditambahkan.\n' });
    const list = await cadang('schedule', 'list');
    expect(list.stdout).toMatch(/^• harian: 0 2 \* \* 1-5 — target simpeg-files, simpeg-db — aktif; berikutnya /);
    const history = await cadang('schedule', 'history', 'harian');
    expect(history.stdout).toMatch(/WIB {2}ditambahkan — \S+ \(CLI\) — 0 2 \* \* 1-5 \| simpeg-files,simpeg-db \| run-late\n$/);
  }, 60_000);
});
