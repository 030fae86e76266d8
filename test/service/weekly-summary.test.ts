import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { Runtime } from '../../src/service/runtime.js';
import { saveSchedule } from '../../src/storage/schedule-repository.js';
import { hasPostgres, openTestDatabase, type TestDatabase } from '../support/services.js';
import { RecordingPort } from '../support/recording-port.js';
import { requestForm } from './service-fixture.js';

const run = promisify(execFile);

const at = (wib: string): Date => new Date(`${wib}+07:00`);
const GB = 1_000_000_000;

/**
 * The weekly summary on a seeded database (the sample organisation, Monday 07.30 WIB): two
 * processes look at the same moment and the channel gets it once, with the real figures of the
 * week; `cadang summary` (a real process) prints the same figures.
 */
for (const provider of ['sqlite', 'postgresql'] as const) describe.skipIf(provider === 'postgresql' && !hasPostgres)(`the weekly summary on ${provider}`, () => {
  let testDb: TestDatabase;
  const cores: CadangCore[] = [];
  const runtimes: Runtime[] = [];
  const ports: RecordingPort[] = [];
  let now = at('2026-11-23T08:00:00');
  const clock = (): Date => now;

  async function process(): Promise<{ core: CadangCore; runtime: Runtime; port: RecordingPort }> {
    const core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url }), { clock });
    const port = new RecordingPort();
    const notifier = new ChatNotifier({ service: core.service, port, chatIdOf: async (person) => `dm:${person.name}`, channelId: 'kanal', adminRoles: ['administrator'], log: () => undefined });
    const runtime = createRuntime(core, { notifiers: [notifier], queues: [], timing: { pollMs: 20, reminderMs: 3_600_000 } });
    cores.push(core);
    runtimes.push(runtime);
    ports.push(port);
    return { core, runtime, port };
  }

  async function seed(core: CadangCore): Promise<void> {
    const { db } = core.service;
    const person = async (name: string) => (await core.service.directory.findPeople(name))[0]!;
    const job = async (id: string, status: string, finishedAt: Date, reason: string | null = null) =>
      db.backupJob.create({ data: { id, targetName: id.startsWith('db') ? 'simpeg-db' : 'simpeg-files', status, reason, queuedAt: finishedAt, startedAt: finishedAt, finishedAt } });
    // The week (23/11 07.30, 30/11 07.30]: 3 done, 1 failed, 1 cancelled; one done the week before.
    await job('db-1', 'succeeded', at('2026-11-24T02:10:00'));
    await job('files-1', 'succeeded', at('2026-11-25T02:20:00'));
    await job('db-2', 'succeeded', at('2026-11-27T02:10:00'));
    await job('db-3', 'failed', at('2026-11-26T02:05:00'), 'pg_dump: basis data "simpeg" tidak ada');
    await job('files-2', 'cancelled', at('2026-11-28T10:00:00'));
    await job('db-0', 'succeeded', at('2026-11-20T02:10:00'));
    // Copies: 950 GB on the 1 TB HDD-PTID-01 (95%); one copy last verified 20/11 (> 7 days before 30/11), one just now, one deleted.
    const copy = (id: string, jobId: string, medium: string | null, size: number, verifiedAt: Date | null, deletedAt: Date | null = null) =>
      db.backupCopy.create({ data: { id, jobId, targetName: jobId.startsWith('db') ? 'simpeg-db' : 'simpeg-files', path: `/media/hdd-ptid-01/${id}.tar.zst`, mediumLabel: medium, sizeBytes: BigInt(size), sha256: 'ab'.repeat(32), verifiedAt, manifest: '{}', createdAt: verifiedAt ?? new Date(), deletedAt } });
    await copy('lama', 'db-0', 'HDD-PTID-01', 600 * GB, at('2026-11-20T02:10:00'));
    await copy('baru', 'db-2', 'HDD-PTID-01', 350 * GB, new Date());
    await copy('dihapus', 'db-1', 'HDD-PTID-01', 50 * GB, at('2026-11-01T02:10:00'), at('2026-11-24T03:00:00'));
    // A schedule missed twice: once in the week, once before it.
    await saveSchedule(db, core.service.organisationId, { id: 'harian-simpeg', cron: '0 2 * * *', targets: ['simpeg-db'], missed: 'report-missed' }, { via: 'cli', name: 'test' }, at('2026-11-01T00:00:00'));
    await db.scheduleFiring.create({ data: { scheduleId: 'harian-simpeg', fireAt: at('2026-11-29T02:00:00'), outcome: 'missed', claimedBy: 'test', at: at('2026-11-29T09:00:00') } });
    await db.scheduleFiring.create({ data: { scheduleId: 'harian-simpeg', fireAt: at('2026-11-22T02:00:00'), outcome: 'missed', claimedBy: 'test', at: at('2026-11-22T09:00:00') } });
    // Two SOP B requests waiting at the Kabid PJKKD since Tuesday (5 office hours: overdue), one SOP A order since Monday 07.00 (1 day: not yet).
    now = at('2026-11-24T09:00:00');
    for (const n of [1, 2]) {
      const submitted = await core.service.submitRequest('sop_b_backup_server', await person('Siti'), requestForm, `submit-${n}`);
      if (submitted.status !== 'accepted') throw new Error(JSON.stringify(submitted));
      await core.service.decide({ instanceId: submitted.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: await person('Bambang'), key: `dispose-${n}` });
    }
    now = at('2026-11-30T07:00:00');
    const order = await core.service.start('sop_a_backup_terjadwal', await person('Ahmad Fauzi'), 'order-1');
    if (order.status !== 'accepted') throw new Error(JSON.stringify(order));
  }

  beforeAll(async () => {
    testDb = await openTestDatabase(provider);
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop();
    for (const core of cores) await core.close();
    await testDb.close();
  });

  it('a new installation records the week already past and sends nothing; at Monday 07.30 two processes send the week once, with its figures', async () => {
    const first = await process();
    expect(await first.runtime.summary!.pass()).toBe('baseline');
    expect(await first.runtime.summary!.pass()).toBe('nothing');
    await seed(first.core);

    const second = await process();
    now = at('2026-11-30T07:29:00');
    expect(await first.runtime.summary!.pass()).toBe('nothing');
    now = at('2026-11-30T07:30:00');
    const results = await Promise.all([first.runtime.summary!.pass(), second.runtime.summary!.pass()]);
    // Exactly one sends; the other finds the period claimed (before or while inserting, as the database orders them).
    expect(results.filter((result) => result === 'sent')).toHaveLength(1);
    expect(results.filter((result) => result !== 'sent')).toEqual([expect.stringMatching(/^(nothing|claimed-elsewhere)$/)]);
    for (const runtime of runtimes) {
      await runtime.dispatcher.pass();
      await runtime.dispatcher.drain();
    }
    const posted = [...first.port.textsIn('kanal'), ...second.port.textsIn('kanal')].filter((text) => text.startsWith('📊'));
    expect(posted).toEqual([
      [
        '📊 Ringkasan Cadang 23/11/2026 07.30 WIB s.d. 30/11/2026 07.30 WIB',
        '',
        'Backup: 3 berhasil, 1 gagal, 1 jadwal terlewat.',
        '  (1 dibatalkan)',
        '  • gagal: simpeg-db, 26/11/2026 02.05 WIB — pg_dump: basis data "simpeg" tidak ada',
        '  • terlewat: jadwal harian-simpeg, 29/11/2026 02.00 WIB',
        '',
        'Permohonan terbuka: 3, terlambat: 2.',
        '  • Kabid PJKKD: 2 terbuka, 2 terlambat',
        '  • Kepala PTID: 1 terbuka, 0 terlambat',
        '',
        'Media hampir penuh (terisi 90% atau lebih):',
        '  • HDD-PTID-01: 95% (950 GB dari 1,00 TB)',
        '',
        'Salinan belum diverifikasi 7 hari atau lebih: 1.',
        '  • simpeg-db: /media/hdd-ptid-01/lama.tar.zst (verifikasi terakhir 20/11/2026 02.10 WIB)',
      ].join('\n'),
    ]);
    // Later passes of either process, and a restart, send nothing more for that week.
    now = at('2026-12-02T10:00:00');
    const third = await process();
    expect(await Promise.all([first.runtime.summary!.pass(), third.runtime.summary!.pass()])).toEqual(['nothing', 'nothing']);
    expect(await first.core.service.db.outboxEffect.count({ where: { kind: 'channel-post' } })).toBe(1);
  });

  it.skipIf(provider !== 'sqlite')('cadang summary, a real process, prints the same figures for a period and as JSON', async () => {
    const env = { ...globalThis.process.env, CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url, CADANG_LOCALE: 'id' };
    const json = JSON.parse((await run(globalThis.process.execPath, ['bin/cadang.js', 'summary', '--since', '2026-11-23', '--json'], { env })).stdout);
    expect(json).toMatchObject({
      from: at('2026-11-23T00:00:00').toISOString(),
      backups: { succeeded: 3, failed: 1, cancelled: 1, missed: 1 },
      missed: [{ schedule: 'harian-simpeg', fireAt: at('2026-11-29T02:00:00').toISOString() }],
      mediaNearlyFull: [{ label: 'HDD-PTID-01', capacityBytes: 1000 * GB, usedBytes: 950 * GB, percent: 95 }],
      unverified: { days: 7, count: 1, copies: [{ target: 'simpeg-db', medium: 'HDD-PTID-01' }] },
    });
    // By the real clock the SOP A order is past its day too.
    expect(json.requests.open).toBe(3);
    const english = (await run(globalThis.process.execPath, ['bin/cadang.js', 'summary', '--since', '2026-11-23'], { env: { ...env, CADANG_LOCALE: 'en' } })).stdout;
    expect(english).toMatch(/^📊 Cadang summary 23\/11\/2026 00\.00 WIB to /);
    expect(english).toContain('Backups: 3 done, 1 failed, 1 missed from the schedule.');
    expect(english).toContain('  • HDD-PTID-01: 95% (950 GB of 1.00 TB)');
    const refused = await run(globalThis.process.execPath, ['bin/cadang.js', 'summary', '--since', '23-11-2026'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('Tanggal "23-11-2026" tidak dikenal. Tulis TTTT-BB-HH') });
  }, 90_000); // three process starts, from the sources when dist/ is older than them
});
