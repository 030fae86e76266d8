// bin/launch.js runs dist/ only while it is a build of src/ as it is now; otherwise the sources.
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { buildIsCurrent } from '../../bin/launch.js';
import { makeTempDir } from '../backup/helpers.js';

describe('the compiled build is used only while current', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  const past = new Date(Date.now() - 60_000);
  beforeEach(async () => {
    tmp = await makeTempDir('launch');
    await mkdir(join(tmp.dir, 'src', 'cli'), { recursive: true });
    await writeFile(join(tmp.dir, 'src', 'cli', 'main.ts'), 'export {};\n');
    for (const path of [join(tmp.dir, 'src', 'cli', 'main.ts'), join(tmp.dir, 'src', 'cli'), join(tmp.dir, 'src')]) await utimes(path, past, past);
    await mkdir(join(tmp.dir, 'dist'));
    await writeFile(join(tmp.dir, 'dist', '.build-stamp'), `${JSON.stringify({ startedAt: Date.now() - 1000 })}\n`);
  });
  afterEach(async () => {
    await tmp.remove();
  });

  it('is current after a build of unchanged sources', () => {
    expect(buildIsCurrent(tmp.dir)).toBe(true);
  });

  it('is stale when a source file is edited, added or removed, or when there is no build', async () => {
    await writeFile(join(tmp.dir, 'src', 'cli', 'main.ts'), 'export const edited = 1;\n');
    expect(buildIsCurrent(tmp.dir)).toBe(false);

    await utimes(join(tmp.dir, 'src', 'cli', 'main.ts'), past, past);
    await utimes(join(tmp.dir, 'src', 'cli'), past, past);
    expect(buildIsCurrent(tmp.dir)).toBe(true);
    await writeFile(join(tmp.dir, 'src', 'cli', 'new.ts'), 'export {};\n');
    await utimes(join(tmp.dir, 'src', 'cli', 'new.ts'), past, past);
    expect(buildIsCurrent(tmp.dir)).toBe(false); // the folder changed

    await utimes(join(tmp.dir, 'src', 'cli'), past, past);
    expect(buildIsCurrent(tmp.dir)).toBe(true);
    await rm(join(tmp.dir, 'src', 'cli', 'new.ts'));
    expect(buildIsCurrent(tmp.dir)).toBe(false);

    await rm(join(tmp.dir, 'dist', '.build-stamp'));
    await utimes(join(tmp.dir, 'src', 'cli'), past, past);
    expect(buildIsCurrent(tmp.dir)).toBe(false);
  });
});
