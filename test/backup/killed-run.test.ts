import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { makeConfig, makeTempDir } from './helpers.js';

/** The argv of every process on this machine that names `path` (the tools of a run in it). */
async function commandLinesMentioning(path: string): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').then((text) => text.split('\0').join(' '), () => '')));
  return lines.filter((line) => line.includes(path) && !line.includes('vitest'));
}

const fixture = fileURLToPath(new URL('./fixtures/run-backup.ts', import.meta.url));

describe('a run killed with SIGKILL', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir('killed');
  });
  afterAll(() => tmp.remove());

  it('leaves no file that looks complete; the next run cleans up, takes over the lock and succeeds', async () => {
    const source = join(tmp.dir, 'data');
    await mkdir(source);
    for (let i = 0; i < 6; i += 1) await writeFile(join(source, `f${i}.bin`), randomBytes(4 * 1024 * 1024));
    const internal = join(tmp.dir, 'backups');
    // Level 19 on one thread is slow enough to be caught in the middle.
    const raw = { internalFolder: internal, compression: { level: 19, threads: 1 }, targets: [{ name: 'arsip', kind: 'files', include: [source] }] };
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(raw)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve());
      child.once('exit', () => reject(new Error('the backup ended before it could be killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // tar and zstd were started under setpriv --pdeathsig: they died with the run, not at the
    // end of the archive.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await commandLinesMentioning(tmp.dir)).toEqual([]);

    const left = await readdir(join(internal, 'arsip'));
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => name.endsWith('.partial'))).toBe(true);
    expect(existsSync(join(internal, '.locks', 'arsip.lock'))).toBe(true);

    const config = makeConfig({ ...raw, compression: { level: 1, threads: 0 } });
    const logged: string[] = [];
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config, log: (entry) => logged.push(JSON.stringify(entry)) });
    expect(outcome.status).toBe('succeeded');
    expect(logged.some((line) => line.includes('backup.leftovers-removed'))).toBe(true);
    const after = await readdir(join(internal, 'arsip'));
    expect(after.filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(after).toHaveLength(2);
  });
});
