import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { hasPostgres } from '../support/services.js';
import { openServiceFixture, requestAtKabid, type ServiceFixture } from './service-fixture.js';

const providers = [
  { provider: 'sqlite' as const, available: true },
  { provider: 'postgresql' as const, available: hasPostgres },
];

for (const { provider, available } of providers) {
  describe.skipIf(!available)(`one decision under concurrency (${provider})`, () => {
    let fixture: ServiceFixture;
    beforeAll(async () => { fixture = await openServiceFixture(provider); });
    afterAll(async () => { await fixture?.close(); });

    it('50 concurrent taps (double taps, retried deliveries) make exactly one transition', async () => {
      const { service } = fixture.core;
      const instanceId = await requestAtKabid(fixture);
      const before = await loadInstance(service.db, instanceId);
      const dewi = await fixture.person('Dewi');
      const tap = (key: string) => service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: dewi, key });
      // 25 distinct taps and 25 redeliveries of one of them, all at once.
      const outcomes = await Promise.all([
        ...Array.from({ length: 25 }, (_, i) => tap(`tap-${i}`)),
        ...Array.from({ length: 25 }, () => tap('tap-0')),
      ]);
      const accepted = outcomes.filter((outcome) => outcome.status === 'accepted');
      expect(accepted).toHaveLength(1);
      const refused = outcomes.filter((outcome) => outcome.status === 'refused');
      for (const outcome of refused) {
        expect(outcome).toMatchObject({ code: 'stale-step', decidedBy: { name: 'Dewi Lestari' } });
      }
      expect(refused.length + outcomes.filter((outcome) => outcome.status === 'duplicate').length).toBe(49);

      const after = await loadInstance(service.db, instanceId);
      expect(after).toMatchObject({ currentStep: 'seleksi_kasubbid', version: before!.version + 1 });
      const trail = await listTrail(service.db, instanceId);
      expect(trail.filter((entry) => entry.stepId === 'seleksi_kabid' && entry.accepted)).toHaveLength(1);
      expect(await service.db.stepDeadline.count({ where: { instanceId, stepId: 'seleksi_kasubbid', closedAt: null } })).toBe(1);
    });

    it('two approvers at once (holder and delegate): one wins, the other is told who decided', async () => {
      const { service } = fixture.core;
      const instanceId = await requestAtKabid(fixture);
      const [dewi, bambang] = [await fixture.person('Dewi'), await fixture.person('Bambang')];
      await service.db.roleAssignment.create({ data: { id: `plh-${instanceId}`, organisationId: service.organisationId, role: 'kabid_pjkkd', personId: bambang.id, onBehalfOfId: dewi.id, delegationKind: 'Plh.' } });
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: i % 2 ? 'setujui' : 'tolak', reason: 'Tidak sesuai kebijakan', person: i % 2 ? dewi : bambang, key: `both-${i}` })));
      expect(outcomes.filter((outcome) => outcome.status === 'accepted')).toHaveLength(1);
      const winner = (await listTrail(service.db, instanceId)).find((entry) => entry.stepId === 'seleksi_kabid' && entry.accepted)!;
      for (const outcome of outcomes.filter((o) => o.status === 'refused')) expect(outcome).toMatchObject({ decidedBy: { name: winner.actorName } });
      await service.db.roleAssignment.delete({ where: { id: `plh-${instanceId}` } });
    });
  });
}
