import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { sampleConfigFile } from '../../src/config/load.js';
import { createRuntime } from '../../src/app.js';
import type { BackupTaskDetail } from '../../src/service/backup-task.js';
import type { Runtime } from '../../src/service/runtime.js';
import { loadInstance } from '../../src/storage/workflow-repository.js';
import { openServiceFixture, type ServiceFixture } from './service-fixture.js';
import { hasPostgres } from '../support/services.js';

// On SQLite jobs are rows the process claims; on PostgreSQL pg-boss carries them. Same assertions.
for (const provider of ['sqlite', 'postgresql'] as const) {
describe.skipIf(provider === 'postgresql' && !hasPostgres)(`backup jobs on ${provider}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'cadang-backup-task-'));
  const source = join(work, 'arsip-akademik');
  const medium = join(work, 'usb');
  let fixture: ServiceFixture;
  let runtime: Runtime;

  beforeAll(async () => {
    mkdirSync(join(source, 'nilai'), { recursive: true });
    writeFileSync(join(source, 'nilai', 'semester-ganjil-2026.csv'), 'nim,nama,nilai\n1001,Ayu Lestari,A\n'.repeat(500));
    writeFileSync(join(source, 'Daftar Wisudawan — Pontianak.txt'), 'Siti Nur’aini\n');
    mkdirSync(medium);
    const config = parse(readFileSync(sampleConfigFile, 'utf8'));
    config.backup = {
      internalFolder: join(work, 'internal'),
      targets: [{ name: 'arsip-akademik', kind: 'files', include: [source] }],
      media: [{ label: 'USB-PTID-01', kind: 'flash-disk', capacityBytes: 64e9, mountPoint: medium }],
    };
    writeFileSync(join(work, 'cadang.yaml'), stringify(config));
    fixture = await openServiceFixture(provider, { CADANG_CONFIG: join(work, 'cadang.yaml') });
    // The real runtime: the backup step is a job the main queue's worker runs with the real executor.
    runtime = createRuntime(fixture.core, { notifiers: [], queues: ['main'], timing: { pollMs: 20 }, reports: { ...fixture.core.config.reports, archiveFolder: join(work, 'arsip') } });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await fixture?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** SOP A up to "media ready": ordered, checklist of one target, corrected, medium chosen. */
  async function runSopAToCopy(): Promise<string> {
    const { service } = fixture.core;
    const person = fixture.person;
    const started = await service.start('sop_a_backup_terjadwal', await person('Ahmad'), `order-${Math.random()}`);
    if (started.status !== 'accepted') throw new Error('start failed');
    const id = started.instance.id;
    const steps: Array<[string, string, string, Record<string, unknown>?]> = [
      ['perintah_backup', 'perintahkan', 'Ahmad'],
      ['siapkan_ceklis', 'ceklis_siap', 'Budi', { targets: ['arsip-akademik'] }],
      ['koreksi_ceklis', 'setujui', 'Rina'],
      ['siapkan_media', 'media_siap', 'Budi', { medium: 'USB-PTID-01' }],
    ];
    for (const [stepId, choiceId, name, inputs] of steps) {
      const outcome = await service.decide({ instanceId: id, stepId, choiceId, person: await person(name), inputs, key: `${id}-${stepId}` });
      if (outcome.status !== 'accepted') throw new Error(`${stepId}: ${JSON.stringify(outcome)}`);
    }
    await runtime.settle();
    return id;
  }

  describe(`the backup step of SOP A runs the real executor as a queued job (${provider})`, () => {
    it('copies the checklist targets to the chosen medium, verified, and moves on to filling the checklist', async () => {
      writeFileSync(join(medium, '.cadang-medium'), 'USB-PTID-01\n');
      const id = await runSopAToCopy();
      const instance = await loadInstance(fixture.core.service.db, id);
      const result = instance!.data.taskResults.salin_data!;
      expect(result).toMatchObject({ outcome: 'succeeded' }); // on failure, shows the summary with the reason
      expect(instance?.currentStep).toBe('isi_ceklis');
      const detail = result.detail as BackupTaskDetail;
      expect(detail.failures).toEqual([]);
      expect(detail.copies).toHaveLength(1);
      const copy = detail.copies[0]!;
      expect(copy).toMatchObject({ targetName: 'arsip-akademik', kind: 'files', placement: 'external', mediumLabel: 'USB-PTID-01', verified: true });
      expect(copy.location.startsWith(medium)).toBe(true);
      expect(createHash('sha256').update(readFileSync(copy.location)).digest('hex')).toBe(copy.sha256);
      expect(JSON.parse(readFileSync(copy.manifestPath, 'utf8'))).toMatchObject({ target: 'arsip-akademik', sha256: copy.sha256 });
      const job = await fixture.core.service.db.backupJob.findFirstOrThrow({ where: { instanceId: id } });
      expect(job.status).toBe('succeeded');
      // One queued job for the step, run once, by this process's worker, and closed.
      const queued = await fixture.core.service.db.job.findMany({ where: { instanceId: id, kind: 'backup' } });
      expect(queued.map((row) => [row.status, row.attempts, row.queue])).toEqual([['succeeded', 1, 'main']]);
      expect(await fixture.core.service.db.jobLease.count()).toBe(0);
    });

    it('an absent medium is the SOP\'s "no media" branch, not a crash', async () => {
      rmSync(join(medium, '.cadang-medium'));
      const id = await runSopAToCopy();
      const instance = await loadInstance(fixture.core.service.db, id);
      expect(instance?.currentStep).toBe('lapor_media');
      expect(instance?.data.taskResults.salin_data).toMatchObject({ outcome: 'medium-absent', summary: expect.stringContaining('USB-PTID-01') });
    });
  });
});
}
