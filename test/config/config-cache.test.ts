// The command line's cache of the checked configuration (src/config/config-cache.ts): used only
// while the file, its holiday files and the environment are as they were, and never holding a secret.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCheckedConfig, type ConfigCacheLocation } from '../../src/config/config-cache.js';
import { loadConfig } from '../../src/config/load.js';

const sample = fileURLToPath(new URL('../../config/sample.yaml', import.meta.url));
const holidays = fileURLToPath(new URL('../../config/holidays-2026-2027.yaml', import.meta.url));

let dir: string;
let cache: ConfigCacheLocation;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cadang-config-cache-'));
  copyFileSync(sample, join(dir, 'cadang.yaml'));
  copyFileSync(holidays, join(dir, 'holidays-2026-2027.yaml'));
  cache = { folder: join(dir, 'cache'), build: 'test-build' };
  env = { CADANG_CONFIG: join(dir, 'cadang.yaml'), DATABASE_URL: `file:${join(dir, 'cadang.db')}` };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entries = () => (existsSync(cache.folder) ? readdirSync(cache.folder).map((name) => join(cache.folder, name)) : []);

/** Changes the organisation's name inside the stored entry, to tell a cached answer from a fresh check. */
function markEntry(): void {
  const [file] = entries();
  const entry = v8.deserialize(readFileSync(file!)) as { config: { organisation: { name: string } } };
  entry.config.organisation.name = 'FROM THE CACHE';
  writeFileSync(file!, v8.serialize(entry));
}

describe('the checked configuration cache', () => {
  it('gives what loadConfig gives, and reads it from the cache while nothing changed', async () => {
    const first = await loadCheckedConfig(env, dir, {}, cache);
    expect(first.config).toEqual(loadConfig(env, dir).config);
    expect(first.file).toBe(join(dir, 'cadang.yaml'));
    expect(entries()).toHaveLength(1);

    markEntry();
    const second = await loadCheckedConfig(env, dir, {}, cache);
    expect(second.config.organisation.name).toBe('FROM THE CACHE');
    expect({ ...second.config, organisation: first.config.organisation }).toEqual(first.config);
  });

  it('checks again when the file, a holiday file or an environment override changed', async () => {
    await loadCheckedConfig(env, dir, {}, cache);
    markEntry();

    writeFileSync(join(dir, 'cadang.yaml'), readFileSync(join(dir, 'cadang.yaml'), 'utf8').replace('name: Organisasi Contoh', 'name: Organisasi Baru'));
    expect((await loadCheckedConfig(env, dir, {}, cache)).config.organisation.name).toMatch(/^Organisasi Baru/);

    for (const file of entries()) rmSync(file);
    await loadCheckedConfig(env, dir, {}, cache);
    markEntry();
    writeFileSync(join(dir, 'holidays-2026-2027.yaml'), `${readFileSync(join(dir, 'holidays-2026-2027.yaml'), 'utf8')}\n  - { date: 2027-12-30, name: Libur Uji }\n`);
    const withNewHoliday = await loadCheckedConfig(env, dir, {}, cache);
    expect(withNewHoliday.config.organisation.name).not.toBe('FROM THE CACHE');
    expect(withNewHoliday.config.calendar.holidays).toContainEqual(expect.objectContaining({ date: '2027-12-30', name: 'Libur Uji' }));

    const otherDatabase = `file:${join(dir, 'lain.db')}`;
    expect((await loadCheckedConfig({ ...env, DATABASE_URL: otherDatabase }, dir, {}, cache)).config.database.url).toBe(otherDatabase);
  });

  it('stores values from the environment as references only, and never a configuration holding a secret', async () => {
    const secrets = { TELEGRAM_BOT_TOKEN: '123456:rahasia-telegram', DATABASE_URL: 'postgresql://cadang:sandi-rahasia@db.example/cadang' };
    const loaded = await loadCheckedConfig({ ...env, ...secrets }, dir, {}, cache);
    expect(loaded.config.telegram.token).toBe(secrets.TELEGRAM_BOT_TOKEN);
    expect(entries()).toHaveLength(1);
    const stored = readFileSync(entries()[0]!).toString('latin1');
    expect(stored).not.toContain('rahasia-telegram');
    expect(stored).not.toContain('sandi-rahasia');
    markEntry();
    const again = await loadCheckedConfig({ ...env, ...secrets }, dir, {}, cache);
    expect(again.config.organisation.name).toBe('FROM THE CACHE');
    expect(again.config.telegram.token).toBe(secrets.TELEGRAM_BOT_TOKEN);
    expect(again.config.database.url).toBe(secrets.DATABASE_URL);

    for (const file of entries()) rmSync(file);
    const withToken = readFileSync(sample, 'utf8').replace('telegram: {}', 'telegram: { token: "123456:token-di-berkas" }');
    writeFileSync(join(dir, 'cadang.yaml'), withToken);
    expect((await loadCheckedConfig(env, dir, {}, cache)).config.telegram.token).toBe('123456:token-di-berkas');
    expect(entries()).toEqual([]);
  });

  it('refuses a broken file exactly as loadConfig does, and keeps nothing of it', async () => {
    writeFileSync(join(dir, 'cadang.yaml'), 'organisation:\n  id: 12\n  nama: salah\n');
    const expected = (() => {
      try {
        loadConfig(env, dir);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected the broken file to be refused');
    })();
    await expect(loadCheckedConfig(env, dir, {}, cache)).rejects.toThrow(expected);
    expect(entries()).toEqual([]);
  });

  it('ignores an entry it cannot read and writes a good one', async () => {
    await loadCheckedConfig(env, dir, {}, cache);
    writeFileSync(entries()[0]!, 'bukan entri');
    const loaded = await loadCheckedConfig(env, dir, {}, cache);
    expect(loaded.config).toEqual(loadConfig(env, dir).config);
    // DATABASE_URL came from the environment: the entry names the variable instead of its value.
    expect((v8.deserialize(readFileSync(entries()[0]!)) as { config: unknown }).config).toEqual({ ...loaded.config, database: { url: undefined } });
  });
});
