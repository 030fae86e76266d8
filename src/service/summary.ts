/**
 * The weekly summary (`cadang summary` prints the same text): backups done, failed and missed in
 * a period; requests open and overdue per role; media nearly full; copies not verified for N
 * days. Figures come from the database (src/storage/summary-repository.ts); this module names
 * the roles, judges the media and words it all.
 */
import { formatBytes } from '../i18n/format.js';
import type { Locale } from '../i18n/messages.js';
import type { Database } from '../storage/database.js';
import { readSummaryFigures } from '../storage/summary-repository.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { roleTitle } from '../workflow/labels.js';
import { formatZonedDateTime } from '../workflow/time-zone.js';
import { summaryMessages } from './summary-messages.js';

/** The `summary:` settings the text depends on. */
export interface SummarySettings {
  /** A copy whose last verification is older than this many days is listed. */
  unverifiedDays: number;
  /** A medium with at least this share of its capacity used is "nearly full". */
  mediaFullPercent: number;
}

export const DEFAULT_SUMMARY_SETTINGS: SummarySettings = { unverifiedDays: 7, mediaFullPercent: 90 };

/** The summary's data; `--json` prints it (times ISO 8601 UTC). */
export interface Summary {
  from: string;
  to: string;
  backups: { succeeded: number; failed: number; cancelled: number; missed: number };
  failures: Array<{ target: string; reason: string | null; at: string }>;
  missed: Array<{ schedule: string; fireAt: string }>;
  requests: { open: number; overdue: number; byRole: Array<{ role: string | null; title: string; open: number; overdue: number }> };
  mediaNearlyFull: Array<{ label: string; capacityBytes: number; usedBytes: number; percent: number }>;
  unverified: { days: number; count: number; copies: Array<{ target: string; path: string; medium: string | null; verifiedAt: string | null }> };
}

export interface SummaryInput {
  db: Database;
  organisationId: string;
  definitions: readonly WorkflowDefinition[];
  /** The registered media with their capacity (`backup.media`). */
  media: ReadonlyArray<{ label: string; capacityBytes: number }>;
  settings: SummarySettings;
  locale: Locale;
  period: { from: Date; to: Date };
  now: Date;
}

const DAY = 24 * 60 * 60 * 1000;
/** Lines listed under a heading before "… and N more". */
const listed = 10;

export async function collectSummary(input: SummaryInput): Promise<Summary> {
  const { settings, period, now } = input;
  const figures = await readSummaryFigures(input.db, input.organisationId, period, now, new Date(now.getTime() - settings.unverifiedDays * DAY));
  const byRole = figures.requests
    .map((row) => ({ role: row.role, title: row.role === null ? summaryMessages(input.locale).systemRole() : titleOf(row.role, input.definitions, input.locale), open: row.open, overdue: row.overdue }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.title.localeCompare(b.title));
  const mediaNearlyFull = input.media
    .map((medium) => {
      const usedBytes = figures.mediumUse.get(medium.label) ?? 0;
      return { label: medium.label, capacityBytes: medium.capacityBytes, usedBytes, percent: Math.floor((usedBytes / medium.capacityBytes) * 100) };
    })
    .filter((medium) => medium.percent >= settings.mediaFullPercent)
    .sort((a, b) => b.percent - a.percent);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    backups: { ...figures.backups, missed: figures.missed.length },
    failures: figures.failures.map((row) => ({ target: row.target, reason: row.reason, at: row.at.toISOString() })),
    missed: figures.missed.map((row) => ({ schedule: row.scheduleId, fireAt: row.fireAt.toISOString() })),
    requests: { open: sum(byRole.map((row) => row.open)), overdue: sum(byRole.map((row) => row.overdue)), byRole },
    mediaNearlyFull,
    unverified: {
      days: settings.unverifiedDays,
      count: figures.unverified.length,
      copies: figures.unverified.map((row) => ({ target: row.target, path: row.path, medium: row.medium, verifiedAt: row.verifiedAt?.toISOString() ?? null })),
    },
  };
}

/** The summary as the channel and `cadang summary` show it. */
export function formatSummary(summary: Summary, settings: SummarySettings, locale: Locale, timeZone: string): string {
  const t = summaryMessages(locale);
  const when = (iso: string) => formatZonedDateTime(new Date(iso), timeZone);
  const lines = [t.title(when(summary.from), when(summary.to)), '', t.backups(summary.backups.succeeded, summary.backups.failed, summary.backups.missed)];
  if (summary.backups.cancelled > 0) lines.push(t.cancelled(summary.backups.cancelled));
  lines.push(...summary.failures.map((row) => t.failure(row.target, when(row.at), row.reason ?? '')));
  lines.push(...capped(summary.missed.map((row) => t.missed(row.schedule, when(row.fireAt))), locale));
  lines.push('');
  if (summary.requests.byRole.length === 0) lines.push(t.noRequests());
  else lines.push(t.requests(summary.requests.open, summary.requests.overdue), ...summary.requests.byRole.map((row) => t.role(row.title, row.open, row.overdue)));
  lines.push('');
  if (summary.mediaNearlyFull.length === 0) lines.push(t.noMedia(settings.mediaFullPercent));
  else lines.push(t.media(settings.mediaFullPercent), ...summary.mediaNearlyFull.map((row) => t.medium(row.label, row.percent, formatBytes(row.usedBytes, locale), formatBytes(row.capacityBytes, locale))));
  lines.push('', t.unverified(summary.unverified.count, summary.unverified.days));
  lines.push(...capped(summary.unverified.copies.map((row) => t.copy(row.target, row.path, row.verifiedAt ? when(row.verifiedAt) : t.never())), locale));
  return lines.join('\n');
}

function capped(lines: string[], locale: Locale): string[] {
  return lines.length <= listed ? lines : [...lines.slice(0, listed), summaryMessages(locale).more(lines.length - listed)];
}

/** A role's title from the first SOP that names it. */
function titleOf(role: string, definitions: readonly WorkflowDefinition[], locale: Locale): string {
  const definition = definitions.find((candidate) => Object.hasOwn(candidate.roles, role)) ?? definitions[0];
  return definition ? roleTitle(definition, role, locale) : role;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
