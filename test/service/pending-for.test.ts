import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDelegations } from '../../src/storage/people-repository.js';
import { hasPostgres } from '../support/services.js';
import { openServiceFixture, requestAtKabid, requestForm, type ServiceFixture } from './service-fixture.js';

const providers = [
  { provider: 'sqlite' as const, available: true },
  { provider: 'postgresql' as const, available: hasPostgres },
];

// 09.00 WIB on a day inside the delegation below.
const now = new Date('2026-12-02T02:00:00Z');

for (const { provider, available } of providers) {
  describe.skipIf(!available)(`what waits for a person, /tugas (${provider})`, () => {
    let fixture: ServiceFixture;
    const numbers: Record<string, number> = {};
    beforeAll(async () => {
      fixture = await openServiceFixture(provider, {}, () => now);
      const { service } = fixture.core;
      const person = (name: string) => fixture.person(name);
      const numberOf = async (id: string) => (await service.directory.run(id))!.number;
      // Agus (Kasubbid Komdat) is also Plh. Kabid PJKKD this week.
      await saveDelegations(service.db, service.organisationId, [{ role: 'kabid_pjkkd', delegate: (await person('Agus')).nip, principal: (await person('Dewi')).nip, from: '2026-12-01', until: '2026-12-05', kind: 'Plh.' }]);
      const submitted = await service.submitRequest('sop_b_backup_server', await person('Siti'), requestForm, 'submit-ka-ppiksn');
      if (submitted.status !== 'accepted') throw new Error('submit failed');
      numbers.atKaPpiksn = submitted.instance.number;
      numbers.atKabid1 = await numberOf(await requestAtKabid(fixture));
      const toKasubbid = await requestAtKabid(fixture);
      await service.decide({ instanceId: toKasubbid, stepId: 'seleksi_kabid', choiceId: 'setujui', person: await person('Dewi'), key: 'approve-to-kasubbid' });
      numbers.atKasubbid = await numberOf(toKasubbid);
      numbers.atKabid2 = await numberOf(await requestAtKabid(fixture));
      // Two forms being filled in: each waits for its own requester only.
      const sitiForm = await service.start('sop_b_backup_server', await person('Siti'), 'start-siti');
      const yusufForm = await service.start('sop_b_backup_server', await person('Yusuf'), 'start-yusuf');
      numbers.sitiForm = sitiForm.instance!.number;
      numbers.yusufForm = yusufForm.instance!.number;
    });
    afterAll(async () => { await fixture?.close(); });

    const pending = async (name: string, page?: { after?: number; take?: number }) =>
      (await fixture.core.service.pendingFor(await fixture.person(name), page)).map((run) => run.number);

    it('finds the runs at steps of every role a person holds or stands in for, oldest first', async () => {
      expect(await pending('Agus')).toEqual([numbers.atKabid1, numbers.atKasubbid, numbers.atKabid2]);
      expect(await pending('Dewi')).toEqual([numbers.atKabid1, numbers.atKabid2]);
      expect(await pending('Bambang')).toEqual([numbers.atKaPpiksn]);
    });

    it("a run at the requester's step waits for its own requester only; a role with nothing waiting gets nothing", async () => {
      expect(await pending('Siti')).toEqual([numbers.sitiForm]);
      expect(await pending('Yusuf')).toEqual([numbers.yusufForm]);
      expect(await pending('Sri Wahyuni')).toEqual([]);
    });

    it('pages across roles: a page of two, then the rest after the last number shown', async () => {
      const first = await pending('Agus', { take: 2 });
      expect(first).toEqual([numbers.atKabid1, numbers.atKasubbid]);
      expect(await pending('Agus', { after: first.at(-1)!, take: 2 })).toEqual([numbers.atKabid2]);
      expect(await pending('Agus', { after: numbers.atKabid2!, take: 2 })).toEqual([]);
    });
  });
}
