import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { calendarSettingsOf, configSchema } from '../../src/config/schema.js';
import { addWorkingTime, buildCalendar } from '../../src/workflow/calendar.js';

const holidayFile = fileURLToPath(new URL('../../config/holidays-2026-2027.yaml', import.meta.url));
const FIXED = ['01-01', '05-01', '06-01', '08-17', '12-25'];

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-calendar-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('calendar and reminders configuration', () => {
  it('defaults: working time, Monday–Friday 07:30–16:00 WIB, reminders at 50% and 90%, escalation every 4 hours', () => {
    const config = configSchema.parse({});
    expect(config.calendar).toMatchObject({ timeZone: 'Asia/Jakarta', mode: 'working-time', holidays: [], holidayFiles: [] });
    expect(config.calendar.officeHours.monday).toEqual({ open: 450, close: 960 });
    expect(config.calendar.officeHours.saturday).toBeNull();
    expect(config.reminders).toEqual({ at: [0.5, 0.9], escalationRepeat: { days: 0, minutes: 240 }, beforeSchedule: 'petugas_backup' });
    expect(config.summary).toEqual({ enabled: true, cron: '30 7 * * 1', unverifiedDays: 7, mediaFullPercent: 90 });
  });

  it('refuses a summary cron it cannot read and a role key that is not one, saying how to write them', () => {
    const parsed = configSchema.safeParse({ summary: { cron: 'senin pagi' }, reminders: { beforeSchedule: 'Petugas Backup' } });
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'summary.cron: write a cron expression of 5 fields (minute hour day month weekday), e.g. "30 7 * * 1" for Monday 07.30',
      'reminders.beforeSchedule: name a role key such as "petugas_backup", or null to send no reminder',
    ]));
    expect(configSchema.parse({ reminders: { beforeSchedule: null }, summary: { enabled: false } })).toMatchObject({ reminders: { beforeSchedule: null }, summary: { enabled: false } });
  });

  it('has one home for the zone: documents follow the calendar\'s zone unless reports.timeZone says otherwise', () => {
    const calendar = { timeZone: 'Asia/Makassar' };
    expect(configSchema.parse({ calendar }).reports.timeZone).toBe('Asia/Makassar');
    expect(configSchema.parse({ calendar, reports: { timeZone: 'Asia/Jakarta' } }).reports.timeZone).toBe('Asia/Jakarta');
    expect(calendarSettingsOf(configSchema.parse({ calendar })).timeZone).toBe('Asia/Makassar');
    expect(configSchema.safeParse({ calendar: { timeZone: 'Asia/Makasar' } }).error?.issues[0]?.message).toMatch(/unknown time zone/);
  });

  it('the sample organisation loads the shipped holiday list and counts working time with it', () => {
    const { config } = loadConfig({}, folderWith({}));
    expect(config.calendar.holidays).toContainEqual({ date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'libur-nasional', perkiraan: false });
    const calendar = buildCalendar(calendarSettingsOf(config));
    expect(addWorkingTime(new Date('2026-05-29T15:00:00+07:00'), '1d', calendar)).toEqual(new Date('2026-06-02T15:00:00+07:00'));
  });

  it('the shipped list says it is an example, and presents only the five fixed dates as certain', () => {
    const text = readFileSync(holidayFile, 'utf8');
    expect(text.slice(0, 200)).toMatch(/CONTOH/);
    expect(text).toMatch(/SKB 3 Menteri/);
    const { config } = loadConfig({ CADANG_CONFIG: join(folderWith({ 'c.yaml': `calendar: { holidayFiles: [${holidayFile}] }\n` }), 'c.yaml') });
    const holidays = config.calendar.holidays;
    for (const year of ['2026', '2027']) {
      const certain = holidays.filter((holiday) => holiday.date.startsWith(year) && !holiday.perkiraan).map((holiday) => holiday.date.slice(5));
      expect(certain, year).toEqual(FIXED);
    }
    expect(holidays.filter((holiday) => holiday.date.startsWith('2026') && holiday.kind === 'cuti-bersama')).toHaveLength(8);
    // The 2027 cuti bersama are not decreed yet: shipped as comments, not in force.
    expect(holidays.filter((holiday) => holiday.date.startsWith('2027') && holiday.kind === 'cuti-bersama')).toEqual([]);
  });

  it('an entry of the configuration wins over the file for the same date', () => {
    const dir = folderWith({
      'libur.yaml': 'holidays:\n  - { date: 2026-12-31, name: Cuti kantor, kind: cuti-bersama }\n  - { date: 2026-12-30, name: Rapat kerja }\n',
      'cadang.yaml': 'calendar:\n  holidayFiles: [libur.yaml]\n  holidays:\n    - { date: 2026-12-31, name: Tutup akhir tahun }\n',
    });
    const { config } = loadConfig({ CADANG_CONFIG: join(dir, 'cadang.yaml') });
    expect(config.calendar.holidays.map((holiday) => [holiday.date, holiday.name])).toEqual([['2026-12-30', 'Rapat kerja'], ['2026-12-31', 'Tutup akhir tahun']]);
  });

  it('a command that uses no calendar (holidayFiles: false) neither reads nor checks the holiday files, and still checks the rest', () => {
    const dir = folderWith({
      'libur.yaml': 'holidays:\n  - { date: 2026-02-30, name: Salah }\n',
      'cadang.yaml': 'calendar:\n  holidayFiles: [libur.yaml, hilang.yaml]\n  holidays:\n    - { date: 2026-12-31, name: Tutup akhir tahun }\n',
    });
    const file = join(dir, 'cadang.yaml');
    const { config } = loadConfig({ CADANG_CONFIG: file }, dir, { holidayFiles: false });
    expect(config.calendar.holidays.map((holiday) => holiday.date)).toEqual(['2026-12-31']);
    // The full load still refuses the same files.
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: file }, dir))).toContain(`berkas hari libur ${join(dir, 'hilang.yaml')} tidak ditemukan`);
    writeFileSync(file, 'calendar:\n  holidayFiles: [libur.yaml]\n  mode: office\n');
    expect(problemsOf(() => loadConfig({ CADANG_CONFIG: file }, dir, { holidayFiles: false }))).toContain(`${file}:3 calendar.mode:`);
  });

  it('reports bad calendar settings and bad holiday files with file, line and how to fix them', () => {
    const dir = folderWith({
      'cadang.yaml': ['calendar:', '  mode: office', '  officeHours:', '    friday: 16:00-07:30', 'reminders:', '  at: [0.5, 1.5]', '  escalationRepeat: sering'].join('\n'),
    });
    const message = problemsOf(() => loadConfig({ CADANG_CONFIG: join(dir, 'cadang.yaml') }));
    expect(message).toContain(`${join(dir, 'cadang.yaml')}:2 calendar.mode:`);
    expect(message).toContain(`${join(dir, 'cadang.yaml')}:4 calendar.officeHours.friday: write office hours as "07:30-16:00"`);
    expect(message).toContain(`${join(dir, 'cadang.yaml')}:6 reminders.at[1]: a reminder share is between 0 and 1`);
    expect(message).toContain('reminders.escalationRepeat: write the repeat as "4h"');

    const files = folderWith({ 'libur.yaml': 'holidays:\n  - { date: 2026-02-30, name: Salah }\n', 'cadang.yaml': 'calendar: { holidayFiles: [libur.yaml, hilang.yaml] }\n' });
    const fileProblems = problemsOf(() => loadConfig({ CADANG_CONFIG: join(files, 'cadang.yaml') }));
    expect(fileProblems).toContain(`${join(files, 'libur.yaml')}:2 holidays[0].date: not a date in the calendar`);
    expect(fileProblems).toContain(`berkas hari libur ${join(files, 'hilang.yaml')} tidak ditemukan`);
  });

  it('refuses a week with no office day', () => {
    const closed = Object.fromEntries(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((day) => [day, null]));
    expect(configSchema.safeParse({ calendar: { officeHours: closed } }).error?.issues[0]?.message).toBe('the office must be open on at least one weekday');
  });
});
