import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFile, dropCachedPages, syncFile } from '../../src/backup/atomic-file.js';
import { makeTempDir } from './helpers.js';

/** Pages of a file in the page cache, as util-linux `fincore` reports them. */
const cachedPages = (path: string) => Number(execFileSync('fincore', ['--noheadings', '--bytes', '--output', 'PAGES', path]).toString().trim());

describe('verification reads from the device', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir('atomic');
  });
  afterAll(async () => {
    await tmp?.remove();
  });

  it('drops a written, fsynced file from the page cache before re-reading it', async () => {
    const path = join(tmp.dir, 'salinan.bin');
    const bytes = randomBytes(8 * 1024 * 1024);
    await writeFile(path, bytes);
    await syncFile(path);
    await readFile(path);
    expect(cachedPages(path)).toBeGreaterThan(0);
    expect(await dropCachedPages(path)).toBe(true);
    expect(cachedPages(path)).toBe(0);
    // digestFile drops the cache itself, then hashes what the device holds.
    await readFile(path);
    const expected = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    let cachedAtStart = -1;
    const digest = await digestFile(path, undefined, () => {
      if (cachedAtStart === -1) cachedAtStart = cachedPages(path);
    });
    expect(digest).toEqual({ sizeBytes: bytes.length, sha256: expected });
    // When the first chunk arrived only what had been read so far (read-ahead) was cached.
    expect(cachedAtStart).toBeLessThan((bytes.length / 4096) * 0.75);
  });
});
