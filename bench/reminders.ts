// Benchmark: the pure reminder planner over many open step deadlines, as after a restart: how long
// `nextDue` takes to find the next moment over all of them, and `dueMoment` to decide what each
// owes now. No database: the rows are made in memory (the time to read them is the storage's).
// Not a test: it prints figures.
//
//   npm run bench:reminders [-- --open 100000 --mode working-time]
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { readHolidayFiles } from '../src/config/holidays.js';
import { sampleConfigFile } from '../src/config/load.js';
import { addWorkingTime, buildCalendar, type CalendarMode } from '../src/workflow/calendar.js';
import { DEFAULT_REMINDER_SETTINGS, type OpenDeadline, dueMoment, nextDue } from '../src/workflow/reminders.js';

const { values } = parseArgs({ options: { open: { type: 'string', default: '100000' }, mode: { type: 'string', default: 'working-time' } } });
const count = Number(values.open);
const { holidays } = readHolidayFiles(['holidays-2026-2027.yaml'], dirname(sampleConfigFile));
const calendar = buildCalendar({ mode: values.mode as CalendarMode, holidays });
const limits = ['1d', '5h', '3h', '1h'];
const now = new Date('2026-06-10T03:00:00Z'); // Wednesday 10:00 WIB

// Steps entered over the three weeks before `now`, so some are fresh, some near due, some long overdue.
const deadlines: OpenDeadline[] = Array.from({ length: count }, (_, i) => {
  const enteredAt = new Date(now.getTime() - ((i * 7919) % (21 * 24 * 60)) * 60_000);
  return { instanceId: i, stepId: 'seleksi_kabid', enteredAt, dueAt: addWorkingTime(enteredAt, limits[i % limits.length]!, calendar)!, role: 'kabid_pjkkd', escalateTo: 'ka_ppiksn' };
});

for (let round = 1; round <= 2; round += 1) {
  let started = performance.now();
  const next = nextDue(deadlines, now, calendar, DEFAULT_REMINDER_SETTINGS);
  const nextMs = performance.now() - started;
  started = performance.now();
  let owed = 0;
  for (const deadline of deadlines) if (dueMoment(deadline, now, calendar, DEFAULT_REMINDER_SETTINGS)) owed += 1;
  const dueMs = performance.now() - started;
  console.log(`${round === 1 ? 'cold' : 'warm'}: ${count} deadlines (${values.mode}): nextDue ${nextMs.toFixed(0)} ms (next at ${next?.moment.at.toISOString()}), dueMoment for all ${dueMs.toFixed(0)} ms (${owed} owe a notice now)`);
}
