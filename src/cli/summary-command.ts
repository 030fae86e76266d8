/**
 * `cadang summary [--since DATE] [--json]`: the weekly summary's text (the one the channel gets),
 * for the period from DATE (midnight in the organisation's zone; 7 days ago by default) to now.
 */
import type { Command } from 'commander';
import { CadangError } from '../errors.js';
import { defineMessages } from '../i18n/messages.js';
import { fromWallClock } from '../workflow/time-zone.js';
import type { CliContext } from './context.js';

const messages = defineMessages(
  {
    description: () => 'Ringkasan: backup berhasil, gagal dan terlewat; permohonan terbuka dan terlambat per peran; media hampir penuh; salinan yang lama belum diverifikasi',
    since: () => 'awal periode, TTTT-BB-HH (pukul 00.00 waktu organisasi); bawaan: 7 hari yang lalu',
    json: () => 'keluaran JSON untuk pemantauan',
    badSince: (text: string) => `Tanggal "${text}" tidak dikenal. Tulis TTTT-BB-HH, mis. 2026-11-23, dan tidak setelah hari ini.`,
  },
  {
    description: () => 'Summary: backups done, failed and missed; requests open and overdue per role; media nearly full; copies not verified for long',
    since: () => 'start of the period, YYYY-MM-DD (00:00 in the organisation\'s zone); default: 7 days ago',
    json: () => 'JSON output for monitoring',
    badSince: (text: string) => `Unknown date "${text}". Write YYYY-MM-DD, e.g. 2026-11-23, not after today.`,
  },
);

export function registerSummaryCommand(program: Command, ctx: CliContext): void {
  const t = messages(ctx.locale);
  program
    .command('summary')
    .description(t.description())
    .option('--since <date>', t.since())
    .option('--json', t.json())
    .action((flags: { since?: string; json?: boolean }) =>
      ctx.withDatabase(async (db, config) => {
        const now = new Date();
        const zone = config.calendar.timeZone;
        const from = flags.since === undefined ? new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000) : parseSince(flags.since, zone, now, t.badSince);
        const settings = config.summary;
        // Imported when the command runs, not for `--help` (start time).
        const { collectSummary, formatSummary } = await import('../service/summary.js');
        const summary = await collectSummary({
          db, organisationId: config.organisation.id, definitions: (await ctx.definitions()).all(), media: config.backup.media, settings, locale: ctx.locale, period: { from, to: now }, now,
        });
        ctx.print(flags.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, settings, ctx.locale, zone));
      }),
    );
}

function parseSince(text: string, zone: string, now: Date, bad: (text: string) => string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  const at = match ? fromWallClock({ year: year!, month: month!, day: day! }, zone) : null;
  // A rolled-over date ("2026-02-30") or one in the future is refused, not read as something else.
  if (!at || at.getTime() > now.getTime() || new Date(Date.UTC(year!, month! - 1, day!)).getUTCDate() !== day) throw new CadangError('summary-bad-since', bad(text), { since: text });
  return at;
}
