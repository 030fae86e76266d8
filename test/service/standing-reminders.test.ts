import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { Runtime } from '../../src/service/runtime.js';
import { formatTrail } from '../../src/service/trail-format.js';
import { saveSchedule, setSchedulePaused } from '../../src/storage/schedule-repository.js';
import { listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { openTestDatabase, type TestDatabase } from '../support/services.js';
import { RecordingPort } from '../support/recording-port.js';

/**
 * The reminders that have no due time behind them, on the sample organisation (working time,
 * Monday–Friday 07:30–16:00 WIB, the example holiday list) with a clock the test moves: the
 * officer's reminder the working day before a scheduled backup, and the Kasubbag Umum dan
 * Keuangan's while a requested storage medium has not arrived (SOP A step 6, `remindEvery: 1d`).
 * Each runtime here is a fresh "process" on the same database; nothing is carried in memory.
 */
describe('reminders before scheduled backups and while a medium is awaited', () => {
  let testDb: TestDatabase;
  let archive: string;
  let core: CadangCore;
  let runtime: Runtime;
  const port = new RecordingPort();
  let now = new Date('2026-11-30T02:00:00Z');
  const clock = (): Date => now;
  const at = (wib: string): Date => new Date(`${wib}+07:00`);

  async function open(): Promise<void> {
    core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url }), { clock });
    const notifier = new ChatNotifier({ service: core.service, port, chatIdOf: async (person) => `dm:${person.name}`, adminRoles: ['administrator'], log: () => undefined });
    // The loops' own timers are slow; the test runs passes itself, at the moments it sets.
    const reports = { ...core.config.reports, archiveFolder: archive };
    runtime = createRuntime(core, { notifiers: [notifier], queues: ['main'], reports, timing: { pollMs: 20, reminderMs: 3_600_000 } });
  }
  async function close(): Promise<void> {
    await runtime.stop();
    await core.close();
  }
  /** A new process: the old one stops, a new core and runtime open on the same database. */
  async function restart(): Promise<void> {
    await close();
    await open();
  }
  async function passAt(wib: string): Promise<void> {
    now = at(wib);
    await runtime.reminders.pass();
    // Only the outbox matters here (the checklist's rendering job is not waited for): the pass the
    // stored notices woke, then whatever is left.
    await runtime.dispatcher.pass();
    await runtime.dispatcher.drain();
  }
  async function person(name: string) {
    const found = (await core.service.directory.findPeople(name))[0];
    if (!found) throw new Error(`no person ${name}`);
    return found;
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('sqlite');
    archive = await mkdtemp(join(tmpdir(), 'cadang-archive-'));
    await open();
  });
  afterAll(async () => {
    await close();
    await testDb.close();
    await rm(archive, { recursive: true, force: true });
  });

  it('reminds the officer at the opening of the working day before a Monday backup (Friday), once, also across a restart', async () => {
    now = at('2026-11-30T09:00:00');
    await saveSchedule(core.service.db, core.service.organisationId, { id: 'mingguan-simpeg', cron: '0 2 * * 1', targets: ['simpeg-db', 'simpeg-files'], missed: 'run-late' }, { via: 'cli', name: 'test' }, now);

    await passAt('2026-12-03T16:30:00');
    await passAt('2026-12-04T07:29:00');
    expect(port.to('Budi Santoso', '📅')).toEqual([]);
    await passAt('2026-12-04T07:30:00');
    expect(port.to('Budi Santoso', '📅')).toEqual([
      '📅 Pengingat jadwal backup: jadwal "mingguan-simpeg" berjalan Senin 07/12/2026 02.00 WIB. Target: simpeg-db, simpeg-files. Mohon siapkan ceklis dan media penyimpanan.',
    ]);
    // Nobody else holds the officer's role.
    expect(port.sent.filter((entry) => entry.text.startsWith('📅')).map((entry) => entry.chatId)).toEqual(['dm:Budi Santoso']);

    await passAt('2026-12-04T10:00:00');
    await restart();
    await passAt('2026-12-04T15:00:00');
    await passAt('2026-12-06T20:00:00');
    expect(port.to('Budi Santoso', '📅')).toHaveLength(1);
  });

  it('before a Monday after a holiday Friday and a cuti bersama Thursday, reminds on the Wednesday; a paused schedule reminds nobody', async () => {
    // Monday 28 December 2026: Friday the 25th is Christmas, Thursday the 24th cuti bersama (example list).
    await passAt('2026-12-22T15:00:00');
    const before = port.to('Budi Santoso', '📅').length;
    await passAt('2026-12-23T07:30:00');
    const sent = port.to('Budi Santoso', '📅').slice(before);
    expect(sent).toEqual([expect.stringContaining('berjalan Senin 28/12/2026 02.00 WIB')]);
    await passAt('2026-12-24T07:30:00');
    await passAt('2026-12-25T07:30:00');
    expect(port.to('Budi Santoso', '📅')).toHaveLength(before + 1);

    await setSchedulePaused(core.service.db, core.service.organisationId, 'mingguan-simpeg', true, { via: 'cli', name: 'test' }, now);
    await passAt('2026-12-31T07:30:00');
    await passAt('2027-01-01T07:30:00');
    expect(port.to('Budi Santoso', '📅')).toHaveLength(before + 1);
  });

  it('reminds the Kasubbag Umum dan Keuangan each working day while the medium is awaited, survives a restart, and stops when it arrives', async () => {
    now = at('2027-01-06T09:00:00'); // Wednesday
    const started = await core.service.start('sop_a_backup_terjadwal', await person('Ahmad Fauzi'), 'order-media');
    if (started.status !== 'accepted') throw new Error(JSON.stringify(started));
    const id = started.instance.id;
    const decide = async (stepId: string, choiceId: string, who: string, extra: object = {}) => {
      const outcome = await core.service.decide({ instanceId: id, stepId, choiceId, person: await person(who), key: `${stepId}-${choiceId}-${now.getTime()}`, ...extra });
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
    };
    await decide('perintah_backup', 'perintahkan', 'Ahmad Fauzi');
    await decide('siapkan_ceklis', 'ceklis_siap', 'Budi', { inputs: { targets: ['simpeg-files'] } });
    await decide('koreksi_ceklis', 'setujui', 'Rina');
    await decide('siapkan_media', 'media_tidak_tersedia', 'Budi');
    now = at('2027-01-06T10:00:00');
    await decide('lapor_media', 'laporkan', 'Budi');
    expect((await loadInstance(core.service.db, id))!.currentStep).toBe('permintaan_media');
    const number = started.instance.number;

    // The process stops before the first reminder is due; the next one finds it in the database.
    await restart();
    await passAt('2027-01-07T09:59:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toEqual([]);
    await passAt('2027-01-07T10:00:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toEqual([
      `⏰ Pengingat: permohonan #${number} (Backup Server Terjadwal) masih menunggu Anda pada langkah 6. Menyampaikan permintaan media penyimpanan backup data dan menunggu tersedia, sejak 06/01/2027 10.00 WIB. Mohon tindak lanjuti begitu tersedia.`,
    ]);
    await passAt('2027-01-07T15:00:00');
    await restart();
    await passAt('2027-01-07T15:30:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toHaveLength(1);
    // Friday 10.00 is the second working day; the weekend adds none, Monday 10.00 the third.
    await passAt('2027-01-08T10:00:00');
    await passAt('2027-01-09T10:00:00');
    await passAt('2027-01-10T10:00:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toHaveLength(2);
    await passAt('2027-01-11T10:00:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toHaveLength(3);

    await decide('permintaan_media', 'media_tersedia', 'Nurhayati');
    await passAt('2027-01-12T10:00:00');
    await passAt('2027-01-13T10:00:00');
    expect(port.to('Hj. Nurhayati', '⏰')).toHaveLength(3);

    const instance = (await loadInstance(core.service.db, id))!;
    const trail = formatTrail(await listTrail(core.service.db, id), await core.service.definitionOf(instance), 'id');
    expect(trail.filter((line) => line.includes('Pengingat dikirim kepada Kasubbag Umum dan Keuangan'))).toHaveLength(3);
  });

  it('speaks the officer\'s own language: English for a person who set it', async () => {
    await core.service.db.person.updateMany({ where: { name: 'Budi Santoso' }, data: { locale: 'en' } });
    now = at('2027-01-20T09:00:00');
    await saveSchedule(core.service.db, core.service.organisationId, { id: 'bulanan', cron: '0 3 1 * *', targets: ['simpeg-files'], missed: 'report-missed' }, { via: 'cli', name: 'test' }, now);
    // Monday 1 February 2027, 03.00: reminded on Friday 29 January at 07.30.
    await passAt('2027-01-28T16:00:00');
    const before = port.to('Budi Santoso', '📅').length;
    await passAt('2027-01-29T07:30:00');
    expect(port.to('Budi Santoso', '📅').slice(before)).toEqual([
      '📅 Backup schedule reminder: schedule "bulanan" runs Monday 01/02/2027 03.00 WIB. Targets: simpeg-files. Please prepare the checklist and the storage media.',
    ]);
  });
});
