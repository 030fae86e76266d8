import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/workflow/calendar.js';
import { startInstance } from '../../src/workflow/engine.js';
import { DEFAULT_REMINDER_SETTINGS, planReminders } from '../../src/workflow/reminders.js';
import { isWithinOfficeHours } from '../../src/workflow/calendar.js';
import { sopB } from './sop-fixtures.js';

const wib = (text: string): Date => new Date(`${text}+07:00`);
const dueOf = (effects: ReturnType<typeof startInstance>['effects']): Date | undefined =>
  effects.flatMap((effect) => (effect.type === 'set-deadline' ? [effect.dueAt] : []))[0];

describe('the engine counts due times in the organisation calendar', () => {
  // Monday 7 December 2026 made a holiday for the test.
  const working = buildCalendar({ mode: 'working-time', holidays: [{ date: '2026-12-07', name: 'Libur contoh', kind: 'libur-nasional' }] });
  const options = { id: 'req-1', organisationId: 'org', number: 1, requesterId: 'p1' };

  it('a step started Friday 15:00 WIB with a 1-day limit before a Monday holiday is due Tuesday 15:00 WIB; its reminders fall in office hours', () => {
    const started = startInstance(sopB, { ...options, at: wib('2026-12-04T15:00:00'), calendar: working });
    const dueAt = dueOf(started.effects)!;
    expect(dueAt).toEqual(wib('2026-12-08T15:00:00'));
    const moments = planReminders({ instanceId: 'req-1', stepId: sopB.start, enteredAt: wib('2026-12-04T15:00:00'), dueAt, role: 'pemohon' }, working, DEFAULT_REMINDER_SETTINGS);
    expect(moments.map((moment) => moment.kind)).toEqual(['remind', 'remind', 'escalate']);
    expect(moments.every((moment) => isWithinOfficeHours(moment.at, working))).toBe(true);
  });

  it('wall-clock time without a calendar or with mode wall-clock: 1 day is 24 hours', () => {
    expect(dueOf(startInstance(sopB, { ...options, at: wib('2026-12-04T15:00:00') }).effects)).toEqual(wib('2026-12-05T15:00:00'));
    expect(dueOf(startInstance(sopB, { ...options, at: wib('2026-12-04T15:00:00'), calendar: buildCalendar({ mode: 'wall-clock' }) }).effects)).toEqual(wib('2026-12-05T15:00:00'));
  });
});
