import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs the real `cadang` binary; resolves with its output and exit code whatever the code. */
async function cadang(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cadangIn('id', ...args);
}

async function cadangIn(locale: 'id' | 'en', ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/cadang.js', ...args], { env: { ...process.env, CADANG_LOCALE: locale } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('cadang sop validate', () => {
  it('accepts both built-in SOPs', async () => {
    const result = await cadang('sop', 'validate', 'src/workflow/builtin/sop-a-iain-pontianak.yaml', 'src/workflow/builtin/sop-b-batan-ppiksn.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sop-a-iain-pontianak.yaml: Backup Server Terjadwal (LPM.In.15/SOP/12/10) versi 1, 13 langkah, sah.');
    expect(result.stdout).toContain('sop-b-batan-ppiksn.yaml: Layanan Backup Server (permohonan) (SOP 119.002/IF 03 01/ISN 2.2) versi 1, 11 langkah, sah.');
  });

  it('rejects a set of broken definitions, each with the right message and path, and exits non-zero', async () => {
    const dir = 'test/fixtures/sops';
    const result = await cadang('sop', 'validate', ...['unknown-role', 'missing-time-limit', 'leads-nowhere', 'unreachable-step', 'no-way-out', 'not-yaml'].map((name) => `${dir}/${name}.yaml`));
    expect(result.code).toBe(1);
    const expected = [
      ['unknown-role', 'unknown-role.yaml:70 steps[2] (seleksi_kabid).role: peran "kabid_pjjkd" tidak dikenal'],
      ['missing-time-limit', 'missing-time-limit.yaml:79 steps[3] (seleksi_kasubbid).timeLimit: batas waktu belum ditulis'],
      ['leads-nowhere', 'leads-nowhere.yaml:77 steps[2] (seleksi_kabid).choices[1] (tolak).next: mengarah ke "balasan_kabag", yang bukan langkah'],
      ['unreachable-step', 'unreachable-step.yaml:161 steps[10] (arsip): langkah "arsip" tidak dapat dicapai dari langkah awal'],
      ['no-way-out', 'no-way-out.yaml:117 steps[6] (laporan_kasubbid): dari langkah "laporan_kasubbid" tidak ada jalan ke langkah akhir'],
      ['not-yaml', 'not-yaml.yaml:3: bukan YAML yang sah (baris 3 kolom 1): "{" dibuka tetapi tidak ditutup dengan "}"'],
    ];
    const sections = result.stdout.split('✗ ').slice(1);
    expect(sections).toHaveLength(expected.length);
    expected.forEach(([name, message], index) => {
      expect(sections[index]).toContain(`${name}.yaml`);
      expect(sections[index]).toContain(message);
    });
  });

  it('lists every problem of one file in one run, each with its line, in English too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadang-sop-'));
    const file = join(dir, 'sop.yaml');
    // A reject that does not ask for a reason, an unreachable step and an unknown step kind.
    const lines = readFileSync('test/fixtures/sops/unreachable-step.yaml', 'utf8').split('\n');
    const tolak = lines.findIndex((line) => line.includes('id: tolak'));
    lines[tolak] = lines[tolak]!.replace('reason: required', 'reason: none');
    const kasubbidKind = lines.findIndex((line, index) => index > lines.findIndex((l) => l.includes('id: seleksi_kasubbid')) && line.includes('kind: human'));
    lines[kasubbidKind] = lines[kasubbidKind]!.replace('kind: human', 'kind: manusia');
    writeFileSync(file, lines.join('\n'));
    const id = await cadang('sop', 'validate', file);
    expect(id.code).toBe(1);
    expect(id.stdout).toContain(`${file}:${tolak + 1} steps[2] (seleksi_kabid).choices[1] (tolak).reason: pilihan jenis "reject" wajib meminta alasan`);
    expect(id.stdout).toContain(`${file}:${kasubbidKind + 1} steps[3] (seleksi_kasubbid).kind: kind "manusia" tidak dikenal; gunakan salah satu dari: human, system, end`);
    const en = await cadangIn('en', 'sop', 'validate', file);
    expect(en.stdout).toContain(`${file}:${kasubbidKind + 1} steps[3] (seleksi_kasubbid).kind: kind "manusia" is not known; use one of: human, system, end`);
    expect(en.stdout).toContain('a "reject" choice must ask for a reason');
    expect(en.stdout).not.toMatch(/tidak|langkah|Invalid discriminator/);

    // Without the shape error, the unreachable step is reported beside the missing reason.
    lines[kasubbidKind] = lines[kasubbidKind]!.replace('kind: manusia', 'kind: human');
    writeFileSync(file, lines.join('\n'));
    const both = await cadang('sop', 'validate', file);
    expect(both.stdout).toContain('✗ ' + file + ': 2 masalah');
    expect(both.stdout).toContain('wajib meminta alasan');
    expect(both.stdout).toContain('langkah "arsip" tidak dapat dicapai');
  });

  it('words YAML syntax errors with line and column, in English when asked', async () => {
    const en = await cadangIn('en', 'sop', 'validate', 'test/fixtures/sops/not-yaml.yaml');
    expect(en.code).toBe(1);
    expect(en.stdout).toContain('not-yaml.yaml:3: not valid YAML (line 3 column 1): "{" is opened but not closed with "}"');
  });
});
