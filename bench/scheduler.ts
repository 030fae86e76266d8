// Benchmark: the reminder loop and the scheduler against the database, as the service runs them.
// 100,000 open steps with due times in SQLite; then
//  1. the first pass (every deadline unplanned, as after upgrading): plans all and queues what is due;
//  2. a restart: a fresh runtime's first pass (planned deadlines: only the due ones are read);
//  3. idle CPU over N seconds (process.cpuUsage): nothing running (the earlier passes settling), the
//     reminder and schedule loops alone, then the whole runtime (dispatcher and worker polling too).
// Not a test: it prints figures.
//
//   npm run bench:scheduler [-- --open 100000 --seconds 60]
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRuntime, openCore } from '../src/app.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import { silentLog } from '../src/service/log.js';
import { ReminderLoop } from '../src/service/reminder-loop.js';
import { ScheduleLoop } from '../src/service/schedule-loop.js';
import { saveSchedule } from '../src/storage/schedule-repository.js';
import { addWorkingTime } from '../src/workflow/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../src/workflow/reminders.js';

const { values } = parseArgs({ options: { open: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '60' } } });
const count = Number(values.open);
const seconds = Number(values.seconds);
const now = new Date('2026-06-10T03:00:00Z'); // Wednesday 10.00 WIB
const clock = () => now;

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

// The heavy passes above leave the process busy for a while (garbage collection, SQLite): measured
// first with nothing running, so the loops' own figure that follows is not theirs.
await idle('nothing running (the passes above settling)', async () => async () => {});
await idle('reminder loop (every 30 s) and scheduler', async () => {
  const reminders = loop();
  const schedules = new ScheduleLoop({ service: core.service, log: silentLog, intervalMs: 60_000, graceMs: 300_000 });
  reminders.start();
  schedules.start();
  return async () => {
    await reminders.stop();
    await schedules.stop();
  };
});
await idle('whole runtime (dispatcher and worker polling every 0.5–1 s too)', async () => {
  const runtime = createRuntime(core, { notifiers: [], queues: ['main'] });
  await runtime.start();
  await runtime.settle(); // the notices the first passes queued are carried out before measuring
  return () => runtime.stop();
});

await core.close();
await rm(dir, { recursive: true, force: true });
