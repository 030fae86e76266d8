// The compiled command line as a user runs it (bin/cadang.js on a build of its own): V8's code
// cache (bin/code-cache.js), made by a command's second successful run, and the checked-configuration
// cache (src/config/config-cache.ts), made by its first, are used by the runs after, remade when
// damaged, and never change what a command prints.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const checkout = mkdtempSync(join(tmpdir(), 'cadang-code-cache-'));
const database = join(checkout, 'cadang.db');

/** Runs the checkout's `cadang` with `args`; its exit code, output and the cache report. */
async function cadang(...args: string[]): Promise<{ code: number; stdout: string; cache: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${database}`, CADANG_DEBUG_START: '1' };
  delete env.CADANG_CONFIG;
  delete env.CADANG_LOCALE;
  try {
    const { stdout, stderr } = await run(process.execPath, [join(checkout, 'bin', 'cadang.js'), ...args], { env, cwd: checkout });
    return { code: 0, stdout, cache: /code cache (\w+)/.exec(stderr)?.[1] ?? 'not reported' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, cache: /code cache (\w+)/.exec(failed.stderr)?.[1] ?? 'not reported' };
  }
}

const codeCaches = () => readdirSync(join(checkout, 'dist', 'code-cache'));
const cacheSize = (command: string) => statSync(join(checkout, 'dist', 'code-cache', codeCaches().find((name) => name.endsWith(`-${command}.v8cache`))!)).size;

beforeAll(async () => {
  // A checkout of its own, so this build never races the tests that run the repository's dist/.
  for (const shared of ['src', 'node_modules', 'config', 'prisma']) symlinkSync(join(repo, shared), join(checkout, shared));
  for (const copied of ['bin', 'scripts', 'package.json']) cpSync(join(repo, copied), join(checkout, copied), { recursive: true });
  await run(process.execPath, [join(checkout, 'scripts', 'build.js')], { cwd: checkout });
}, 60_000);
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe('the compiled command line keeps its compiled code and checked configuration', () => {
  it('marks a command on its first successful run, makes its cache on the second, uses it next, and prints the same', async () => {
    const first = await cadang('--help');
    expect(first).toMatchObject({ code: 0, cache: 'none' });
    expect(first.stdout).toMatch(/^Cara pakai: cadang/);
    expect(codeCaches()).toEqual([expect.stringMatching(/^cli-\d+-cadang\.v8cache$/)]);
    expect(cacheSize('cadang')).toBe(0);
    expect(await cadang('--help')).toEqual(first);
    expect(cacheSize('cadang')).toBeGreaterThan(1000);
    expect(await cadang('--help')).toEqual({ ...first, cache: 'used' });
  }, 30_000);

  it('remakes a damaged cache, and keeps none for a command that failed', async () => {
    const [helpCache] = codeCaches();
    writeFileSync(join(checkout, 'dist', 'code-cache', helpCache!), 'rusak');
    const repaired = await cadang('--help');
    expect(repaired).toMatchObject({ code: 0, cache: 'refused' });
    expect(repaired.stdout).toMatch(/^Cara pakai: cadang/);
    expect((await cadang('--help')).cache).toBe('none');
    expect(cacheSize('cadang')).toBeGreaterThan(1000);
    expect((await cadang('--help')).cache).toBe('used');

    expect((await cadang('perintah', 'salah')).code).not.toBe(0);
    expect(codeCaches().some((name) => name.includes('perintah'))).toBe(false);
  }, 30_000);

  it('lists the targets the same way from the caches, which hold no value from the environment', async () => {
    const first = await cadang('targets', 'list');
    expect(first).toMatchObject({ code: 0, cache: 'none' });
    expect(first.stdout).toMatch(/^NAMA\s+JENIS/);
    expect(first.stdout).toContain('simpeg-db');
    const configCache = join(checkout, 'dist', 'config-cache');
    expect(readdirSync(configCache)).toHaveLength(1);
    expect(readFileSync(join(configCache, readdirSync(configCache)[0]!)).toString('latin1')).not.toContain(database);

    expect(await cadang('targets', 'list')).toEqual(first);
    expect(await cadang('targets', 'list')).toEqual({ ...first, cache: 'used' });
    expect(readdirSync(configCache)).toHaveLength(1);
    expect(cacheSize('targets-list')).toBeGreaterThan(1000);
  }, 30_000);
});
