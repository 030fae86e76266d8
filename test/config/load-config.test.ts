import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { CadangError } from '../../src/errors.js';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-config-'));
  writeFileSync(join(dir, 'cadang.yaml'), text);
  return join(dir, 'cadang.yaml');
}

function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CadangError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('uses the sample organisation when nothing is configured, and the environment on top', () => {
    const loaded = loadConfig({ DATABASE_URL: 'postgresql://db/cadang' }, mkdtempSync(join(tmpdir(), 'empty-')));
    expect(loaded).toMatchObject({ sample: true, file: sampleConfigFile, config: { database: { url: 'postgresql://db/cadang' }, organisation: { id: 'contoh' } } });
    expect(loaded.config.people.length).toBeGreaterThan(5);
  });

  it('lists every problem at once with file, line and path', () => {
    const file = configFile(['locale: jawa', 'organisation:', '  id: IAIN Pontianak', '  name: IAIN', 'telegram:', '  apiRoot: not-a-url', 'delegations:', '  - { role: kabid_pjkkd, delegate: "1", principal: "2", from: 1 Des, until: 2026-12-05 }'].join('\n'));
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: file }));
    expect(message).toContain('Konfigurasi tidak sah (4 masalah)');
    expect(message).toContain(`${file}:1 locale:`);
    expect(message).toContain(`${file}:3 organisation.id: use lower-case letters, digits and "-"`);
    expect(message).toContain(`${file}:6 telegram.apiRoot:`);
    expect(message).toContain(`${file}:8 delegations[0].from: write the date as YYYY-MM-DD`);
  });

  it('names the environment variable when that is what is wrong', () => {
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('locale: id\n'), TELEGRAM_API_ROOT: 'nope' }))).toContain('TELEGRAM_API_ROOT:');
  });

  it('explains a missing file and broken YAML', () => {
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: '/nonexistent/cadang.yaml' }))).toContain('berkas konfigurasi /nonexistent/cadang.yaml tidak ditemukan');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('people: [\n') }))).toContain('bukan YAML yang sah');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('- a list\n') }))).toContain('pemetaan YAML');
  });

  it('refuses a literal database password in a target, saying what to write instead', () => {
    const file = configFile('backup:\n  targets:\n    - { name: db, kind: postgres, connection: { user: u, database: d, password: rahasia } }\n');
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: file }));
    expect(message).toContain('backup.targets[0].connection.password: literal passwords are not allowed');
    expect(message).not.toContain('rahasia');
  });
});
