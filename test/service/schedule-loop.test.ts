import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import { ChatCore } from '../../src/bots/chat-core.js';
import type { InboundEvent } from '../../src/bots/port.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { Runtime } from '../../src/service/runtime.js';
import { claimFiring, listFirings, listScheduleChanges, listSchedules, saveSchedule } from '../../src/storage/schedule-repository.js';
import { hasPostgres, openTestDatabase, type TestDatabase } from '../support/services.js';
import { RecordingPort } from '../support/recording-port.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { formatTrail } from '../../src/service/trail-format.js';

const at = (wib: string): Date => new Date(`${wib}+07:00`);
let delivery = 0;
const text = (chatId: string, body: string): InboundEvent => ({ platform: 'console', type: 'text', chatId, userId: chatId, deliveryId: `d${++delivery}`, text: body });

interface Process {
  core: CadangCore;
  runtime: Runtime;
  port: RecordingPort;
  close(): Promise<void>;
}

async function openProcess(url: string, clock?: () => Date, timing: Parameters<typeof createRuntime>[1]['timing'] = {}, configFile = sampleConfigFile): Promise<Process> {
  const core = await openCore(loadConfig({ CADANG_CONFIG: configFile, DATABASE_URL: url }), clock ? { clock } : {});
  const port = new RecordingPort();
  const notifier = new ChatNotifier({ service: core.service, port, chatIdOf: async (person) => `dm:${person.name}`, adminRoles: ['administrator'], log: () => undefined });
  const runtime = createRuntime(core, { notifiers: [notifier], queues: ['main'], timing: { pollMs: 20, reminderMs: 3_600_000, scheduleMs: 3_600_000, ...timing } });
  return { core, runtime, port, close: async () => { await runtime.stop(); await core.close(); } };
}

/** The sample organisation with a `schedules:` section of the test's own. */
function configWith(schedules: Record<string, unknown>, extra: (config: Record<string, any>) => void = () => undefined): string {
  const config = parse(readFileSync(sampleConfigFile, 'utf8')) as Record<string, any>;
  config.calendar.holidayFiles = config.calendar.holidayFiles.map((file: string) => join(dirname(sampleConfigFile), file));
  config.schedules = schedules;
  extra(config);
  const file = join(mkdtempSync(join(tmpdir(), 'cadang-schedules-')), 'cadang.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function chatAs(proc: Process, name: string): ChatCore {
  return new ChatCore({
    service: proc.core.service, port: proc.port, notifier: undefined as never, resolvePerson: async () => (await proc.core.service.directory.findPeople(name))[0]!,
    satker: [], targets: [], media: [], requestSop: 'sop_b_backup_server', orderSop: 'sop_a_backup_terjadwal',
  });
}

const scheduledRuns = (core: CadangCore) => core.service.db.workflowInstance.count({ where: { definitionKey: 'sop_a_backup_terjadwal' } });

/**
 * A service process on a fresh SQLite database whose clock the test moves: `pass(wib)` sets the
 * clock and runs one scheduler pass, then carries out what it stored.
 */
function movedClockProcess(configFile = sampleConfigFile) {
  const bench = { now: at('2026-11-23T01:00:00'), proc: undefined as unknown as Process, testDb: undefined as unknown as TestDatabase };
  beforeAll(async () => {
    bench.testDb = await openTestDatabase('sqlite');
    bench.proc = await openProcess(bench.testDb.url, () => bench.now, {}, configFile);
  });
  afterAll(async () => {
    await bench.proc.close();
    await bench.testDb.close();
  });
  const pass = async (wib: string) => {
    bench.now = at(wib);
    const result = await bench.proc.runtime.schedules.pass();
    await bench.proc.runtime.settle();
    return result;
  };
  return { bench, pass };
}

describe('the Jadwal Backup fires itself (SQLite, moved clock)', () => {
  const { bench, pass } = movedClockProcess(); // from Monday 23 November 2026, 01.00 WIB

  beforeAll(async () => {
    await saveSchedule(bench.proc.core.service.db, bench.proc.core.service.organisationId, { id: 'harian', cron: '0 2 * * *', targets: ['web-app'], missed: 'run-late' }, { via: 'cli', name: 'tester' }, bench.now);
  });

  it('a firing starts SOP A once and the Kepala PTID gets the order card', async () => {
    expect(await pass('2026-11-23T01:59:59')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    expect(await pass('2026-11-23T02:00:05')).toEqual({ started: 1, startedLate: 0, missed: 0 });
    expect(await pass('2026-11-23T02:00:30')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    expect(await scheduledRuns(bench.proc.core)).toBe(1);
    expect(bench.proc.port.to('Dr. Ahmad Fauzi').some((text) => text.includes('Langkah 1: Memerintahkan petugas melakukan backup'))).toBe(true);
  });

  it('firings missed while down: the newest starts late, the older are reported to the administrators, none twice', async () => {
    // Down from Monday 02.00 until Thursday 09.00: Tuesday, Wednesday and Thursday 02.00 were missed.
    expect(await pass('2026-11-26T09:00:00')).toEqual({ started: 0, startedLate: 1, missed: 2 });
    expect(await pass('2026-11-26T09:01:00')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    expect(await scheduledRuns(bench.proc.core)).toBe(2);
    const firings = await listFirings(bench.proc.core.service.db, 'harian');
    expect(firings.map((firing) => [firing.fireAt, firing.outcome])).toEqual([
      [at('2026-11-26T02:00:00'), 'started-late'], [at('2026-11-25T02:00:00'), 'missed'], [at('2026-11-24T02:00:00'), 'missed'], [at('2026-11-23T02:00:00'), 'started'],
    ]);
    // The administrators hear of each missed firing once, and of the late start.
    const administrator = (await bench.proc.core.service.directory.holdersOfRole('administrator'))[0]!;
    const alerts = bench.proc.port.to(administrator.name).filter((line) => line.includes('Jadwal backup harian'));
    expect([...alerts].sort()).toEqual([
      'ℹ️ Jadwal backup harian seharusnya berjalan 26/11/2026 02.00 WIB saat Cadang tidak aktif; perintahnya dikirim sekarang.',
      '⚠️ Jadwal backup harian seharusnya berjalan 24/11/2026 02.00 WIB, tetapi Cadang tidak aktif saat itu. Backup itu tidak dijalankan; mohon diperiksa.',
      '⚠️ Jadwal backup harian seharusnya berjalan 25/11/2026 02.00 WIB, tetapi Cadang tidak aktif saat itu. Backup itu tidak dijalankan; mohon diperiksa.',
    ].sort());
  });

  it('with report-missed nothing starts late; paused schedules do not fire and resuming does not report the pause', async () => {
    await saveSchedule(bench.proc.core.service.db, bench.proc.core.service.organisationId, { id: 'harian', cron: '0 2 * * *', targets: ['web-app'], missed: 'report-missed' }, { via: 'cli', name: 'tester' }, bench.now);
    expect(await pass('2026-11-28T09:00:00')).toEqual({ started: 0, startedLate: 0, missed: 2 });

    const chat = new ChatCore({
      service: bench.proc.core.service, port: bench.proc.port, notifier: undefined as never, resolvePerson: async () => (await bench.proc.core.service.directory.findPeople('Ahmad'))[0]!,
      satker: [], targets: [], media: [], requestSop: 'sop_b_backup_server', orderSop: 'sop_a_backup_terjadwal',
    });
    await chat.handle(text('dm:Dr. Ahmad Fauzi', '/jadwal hentikan harian'));
    expect(bench.proc.port.to('Dr. Ahmad Fauzi').at(-1)).toBe('Jadwal harian dihentikan sementara. Perubahan ini tercatat.');
    expect(await pass('2026-11-30T09:00:00')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    await chat.handle(text('dm:Dr. Ahmad Fauzi', '/jadwal lanjutkan harian'));
    expect(await pass('2026-11-30T09:05:00')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    expect(await pass('2026-12-01T02:00:01')).toEqual({ started: 1, startedLate: 0, missed: 0 });
    await chat.handle(text('dm:Dr. Ahmad Fauzi', '/jadwal'));
    expect(bench.proc.port.to('Dr. Ahmad Fauzi').at(-1)).toBe('🗓️ Jadwal Backup Data dan Informasi\n• harian (0 2 * * *) — web-app — berikutnya 02/12/2026 02.00 WIB');

    const changes = await listScheduleChanges(bench.proc.core.service.db, 'harian');
    expect(changes.map((change) => [change.action, change.via, change.actorName])).toEqual([
      ['add', 'cli', 'tester'], ['change', 'cli', 'tester'], ['pause', 'chat', 'Dr. Ahmad Fauzi'], ['resume', 'chat', 'Dr. Ahmad Fauzi'],
    ]);
  });

  it('only the Kepala PTID may change a schedule in chat', async () => {
    const chat = new ChatCore({
      service: bench.proc.core.service, port: bench.proc.port, notifier: undefined as never, resolvePerson: async () => (await bench.proc.core.service.directory.findPeople('Siti'))[0]!,
      satker: [], targets: [], media: [], requestSop: 'sop_b_backup_server', orderSop: 'sop_a_backup_terjadwal',
    });
    await chat.handle(text('dm:Siti', '/jadwal hentikan harian'));
    expect(bench.proc.port.to('Siti').at(-1)).toBe('Hanya Kepala PTID yang dapat mengubah jadwal backup.');
    expect((await listSchedules(bench.proc.core.service.db, bench.proc.core.service.organisationId))[0]!.paused).toBe(false);
  });

  it('a firing claimed by a process that died before starting its run is started once by the next pass', async () => {
    const fireAt = at('2026-12-02T02:00:00');
    expect(await claimFiring(bench.proc.core.service.db, { scheduleId: 'harian', fireAt, outcome: 'started', owner: 'mati:1', at: bench.now })).toBe(true);
    expect(await pass('2026-12-02T02:00:20')).toEqual({ started: 1, startedLate: 0, missed: 0 });
    expect(await pass('2026-12-02T02:00:40')).toEqual({ started: 0, startedLate: 0, missed: 0 });
    const [firing] = await listFirings(bench.proc.core.service.db, 'harian', 1);
    expect(firing).toMatchObject({ fireAt, claimedBy: 'mati:1', instanceId: expect.any(String) });
    const runs = await bench.proc.core.service.db.workflowInstance.count({ where: { definitionKey: 'sop_a_backup_terjadwal' } });
    const started = (await listFirings(bench.proc.core.service.db, 'harian', 100)).filter((entry) => entry.outcome !== 'missed');
    expect(runs).toBe(started.length);
  });
});

describe('the organisation configures its schedules (schedules: autoOrder, editorRoles, graceMinutes)', () => {
  const { bench, pass } = movedClockProcess(configWith({ autoOrder: true, editorRoles: ['korektor', 'kepala_ptid'], graceMinutes: 60 }));

  it('/jadwal tambah and /jadwal target: registered targets and a valid expression only, a new name, by the configured roles; each change in the trail', async () => {
    const rina = chatAs(bench.proc, 'Rina');
    const say = async (line: string) => {
      await rina.handle(text('dm:Rina Marlina', line));
      return bench.proc.port.to('Rina Marlina').at(-1);
    };
    expect(await say('/jadwal tambah harian simpeg-files,arsip-lama 0 2 * * *')).toBe('Target arsip-lama tidak ada di Daftar Backup. Target terdaftar: simpeg-files, simpeg-db.');
    expect(await say('/jadwal tambah harian 0 2 * * *')).toBe('Sebutkan target dari Daftar Backup, dipisah koma. Target terdaftar: simpeg-files, simpeg-db.');
    expect(await say('/jadwal tambah harian simpeg-files 0 25 * * *')).toBe('"0 25 * * *" bukan jadwal yang sah. Tulis 5 bagian: menit jam tanggal bulan hari, mis. 0 2 * * 1-5 (pukul 02.00 Senin–Jumat).');
    expect(await say('/jadwal tambah Harian! simpeg-files 0 2 * * *')).toContain('"Harian!" tidak dapat dipakai sebagai nama jadwal.');
    expect(await say('/jadwal tambah harian')).toContain('/jadwal tambah NAMA TARGET[,TARGET…] MENIT JAM TANGGAL BULAN HARI');
    expect(await say('/jadwal tambah harian simpeg-files,simpeg-db 0 2 * * *')).toBe('Jadwal harian ditambahkan: 0 2 * * *, target simpeg-files, simpeg-db. Perubahan ini tercatat.');
    expect(await say('/jadwal tambah harian simpeg-db 0 3 * * *')).toBe('Jadwal harian sudah ada. Pakai nama lain, atau ubah jadwal itu dengan /jadwal ubah harian …');

    expect(await say('/jadwal target harian simpeg-db, arsip-lama')).toBe('Target arsip-lama tidak ada di Daftar Backup. Target terdaftar: simpeg-files, simpeg-db.');
    expect(await say('/jadwal target mingguan simpeg-db')).toBe('Jadwal mingguan tidak ada. Ketik /jadwal untuk melihat daftarnya.');
    expect(await say('/jadwal target harian simpeg-db simpeg-files')).toBe('Target jadwal harian sekarang simpeg-db, simpeg-files. Perubahan ini tercatat.');
    expect(await say('/jadwal target harian simpeg-files,simpeg-db')).toBe('Target jadwal harian sekarang simpeg-files, simpeg-db. Perubahan ini tercatat.');

    await chatAs(bench.proc, 'Siti').handle(text('dm:Siti', '/jadwal tambah mingguan simpeg-db 0 3 * * 6'));
    expect(bench.proc.port.to('Siti').at(-1)).toBe('Hanya Korektor (Kasubbag PTID) atau Kepala PTID yang dapat mengubah jadwal backup.');
    expect((await listSchedules(bench.proc.core.service.db, bench.proc.core.service.organisationId)).map((record) => [record.id, record.cron, record.targets])).toEqual([['harian', '0 2 * * *', ['simpeg-files', 'simpeg-db']]]);
    expect((await listScheduleChanges(bench.proc.core.service.db, 'harian')).map((change) => [change.action, change.via, change.actorName, change.detail])).toEqual([
      ['add', 'chat', 'Rina Marlina', '0 2 * * * | simpeg-files,simpeg-db | run-late'],
      ['change', 'chat', 'Rina Marlina', '0 2 * * * | simpeg-db,simpeg-files | run-late'],
      ['change', 'chat', 'Rina Marlina', '0 2 * * * | simpeg-files,simpeg-db | run-late'],
    ]);
  });

  it('with autoOrder a firing gives the order itself, in the trail as automatic, and the officer gets the checklist step with the schedule\'s targets', async () => {
    expect(await pass('2026-11-23T02:00:05')).toEqual({ started: 1, startedLate: 0, missed: 0 });
    const [run] = await bench.proc.core.service.db.workflowInstance.findMany({ where: { definitionKey: 'sop_a_backup_terjadwal' } });
    const instance = (await bench.proc.core.service.directory.run(run!.id))!;
    expect(instance.currentStep).toBe('siapkan_ceklis');
    expect(instance.data.targets).toEqual(['simpeg-files', 'simpeg-db']);
    // No order card for the Kepala PTID: the order was given.
    expect(bench.proc.port.to('Dr. Ahmad Fauzi').some((line) => line.includes('Langkah 1:'))).toBe(false);
    expect(bench.proc.port.to('Budi Santoso').some((line) => line.includes('Langkah 2: Menyiapkan ceklis') && line.includes('Target terdaftar: simpeg-files, simpeg-db'))).toBe(true);
    const definition = await bench.proc.core.service.definitionOf(instance);
    const trail = formatTrail(await bench.proc.core.service.directory.trail(instance.id), definition, 'id');
    expect(trail.map((line) => line.replace(/^\S+ \S+ WIB\s+/, ''))).toEqual([
      'Dimulai — Sistem Cadang — Jadwal Backup harian, 23/11/2026 02.00 WIB',
      '[1] Memerintahkan petugas melakukan backup data dan informasi sesuai Jadwal Backup Data dan Informasi — Sistem Cadang — Perintahkan backup — Alasan: Perintah otomatis sesuai Jadwal Backup harian (23/11/2026 02.00 WIB)',
    ]);
  });

  it('a firing found within the configured grace period starts on time; later, it is started late', async () => {
    expect(await pass('2026-11-24T02:50:00')).toEqual({ started: 1, startedLate: 0, missed: 0 });
    expect(await pass('2026-11-25T03:30:00')).toEqual({ started: 0, startedLate: 1, missed: 0 });
  });

  it('the configuration is checked: an unknown editor role, a grace period out of range, a target schedule that is no cron expression', async () => {
    await expect(openCore(loadConfig({ CADANG_CONFIG: configWith({ editorRoles: ['kepala'] }), DATABASE_URL: bench.testDb.url }))).rejects.toThrow(/schedules\.editorRoles\[0\]: peran "kepala" tidak ada di SOP mana pun; tulis salah satu dari: .*kepala_ptid/);
    expect(() => loadConfig({ CADANG_CONFIG: configWith({ graceMinutes: 0 }) })).toThrow(/schedules\.graceMinutes: masa tenggang paling sedikit 1 menit/);
    expect(() => loadConfig({ CADANG_CONFIG: configWith({ editorRoles: [] }) })).toThrow(/schedules\.editorRoles: sebutkan setidaknya satu peran/);
    expect(() => loadConfig({ CADANG_CONFIG: configWith({}, (config) => { config.backup.targets[0].schedule = 'setiap malam'; }) })).toThrow(/backup\.targets\[0\]\.schedule: tulis ekspresi cron 5 bagian/);
  });
});

describe('a real short schedule in a real runtime', () => {
  it('a cron firing every second starts one SOP A run per firing, on the real clock', async () => {
    const testDb = await openTestDatabase('sqlite');
    const proc = await openProcess(testDb.url, undefined, { scheduleMs: 1000 });
    try {
      await saveSchedule(proc.core.service.db, proc.core.service.organisationId, { id: 'detik', cron: '* * * * * *', targets: ['web-app'], missed: 'run-late' }, { via: 'cli' }, new Date());
      await proc.runtime.start();
      await new Promise((resolve) => setTimeout(resolve, 2600));
      await proc.runtime.stop();
      const firings = await listFirings(proc.core.service.db, 'detik');
      expect(firings.length).toBeGreaterThanOrEqual(2);
      expect(firings.every((firing) => firing.outcome === 'started' && firing.instanceId)).toBe(true);
      expect(await scheduledRuns(proc.core)).toBe(firings.length);
    } finally {
      await proc.core.close();
      await testDb.close();
    }
  });
});

describe.runIf(hasPostgres)('two processes on one PostgreSQL', () => {
  it('fire each firing of a schedule once', async () => {
    const testDb = await openTestDatabase('postgresql');
    let now = at('2026-11-23T08:00:30');
    const clock = () => now;
    const [a, b] = [await openProcess(testDb.url, clock), await openProcess(testDb.url, clock)];
    try {
      await saveSchedule(a.core.service.db, a.core.service.organisationId, { id: 'menit', cron: '* * * * *', targets: ['web-app'], missed: 'run-late' }, { via: 'cli' }, now);
      for (let minute = 1; minute <= 10; minute++) {
        now = new Date(at('2026-11-23T08:00:30').getTime() + minute * 60_000);
        await Promise.all([a.runtime.schedules.pass(), b.runtime.schedules.pass(), a.runtime.schedules.pass()]);
      }
      const firings = await listFirings(a.core.service.db, 'menit', 100);
      expect(firings).toHaveLength(10);
      expect(new Set(firings.map((firing) => firing.fireAt.getTime())).size).toBe(10);
      expect(await scheduledRuns(a.core)).toBe(10);
    } finally {
      await a.close();
      await b.close();
      await testDb.close();
    }
  });
});
