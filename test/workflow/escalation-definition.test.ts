import { describe, expect, it } from 'vitest';
import type { StepDefinition } from '../../src/workflow/definition-schema.js';
import { validateDefinition } from '../../src/workflow/validate-definition.js';
import { sopA, sopB } from './sop-fixtures.js';

const escalations = (steps: StepDefinition[]) => Object.fromEntries(steps.flatMap((step) => (step.kind === 'end' ? [] : [[step.id, step.escalateTo]])));

describe('escalateTo in SOP definitions', () => {
  it('SOP B escalates up its chain of dispositions: Administrator → Kasubbid Komdat → Kabid PJKKD → Ka. PPIKSN', () => {
    expect(validateDefinition(sopB)).toMatchObject({ ok: true });
    expect(escalations(sopB.steps)).toEqual({
      pengajuan: undefined, // the requester's superior is not a role of the SOP
      disposisi_ka_ppiksn: undefined, // the head of the centre: no one above
      seleksi_kabid: 'ka_ppiksn',
      seleksi_kasubbid: 'kabid_pjkkd',
      proses_administrator: 'kasubbid_komdat',
      jalankan_backup: 'kasubbid_komdat',
      laporan_kasubbid: 'kabid_pjkkd',
      laporan_kabid: 'ka_ppiksn',
      balasan_kabag_tu: 'ka_ppiksn',
      terima_balasan: undefined,
    });
  });

  it('SOP A escalates every role to the Kepala PTID, and the Kepala PTID to no one', () => {
    expect(validateDefinition(sopA)).toMatchObject({ ok: true });
    const chain = escalations(sopA.steps);
    // The Kepala PTID's own steps (the order, the countersignature) escalate to no one.
    const headSteps = sopA.steps.filter((step) => step.kind !== 'end' && step.role === 'kepala_ptid').map((step) => step.id);
    expect(headSteps).toEqual(['perintah_backup', 'pengesahan_laporan']);
    for (const id of headSteps) expect(chain[id]).toBeUndefined();
    expect(Object.entries(chain).filter(([id]) => !headSteps.includes(id)).every(([, role]) => role === 'kepala_ptid')).toBe(true);
  });

  it('sop validate refuses an escalateTo that is not a role of the definition, the requester included', () => {
    const copy = structuredClone(sopB) as any;
    const kabid = copy.steps.findIndex((step: StepDefinition) => step.id === 'seleksi_kabid');
    const admin = copy.steps.findIndex((step: StepDefinition) => step.id === 'proses_administrator');
    copy.steps[kabid].escalateTo = 'ka_ppiksnn';
    copy.steps[admin].escalateTo = 'pemohon';
    const check = validateDefinition(copy);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toContainEqual(expect.objectContaining({ path: `steps[${kabid}] (seleksi_kabid).escalateTo`, message: expect.stringContaining('peran "ka_ppiksnn" tidak dikenal') }));
    expect(check.problems).toContainEqual(expect.objectContaining({ path: `steps[${admin}] (proses_administrator).escalateTo`, message: expect.stringContaining('peran "pemohon" tidak dikenal') }));
  });

  it('takes urgent as a yes/no only', () => {
    const copy = structuredClone(sopB) as any;
    copy.steps[2].urgent = 'ya';
    const check = validateDefinition(copy);
    expect(!check.ok && check.problems.some((problem) => problem.path === 'steps[2] (seleksi_kabid).urgent')).toBe(true);
    copy.steps[2].urgent = true;
    expect(validateDefinition(copy)).toMatchObject({ ok: true });
  });
});
