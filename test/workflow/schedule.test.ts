import { createTask } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../src/workflow/calendar.js';
import {
  type Schedule, firingKey, firingReminderKey, firingsBetween, isValidCron, missedFirings, nextFiring, previousFiring, reminderBefore,
} from '../../src/workflow/schedule.js';

const wib = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
const wit = (text: string) => new Date(`${text.replace(' ', 'T')}:00+09:00`);

/** The Jadwal Backup: every night at 01:00 (WIB unless the organisation says otherwise). */
function nightly(extra: Partial<Schedule> = {}): Schedule {
  return { id: 'harian-simpeg', cron: '0 1 * * *', paused: false, missed: 'run-late', targets: ['simpeg-files', 'simpeg-db'], ...extra };
}

describe('schedules', () => {
  it('accepts the cron expressions both node-cron and croner read, and no others', () => {
    for (const good of ['0 1 * * *', '30 2 * * 1-5', '0 0 1 * *', '0 30 1 * * 6', '0 1 1-7 * 1', '@daily']) expect(isValidCron(good), good).toBe(true);
    for (const bad of ['', 'tiap malam', '0 1 * * 8', '61 1 * * *', '0 25 * * *', '* * * * * * * *']) expect(isValidCron(bad), bad).toBe(false);
  });

  it('computes the next and previous firing on the organisation\'s wall clock', () => {
    expect(nextFiring(nightly(), wib('2026-12-04 10:00'))).toEqual(wib('2026-12-05 01:00'));
    expect(nextFiring(nightly({ timeZone: 'Asia/Jayapura' }), wib('2026-12-04 10:00'))).toEqual(wit('2026-12-05 01:00'));
    expect(nextFiring(nightly(), wib('2026-12-05 01:00'))).toEqual(wib('2026-12-06 01:00')); // strictly after
    expect(previousFiring(nightly(), wib('2026-12-05 01:00'))).toEqual(wib('2026-12-04 01:00')); // strictly before
    expect(previousFiring(nightly(), new Date(wib('2026-12-05 01:00').getTime() + 1000))).toEqual(wib('2026-12-05 01:00'));
    expect(previousFiring(nightly(), new Date(wib('2026-12-05 01:00').getTime() + 1))).toEqual(wib('2026-12-05 01:00')); // one millisecond after it
  });

  it('a day of the month and a day of the week together must both match (node-cron\'s rule)', () => {
    // The first Monday of the month: December 2026 starts on a Tuesday, so Monday the 7th.
    expect(nextFiring(nightly({ cron: '0 1 1-7 * 1' }), wib('2026-11-30 12:00'))).toEqual(wib('2026-12-07 01:00'));
  });

  it('agrees with node-cron minute by minute over four days, month end and weekend included', () => {
    const from = wib('2026-11-29 00:00');
    const to = wib('2026-12-03 00:00');
    for (const cron of ['0 1 * * *', '*/20 7-16 * * 1-5', '0 2 1-7 * 1', '15 3 * * 0,6', '0 0 L * *']) {
      const task = createTask(cron, () => {}, { timezone: 'Asia/Jakarta' });
      try {
        const byNodeCron: Date[] = [];
        for (let at = from.getTime() + 60_000; at <= to.getTime(); at += 60_000) if (task.match(new Date(at))) byNodeCron.push(new Date(at));
        expect(firingsBetween(nightly({ cron }), from, to), cron).toEqual(byNodeCron);
      } finally {
        task.destroy();
      }
    }
  });

  it('lists the firings in (from, to], none when paused', () => {
    const firings = firingsBetween(nightly(), wib('2026-12-01 01:00'), wib('2026-12-04 01:00'));
    expect(firings).toEqual([wib('2026-12-02 01:00'), wib('2026-12-03 01:00'), wib('2026-12-04 01:00')]);
    expect(firingsBetween(nightly({ paused: true }), wib('2026-12-01 01:00'), wib('2026-12-04 01:00'))).toEqual([]);
    expect(firingsBetween(nightly(), wib('2026-12-04 01:00'), wib('2026-12-01 01:00'))).toEqual([]);
    expect(firingsBetween(nightly({ cron: '* * * * *' }), wib('2026-12-01 00:00'), wib('2026-12-02 00:00'), 10)).toHaveLength(10);
  });

  it('finds what was missed while Cadang was down: the newest run late, the rest reported', () => {
    // Down from Tuesday 23:00 to Friday 09:00: the firings of Wednesday, Thursday and Friday were missed.
    const lastSeen = wib('2026-12-01 23:00');
    const now = wib('2026-12-04 09:00');
    expect(missedFirings(nightly(), lastSeen, now)).toEqual({
      runLate: wib('2026-12-04 01:00'),
      reportMissed: [wib('2026-12-02 01:00'), wib('2026-12-03 01:00')],
    });
    expect(missedFirings(nightly({ missed: 'report-missed' }), lastSeen, now)).toEqual({
      runLate: null,
      reportMissed: [wib('2026-12-02 01:00'), wib('2026-12-03 01:00'), wib('2026-12-04 01:00')],
    });
    expect(missedFirings(nightly(), wib('2026-12-04 08:00'), now)).toEqual({ runLate: null, reportMissed: [] });
    expect(missedFirings(nightly({ paused: true }), lastSeen, now)).toEqual({ runLate: null, reportMissed: [] });
  });

  it('gives each firing and its reminder a key unique per schedule and time', () => {
    const at = wib('2026-12-04 01:00');
    expect(firingKey('harian-simpeg', at)).toBe(`fire:harian-simpeg:${at.getTime()}`);
    expect(firingReminderKey('harian-simpeg', at)).toBe(`schedule-remind:harian-simpeg:${at.getTime()}`);
    expect(firingKey('harian-simpeg', at)).not.toBe(firingKey('mingguan', at));
  });

  it('reminds the officer at the opening of the working day before each scheduled backup', () => {
    const calendar = buildCalendar({ mode: 'working-time', holidays: [{ date: '2026-06-01', name: 'Hari Lahir Pancasila' }] });
    // A Tuesday 01:00 backup after the Monday holiday: remind on Friday.
    expect(reminderBefore(wib('2026-06-02 01:00'), calendar)).toEqual(wib('2026-05-29 07:30'));
    // A Monday 02:00 backup: remind on Friday; a Wednesday one on Tuesday.
    expect(reminderBefore(wib('2026-12-07 02:00'), calendar)).toEqual(wib('2026-12-04 07:30'));
    expect(reminderBefore(wib('2026-12-09 20:00'), calendar)).toEqual(wib('2026-12-08 07:30'));
  });
});
