// Cancelling a running backup (the cancel button on its progress message, /batal N): only the
// backup step's role holders may, and a refused attempt is in the trail like any other.
import { afterEach, describe, expect, it } from 'vitest';
import { formatTrail } from '../../src/service/trail-format.js';
import { listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { openServiceFixture, requestAtKabid, type ServiceFixture } from './service-fixture.js';

let fixture: ServiceFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('cancelJobs', () => {
  it('refuses someone who does not hold the backup step\'s role and records the attempt once', async () => {
    const f = (fixture = await openServiceFixture('sqlite', {}, () => new Date('2026-11-23T02:00:00Z')));
    const { service } = f.core;
    const id = await requestAtKabid(f);
    const decisions: Array<[string, string, string, { targets: string[] } | undefined]> = [
      ['seleksi_kabid', 'Dewi', 'setujui', undefined], ['seleksi_kasubbid', 'Agus', 'setujui', undefined], ['proses_administrator', 'Rudi', 'ditindaklanjuti', { targets: ['simpeg-files'] }],
    ];
    for (const [step, person, choice, inputs] of decisions) {
      const outcome = await service.decide({ instanceId: id, stepId: step, choiceId: choice, person: await f.person(person), inputs, key: `${step}-decided` });
      expect(outcome.status).toBe('accepted');
    }
    const instance = (await loadInstance(service.db, id))!;
    expect(instance.currentStep).toBe('jalankan_backup');
    const siti = await f.person('Siti');
    expect(await service.cancelJobs(instance, siti, 'cancel-by-siti')).toBe('not-allowed');
    expect(await service.cancelJobs(instance, siti, 'cancel-by-siti')).toBe('not-allowed'); // the same tap delivered twice
    const refused = (await listTrail(service.db, id)).filter((entry) => !entry.accepted);
    expect(refused).toMatchObject([{ actorName: 'Siti Rahmawati', stepId: 'jalankan_backup', choice: 'cancel-requested', refusal: 'wrong-role' }]);
    const lines = formatTrail(refused, await service.definitionOf(instance), 'id');
    expect(lines[0]).toContain('Siti Rahmawati (NIP 199202292015032001) — pembatalan backup diminta — DITOLAK SISTEM: tidak memegang peran langkah ini');
  });
});
