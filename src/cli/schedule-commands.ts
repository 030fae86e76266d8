/**
 * `cadang schedule list|set|pause|resume`: the Jadwal Backup as stored in the database (seeded
 * from the targets' `schedule:` keys). Every change goes in the schedule's trail with the
 * operating-system user who made it.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { defineMessages } from '../i18n/messages.js';
import type { ScheduleActor } from '../storage/schedule-repository.js';
import { SCHEDULE_NAME } from '../service/schedule-policy.js';
import type { CadangConfig } from '../config/schema.js';
import type { Database } from '../storage/database.js';
import type { CliContext } from './context.js';

const messages = defineMessages(
  {
    schedule: () => 'Jadwal Backup: daftar, ubah, hentikan sementara, lanjutkan',
    list: () => 'Menampilkan jadwal backup dan kapan masing-masing berjalan berikutnya',
    set: () => 'Menambah jadwal atau mengubah ekspresi cron, target, atau penanganan jadwal yang terlewat',
    pause: () => 'Menghentikan sementara sebuah jadwal',
    resume: () => 'Melanjutkan jadwal yang dihentikan sementara',
    history: () => 'Menampilkan riwayat perubahan dan pelaksanaan sebuah jadwal',
    cronOption: () => 'ekspresi cron, mis. "0 2 * * 1-5" (menit jam tanggal bulan hari), waktu organisasi',
    targetsOption: () => 'nama target dipisah koma',
    missedOption: () => 'jadwal yang terlewat saat Cadang mati: run-late (jalankan terlambat) atau report-missed (laporkan)',
    none: () => 'Belum ada jadwal backup. Tambahkan `schedule:` pada target atau jalankan `cadang schedule set`.',
    line: (id: string, cron: string, targets: string, state: string, next: string) => `• ${id}: ${cron} — target ${targets} — ${state}; berikutnya ${next}`,
    active: () => 'aktif',
    paused: () => 'dihentikan sementara',
    never: () => 'tidak ada',
    unknown: (id: string) => `Jadwal ${id} tidak ada. Lihat \`cadang schedule list\`.`,
    badCron: (cron: string) => `Ekspresi cron "${cron}" tidak sah. Tulis 5 bagian (menit jam tanggal bulan hari), mis. "0 2 * * 1-5".`,
    badMissed: () => 'Pilihan untuk jadwal terlewat: run-late atau report-missed.',
    needCron: () => 'Jadwal baru memerlukan --cron.',
    badName: (id: string) => `"${id}" tidak dapat dipakai sebagai nama jadwal. Gunakan huruf kecil, angka, ".", "_" atau "-" (paling banyak 63), diawali huruf atau angka.`,
    unknownTargets: (unknown: string, registered: string) => `Target ${unknown} tidak ada di Daftar Backup. Target terdaftar: ${registered}. Lihat \`cadang targets list\`.`,
    saved: (id: string, added: boolean) => `Jadwal ${id} ${added ? 'ditambahkan' : 'diubah'}.`,
    pausedNow: (id: string) => `Jadwal ${id} dihentikan sementara.`,
    resumed: (id: string) => `Jadwal ${id} dilanjutkan; yang terlewat selama dihentikan tidak dijalankan.`,
    changeLine: (at: string, action: string, who: string, detail: string) => `${at}  ${action} — ${who}${detail ? ` — ${detail}` : ''}`,
    firingLine: (at: string, outcome: string) => `${at}  ${outcome}`,
    actions: { add: 'ditambahkan', change: 'diubah', pause: 'dihentikan sementara', resume: 'dilanjutkan' } as Record<string, string>,
    outcomes: { started: 'dijalankan', 'started-late': 'dijalankan terlambat', missed: 'terlewat (dilaporkan)' } as Record<string, string>,
    via: { config: 'konfigurasi', cli: 'CLI', chat: 'chat' } as Record<string, string>,
  },
  {
    schedule: () => 'Backup schedule: list, change, pause, resume',
    list: () => 'Lists the backup schedules and when each runs next',
    set: () => 'Adds a schedule or changes its cron expression, targets or missed-firing handling',
    pause: () => 'Pauses a schedule',
    resume: () => 'Resumes a paused schedule',
    history: () => 'Shows the changes and firings of a schedule',
    cronOption: () => 'cron expression, e.g. "0 2 * * 1-5" (minute hour day month weekday), organisation time',
    targetsOption: () => 'target names, comma-separated',
    missedOption: () => 'firings missed while Cadang was down: run-late or report-missed',
    none: () => 'No backup schedules yet. Add `schedule:` to a target or run `cadang schedule set`.',
    line: (id: string, cron: string, targets: string, state: string, next: string) => `• ${id}: ${cron} — targets ${targets} — ${state}; next ${next}`,
    active: () => 'active',
    paused: () => 'paused',
    never: () => 'none',
    unknown: (id: string) => `There is no schedule ${id}. See \`cadang schedule list\`.`,
    badCron: (cron: string) => `The cron expression "${cron}" is not valid. Write 5 fields (minute hour day month weekday), e.g. "0 2 * * 1-5".`,
    badMissed: () => 'Missed firings are handled with run-late or report-missed.',
    needCron: () => 'A new schedule needs --cron.',
    badName: (id: string) => `"${id}" cannot be a schedule name. Use lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit.`,
    unknownTargets: (unknown: string, registered: string) => `Target ${unknown} is not in the backup list. Registered targets: ${registered}. See \`cadang targets list\`.`,
    saved: (id: string, added: boolean) => `Schedule ${id} ${added ? 'added' : 'changed'}.`,
    pausedNow: (id: string) => `Schedule ${id} paused.`,
    resumed: (id: string) => `Schedule ${id} resumed; firings missed while paused are not run.`,
    changeLine: (at: string, action: string, who: string, detail: string) => `${at}  ${action} — ${who}${detail ? ` — ${detail}` : ''}`,
    firingLine: (at: string, outcome: string) => `${at}  ${outcome}`,
    actions: { add: 'added', change: 'changed', pause: 'paused', resume: 'resumed' } as Record<string, string>,
    outcomes: { started: 'started', 'started-late': 'started late', missed: 'missed (reported)' } as Record<string, string>,
    via: { config: 'configuration', cli: 'CLI', chat: 'chat' } as Record<string, string>,
  },
);

/** What the actions use, imported when one runs, not for `--help` (start time). */
async function load() {
  const [seed, repository, schedule, zone] = await Promise.all([
    import('../service/schedule-seed.js'), import('../storage/schedule-repository.js'), import('../workflow/schedule.js'), import('../workflow/time-zone.js'),
  ]);
  return { ...seed, ...repository, ...schedule, ...zone };
}

function cliActor(): ScheduleActor {
  return { via: 'cli', name: userInfo().username };
}

export function registerScheduleCommands(program: Command, context: CliContext): void {
  const t = messages(context.locale);
  const fail = (text: string) => {
    context.print(text);
    process.exitCode = 1;
  };
  /** Opens the database with the configured schedules seeded, as the service would at start. */
  const withSchedules = <T>(work: (db: Database, config: CadangConfig, modules: Awaited<ReturnType<typeof load>>) => Promise<T>) =>
    context.withDatabase(async (db, config) => {
      const modules = await load();
      const { seedSchedules, configuredSchedules } = modules;
      await seedSchedules(db, config.organisation.id, configuredSchedules(config.backup), () => new Date());
      return work(db, config, modules);
    });

  const schedule = program.command('schedule').description(t.schedule());

  schedule.command('list').description(t.list()).action(async () => {
    await withSchedules(async (db, config, { listSchedules, nextFiring, formatZonedDateTime }) => {
      const schedules = await listSchedules(db, config.organisation.id);
      if (schedules.length === 0) return context.print(t.none());
      for (const record of schedules) {
        const zone = record.timeZone ?? config.calendar.timeZone;
        const next = record.paused ? null : nextFiring({ id: record.id, cron: record.cron, timeZone: zone, paused: false, missed: 'run-late', targets: record.targets }, new Date());
        context.print(t.line(record.id, record.cron, record.targets.join(', '), record.paused ? t.paused() : t.active(), next ? formatZonedDateTime(next, zone) : t.never()));
      }
    });
  });

  schedule
    .command('set <id>')
    .description(t.set())
    .option('--cron <expression>', t.cronOption())
    .option('--targets <names>', t.targetsOption())
    .option('--missed <policy>', t.missedOption())
    .action(async (id: string, options: { cron?: string; targets?: string; missed?: string }) => {
      if (!SCHEDULE_NAME.test(id)) return fail(t.badName(id));
      const { isValidCron, missedFiringPolicies } = await load();
      if (options.cron !== undefined && !isValidCron(options.cron)) return fail(t.badCron(options.cron));
      if (options.missed !== undefined && !(missedFiringPolicies as readonly string[]).includes(options.missed)) return fail(t.badMissed());
      await withSchedules(async (db, config, { findSchedule, saveSchedule }) => {
        const existing = await findSchedule(db, config.organisation.id, id);
        const cron = options.cron ?? existing?.cron;
        if (!cron) return fail(t.needCron());
        const targets = options.targets ? options.targets.split(',').map((name) => name.trim()).filter(Boolean) : (existing?.targets ?? [id]);
        // A schedule names registered targets only (the Daftar Backup: configured and registered ones).
        const [{ loadTargets }, { listStoredTargets }] = await Promise.all([import('../backup/target-registry.js'), import('../storage/backup-repository.js')]);
        const registered = (await loadTargets(config.backup, await listStoredTargets(db, config.organisation.id))).targets.map((target) => target.name);
        const unknown = targets.filter((name) => !registered.includes(name));
        if (unknown.length > 0 || targets.length === 0) return fail(t.unknownTargets(unknown.join(', ') || '-', registered.join(', ')));
        const result = await saveSchedule(db, config.organisation.id, { id, cron, targets, missed: options.missed ?? existing?.missed ?? 'run-late' }, cliActor(), new Date());
        context.print(t.saved(id, result === 'added'));
      });
    });

  for (const paused of [true, false]) {
    schedule.command(`${paused ? 'pause' : 'resume'} <id>`).description(paused ? t.pause() : t.resume()).action(async (id: string) => {
      await withSchedules(async (db, config, { setSchedulePaused }) => {
        if (!(await setSchedulePaused(db, config.organisation.id, id, paused, cliActor(), new Date()))) return fail(t.unknown(id));
        context.print(paused ? t.pausedNow(id) : t.resumed(id));
      });
    });
  }

  schedule.command('history <id>').description(t.history()).action(async (id: string) => {
    await withSchedules(async (db, config, { findSchedule, listScheduleChanges, listFirings, formatZonedDateTime }) => {
      const record = await findSchedule(db, config.organisation.id, id);
      if (!record) return fail(t.unknown(id));
      const zone = record.timeZone ?? config.calendar.timeZone;
      for (const change of await listScheduleChanges(db, id)) {
        const who = [change.actorName, change.actorNip ? `NIP ${change.actorNip}` : '', `(${t.via[change.via] ?? change.via})`].filter(Boolean).join(' ');
        context.print(t.changeLine(formatZonedDateTime(change.at, zone), t.actions[change.action] ?? change.action, who, change.detail ?? ''));
      }
      for (const firing of (await listFirings(db, id)).reverse()) context.print(t.firingLine(formatZonedDateTime(firing.fireAt, zone), t.outcomes[firing.outcome] ?? firing.outcome));
    });
  });
}
