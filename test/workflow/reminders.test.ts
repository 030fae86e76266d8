import { describe, expect, it } from 'vitest';
import { addWorkingTime, afterQuietHours, buildCalendar, isWithinOfficeHours } from '../../src/workflow/calendar.js';
import { DEFAULT_REMINDER_SETTINGS, type OpenDeadline, type ReminderSettings, dueMoment, nextDue, nextMoment, planReminders } from '../../src/workflow/reminders.js';

const wib = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);
const pancasila = [{ date: '2026-06-01', name: 'Hari Lahir Pancasila' }];
const working = buildCalendar({ mode: 'working-time', holidays: pancasila });
const wallClock = buildCalendar({ mode: 'wall-clock', holidays: pancasila });
const settings = DEFAULT_REMINDER_SETTINGS;

/** SOP B step 3 entered Friday 15:00 WIB with a 1-day limit in working time, before the Monday holiday. */
function kabidDeadline(calendar = working, extra: Partial<OpenDeadline> = {}): OpenDeadline {
  const enteredAt = wib('2026-05-29 15:00');
  return { instanceId: 42, stepId: 'seleksi_kabid', enteredAt, dueAt: addWorkingTime(enteredAt, '1d', calendar)!, role: 'kabid_pjkkd', escalateTo: 'ka_ppiksn', ...extra };
}
const brief = (moments: Array<{ key: string; at: Date; to: string }>) => moments.map((moment) => [moment.key, moment.at.toISOString(), moment.to]);

describe('reminder planner', () => {
  it('reminds at 50% and 90% of the working time, in office hours, then escalates at the due time', () => {
    const deadline = kabidDeadline();
    expect(deadline.dueAt).toEqual(wib('2026-06-02 15:00'));
    const moments = planReminders(deadline, working, settings, wib('2026-06-03 12:00'));
    const base = `42:seleksi_kabid:${deadline.enteredAt.getTime()}`;
    expect(brief(moments)).toEqual([
      // 8.5 office hours in all (Friday 15–16, Tuesday 07.30–15): half is Tuesday 10.45, 90% Tuesday 14.09.
      [`remind:${base}:1`, wib('2026-06-02 10:45').toISOString(), 'kabid_pjkkd'],
      [`remind:${base}:2`, wib('2026-06-02 14:09').toISOString(), 'kabid_pjkkd'],
      [`escalate:${base}:0`, wib('2026-06-02 15:00').toISOString(), 'ka_ppiksn'],
      // Repeated every 4 office hours: Tuesday 15–16, then Wednesday from 07.30.
      [`escalate:${base}:1`, wib('2026-06-03 10:30').toISOString(), 'ka_ppiksn'],
    ]);
    for (const moment of moments) expect(isWithinOfficeHours(moment.at, working) || moment.at.getTime() === afterQuietHours(moment.at, working).getTime()).toBe(true);
  });

  it('sends what is due at a moment, once: the same key however often it is asked, and after a restart', () => {
    const deadline = kabidDeadline();
    expect(dueMoment(deadline, wib('2026-06-02 10:44'), working, settings)).toBeUndefined();
    const first = dueMoment(deadline, wib('2026-06-02 10:45'), working, settings);
    expect(first?.key).toMatch(/^remind:42:seleksi_kabid:\d+:1$/);
    // A restart recomputes from the stored deadline: the same moment, the same key.
    expect(dueMoment({ ...kabidDeadline() }, wib('2026-06-02 11:30'), working, settings)).toEqual(first);
    expect(nextMoment(deadline, wib('2026-06-02 10:45'), working, settings)?.key).toMatch(/:2$/);
  });

  it('after a long outage sends only the latest moment, not the backlog', () => {
    const deadline = kabidDeadline();
    const moment = dueMoment(deadline, wib('2026-06-05 09:00'), working, settings)!;
    // Office time since the due time: Tue 1h, Wed 8.5h, Thu 8.5h, Fri 1.5h = 19.5h. Rounds come every
    // 4 office hours, so the latest is round 4 (16h: Thursday 14.00); rounds 1–3 are not sent late.
    expect(moment).toMatchObject({ kind: 'escalate', n: 4, at: wib('2026-06-04 14:00'), to: 'ka_ppiksn' });
    expect(nextMoment(deadline, wib('2026-06-05 09:00'), working, settings)).toMatchObject({ n: 5, at: wib('2026-06-05 09:30') });
  });

  it('every planned moment is the one due at its own time and the next one just before it', () => {
    for (const calendar of [working, wallClock]) {
      const deadline = kabidDeadline(calendar);
      const moments = planReminders(deadline, calendar, settings, wib('2026-06-09 12:00'));
      expect(moments.length).toBeGreaterThan(6);
      for (const moment of moments) {
        expect(dueMoment(deadline, moment.at, calendar, settings)?.key).toBe(moment.key);
        expect(nextMoment(deadline, new Date(moment.at.getTime() - 1), calendar, settings)?.key).toBe(moment.key);
      }
      const times = moments.map((moment) => moment.at.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(new Set(moments.map((moment) => moment.key)).size).toBe(moments.length);
    }
  });

  describe('quiet hours in wall-clock mode', () => {
    // Entered Friday 14:00, due Saturday 14:00 (24 hours).
    const deadline: OpenDeadline = { instanceId: 7, stepId: 'perintah_backup', enteredAt: wib('2026-11-20 14:00'), dueAt: wib('2026-11-21 14:00'), role: 'kepala_ptid' };

    it('holds reminders and escalations for the next opening and sends one where several wait', () => {
      const moments = planReminders(deadline, wallClock, settings, wib('2026-11-23 12:00'));
      expect(moments.map((moment) => [moment.kind, moment.n, moment.at.toISOString(), moment.plannedAt.toISOString()])).toEqual([
        // Both reminders (Sat 02.00, Sat 11.36) could only go out on Monday, after the due time: dropped.
        // The escalation rounds of the weekend (Sat 14.00 … Mon 06.00) go out as one at Monday's opening.
        ['escalate', 10, wib('2026-11-23 07:30').toISOString(), wib('2026-11-23 06:00').toISOString()],
        ['escalate', 11, wib('2026-11-23 10:00').toISOString(), wib('2026-11-23 10:00').toISOString()],
      ]);
      // With no superior named, the step's own role hears the escalation.
      expect(moments[0]!.to).toBe('kepala_ptid');
    });

    it('an urgent step is not held: reminders and escalations at any hour', () => {
      const urgent = { ...deadline, urgent: true, escalateTo: 'rektor' };
      const moments = planReminders(urgent, wallClock, settings, wib('2026-11-21 22:00'));
      expect(moments.map((moment) => [moment.kind, moment.at.toISOString(), moment.to])).toEqual([
        ['remind', wib('2026-11-21 02:00').toISOString(), 'kepala_ptid'],
        ['remind', wib('2026-11-21 11:36').toISOString(), 'kepala_ptid'],
        ['escalate', wib('2026-11-21 14:00').toISOString(), 'rektor'],
        ['escalate', wib('2026-11-21 18:00').toISOString(), 'rektor'],
        ['escalate', wib('2026-11-21 22:00').toISOString(), 'rektor'],
      ]);
    });
  });

  it('keeps only the later of two reminders held for the same opening', () => {
    // Entered Friday 12:00 with a 3-day wall-clock limit: 50% Saturday 00.00 and 90% Monday 04.48 both wait for Monday 07.30.
    const deadline: OpenDeadline = { instanceId: 8, stepId: 's', enteredAt: wib('2026-11-20 12:00'), dueAt: wib('2026-11-23 12:00'), role: 'administrator' };
    const moments = planReminders(deadline, wallClock, { at: [0.5, 0.9], escalationRepeat: null });
    expect(moments.map((moment) => [moment.key.split(':')[0], moment.n, moment.at.toISOString()])).toEqual([
      ['remind', 2, wib('2026-11-23 07:30').toISOString()],
      ['escalate', 0, wib('2026-11-23 12:00').toISOString()],
    ]);
  });

  it('escalates once when no repeat is configured', () => {
    const once: ReminderSettings = { at: [0.5], escalationRepeat: null };
    const deadline = kabidDeadline();
    expect(nextMoment(deadline, wib('2026-06-02 15:00'), working, once)).toBeUndefined();
    expect(dueMoment(deadline, wib('2026-06-20 10:00'), working, once)).toMatchObject({ kind: 'escalate', n: 0 });
  });

  it('repeats "1d" as a working day of office time', () => {
    const daily: ReminderSettings = { at: [], escalationRepeat: { days: 1, minutes: 0 } };
    const moments = planReminders(kabidDeadline(), working, daily, wib('2026-06-04 16:00'));
    expect(moments.map((moment) => moment.at)).toEqual([wib('2026-06-02 15:00'), wib('2026-06-03 15:00'), wib('2026-06-04 15:00')]);
  });

  it('finds the next moment over many deadlines: what the scheduler sleeps until', () => {
    const a = kabidDeadline();
    const b: OpenDeadline = { instanceId: 43, stepId: 'seleksi_kasubbid', enteredAt: wib('2026-06-02 08:00'), dueAt: addWorkingTime(wib('2026-06-02 08:00'), '3h', working)!, role: 'kasubbid_komdat', escalateTo: 'kabid_pjkkd' };
    // b: due 11.00; 50% at 09.30, 90% at 10.42. a's first reminder is 10.45.
    expect(nextDue([a, b], wib('2026-06-02 09:00'), working, settings)).toMatchObject({ deadline: { instanceId: 43 }, moment: { kind: 'remind', n: 1, at: wib('2026-06-02 09:30') } });
    expect(nextDue([a, b], wib('2026-06-02 10:43'), working, settings)).toMatchObject({ deadline: { instanceId: 42 }, moment: { at: wib('2026-06-02 10:45') } });
    expect(nextDue([], wib('2026-06-02 09:00'), working, settings)).toBeUndefined();
  });
});
