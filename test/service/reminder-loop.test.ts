import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { Runtime } from '../../src/service/runtime.js';
import { formatTrail } from '../../src/service/trail-format.js';
import { findOpenDeadline, listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { openTestDatabase, type TestDatabase } from '../support/services.js';
import { RecordingPort } from '../support/recording-port.js';
import { requestAtKabid, type ServiceFixture } from './service-fixture.js';

class ReminderPort extends RecordingPort {
  /** Reminders and escalations of run #n that reached `name`. */
  notices(name: string, number: number): string[] {
    return this.to(name).filter((text) => /^(⏰|🔺)/.test(text) && text.includes(`#${number} `));
  }
}

/**
 * The reminder loop on the sample organisation (working time, Monday–Friday 07:30–16:00 WIB) with
 * a clock the test moves. SOP B's "seleksi_kabid" (Kabid PJKKD, 5 office hours) escalates to Ka. PPIKSN.
 */
describe('reminders and escalations from stored due times', () => {
  let testDb: TestDatabase;
  let core: CadangCore;
  let runtime: Runtime;
  let port: ReminderPort;
  // Monday 23 November 2026, 09.00 WIB.
  let now = new Date('2026-11-23T02:00:00Z');
  const clock = (): Date => now;
  const at = (wib: string): Date => new Date(`${wib}+07:00`);

  async function open(): Promise<void> {
    core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url }), { clock });
    port = new ReminderPort();
    const notifier = new ChatNotifier({ service: core.service, port, chatIdOf: async (person) => `dm:${person.name}`, adminRoles: ['administrator'], log: () => undefined });
    // The loop's own timer is slow; the test runs passes itself, at the moments it sets.
    runtime = createRuntime(core, { notifiers: [notifier], queues: ['main'], timing: { pollMs: 20, reminderMs: 3_600_000 } });
  }
  async function close(): Promise<void> {
    await runtime.stop();
    await core.close();
  }
  const fixture = (): ServiceFixture => ({
    core,
    async person(name) {
      const found = (await core.service.directory.findPeople(name))[0];
      if (!found) throw new Error(`no person ${name}`);
      return found;
    },
    close,
  });
  async function passAt(wib: string): Promise<void> {
    now = at(wib);
    await runtime.reminders.pass();
    await runtime.settle();
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('sqlite');
    await open();
  });
  afterAll(async () => {
    await close();
    await testDb.close();
  });

  it('reminds the role at 50% and 90% of the working time, escalates at the limit and repeats, each once, in the trail', async () => {
    now = at('2026-11-23T09:00:00');
    const instanceId = await requestAtKabid(fixture());
    const number = (await loadInstance(core.service.db, instanceId))!.number;
    expect((await findOpenDeadline(core.service.db, instanceId, 'seleksi_kabid'))!.dueAt).toEqual(at('2026-11-23T14:00:00'));

    await passAt('2026-11-23T11:29:00');
    expect(port.notices('Dewi Lestari', number)).toEqual([]);
    await passAt('2026-11-23T11:30:00');
    await passAt('2026-11-23T11:45:00');
    expect(port.notices('Dewi Lestari', number)).toEqual([
      `⏰ Pengingat: permohonan #${number} (Layanan Backup Server (permohonan)) menunggu Anda pada langkah 3. Menyeleksi permintaan sesuai kebijakan. Batas waktu 23/11/2026 14.00 WIB (2 jam 30 menit lagi, dihitung jam kerja).`,
    ]);
    await passAt('2026-11-23T13:30:00');
    expect(port.notices('Dewi Lestari', number)).toHaveLength(2);
    expect(port.notices('Ir. Bambang Hartono', number)).toEqual([]);

    await passAt('2026-11-23T14:00:00');
    await passAt('2026-11-23T14:10:00');
    const escalations = port.notices('Ir. Bambang Hartono', number);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatch(/^🔺 Eskalasi: langkah 3\. Menyeleksi permintaan sesuai kebijakan permohonan #\d+ .* belum ditindaklanjuti oleh Kabid PJKKD\. Batas waktunya 23\/11\/2026 14\.00 WIB sudah lewat \(terlambat 0 menit, dihitung jam kerja\)/);
    // The repeat every 4 office hours: 14.00 + 4h of office time = Tuesday 10.00; nothing at night.
    await passAt('2026-11-23T23:00:00');
    expect(port.notices('Ir. Bambang Hartono', number)).toHaveLength(1);
    await passAt('2026-11-24T10:00:00');
    expect(port.notices('Ir. Bambang Hartono', number)).toHaveLength(2);

    const trail = formatTrail(await listTrail(core.service.db, instanceId), await core.service.definitionOf((await loadInstance(core.service.db, instanceId))!), 'id');
    expect(trail.filter((line) => line.includes('Pengingat dikirim kepada Kabid PJKKD'))).toHaveLength(2);
    expect(trail.filter((line) => line.includes('Eskalasi dikirim kepada Ka. PPIKSN'))).toHaveLength(2);
  });

  it('once the step is decided, nothing more is sent for it', async () => {
    now = at('2026-11-25T08:00:00');
    const instanceId = await requestAtKabid(fixture());
    const number = (await loadInstance(core.service.db, instanceId))!.number;
    await core.service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: await fixture().person('Dewi'), key: `kabid-${instanceId}` });
    await passAt('2026-11-25T15:00:00');
    // Step 3 is done: no word about it. Step 4 (Kasubbid Komdat, 3 hours, due 11.00) escalates to Kabid PJKKD.
    expect(port.notices('Ir. Bambang Hartono', number)).toEqual([]);
    const toKabid = port.notices('Dewi Lestari', number);
    expect(toKabid).toHaveLength(1);
    expect(toKabid[0]).toMatch(/^🔺 Eskalasi: langkah 4\. .* belum ditindaklanjuti oleh Kasubbid Komdat\. Batas waktunya 25\/11\/2026 11\.00 WIB/);
  });

  it('after a restart a pending reminder is still sent, and only once', async () => {
    now = at('2026-11-26T08:00:00');
    const instanceId = await requestAtKabid(fixture());
    const number = (await loadInstance(core.service.db, instanceId))!.number;
    await passAt('2026-11-26T08:05:00'); // planned: due 13.00, the 50% reminder at 10.30
    await close();

    // Down over the 50% moment; a new process finds it in the database at start.
    now = at('2026-11-26T11:00:00');
    await open();
    await runtime.start();
    await runtime.settle();
    await runtime.reminders.pass();
    await runtime.settle();
    expect(port.notices('Dewi Lestari', number)).toHaveLength(1);

    // A reminder stored (90%, at 12.30) but not yet sent when the process stopped goes out after the next start, once.
    await runtime.stop();
    now = at('2026-11-26T12:35:00');
    await runtime.reminders.pass();
    await core.close();
    await open();
    await runtime.start();
    await runtime.settle();
    await runtime.reminders.pass();
    await runtime.settle();
    expect(port.notices('Dewi Lestari', number)).toHaveLength(1);
    expect((await listTrail(core.service.db, instanceId)).filter((entry) => entry.type === 'reminded')).toHaveLength(2);
  });
});
