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
      'steps[3] (seleksi_kasubbid).timeLimit', 'tulis batas waktu seperti "1d"'],
    ['an unreachable step', (d: any) => { d.steps.splice(-1, 0, { id: 'arsip', number: '10', kind: 'human', role: 'kabag_tu', timeLimit: '1d', title: 'Arsip', choices: [{ id: 'ok', kind: 'acknowledge', label: 'OK', next: 'selesai' }] }); },
      'steps[10] (arsip)', 'tidak dapat dicapai dari langkah awal'],
    ['a step with no way out', (d: any) => {
      d.steps[stepIndex('laporan_kabid')].choices[0].next = 'laporan_kasubbid';
    }, 'steps[6] (laporan_kasubbid)', 'tidak ada jalan ke langkah akhir'],
    ['a step with no choices', (d: any) => { d.steps[stepIndex('laporan_kabid')].choices = []; },
      'steps[7] (laporan_kabid).choices', 'setidaknya satu pilihan'],
    ['a reject that does not ask for a reason', (d: any) => { d.steps[stepIndex('seleksi_kabid')].choices[1].reason = 'none'; },
      'steps[2] (seleksi_kabid).choices[1] (tolak).reason', 'wajib meminta alasan'],
    ['a system step without a failure outcome', (d: any) => { delete d.steps[stepIndex('jalankan_backup')].outcomes.failed; },
      'steps[5] (jalankan_backup).outcomes', '"succeeded" dan "failed"'],
    ['an unknown start', (d: any) => { d.start = 'mulai'; }, 'start', 'langkah awal "mulai" tidak ada'],
  ])('rejects %s, saying where', (_name, change, path, message) => {
    const check = validateDefinition(broken(change));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(message) }));
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

  it('reports an unreachable step in the same run as a reject without a reason', () => {
    const check = validateDefinition(broken((d) => {
      d.steps[stepIndex('seleksi_kabid')].choices[1].reason = 'none';
      d.steps.splice(-1, 0, { id: 'arsip', number: '10', kind: 'human', role: 'kabag_tu', timeLimit: '1d', title: 'Arsip', choices: [{ id: 'ok', kind: 'acknowledge', label: 'OK', next: 'selesai' }] });
    }));
    expect(!check.ok && check.problems.map((problem) => problem.path)).toEqual(['steps[2] (seleksi_kabid).choices[1] (tolak).reason', 'steps[10] (arsip)']);
  });

  it('reports shape problems and meaning problems together, zod\'s own in the chosen language', () => {
    const change = (d: any) => {
      d.steps[stepIndex('seleksi_kasubbid')].kind = 'manusia';
      d.steps[stepIndex('seleksi_kabid')].role = 'kabid_pjjkd';
      d.steps[stepIndex('laporan_kabid')].timeLimit = 5;
      d.steps[stepIndex('laporan_kabid')].warna = 'merah';
    };
    const id = validateDefinition(broken(change), 'id');
    expect(id.ok).toBe(false);
    if (id.ok) return;
    expect(id.problems).toEqual(expect.arrayContaining([
      { path: 'steps[3] (seleksi_kasubbid).kind', at: ['steps', 3, 'kind'], message: 'kind "manusia" tidak dikenal; gunakan salah satu dari: human, system, end' },
      { path: 'steps[7] (laporan_kabid).timeLimit', at: ['steps', 7, 'timeLimit'], message: 'harus berupa teks, bukan angka' },
      { path: 'steps[7] (laporan_kabid)', at: ['steps', 7], message: expect.stringMatching(/^kunci "warna" tidak dikenal\. Periksa ejaannya; kunci yang dikenal: id, number, title, note, kind, role/) },
      { path: 'steps[2] (seleksi_kabid).role', at: ['steps', 2, 'role'], message: expect.stringContaining('peran "kabid_pjjkd" tidak dikenal') },
    ]));
    const en = validateDefinition(broken(change), 'en');
    expect(!en.ok && en.problems.map((problem) => problem.message)).toEqual(expect.arrayContaining([
      'kind "manusia" is not known; use one of: human, system, end',
      'must be text, not a number',
      expect.stringContaining('unknown role "kabid_pjjkd"'),
    ]));
  });

  it('words the schema\'s own rules in Indonesian too', () => {
    const check = validateDefinition(broken((d) => {
      d.steps[stepIndex('seleksi_kasubbid')].timeLimit = '3 jam';
      d.steps[stepIndex('seleksi_kabid')].id = 'Seleksi-Kabid';
    }), 'id');
    expect(!check.ok && check.problems.map((problem) => problem.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('tulis batas waktu seperti "1d"'),
      expect.stringContaining('gunakan huruf kecil, angka dan "_"'),
    ]));
    expect(JSON.stringify(check)).not.toMatch(/write a time limit|use lower-case|Invalid/);
  });

  it('speaks English when asked', () => {
    const check = validateDefinition(broken((d) => { d.steps[stepIndex('seleksi_kabid')].role = 'x'; }), 'en');
    expect(!check.ok && check.problems[0]?.message).toContain('unknown role "x"');
  });

  it('explains a file that is not an SOP at all', () => {
    expect(validateDefinition('hello')).toEqual({ ok: false, problems: [{ path: '(root)', at: [], message: expect.stringContaining('definisi SOP harus berupa objek') }] });
  });
});
