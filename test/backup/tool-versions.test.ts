// Tool versions for the manifest: asked once per program file, and kept on disk for the next run
// (each `cadang backup run` is a new process), until the program file changes.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveTools } from '../../src/backup/tools.js';
import { makeTempDir } from './helpers.js';

let tmp: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir('tool-versions');
  vi.resetModules();
});
afterEach(async () => {
  await tmp.remove();
});

/** A stand-in zstd that records each time it is asked and answers with `version`. */
async function fakeZstd(version: string): Promise<string> {
  const file = join(tmp.dir, 'zstd');
  await writeFile(file, `#!/bin/sh\necho asked >> ${join(tmp.dir, 'asked')}\necho "*** ${version} ***"\n`);
  await chmod(file, 0o755);
  return file;
}

/** readToolVersion as a new process has it: a fresh module, with no versions in memory. */
async function askInNewProcess(zstd: string, cacheFile: string): Promise<string> {
  const { readToolVersion } = await import('../../src/backup/tool-versions.js');
  vi.resetModules();
  return readToolVersion('zstd', { tools: { ...resolveTools(), zstd }, sshHosts: {} }, cacheFile);
}

const timesAsked = async () => (await readFile(join(tmp.dir, 'asked'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

describe('tool versions', () => {
  it('asks a tool once, keeps its answer on disk for the next process, and asks again after an upgrade', async () => {
    const cacheFile = join(tmp.dir, '.tool-versions.json');
    const zstd = await fakeZstd('Zstandard CLI v1.5.4');
    expect(await askInNewProcess(zstd, cacheFile)).toBe('Zstandard CLI v1.5.4');
    expect(await askInNewProcess(zstd, cacheFile)).toBe('Zstandard CLI v1.5.4');
    expect(await timesAsked()).toBe(1);

    await fakeZstd('Zstandard CLI v1.5.77');
    expect(await askInNewProcess(zstd, cacheFile)).toBe('Zstandard CLI v1.5.77');
    expect(await timesAsked()).toBe(2);
  });

  it('asks again when the cache file is damaged', async () => {
    const cacheFile = join(tmp.dir, '.tool-versions.json');
    const zstd = await fakeZstd('Zstandard CLI v1.5.4');
    await writeFile(cacheFile, '{rusak');
    expect(await askInNewProcess(zstd, cacheFile)).toBe('Zstandard CLI v1.5.4');
    expect(await askInNewProcess(zstd, cacheFile)).toBe('Zstandard CLI v1.5.4');
    expect(await timesAsked()).toBe(1);
  });
});

describe('bookkeeping beside a copy', () => {
  it('runs at the lowest CPU priority, so it waits for the copy instead of slowing it', async () => {
    const { startCommand } = await import('../../src/backup/runner.js');
    const controller = new AbortController();
    // `du` stands in for any bookkeeping tool; sleep keeps it alive long enough to look at.
    const run = { tools: { ...resolveTools(), du: '/usr/bin/sleep' }, sshHosts: {}, signal: controller.signal };
    const niceOf = async (pid: number) => Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
    const background = startCommand({ tool: 'du', args: ['5'], background: true }, run, { stdout: 'ignore' });
    const foreground = startCommand({ tool: 'du', args: ['5'] }, run, { stdout: 'ignore' });
    expect(await niceOf(background.pid!)).toBe(19);
    expect(await niceOf(foreground.pid!)).toBe(0);
    controller.abort();
    await Promise.all([background.result, foreground.result]);
  });
});
