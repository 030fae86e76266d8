import { z } from 'zod';
import { backupConfigSchema } from '../backup/config.js';
import { reportsConfigSchema } from '../reports/config.js';
import { type CalendarSettings, WEEKDAY_NAMES, type WeekdayName, calendarModes, holidayKinds, parseOfficeHours } from '../workflow/calendar.js';
import { parseWorkLimit } from '../workflow/duration.js';
import type { ReminderSettings } from '../workflow/reminders.js';
import { isValidCron } from '../workflow/schedule.js';
import { DEFAULT_TIME_ZONE, TIME_ZONE_HINT, isKnownTimeZone } from '../workflow/time-zone.js';

/** A person in the configuration file (the same fields as the CSV import). */
export const personEntrySchema = z
  .object({
    name: z.string().min(1),
    nip: z.string().min(1),
    mobile: z.string().optional(),
    email: z.string().optional(),
    satker: z.string().optional(),
    telegramUserId: z.union([z.string(), z.number()]).transform(String).optional(),
    slackUserId: z.string().optional(),
    locale: z.enum(['id', 'en']).optional(),
    roles: z.array(z.string()).default([]),
  })
  .strict();
export type PersonEntry = z.infer<typeof personEntrySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-12-01');

/** A delegation (Plh./Plt.): `delegate` holds `role` for `principal` from one date to another. */
export const delegationEntrySchema = z
  .object({
    role: z.string().min(1),
    delegate: z.string().min(1).describe('NIP of the person acting'),
    principal: z.string().min(1).describe('NIP of the person acted for'),
    from: isoDate,
    until: isoDate,
    kind: z.enum(['Plh.', 'Plt.']).default('Plh.'),
  })
  .strict();
export type DelegationEntry = z.infer<typeof delegationEntrySchema>;

/** A real calendar date: "2026-02-30" is refused. */
const calendarDate = isoDate.refine((text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'not a date in the calendar');

/** One holiday: a national holiday or a cuti bersama day, on which the office is closed. */
export const holidayEntrySchema = z
  .object({
    date: calendarDate,
    name: z.string().min(1),
    kind: z.enum(holidayKinds).default('libur-nasional'),
    /** True while the date is an estimate not yet checked against the year's SKB 3 Menteri. */
    perkiraan: z.boolean().default(false),
  })
  .strict();
export type HolidayEntry = z.output<typeof holidayEntrySchema>;

/** A holiday file (`calendar.holidayFiles`), such as config/holidays-2026-2027.yaml. */
export const holidayFileSchema = z.object({ holidays: z.array(holidayEntrySchema) }).strict();

const dayHours = z
  .string()
  .nullable()
  .transform((text, ctx) => {
    if (text === null) return null;
    const hours = parseOfficeHours(text);
    if (!hours) ctx.addIssue({ code: 'custom', message: 'write office hours as "07:30-16:00" (closing after opening), or null for a day the office is closed' });
    return hours ?? z.NEVER;
  });
const weekdayDefaults: Record<WeekdayName, string | null> = {
  sunday: null, monday: '07:30-16:00', tuesday: '07:30-16:00', wednesday: '07:30-16:00', thursday: '07:30-16:00', friday: '07:30-16:00', saturday: null,
};

/**
 * `calendar:`: the organisation's zone (WIB `Asia/Jakarta` by default) and how time limits count.
 * `working-time` counts office hours and skips weekends and holidays ("1d" is one working day);
 * `wall-clock` counts elapsed time. Office hours are per weekday (Monday–Friday 07:30–16:00 unless
 * changed; a day not open is null) in that zone. Holidays come from `holidays` and from
 * `holidayFiles` (relative to the configuration file); an entry in `holidays` wins over a file's
 * entry for the same date.
 */
export const calendarConfigSchema = z
  .object({
    /** The organisation's zone (IANA): chat, documents, due times and schedules keep its time. */
    timeZone: z.string().refine(isKnownTimeZone, TIME_ZONE_HINT).default(DEFAULT_TIME_ZONE),
    mode: z.enum(calendarModes).default('working-time'),
    officeHours: z
      .object(Object.fromEntries(WEEKDAY_NAMES.map((day) => [day, dayHours.prefault(weekdayDefaults[day])])) as Record<WeekdayName, z.ZodPrefault<typeof dayHours>>)
      .strict()
      .prefault({})
      .refine((week) => Object.values(week).some((hours) => hours !== null), 'the office must be open on at least one weekday'),
    holidays: z.array(holidayEntrySchema).default([]),
    holidayFiles: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .prefault({});

/**
 * `reminders:`: when the step's role is reminded (shares of the step's time, counted in the
 * calendar) and how often the escalation to the superior repeats once the limit has passed
 * ("none" escalates once).
 */
export const remindersConfigSchema = z
  .object({
    at: z
      .array(z.number().gt(0, 'a reminder share is between 0 and 1, e.g. 0.5 for half the time').lt(1, 'a reminder share is between 0 and 1, e.g. 0.9'))
      .default([0.5, 0.9])
      .refine((shares) => new Set(shares).size === shares.length, 'each reminder share only once')
      .transform((shares) => [...shares].sort((a, b) => a - b)),
    escalationRepeat: z
      .string()
      .default('4h')
      .transform((text, ctx) => {
        if (text.trim().toLowerCase() === 'none') return null;
        const limit = parseWorkLimit(text);
        if (!limit) ctx.addIssue({ code: 'custom', message: 'write the repeat as "4h", "30m" or "1d", or "none" to escalate once' });
        return limit ?? z.NEVER;
      }),
    /** The role reminded at the opening of the working day before each scheduled backup; null: nobody. */
    beforeSchedule: z.string().regex(/^[a-z][a-z0-9_]*$/, 'name a role key such as "petugas_backup", or null to send no reminder').nullable().default('petugas_backup'),
  })
  .strict()
  .prefault({}) satisfies z.ZodType<ReminderSettings, unknown>;

// ── schedules: the Jadwal Backup's policy ──────────────────────────────────────────────────────

/**
 * `schedules:`: who may change the Jadwal Backup in chat (`editorRoles`, SOP roles; the Kepala
 * PTID by default), whether a firing gives the order itself (`autoOrder`, in the trail as
 * automatic) instead of sending the Kepala PTID's order card, and how late a firing may be found
 * before it counts as missed while Cadang was down (`graceMinutes`).
 */
export const schedulesConfigSchema = z
  .object({
    editorRoles: z.array(z.string().min(1)).min(1, 'name at least one role that may change schedules, e.g. [kepala_ptid]').default(['kepala_ptid']),
    autoOrder: z.boolean().default(false),
    graceMinutes: z.number().int('write whole minutes, e.g. 5').min(1, 'the grace period is at least 1 minute').max(1440, 'the grace period is at most 1440 minutes (one day)').default(5),
  })
  .strict()
  .prefault({});

/**
 * `summary:`: the weekly summary to the channel (`cadang summary` prints the same): when (a cron
 * expression on the organisation's wall clock, Monday 07.30 by default), after how many days a
 * copy counts as not verified, and from what share of its capacity a medium is nearly full.
 */
export const summaryConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    cron: z.string().refine(isValidCron, 'write a cron expression of 5 fields (minute hour day month weekday), e.g. "30 7 * * 1" for Monday 07.30').default('30 7 * * 1'),
    unverifiedDays: z.number().int().min(1).default(7),
    mediaFullPercent: z.number().int().min(1).max(100).default(90),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    locale: z.enum(['id', 'en']).default('id'),
    database: z.object({ url: z.string().min(1).default('file:./data/cadang.db') }).strict().default({ url: 'file:./data/cadang.db' }),
    organisation: z
      .object({ id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and "-"'), name: z.string().min(1) })
      .strict()
      .default({ id: 'contoh', name: 'Organisasi Contoh' }),
    /** Extra SOP definition files (YAML or JSON), besides the two built-in SOPs. */
    sops: z.array(z.string()).default([]),
    /** Work units offered as choices in the request form. */
    satker: z.array(z.string().min(1)).default([]),
    people: z.array(personEntrySchema).default([]),
    delegations: z.array(delegationEntrySchema).default([]),
    /** Roles that may file a request for another employee; everyone else's form carries their own NIP. */
    onBehalfRoles: z.array(z.string().min(1)).default([]),
    telegram: z
      .object({ token: z.string().optional(), apiRoot: z.url().optional(), channelId: z.string().optional(), webhook: z.object({ url: z.url(), secretToken: z.string().min(1), port: z.number().int().default(8443) }).strict().optional() })
      .strict()
      .default({}),
    slack: z
      .object({
        botToken: z.string().optional(),
        signingSecret: z.string().optional(),
        channelId: z.string().optional(),
        /** An app-level token (xapp-…): Socket Mode instead of the HTTP endpoint. */
        appToken: z.string().optional(),
        /** The Web API base, e.g. a proxy (default https://slack.com/api/). */
        apiUrl: z.url().optional(),
        /** Port of the HTTP endpoint (/slack/events). */
        port: z.number().int().min(0).max(65535).default(3000),
      })
      .strict()
      .default({ port: 3000 }),
    backup: backupConfigSchema,
    reports: reportsConfigSchema,
    calendar: calendarConfigSchema,
    reminders: remindersConfigSchema,
    schedules: schedulesConfigSchema,
    summary: summaryConfigSchema,
  })
  .strict()
  // One home for the zone: documents keep the calendar's unless `reports.timeZone` says otherwise.
  .transform((config) => ({ ...config, reports: { ...config.reports, timeZone: config.reports.timeZone ?? config.calendar.timeZone } }));

export type CadangConfig = z.infer<typeof configSchema>;

/** The organisation's working calendar, from a loaded configuration (holiday files already merged in). */
export function calendarSettingsOf(config: Pick<CadangConfig, 'calendar'>): CalendarSettings {
  return { mode: config.calendar.mode, timeZone: config.calendar.timeZone, officeHours: config.calendar.officeHours, holidays: config.calendar.holidays };
}
