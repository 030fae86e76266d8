import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTrail } from '../../src/service/trail-format.js';
import { WorkflowService } from '../../src/service/workflow-service.js';
import { openServiceFixture, requestForm, type ServiceFixture } from './service-fixture.js';

let fixture: ServiceFixture;
beforeAll(async () => { fixture = await openServiceFixture('sqlite', {}, () => new Date('2026-11-23T02:00:00Z')); });
afterAll(async () => { await fixture.close(); });

const yusufs = { ...requestForm, nama: 'Yusuf Maulana', nip: '199407082019031003', email: 'yusuf@contoh.go.id' };

describe('a requester files for themselves', () => {
  it('refuses another employee\'s NIP from a plain requester, with the rule in a sentence', async () => {
    const { service } = fixture.core;
    const outcome = await service.submitRequest('sop_b_backup_server', await fixture.person('Siti'), yusufs, 'for-yusuf');
    expect(outcome).toMatchObject({ status: 'refused', code: 'form-invalid', instance: null });
    expect(outcome.status === 'refused' && outcome.detail?.problems).toEqual({
      nip: 'NIP harus NIP Anda sendiri (199202292015032001); permohonan untuk pegawai lain hanya dapat diajukan oleh peran yang ditetapkan konfigurasi (onBehalfRoles).',
    });
  });

  it('lets a role named in onBehalfRoles file for another employee; the trail says "diajukan oleh X untuk Y"', async () => {
    const { service } = fixture.core;
    const secretariat = new WorkflowService(service.db, service.definitions, service.organisationId, 'id', () => new Date('2026-11-23T02:00:00Z'), { onBehalfRoles: ['kabag_tu'] });
    expect((await secretariat.submitRequest('sop_b_backup_server', await fixture.person('Dewi'), yusufs, 'dewi-for-yusuf')).status).toBe('refused');
    const outcome = await secretariat.submitRequest('sop_b_backup_server', await fixture.person('Sri Wahyuni'), yusufs, 'sri-for-yusuf');
    expect(outcome.status).toBe('accepted');
    if (outcome.status !== 'accepted') return;
    const trail = formatTrail(await service.directory.trail(outcome.instance.id), service.definitions.latestOf('sop_b_backup_server')!, 'id');
    expect(trail[1]).toContain('— diajukan oleh Sri Wahyuni (NIP 197312251998032002, Pemohon) untuk Yusuf Maulana (NIP 199407082019031003) — Kirim permohonan');
    // The employee it was filed for may follow it.
    expect(await service.mayRead(outcome.instance, await fixture.person('Yusuf'), [])).toBe(true);
  });
});
