import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs the real `cadang` binary; resolves with its output and exit code whatever the code. */
async function cadang(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/cadang.js', ...args], { env: { ...process.env, CADANG_LOCALE: 'id' } });
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
    expect(result.stdout).toContain('SOP "sop_a_backup_terjadwal" versi 1, 13 langkah, sah.');
    expect(result.stdout).toContain('SOP "sop_b_backup_server" versi 1, 11 langkah, sah.');
  });

  it('rejects a set of broken definitions, each with the right message and path, and exits non-zero', async () => {
    const dir = 'test/fixtures/sops';
    const result = await cadang('sop', 'validate', ...['unknown-role', 'missing-time-limit', 'leads-nowhere', 'unreachable-step', 'no-way-out', 'not-yaml'].map((name) => `${dir}/${name}.yaml`));
    expect(result.code).toBe(1);
    const expected = [
      ['unknown-role', 'steps[2] (seleksi_kabid).role: peran "kabid_pjjkd" tidak dikenal'],
      ['missing-time-limit', 'steps[3] (seleksi_kasubbid).timeLimit: batas waktu belum ditulis'],
      ['leads-nowhere', 'steps[2] (seleksi_kabid).choices[1] (tolak).next: mengarah ke "balasan_kabag", yang bukan langkah'],
      ['unreachable-step', 'steps[10] (arsip): langkah "arsip" tidak dapat dicapai dari langkah awal'],
      ['no-way-out', 'steps[6] (laporan_kasubbid): dari langkah "laporan_kasubbid" tidak ada jalan ke langkah akhir'],
      ['not-yaml', '(file):'],
    ];
    const sections = result.stdout.split('✗ ').slice(1);
    expect(sections).toHaveLength(expected.length);
    expected.forEach(([name, message], index) => {
      expect(sections[index]).toContain(`${name}.yaml`);
      expect(sections[index]).toContain(message);
    });
  });
});
