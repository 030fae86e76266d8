import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/workflow/validate-definition.js';
import { sopB } from './sop-fixtures.js';

/** A deep copy of SOP B with one thing broken. */
function broken(change: (definition: any) => void): unknown {
  const copy = structuredClone(sopB) as any;
  change(copy);
  return copy;
}
const stepIndex = (id: string) => sopB.steps.findIndex((step) => step.id === id);

describe('validateDefinition', () => {
  it('accepts both built-in SOPs', () => {
    expect(validateDefinition(sopB)).toMatchObject({ ok: true });
  });

  it.each([
    ['unknown role', (d: any) => { d.steps[stepIndex('seleksi_kabid')].role = 'kabid_pjkd'; },
      'steps[2] (seleksi_kabid).role', 'peran "kabid_pjkd" tidak dikenal'],
    ['a choice leading nowhere', (d: any) => { d.steps[stepIndex('seleksi_kasubbid')].choices[1].next = 'kabid'; },
      'steps[3] (seleksi_kasubbid).choices[1] (kembalikan).next', 'mengarah ke "kabid", yang bukan langkah'],
    ['a missing time limit', (d: any) => { delete d.steps[stepIndex('seleksi_kasubbid')].timeLimit; },
      'steps[3] (seleksi_kasubbid).timeLimit', 'batas waktu belum ditulis'],
    ['a bad time limit', (d: any) => { d.steps[stepIndex('seleksi_kasubbid')].timeLimit = '3 jam'; },
      'steps[3] (seleksi_kasubbid).timeLimit', 'write a time limit such as "1d"'],
    ['an unreachable step', (d: any) => { d.steps.splice(-1, 0, { id: 'arsip', number: '10', kind: 'human', role: 'kabag_tu', timeLimit: '1d', title: 'Arsip', choices: [{ id: 'ok', kind: 'acknowledge', label: 'OK', next: 'selesai' }] }); },
      'steps[10] (arsip)', 'tidak dapat dicapai dari langkah awal'],
    ['a step with no way out', (d: any) => {
      d.steps[stepIndex('laporan_kabid')].choices[0].next = 'laporan_kasubbid';
    }, 'steps[6] (laporan_kasubbid)', 'tidak ada jalan ke langkah akhir'],
    ['a step with no choices', (d: any) => { d.steps[stepIndex('laporan_kabid')].choices = []; },
      'steps[7] (laporan_kabid).choices', 'at least one choice'],
    ['a reject that does not ask for a reason', (d: any) => { d.steps[stepIndex('seleksi_kabid')].choices[1].reason = 'none'; },
      'steps[2] (seleksi_kabid).choices[1] (tolak).reason', 'wajib meminta alasan'],
    ['a system step without a failure outcome', (d: any) => { delete d.steps[stepIndex('jalankan_backup')].outcomes.failed; },
      'steps[5] (jalankan_backup).outcomes', '"succeeded" dan "failed"'],
    ['an unknown start', (d: any) => { d.start = 'mulai'; }, 'start', 'langkah awal "mulai" tidak ada'],
  ])('rejects %s, saying where', (_name, change, path, message) => {
    const check = validateDefinition(broken(change));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports every problem at once, not only the first', () => {
    const check = validateDefinition(broken((d) => {
      d.steps[stepIndex('seleksi_kabid')].role = 'nobody';
      d.steps[stepIndex('seleksi_kasubbid')].choices[0].next = 'nowhere';
      delete d.steps[stepIndex('laporan_kabid')].timeLimit;
    }));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.length).toBeGreaterThanOrEqual(2);
  });

  it('speaks English when asked', () => {
    const check = validateDefinition(broken((d) => { d.steps[stepIndex('seleksi_kabid')].role = 'x'; }), 'en');
    expect(!check.ok && check.problems[0]?.message).toContain('unknown role "x"');
  });

  it('explains a file that is not an SOP at all', () => {
    expect(validateDefinition('hello')).toEqual({ ok: false, problems: [{ path: '(root)', message: expect.stringContaining('definisi SOP harus berupa objek') }] });
  });
});
