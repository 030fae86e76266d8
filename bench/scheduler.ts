// Benchmark: the reminder loop and the scheduler against the database, as the service runs them.
// 100,000 open steps with due times in SQLite; then
//  1. the first pass (every deadline unplanned, as after upgrading): plans all and queues what is due;
//  2. a restart: a fresh runtime's first pass (planned deadlines: only the due ones are read);
//  3. in a fresh process on that database: one pass's CPU with nothing due, then idle CPU over N
//     seconds (process.cpuUsage) of the reminder and schedule loops alone, then of the whole runtime
//     (dispatcher and worker polling too).
// Not a test: it prints figures.
//
//   npm run bench:scheduler [-- --open 100000 --seconds 60]
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { createRuntime, openCore } from '../src/app.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import { silentLog } from '../src/service/log.js';
import { ReminderLoop } from '../src/service/reminder-loop.js';
import { ScheduleLoop } from '../src/service/schedule-loop.js';
import { saveSchedule } from '../src/storage/schedule-repository.js';
import { addWorkingTime } from '../src/workflow/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../src/workflow/reminders.js';

const { values } = parseArgs({ options: { open: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '60' }, 'idle-db': { type: 'string' } } });
const count = Number(values.open);
const seconds = Number(values.seconds);
const now = new Date('2026-06-10T03:00:00Z'); // Wednesday 10.00 WIB
const clock = () => now;
if (values['idle-db']) {
  await measureIdle(values['idle-db']);
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'cadang-bench-scheduler-'));
const url = `file:${join(dir, 'cadang.db')}`;
const open = () => openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: url }), { clock });
let core = await open();
const { db } = core.service;
const organisationId = core.service.organisationId;

// Steps entered over the last three working days (1-day limit): some fresh, some past 50% or 90%, a few overdue.
let started = performance.now();
const batch = 5000;
for (let first = 0; first < count; first += batch) {
  const instances = [];
  const deadlines = [];
  for (let i = first; i < Math.min(count, first + batch); i++) {
    const id = randomUUID();
    const enteredAt = new Date(now.getTime() - ((i * 7919) % (3 * 24 * 60)) * 60_000);
    instances.push({
      id, organisationId, number: i + 1, definitionKey: 'sop_b_backup_server', definitionVersion: 1, status: 'open', currentStep: 'seleksi_kabid', currentRole: 'kabid_pjkkd', version: 3,
      data: JSON.stringify({ data: { form: {}, targets: [], taskResults: {} }, stepEnteredAt: { seleksi_kabid: enteredAt.toISOString() }, outcome: null }),
    });
    deadlines.push({ id: randomUUID(), instanceId: id, stepId: 'seleksi_kabid', enteredAt, dueAt: addWorkingTime(enteredAt, '1d', core.service.calendar)! });
  }
  await db.workflowInstance.createMany({ data: instances });
  await db.stepDeadline.createMany({ data: deadlines });
}
console.log(`${count} open steps with due times stored in ${((performance.now() - started) / 1000).toFixed(1)} s (SQLite, ${core.service.calendar.mode})`);
await saveSchedule(db, organisationId, { id: 'harian', cron: '0 2 * * *', targets: ['web-app'], missed: 'run-late' }, { via: 'cli' }, now);
// SOP A runs waiting for a storage medium (no time limit, `remindEvery: 1d`): read by every pass.
const waiting = 200;
await db.workflowInstance.createMany({
  data: Array.from({ length: waiting }, (_, i) => ({
    id: randomUUID(), organisationId, number: count + i + 1, definitionKey: 'sop_a_backup_terjadwal', definitionVersion: 1, status: 'open', currentStep: 'permintaan_media', currentRole: 'kasubbag_umum_keuangan', version: 6,
    data: JSON.stringify({ data: { form: {}, targets: [], taskResults: {} }, stepEnteredAt: { permintaan_media: new Date(now.getTime() - (i % 5) * 24 * 3600_000).toISOString() }, outcome: null }),
  })),
});
console.log(`${waiting} SOP A runs waiting for a storage medium (remindEvery: 1d)`);

const loop = () => new ReminderLoop({ service: core.service, settings: DEFAULT_REMINDER_SETTINGS, log: silentLog, intervalMs: 30_000 });
started = performance.now();
let cpu = process.cpuUsage();
let result = await loop().pass();
let cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
console.log(`first pass (all ${count} unplanned): ${((performance.now() - started) / 1000).toFixed(2)} s, ${cpuMs.toFixed(0)} ms CPU; ${result.planned} planned, ${result.queued} reminders/escalations queued, ${result.waiting} waiting-step reminders, ${result.schedules} schedule reminders`);

// A restart: a new process opens the database; its first pass reads only the deadlines whose next moment has come.
await core.close();
core = await open();
started = performance.now();
cpu = process.cpuUsage();
result = await loop().pass();
const restart = process.cpuUsage(cpu);
console.log(`after a restart, next reminders computed in ${(performance.now() - started).toFixed(1)} ms (${((restart.user + restart.system) / 1000).toFixed(1)} ms CPU); ${result.planned} deadlines read, ${result.queued} queued`);
// The same after an hour: moments that came due meanwhile.
const later = new Date(now.getTime() + 3600_000);
const hourLater = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: url }), { clock: () => later });
started = performance.now();
result = await new ReminderLoop({ service: hourLater.service, settings: DEFAULT_REMINDER_SETTINGS, log: silentLog, intervalMs: 30_000 }).pass();
console.log(`after a restart one hour later: ${((performance.now() - started) / 1000).toFixed(2)} s; ${result.planned} deadlines read, ${result.queued} queued`);
await hourLater.close();

// Idle CPU is measured in a fresh process on the same database, as after a restart: the process that
// built 100,000 rows carries a heap whose background collection (seen: about 2 s of CPU on V8's
// helper threads some 30–60 s later) would otherwise be counted as the loops' own.
await core.close();
const child = await execa(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--idle-db', url, '--seconds', String(seconds)], { stdout: 'inherit', stderr: 'inherit' });
if (child.exitCode !== 0) process.exitCode = 1;
await rm(dir, { recursive: true, force: true });

/** The idle figures, in a process of their own (see above). */
async function measureIdle(databaseUrl: string): Promise<void> {
  const idleCore = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: databaseUrl }), { clock });
  const reminderLoop = () => new ReminderLoop({ service: idleCore.service, settings: DEFAULT_REMINDER_SETTINGS, log: silentLog, intervalMs: 30_000 });
  const scheduleLoop = () => new ScheduleLoop({ service: idleCore.service, log: silentLog, intervalMs: 60_000, graceMs: 300_000 });

  // What one pass costs with nothing due, as a share of the interval it runs in.
  const cost = async (pass: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = process.cpuUsage();
      await pass();
      const used = process.cpuUsage(before);
      samples.push((used.user + used.system) / 1000);
    }
    return samples.sort((a, b) => a - b)[2]!;
  };
  const reminders = reminderLoop();
  const schedules = scheduleLoop();
  await reminders.pass(); // the first pass of a new process offers what it does not know is stored
  const reminderMs = await cost(() => reminders.pass());
  const scheduleMs = await cost(() => schedules.pass());
  console.log(`one pass with nothing due (median of 5): reminder loop ${reminderMs.toFixed(1)} ms CPU every 30 s (${(reminderMs / 300).toFixed(2)}% of one core), scheduler ${scheduleMs.toFixed(1)} ms CPU`);

  await idle('reminder loop (every 30 s) and scheduler', async () => {
    const loops = [reminderLoop(), scheduleLoop()];
    for (const running of loops) running.start();
    return async () => {
      for (const running of loops) await running.stop();
    };
  });
  await idle('whole runtime (dispatcher and worker polling every 0.5–1 s too)', async () => {
    const runtime = createRuntime(idleCore, { notifiers: [], queues: ['main'] });
    await runtime.start();
    await runtime.settle(); // the notices the first passes queued are carried out before measuring
    return () => runtime.stop();
  });
  await idleCore.close();
}

async function idle(label: string, start: () => Promise<() => Promise<void>>): Promise<void> {
  const stop = await start();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // past the first passes
  const before = process.cpuUsage();
  const wall = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = process.cpuUsage(before);
  const share = ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100;
  console.log(`idle CPU over ${seconds} s, ${label}: ${((used.user + used.system) / 1000).toFixed(0)} ms = ${share.toFixed(2)}% of one core`);
  await stop();
}
