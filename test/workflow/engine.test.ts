import { describe, expect, it } from 'vitest';
import { startInstance, transition } from '../../src/workflow/engine.js';
import type { InstanceState, WorkflowInput } from '../../src/workflow/types.js';
import type { WorkflowDefinition } from '../../src/workflow/definition-schema.js';
import { actorFor, sopA, sopB, validRequestForm } from './sop-fixtures.js';

const t0 = new Date('2026-11-23T02:00:00Z'); // 09.00 WIB

function start(definition: WorkflowDefinition, requesterId: string | null = 'pegawai') {
  return startInstance(definition, { id: 'req-1', organisationId: 'org', number: 1, requesterId, at: t0 });
}

/** Applies events in order, failing the test on the first refusal. */
function run(definition: WorkflowDefinition, instance: InstanceState, ...inputs: WorkflowInput[]): InstanceState {
  for (const input of inputs) {
    const result = transition(definition, instance, input);
    if (!result.ok) throw new Error(`refused ${JSON.stringify(result.refusal)} at ${input.stepId}`);
    instance = result.instance;
  }
  return instance;
}

const choose = (stepId: string, choiceId: string, role: string, extra: Partial<Extract<WorkflowInput, { type: 'choose' }>> = {}): WorkflowInput => ({
  type: 'choose', stepId, choiceId, actor: actorFor(role, role === 'pemohon' ? 'pegawai' : role), at: t0, ...extra,
});

describe('SOP B as data', () => {
  it('has the time limits of the SOP table', () => {
    const limits = Object.fromEntries(sopB.steps.map((s) => [s.id, 'timeLimit' in s ? s.timeLimit : null]));
    expect(limits).toEqual({
      pengajuan: '1d', disposisi_ka_ppiksn: '1d', seleksi_kabid: '5h', seleksi_kasubbid: '3h', proses_administrator: '1h',
      jalankan_backup: '1h', laporan_kasubbid: '1h', laporan_kabid: '1h', balasan_kabag_tu: '3h', terima_balasan: '1d', selesai: null,
    });
  });
});

describe('transition on SOP B', () => {
  it('starts at the requester step with a one-day due time', () => {
    const { instance, effects } = start(sopB);
    expect(instance.currentStep).toBe('pengajuan');
    expect(effects).toEqual([
      { type: 'set-deadline', stepId: 'pengajuan', dueAt: new Date('2026-11-24T02:00:00Z') },
      { type: 'request-decision', stepId: 'pengajuan', role: 'pemohon' },
    ]);
  });

  it('submits the form, stores normalized answers and asks Ka. PPIKSN', () => {
    const { instance } = start(sopB);
    const result = transition(sopB, instance, choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.instance.currentStep).toBe('disposisi_ka_ppiksn');
    expect(result.instance.data.form.nama_server).toBe('srv-simpeg');
    expect(result.effects).toContainEqual({ type: 'request-decision', stepId: 'disposisi_ka_ppiksn', role: 'ka_ppiksn' });
    expect(result.effects).toContainEqual({ type: 'announce', milestone: 'received', stepId: 'pengajuan' });
    expect(instance.currentStep).toBe('pengajuan'); // the input was not mutated
  });

  it('refuses a form with bad fields and says which', () => {
    const { instance } = start(sopB);
    const result = transition(sopB, instance, choose('pengajuan', 'kirim', 'pemohon', { form: { ...validRequestForm, nip: '123', nama_server: '' } }));
    expect(result).toMatchObject({ ok: false, refusal: { code: 'form-invalid' } });
    if (result.ok) return;
    const problems = result.refusal.detail?.problems as Record<string, string>;
    expect(Object.keys(problems).sort()).toEqual(['nama_server', 'nip']);
    expect(problems.nama_server).toContain('Nama Server, Nama Aplikasi, Nama Folder');
  });

  it('walks the approve path with the time limit of each step and ends approved', () => {
    let { instance } = start(sopB);
    instance = run(sopB, instance,
      choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }),
      choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn'),
    );
    const kabid = transition(sopB, instance, choose('seleksi_kabid', 'setujui', 'kabid_pjkkd'));
    expect(kabid.ok && kabid.effects).toContainEqual({ type: 'set-deadline', stepId: 'seleksi_kasubbid', dueAt: new Date('2026-11-23T05:00:00Z') });
    instance = run(sopB, instance,
      choose('seleksi_kabid', 'setujui', 'kabid_pjkkd'),
      choose('seleksi_kasubbid', 'setujui', 'kasubbid_komdat'),
    );
    const admin = transition(sopB, instance, choose('proses_administrator', 'ditindaklanjuti', 'administrator', { inputs: { targets: ['simpeg-db'] } }));
    expect(admin.ok && admin.effects).toContainEqual({ type: 'start-task', stepId: 'jalankan_backup', task: 'backup' });
    instance = run(sopB, instance,
      choose('proses_administrator', 'ditindaklanjuti', 'administrator', { inputs: { targets: ['simpeg-db'] } }),
      { type: 'task-result', stepId: 'jalankan_backup', outcome: 'succeeded', summary: '1 salinan', at: t0 },
      choose('laporan_kasubbid', 'teruskan', 'kasubbid_komdat'),
      choose('laporan_kabid', 'teruskan', 'kabid_pjkkd'),
    );
    const reply = transition(sopB, instance, choose('balasan_kabag_tu', 'kirim_balasan', 'kabag_tu'));
    expect(reply.ok && reply.effects).toContainEqual({ type: 'render-document', document: 'balasan', stepId: 'balasan_kabag_tu' });
    instance = run(sopB, instance, choose('balasan_kabag_tu', 'kirim_balasan', 'kabag_tu'), choose('terima_balasan', 'terima', 'pemohon'));
    expect(instance).toMatchObject({ status: 'finished', outcome: 'approved', currentStep: null, data: { targets: ['simpeg-db'] } });
  });

  it('Kabid rejects with a reason: the reply goes through Kabag TU and the run ends rejected', () => {
    let { instance } = start(sopB);
    instance = run(sopB, instance, choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }), choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn'));
    expect(transition(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd'))).toEqual({ ok: false, refusal: { code: 'reason-required' } });
    expect(transition(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', { reason: '   ' }))).toEqual({ ok: false, refusal: { code: 'reason-required' } });
    instance = run(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', { reason: 'Tidak sesuai kebijakan' }));
    expect(instance.currentStep).toBe('balasan_kabag_tu');
    instance = run(sopB, instance, choose('balasan_kabag_tu', 'kirim_balasan', 'kabag_tu'), choose('terima_balasan', 'terima', 'pemohon'));
    expect(instance).toMatchObject({ status: 'finished', outcome: 'rejected' });
  });

  it('Kasubbid returns the request to Kabid, who may then reject it', () => {
    let { instance } = start(sopB);
    instance = run(sopB, instance,
      choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }),
      choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn'),
      choose('seleksi_kabid', 'setujui', 'kabid_pjkkd'),
      choose('seleksi_kasubbid', 'kembalikan', 'kasubbid_komdat', { reason: 'Spesifikasi server tidak didukung' }),
    );
    expect(instance.currentStep).toBe('seleksi_kabid');
    instance = run(sopB, instance, choose('seleksi_kabid', 'tolak', 'kabid_pjkkd', { reason: 'Lihat catatan Kasubbid' }));
    expect(instance.currentStep).toBe('balasan_kabag_tu');
  });

  it('the Administrator postpones (Ditunda) with a reason; the report still goes up the chain', () => {
    let { instance } = start(sopB);
    instance = run(sopB, instance,
      choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }),
      choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn'),
      choose('seleksi_kabid', 'setujui', 'kabid_pjkkd'),
      choose('seleksi_kasubbid', 'setujui', 'kasubbid_komdat'),
    );
    expect(transition(sopB, instance, choose('proses_administrator', 'ditindaklanjuti', 'administrator'))).toEqual({
      ok: false, refusal: { code: 'input-required', detail: { input: 'targets' } },
    });
    instance = run(sopB, instance, choose('proses_administrator', 'ditunda', 'administrator', { reason: 'Server sedang migrasi' }));
    expect(instance).toMatchObject({ currentStep: 'laporan_kasubbid', outcome: 'postponed' });
  });

  it('refuses the wrong role, a stale step, an unknown choice and anything after the end', () => {
    const { instance } = start(sopB);
    const submitted = run(sopB, instance, choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }));
    expect(transition(sopB, submitted, choose('disposisi_ka_ppiksn', 'disposisi', 'kabag_tu'))).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    expect(transition(sopB, submitted, { ...choose('disposisi_ka_ppiksn', 'disposisi', 'pemohon') })).toMatchObject({ ok: false, refusal: { code: 'wrong-role' } });
    expect(transition(sopB, submitted, choose('pengajuan', 'kirim', 'pemohon', { form: validRequestForm }))).toMatchObject({ ok: false, refusal: { code: 'stale-step' } });
    expect(transition(sopB, submitted, choose('disposisi_ka_ppiksn', 'setujui', 'ka_ppiksn'))).toMatchObject({ ok: false, refusal: { code: 'unknown-choice' } });
    expect(transition(sopB, { ...submitted, status: 'finished' }, choose('disposisi_ka_ppiksn', 'disposisi', 'ka_ppiksn'))).toMatchObject({ ok: false, refusal: { code: 'finished' } });
  });
});

describe('transition on SOP A', () => {
  const toMedia = () => {
    const { instance } = start(sopA, null);
    return run(sopA, instance,
      choose('perintah_backup', 'perintahkan', 'kepala_ptid'),
      choose('siapkan_ceklis', 'ceklis_siap', 'petugas_backup', { inputs: { targets: ['arsip-akademik', 'simak-db'] } }),
      choose('koreksi_ceklis', 'setujui', 'korektor'),
    );
  };

  it('branches to "no media": report to the corrector, Kasubbag Umum dan Keuangan provides, back to preparing media', () => {
    let instance = toMedia();
    instance = run(sopA, instance, choose('siapkan_media', 'media_tidak_tersedia', 'petugas_backup'));
    expect(instance.currentStep).toBe('lapor_media');
    instance = run(sopA, instance, choose('lapor_media', 'laporkan', 'petugas_backup'));
    const provide = transition(sopA, instance, choose('permintaan_media', 'media_tersedia', 'kasubbag_umum_keuangan'));
    expect(provide.ok && provide.instance.currentStep).toBe('siapkan_media');
  });

  it('a medium found absent by the executor leads to the same branch', () => {
    let instance = run(sopA, toMedia(), choose('siapkan_media', 'media_siap', 'petugas_backup', { inputs: { medium: 'HDD-PTID-01' } }));
    expect(instance.currentStep).toBe('salin_data');
    instance = run(sopA, instance, { type: 'task-result', stepId: 'salin_data', outcome: 'medium-absent', at: t0 });
    expect(instance.currentStep).toBe('lapor_media');
    expect(instance.data.taskResults.salin_data?.outcome).toBe('medium-absent');
  });

  it('runs to the archive; steps 9–10 share one day counted from step 9', () => {
    let instance = run(sopA, toMedia(),
      choose('siapkan_media', 'media_siap', 'petugas_backup', { inputs: { medium: 'HDD-PTID-01' } }),
      { type: 'task-result', stepId: 'salin_data', outcome: 'succeeded', at: t0 },
      choose('isi_ceklis', 'ceklis_terisi', 'petugas_backup'),
    );
    // "Ceklis terisi" issues the filled checklist; the Kepala PTID's countersignature the final berita acara and laporan.
    const filled = transition(sopA, run(sopA, toMedia(), choose('siapkan_media', 'media_siap', 'petugas_backup', { inputs: { medium: 'HDD-PTID-01' } }), { type: 'task-result', stepId: 'salin_data', outcome: 'succeeded', at: t0 }), choose('isi_ceklis', 'ceklis_terisi', 'petugas_backup'));
    expect(filled.ok && filled.effects).toContainEqual({ type: 'render-document', document: 'ceklis', stepId: 'isi_ceklis' });
    const later = new Date(t0.getTime() + 3 * 3600_000);
    const docs = transition(sopA, instance, { type: 'task-result', stepId: 'buat_berita_acara', outcome: 'succeeded', at: later });
    expect(docs.ok && docs.effects).toContainEqual({ type: 'set-deadline', stepId: 'koreksi_laporan', dueAt: new Date(t0.getTime() + 24 * 3600_000) });
    instance = run(sopA, instance,
      { type: 'task-result', stepId: 'buat_berita_acara', outcome: 'succeeded', at: later },
      choose('koreksi_laporan', 'setujui', 'korektor'),
    );
    const countersigned = transition(sopA, instance, choose('pengesahan_laporan', 'sahkan', 'kepala_ptid'));
    expect(countersigned.ok && countersigned.effects).toContainEqual({ type: 'render-document', document: 'berita-acara', stepId: 'pengesahan_laporan' });
    instance = run(sopA, instance,
      choose('pengesahan_laporan', 'sahkan', 'kepala_ptid'),
      choose('arsipkan', 'arsipkan', 'petugas_backup'),
    );
    expect(instance).toMatchObject({ status: 'finished', outcome: 'approved' });
  });

  it('refuses an outcome the step does not know, and a task result on a human step', () => {
    const instance = run(sopA, toMedia(), choose('siapkan_media', 'media_siap', 'petugas_backup', { inputs: { medium: 'HDD' } }));
    expect(transition(sopA, instance, { type: 'task-result', stepId: 'salin_data', outcome: 'exploded', at: t0 })).toMatchObject({ ok: false, refusal: { code: 'unknown-outcome' } });
    expect(transition(sopA, toMedia(), { type: 'task-result', stepId: 'siapkan_media', outcome: 'succeeded', at: t0 })).toMatchObject({ ok: false, refusal: { code: 'not-a-system-step' } });
  });
});

describe('a run started with targets (a schedule\'s)', () => {
  it('carries them from the start, and the checklist step takes them as submitted or changed', () => {
    const targets = ['simpeg-files', 'simpeg-db'];
    const { instance, effects } = startInstance(sopA, { id: 'run-1', organisationId: 'org', number: 1, requesterId: null, at: t0, targets });
    targets.push('changed-later');
    expect(instance.data.targets).toEqual(['simpeg-files', 'simpeg-db']);
    expect(effects).toContainEqual({ type: 'request-decision', stepId: 'perintah_backup', role: 'kepala_ptid' });
    const ordered = run(sopA, instance, choose('perintah_backup', 'perintahkan', 'kepala_ptid'));
    expect(ordered.data.targets).toEqual(['simpeg-files', 'simpeg-db']);
    const changed = run(sopA, ordered, choose('siapkan_ceklis', 'ceklis_siap', 'petugas_backup', { inputs: { targets: ['simpeg-db'] } }));
    expect(changed.data.targets).toEqual(['simpeg-db']);
  });
});
