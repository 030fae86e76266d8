import { describe, expect, it } from 'vitest';
import { startInstance, transition } from '../../src/workflow/engine.js';
import { checkForm, parseFieldAnswer } from '../../src/workflow/form-fields.js';
import { checkReason, explainReason } from '../../src/workflow/reason.js';
import type { WorkflowInput } from '../../src/workflow/types.js';
import { actorFor, sopA, sopB, validRequestForm } from './sop-fixtures.js';

const t0 = new Date('2026-11-23T02:00:00Z');
const long = 'Server ini sedang dipindahkan ke pusat data baru. '.repeat(11); // 550 characters

describe('the reason rule', () => {
  it('trims, and asks for at least 10 characters and 2 words and at most 500 characters', () => {
    expect(checkReason('  Server tidak termasuk layanan publik  ')).toEqual({ ok: true, reason: 'Server tidak termasuk layanan publik' });
    for (const reason of ['.', '-', 'ok', 'Ditolak', '..........', 'Tidak ada']) {
      expect(checkReason(reason), reason).toMatchObject({ ok: false, code: 'reason-too-short' });
    }
    expect(checkReason(long)).toMatchObject({ ok: false, code: 'reason-too-long', detail: { maxLength: 500, length: 549 } });
    expect(checkReason('x'.repeat(500).replace(/x{10}/g, 'kata kata ').trim())).toMatchObject({ ok: true });
    // An SOP may set its own limits.
    expect(checkReason('Tidak ada', { minLength: 5, minWords: 2, maxLength: 20 })).toMatchObject({ ok: true });
  });

  it('explains the rule in Indonesian and English', () => {
    expect(explainReason('reason-too-short', { minLength: 10, minWords: 2 }, 'id')).toMatch(/paling sedikit 10 karakter dan 2 kata[\s\S]*Tanda "\." atau "-" saja tidak cukup/);
    expect(explainReason('reason-too-short', undefined, 'en')).toMatch(/at least 10 characters and 2 words[\s\S]*A "\." or "-" alone is not enough/);
    expect(explainReason('reason-too-long', { maxLength: 500, length: 549 }, 'id')).toBe('Alasan terlalu panjang: paling banyak 500 karakter (tertulis 549). Ringkas alasannya; rinciannya dapat dilampirkan terpisah.');
  });
});

describe('the engine refuses a reason that breaks the rule', () => {
  const choose = (stepId: string, choiceId: string, role: string, reason: string): WorkflowInput => ({ type: 'choose', stepId, choiceId, actor: actorFor(role, role), at: t0, reason });

  it('on a rejection, with the limits in the detail, and accepts a proper one', () => {
    let instance = startInstance(sopB, { id: 'r', organisationId: 'o', number: 1, requesterId: 'pegawai', at: t0 }).instance;
    const submit = transition(sopB, instance, { type: 'choose', stepId: 'pengajuan', choiceId: 'kirim', actor: actorFor('pemohon', 'pegawai'), at: t0, form: validRequestForm });
    if (!submit.ok) throw new Error(JSON.stringify(submit.refusal));
    const disposed = transition(sopB, submit.instance, choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn', 'Mohon ditindaklanjuti segera'));
    if (!disposed.ok) throw new Error(JSON.stringify(disposed.refusal));
    instance = disposed.instance;
    expect(transition(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', '.'))).toEqual({
      ok: false, refusal: { code: 'reason-too-short', detail: { minLength: 10, minWords: 2, maxLength: 500, length: 1, words: 0 } },
    });
    expect(transition(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', long))).toMatchObject({ ok: false, refusal: { code: 'reason-too-long', detail: { maxLength: 500 } } });
    const rejected = transition(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', '  Server tidak termasuk layanan publik '));
    expect(rejected).toMatchObject({ ok: true, record: { reason: 'Server tidak termasuk layanan publik' } });
  });

  it('on an optional reason too, since it is printed in the report\'s list of decisions', () => {
    const instance = startInstance(sopA, { id: 'a', organisationId: 'o', number: 1, requesterId: null, at: t0 }).instance;
    expect(transition(sopA, instance, choose('perintah_backup', 'perintahkan', 'kepala_ptid', '-'))).toMatchObject({ ok: false, refusal: { code: 'reason-too-short' } });
    expect(transition(sopA, instance, { type: 'choose', stepId: 'perintah_backup', choiceId: 'perintahkan', actor: actorFor('kepala_ptid', 'kepala_ptid'), at: t0 })).toMatchObject({ ok: true });
  });
});

describe('the form\'s reason field has the same limits', () => {
  const field = sopB.form!.fields.find((candidate) => candidate.name === 'alasan')!;

  it('refuses "-", "." and a 550-character reason with the rule explained', () => {
    expect(field.type).toBe('reason');
    expect(parseFieldAnswer(field, '-', 'id', '2026-11-23')).toEqual({ ok: false, message: expect.stringMatching(/^Alasan terlalu singkat: tulis paling sedikit 10 karakter dan 2 kata/) });
    expect(parseFieldAnswer(field, '.', 'en', '2026-11-23')).toEqual({ ok: false, message: expect.stringMatching(/^The reason is too short/) });
    expect(parseFieldAnswer(field, long, 'id', '2026-11-23')).toEqual({ ok: false, message: expect.stringMatching(/^Alasan terlalu panjang: paling banyak 500 karakter/) });
    expect(parseFieldAnswer(field, '  Migrasi server SIMPEG ', 'id', '2026-11-23')).toEqual({ ok: true, value: 'Migrasi server SIMPEG' });
    expect(checkForm(sopB.form!, { ...validRequestForm, alasan: 'Migrasi' }, 'id', '2026-11-23')).toEqual({ alasan: expect.stringMatching(/terlalu singkat/) });
  });
});
