import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTrail } from '../../src/service/trail-format.js';
import { saveDelegations } from '../../src/storage/people-repository.js';
import { listOverdueSteps, listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { openServiceFixture, requestAtKabid, type ServiceFixture } from './service-fixture.js';

let now = new Date('2026-12-02T02:00:00Z'); // 09.00 WIB, inside the delegation below
let fixture: ServiceFixture;
beforeAll(async () => { fixture = await openServiceFixture('sqlite', {}, () => now); });
afterAll(async () => { await fixture.close(); });

describe('delegates (Plh./Plt.) and refusals', () => {
  it('a delegate acts for the holder within the dates; the trail says "a.n."', async () => {
    const { service } = fixture.core;
    const agus = await fixture.person('Agus');
    const dewi = await fixture.person('Dewi');
    await saveDelegations(service.db, service.organisationId, [{ role: 'kabid_pjkkd', delegate: agus.nip, principal: dewi.nip, from: '2026-12-01', until: '2026-12-05', kind: 'Plh.' }]);
    const instanceId = await requestAtKabid(fixture);
    const outcome = await service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: agus, key: 'plh-approve' });
    expect(outcome.status).toBe('accepted');
    const trail = await listTrail(service.db, instanceId);
    const line = formatTrail(trail, service.definitions.latestOf('sop_b_backup_server')!, 'id').find((text) => text.includes('Menyeleksi permintaan sesuai kebijakan'));
    expect(line).toBe('02/12/2026 09.00 WIB  [3] Menyeleksi permintaan sesuai kebijakan — Agus Salim (NIP 198109302006041002, Kabid PJKKD) a.n. Dewi Lestari (NIP 197704022002122001) — Setujui dan disposisikan ke Kasubbid Komdat');
  });

  it('outside the delegation dates the same person is refused, and the refusal is recorded', async () => {
    const { service } = fixture.core;
    const agus = await fixture.person('Agus');
    const instanceId = await requestAtKabid(fixture);
    now = new Date('2026-12-06T02:00:00Z');
    const outcome = await service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: agus, key: 'plh-late' });
    expect(outcome).toMatchObject({ status: 'refused', code: 'wrong-role', detail: { role: 'kabid_pjkkd' } });
    expect((await loadInstance(service.db, instanceId))?.currentStep).toBe('seleksi_kabid');
    const refusal = (await listTrail(service.db, instanceId)).at(-1)!;
    expect(refusal).toMatchObject({ accepted: false, refusal: 'wrong-role', actorName: 'Agus Salim', stepId: 'seleksi_kabid', choice: 'setujui' });
    now = new Date('2026-12-02T02:00:00Z');
  });
});

describe('due times', () => {
  it('each open step has its due time stored; overdue steps are listed once past it', async () => {
    const { service } = fixture.core;
    const instanceId = await requestAtKabid(fixture); // Kabid has 5 hours
    const deadline = await service.db.stepDeadline.findFirstOrThrow({ where: { instanceId, stepId: 'seleksi_kabid', closedAt: null } });
    expect(deadline.dueAt).toEqual(new Date(now.getTime() + 5 * 3600_000));
    expect((await listOverdueSteps(service.db, new Date(now.getTime() + 5 * 3600_000 - 1))).some((step) => step.instanceId === instanceId)).toBe(false);
    const overdue = await listOverdueSteps(service.db, new Date(now.getTime() + 6 * 3600_000));
    expect(overdue.filter((step) => step.instanceId === instanceId)).toEqual([expect.objectContaining({ stepId: 'seleksi_kabid', dueAt: deadline.dueAt })]);
    // Deciding closes the step's due time and opens the next one's.
    await service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: await fixture.person('Dewi'), key: `due-${instanceId}` });
    const open = await service.db.stepDeadline.findMany({ where: { instanceId, closedAt: null } });
    expect(open.map((row) => [row.stepId, row.dueAt])).toEqual([['seleksi_kasubbid', new Date(now.getTime() + 3 * 3600_000)]]);
  });
});

describe('submitting a request', () => {
  it('a refused form starts no run and says which fields are wrong', async () => {
    const { service } = fixture.core;
    const before = await service.db.workflowInstance.count();
    const outcome = await service.submitRequest('sop_b_backup_server', await fixture.person('Siti'), { nama: 'Siti' }, 'bad-form');
    expect(outcome).toMatchObject({ status: 'refused', code: 'form-invalid', instance: null });
    if (outcome.status !== 'refused') return;
    expect(Object.keys(outcome.detail?.problems as object)).toEqual(expect.arrayContaining(['tanggal', 'satker', 'nomor_hp', 'nip', 'email', 'nama_server', 'alasan']));
    expect(await service.db.workflowInstance.count()).toBe(before);
  });
});
