import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src/app.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { listPeople } from '../../src/storage/people-repository.js';
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
    expect(message).toContain(`${file}:1 locale: "jawa" tidak dikenal; gunakan salah satu dari: id, en`);
    expect(message).toContain(`${file}:3 organisation.id: gunakan huruf kecil, angka dan "-"`);
    expect(message).toContain(`${file}:6 telegram.apiRoot: bukan alamat URL yang sah`);
    expect(message).toContain(`${file}:8 delegations[0].from: tulis tanggal sebagai TTTT-BB-HH`);
  });

  it('names the environment variable when that is what is wrong', () => {
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('locale: id\n'), TELEGRAM_API_ROOT: 'nope' }))).toContain('TELEGRAM_API_ROOT:');
  });

  it('explains a missing file and broken YAML', () => {
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: '/nonexistent/cadang.yaml' }))).toContain('berkas konfigurasi /nonexistent/cadang.yaml tidak ditemukan');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('people: [\n') }))).toContain('bukan YAML yang sah (baris 2 kolom 1): "[" dibuka tetapi tidak ditutup dengan "]"');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: configFile('- a list\n') }))).toContain('pemetaan YAML');
  });

  it('refuses a literal database password in a target, saying what to write instead', () => {
    const file = configFile('backup:\n  targets:\n    - { name: db, kind: postgres, connection: { user: u, database: d, password: rahasia } }\n');
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: file }));
    expect(message).toContain('backup.targets[0].connection.password: kata sandi tidak boleh ditulis langsung di konfigurasi; gunakan passwordEnv');
    expect(message).not.toContain('rahasia');
    const english = problemsOf(() => loadConfig({ CADANG_CONFIG: file, CADANG_LOCALE: 'en' }));
    expect(english).toContain('backup.targets[0].connection.password: literal passwords are not allowed');
  });

  it('reports a bad NIP in the same run as a bad target, each with its line', () => {
    const file = configFile([
      'people:',
      '  - { name: Siti Rahmawati, nip: "199202292015032001" }',
      '  - { name: Salah Ketik, nip: "19920229201503200", mobile: "12" }',
      'backup:',
      '  targets:',
      '    - { name: simpeg-db, kind: postgress, connection: { user: u, database: d } }',
      '    - { name: arsip, kind: files, include: [relatif/folder] }',
    ].join('\n'));
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: file }));
    expect(message).toContain('Konfigurasi tidak sah (4 masalah)');
    expect(message).toContain(`${file}:3 people[1].nip: NIP harus 18 angka`);
    expect(message).toContain(`${file}:3 people[1].mobile: nomor HP tidak dikenali`);
    expect(message).toContain(`${file}:6 backup.targets[0].kind: kind "postgress" tidak dikenal; gunakan salah satu dari: files, postgres, mysql, sqlite, mirror`);
    expect(message).toContain(`${file}:7 backup.targets[1].include[0]: harus jalur lengkap (diawali "/")`);
    // Top to bottom, as the file reads.
    expect(message.indexOf('people[1].nip')).toBeLessThan(message.indexOf('backup.targets[0].kind'));

    const english = problemsOf(() => loadConfig({ CADANG_CONFIG: file, CADANG_LOCALE: 'en' }));
    expect(english).toContain('Invalid configuration (4 problems)');
    expect(english).toContain(`${file}:3 people[1].nip: a NIP has 18 digits`);
    expect(english).toContain(`${file}:6 backup.targets[0].kind: kind "postgress" is not known; use one of: files, postgres, mysql, sqlite, mirror`);
    expect(english).toContain(`${file}:7 backup.targets[1].include[0]: must be an absolute path`);
  });

  it('speaks the language the file asks for, and words unknown keys and wrong types', () => {
    const file = configFile(['locale: en', 'organisation: { id: unit, name: Unit, nama: X }', 'satker: Biro Umum', 'backup:', '  media:', '    - { label: USB, kind: flash-disk, capacityBytes: "besar", mountPoint: /media/usb }'].join('\n'));
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: file }));
    expect(message).toContain(`${file}:2 organisation: unknown key "nama". Check the spelling; known keys: id, name`);
    expect(message).toContain(`${file}:3 satker: must be a list, not text`);
    expect(message).toContain(`${file}:6 backup.media[0].capacityBytes: must be a number, not text`);
    const indonesian = problemsOf(() => loadConfig({ CADANG_CONFIG: file, CADANG_LOCALE: 'id' }));
    expect(indonesian).toContain(`${file}:2 organisation: kunci "nama" tidak dikenal. Periksa ejaannya; kunci yang dikenal: id, name`);
    expect(indonesian).toContain(`${file}:3 satker: harus berupa daftar, bukan teks`);
  });

  it('at start, a bad person in an otherwise valid file is a warning with its line; the good ones are saved', async () => {
    const file = configFile(['people:', '  - { name: Siti Rahmawati, nip: "199202292015032001" }', '  - { name: Salah Ketik, nip: "123" }', 'reports: { letterhead: { lines: [Unit Contoh], city: Pontianak } }', ''].join('\n'));
    const core = await openCore(loadConfig({ CADANG_CONFIG: file, DATABASE_URL: `file:${join(dirname(file), 'cadang.db')}` }));
    try {
      expect(core.warnings).toEqual([`${file}:3 people[1].nip: NIP harus 18 angka, misalnya 19850412 201001 1 003`]);
      expect((await listPeople(core.service.db, core.config.organisation.id)).map((person) => person.name)).toEqual(['Siti Rahmawati']);
    } finally {
      await core.close();
    }
  });

  it('words YAML syntax errors in English too, with line and column', () => {
    const file = configFile('locale: en\npeople:\n  - name: A\n   nip: 1\n');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: file }))).toMatch(new RegExp(`${file}:\\d+: not valid YAML \\(line \\d+ column \\d+\\): `));
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: file, CADANG_LOCALE: 'id' }))).toMatch(/bukan YAML yang sah \(baris \d+ kolom \d+\): /);
  });
});
