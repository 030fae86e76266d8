/**
 * `/jadwal`: the Jadwal Backup in chat. Anyone known may list it; the Kepala PTID may pause,
 * resume or change a schedule (`/jadwal hentikan ID`, `/jadwal lanjutkan ID`,
 * `/jadwal ubah ID MENIT JAM TANGGAL BULAN HARI`). English words work too (pause, resume, set).
 */
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { PersonRecord } from '../service/directory.js';
import { changeScheduleCron, pauseSchedule, viewSchedules, type ScheduleChangeOutcome } from '../service/schedule-desk.js';
import type { WorkflowService } from '../service/workflow-service.js';
import { formatZonedDateTime } from '../workflow/time-zone.js';
import type { OutboundMessage } from './port.js';

const messages = defineMessages(
  {
    none: () => 'Belum ada jadwal backup.',
    title: () => '🗓️ Jadwal Backup Data dan Informasi',
    line: (id: string, cron: string, targets: string, next: string) => `• ${id} (${cron}) — ${targets} — berikutnya ${next}`,
    pausedLine: (id: string, cron: string, targets: string) => `• ${id} (${cron}) — ${targets} — dihentikan sementara`,
    never: () => 'tidak ada',
    usage: () => 'Perintah: /jadwal (daftar), /jadwal hentikan NAMA, /jadwal lanjutkan NAMA, /jadwal ubah NAMA MENIT JAM TANGGAL BULAN HARI (mis. /jadwal ubah web-app 0 2 * * 1-5).',
    paused: (id: string) => `Jadwal ${id} dihentikan sementara. Perubahan ini tercatat.`,
    resumed: (id: string) => `Jadwal ${id} dilanjutkan. Perubahan ini tercatat.`,
    changed: (id: string, cron: string) => `Jadwal ${id} diubah menjadi ${cron}. Perubahan ini tercatat.`,
    notAllowed: () => 'Hanya Kepala PTID yang dapat mengubah jadwal backup.',
    unknown: (id: string) => `Jadwal ${id} tidak ada. Ketik /jadwal untuk melihat daftarnya.`,
    invalidCron: (cron: string) => `"${cron}" bukan jadwal yang sah. Tulis 5 bagian: menit jam tanggal bulan hari, mis. 0 2 * * 1-5 (pukul 02.00 Senin–Jumat).`,
  },
  {
    none: () => 'No backup schedules yet.',
    title: () => '🗓️ Backup schedule',
    line: (id: string, cron: string, targets: string, next: string) => `• ${id} (${cron}) — ${targets} — next ${next}`,
    pausedLine: (id: string, cron: string, targets: string) => `• ${id} (${cron}) — ${targets} — paused`,
    never: () => 'none',
    usage: () => 'Commands: /jadwal (list), /jadwal pause NAME, /jadwal resume NAME, /jadwal set NAME MINUTE HOUR DAY MONTH WEEKDAY (e.g. /jadwal set web-app 0 2 * * 1-5).',
    paused: (id: string) => `Schedule ${id} paused. The change is recorded.`,
    resumed: (id: string) => `Schedule ${id} resumed. The change is recorded.`,
    changed: (id: string, cron: string) => `Schedule ${id} changed to ${cron}. The change is recorded.`,
    notAllowed: () => 'Only the Head of IT and Data Centre (Kepala PTID) may change backup schedules.',
    unknown: (id: string) => `There is no schedule ${id}. Type /jadwal to see the list.`,
    invalidCron: (cron: string) => `"${cron}" is not a valid schedule. Write 5 fields: minute hour day month weekday, e.g. 0 2 * * 1-5 (02:00 Monday–Friday).`,
  },
);

const pauseWords = new Set(['hentikan', 'jeda', 'pause']);
const resumeWords = new Set(['lanjutkan', 'resume']);
const changeWords = new Set(['ubah', 'set', 'change']);

/** Handles `/jadwal ARGS` for a known person; replies through `reply`. */
export async function handleScheduleCommand(service: WorkflowService, person: PersonRecord, args: string, locale: Locale, reply: (message: OutboundMessage) => Promise<void>): Promise<void> {
  const t = messages(locale);
  const [action = '', id = '', ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const verb = action.toLowerCase();
  if (!verb || verb === 'daftar' || verb === 'list') {
    const schedules = await viewSchedules(service);
    if (schedules.length === 0) return reply({ text: t.none() });
    const lines = schedules.map((view) => (view.paused
      ? t.pausedLine(view.id, view.cron, view.targets.join(', '))
      : t.line(view.id, view.cron, view.targets.join(', '), view.next ? formatZonedDateTime(view.next, view.timeZone) : t.never())));
    return reply({ text: [t.title(), ...lines].join('\n') });
  }
  if (!id || !(pauseWords.has(verb) || resumeWords.has(verb) || changeWords.has(verb))) return reply({ text: t.usage() });
  if (changeWords.has(verb)) {
    const cron = rest.join(' ');
    if (!cron) return reply({ text: t.usage() });
    return reply({ text: outcomeText(t, await changeScheduleCron(service, person, id, cron), id, t.changed(id, cron), cron) });
  }
  const paused = pauseWords.has(verb);
  return reply({ text: outcomeText(t, await pauseSchedule(service, person, id, paused), id, paused ? t.paused(id) : t.resumed(id), '') });
}

function outcomeText(t: ReturnType<typeof messages>, outcome: ScheduleChangeOutcome, id: string, done: string, cron: string): string {
  if (outcome === 'done') return done;
  if (outcome === 'not-allowed') return t.notAllowed();
  if (outcome === 'invalid-cron') return t.invalidCron(cron);
  return t.unknown(id);
}
