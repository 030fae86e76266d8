import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/workflow/calendar.js';
import type { StepDefinition } from '../../src/workflow/definition-schema.js';
import { waitingReminder } from '../../src/workflow/reminders.js';
import { validateDefinition } from '../../src/workflow/validate-definition.js';
import { sopA } from './sop-fixtures.js';

const at = (wib: string): Date => new Date(`${wib}+07:00`);
const calendar = buildCalendar({ mode: 'working-time', holidays: [{ date: '2026-12-25', name: 'Natal', kind: 'libur-nasional' }] });
const mediaStep = { instanceId: 'run-1', stepId: 'permintaan_media', enteredAt: at('2026-12-24T15:00:00'), role: 'kasubbag_umum_keuangan' };
const daily = { days: 1, minutes: 0 };

describe('remindEvery: a waiting step reminds its role every interval of working time', () => {
  it('SOP A step 6 (request media and wait) has no time limit and reminds every working day', () => {
    const step = sopA.steps.find((candidate) => candidate.id === 'permintaan_media') as StepDefinition & { remindEvery?: string; timeLimit?: string };
    expect(step.timeLimit).toBe('none');
    expect(step.remindEvery).toBe('1d');
    expect(validateDefinition(sopA)).toMatchObject({ ok: true });
  });

  it('Thursday 15.00 before a Christmas Friday: the first reminder is Monday 15.00, the second Tuesday; missed rounds collapse into the latest', () => {
    expect(waitingReminder(mediaStep, daily, at('2026-12-28T14:59:00'), calendar)).toBeUndefined();
    expect(waitingReminder(mediaStep, daily, at('2026-12-28T15:00:00'), calendar)).toMatchObject({ n: 1, at: at('2026-12-28T15:00:00'), to: 'kasubbag_umum_keuangan', key: `remind-every:run-1:permintaan_media:${mediaStep.enteredAt.getTime()}:1` });
    expect(waitingReminder(mediaStep, daily, at('2026-12-29T20:00:00'), calendar)).toMatchObject({ n: 2, at: at('2026-12-29T15:00:00') });
    // A new visit of the step (another entry time) counts again from 1, under other keys.
    const again = { ...mediaStep, enteredAt: at('2026-12-29T09:00:00') };
    expect(waitingReminder(again, daily, at('2026-12-30T09:00:00'), calendar)?.key).toBe(`remind-every:run-1:permintaan_media:${again.enteredAt.getTime()}:1`);
  });

  it('every 4h: office hours in working time (14.00 → 09.30 next day); in wall-clock time 18.00 waits for the 07.30 opening', () => {
    const step = { ...mediaStep, enteredAt: at('2026-12-28T14:00:00') };
    const every = { days: 0, minutes: 240 };
    expect(waitingReminder(step, every, at('2026-12-29T09:29:00'), calendar)).toBeUndefined();
    expect(waitingReminder(step, every, at('2026-12-29T09:30:00'), calendar)).toMatchObject({ n: 1, at: at('2026-12-29T09:30:00') });
    const wallClock = buildCalendar({ mode: 'wall-clock' });
    expect(waitingReminder(step, every, at('2026-12-28T23:00:00'), wallClock)).toBeUndefined();
    // 18.00, 22.00, 02.00 and 06.00 were all held for the opening: one reminder, the latest round.
    expect(waitingReminder(step, every, at('2026-12-29T07:30:00'), wallClock)).toMatchObject({ n: 4, plannedAt: at('2026-12-29T06:00:00'), at: at('2026-12-29T07:30:00') });
  });

  it('sop validate explains a remindEvery it cannot read and one that is too frequent, with the step path, in Indonesian and English', () => {
    const copy = structuredClone(sopA) as any;
    const index = copy.steps.findIndex((step: StepDefinition) => step.id === 'permintaan_media');
    copy.steps[index].remindEvery = 'setiap hari';
    const unreadable = validateDefinition(copy);
    expect(unreadable.ok).toBe(false);
    if (!unreadable.ok) expect(unreadable.problems).toContainEqual(expect.objectContaining({ path: expect.stringContaining('(permintaan_media).remindEvery'), message: 'tulis selang pengingat seperti "1d", "4h" atau "1d 4h" (dihitung jam kerja pada mode working-time)' }));

    copy.steps[index].remindEvery = '10m';
    const tooOften = validateDefinition(copy, 'en');
    expect(tooOften.ok).toBe(false);
    if (!tooOften.ok) expect(tooOften.problems).toEqual([expect.objectContaining({ path: expect.stringContaining('(permintaan_media).remindEvery'), message: '"remindEvery: 10m" is too often. Remind at most every 30 minutes; write e.g. "4h" or "1d"' })]);
  });
});
