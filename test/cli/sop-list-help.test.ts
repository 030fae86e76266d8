import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-sop-list-'));

async function cadang(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('CADANG_LOCALE' in env)) delete fullEnv.CADANG_LOCALE;
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/cadang.js', ...args], { env: fullEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// An institution's own SOP: SOP B under another key, number and institution.
const ownSop = readFileSync('src/workflow/builtin/sop-b-batan-ppiksn.yaml', 'utf8')
  .replace('key: sop_b_backup_server', 'key: sop_c_unit_lain')
  .replace('number: SOP 119.002/IF 03 01/ISN 2.2', 'number: SOP-7/UNIT/2026')
  .replace(/institution: .*/, 'institution: Unit Uji Coba');
writeFileSync(join(dir, 'sop-c.yaml'), ownSop);
const config = join(dir, 'cadang.yaml');
writeFileSync(config, 'locale: en\nsops: [sop-c.yaml]\n');

describe('cadang sop list', () => {
  it('lists every loaded SOP with number, title, institution, steps and source, headers in the language', async () => {
    const { code, stdout } = await cadang({ CADANG_CONFIG: config, CADANG_LOCALE: 'id' }, 'sop', 'list');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NOMOR SOP\s+JUDUL\s+INSTANSI\s+VERSI\s+LANGKAH\s+BERKAS$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^LPM\.In\.15\/SOP\/12\/10\s+Backup Server Terjadwal\s+Institut Agama Islam Negeri \(IAIN\) Pontianak\s+1\s+13\s+bawaan \(src\/workflow\/builtin\/sop-a-iain-pontianak\.yaml\)$/);
    expect(lines[2]).toMatch(/^SOP 119\.002\/IF 03 01\/ISN 2\.2\s+Layanan Backup Server \(permohonan\)\s+BATAN — .*\s+1\s+11\s+bawaan \(src\/workflow\/builtin\/sop-b-batan-ppiksn\.yaml\)$/);
    expect(lines[3]).toMatch(new RegExp(`^SOP-7/UNIT/2026\\s+Layanan Backup Server \\(permohonan\\)\\s+Unit Uji Coba\\s+1\\s+11\\s+${join(dir, 'sop-c.yaml')}$`));
  });

  it('takes the language from the configuration when CADANG_LOCALE is not set, and has --json', async () => {
    const { stdout } = await cadang({ CADANG_CONFIG: config }, 'sop', 'list');
    expect(stdout).toMatch(/^SOP NUMBER\s+TITLE\s+INSTITUTION\s+VERSION\s+STEPS\s+FILE$/m);
    expect(stdout).toContain('built in (src/workflow/builtin/sop-a-iain-pontianak.yaml)');
    const json = JSON.parse((await cadang({ CADANG_CONFIG: config }, 'sop', 'list', '--json')).stdout);
    expect(json.map((row: { key: string }) => row.key)).toEqual(['sop_a_backup_terjadwal', 'sop_b_backup_server', 'sop_c_unit_lain']);
    expect(json[2]).toEqual({ key: 'sop_c_unit_lain', number: 'SOP-7/UNIT/2026', title: 'Backup server service (on request)', institution: 'Unit Uji Coba', version: 1, steps: 11, builtin: false, file: join(dir, 'sop-c.yaml') });
  });
});

describe('cadang --help', () => {
  it('is in Indonesian throughout by default, commander\'s own words included', async () => {
    const { stdout } = await cadang({ CADANG_LOCALE: 'id' }, '--help');
    expect(stdout).toMatch(/^Cara pakai: cadang \[opsi\] \[perintah\]/);
    expect(stdout).toContain('Opsi:');
    expect(stdout).toContain('Perintah:');
    expect(stdout).toContain('tampilkan bantuan');
    expect(stdout).not.toMatch(/Usage|Options|Commands|display help|Render|\[options\]|\[command\]/);
    const report = await cadang({ CADANG_LOCALE: 'id' }, 'report', 'berita-acara', '--help');
    expect(report.stdout).toContain('tempat menulis PDF');
    expect(report.stdout).not.toMatch(/where to write|Usage|Options/);
  });

  it('is in English throughout under CADANG_LOCALE=en', async () => {
    const { stdout } = await cadang({ CADANG_LOCALE: 'en' }, '--help');
    expect(stdout).toMatch(/^Usage: cadang \[options\] \[command\]/);
    expect(stdout).not.toMatch(/Menjalankan|Periksa|Pulihkan|Daftar Backup|definisi|pegawai|periksa|bantuan/);
    for (const command of ['backup', 'report', 'request']) {
      const help = await cadang({ CADANG_LOCALE: 'en' }, command, '--help');
      expect(help.stdout, command).not.toMatch(/ (dan|atau|yang|untuk|dari|tampilkan|berkas) /);
    }
  });

  it('reports commander\'s errors in the language', async () => {
    const id = await cadang({ CADANG_LOCALE: 'id' }, 'sop', 'validate');
    expect(id.code).not.toBe(0);
    expect(id.stderr).toContain("galat: argumen 'files' wajib diisi.");
    const unknown = await cadang({ CADANG_LOCALE: 'id' }, 'sop', 'daftar');
    expect(unknown.stderr).toContain("perintah 'daftar' tidak dikenal");
  });
});
