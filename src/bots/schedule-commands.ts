/**
 * `/jadwal`: the Jadwal Backup in chat. Anyone known may list it; the roles the organisation names
 * (`schedules.editorRoles`, the Kepala PTID by default) may add, pause, resume or change a
 * schedule (`/jadwal tambah ID TARGET[,TARGET…] MENIT JAM TANGGAL BULAN HARI`,
 * `/jadwal hentikan ID`, `/jadwal lanjutkan ID`, `/jadwal ubah ID MENIT JAM TANGGAL BULAN HARI`,
 * `/jadwal target ID TARGET[,TARGET…]`). English words work too (add, pause, resume, set, targets).
 */
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { PersonRecord } from '../service/directory.js';
import { addSchedule, changeScheduleCron, changeScheduleTargets, pauseSchedule, viewSchedules, type ScheduleChange } from '../service/schedule-desk.js';
import type { WorkflowService } from '../service/workflow-service.js';
import { roleTitle } from '../workflow/labels.js';
import { isValidCron } from '../workflow/schedule.js';
import { formatZonedDateTime } from '../workflow/time-zone.js';
import type { OutboundMessage } from './port.js';

const messages = defineMessages(
  {
    none: () => 'Belum ada jadwal backup.',
    title: () => '🗓️ Jadwal Backup Data dan Informasi',
    line: (id: string, cron: string, targets: string, next: string) => `• ${id} (${cron}) — ${targets} — berikutnya ${next}`,
    pausedLine: (id: string, cron: string, targets: string) => `• ${id} (${cron}) — ${targets} — dihentikan sementara`,
    never: () => 'tidak ada',
    usage: () => [
      'Perintah jadwal:',
      '• /jadwal — daftar jadwal',
      '• /jadwal tambah NAMA TARGET[,TARGET…] MENIT JAM TANGGAL BULAN HARI — mis. /jadwal tambah harian simpeg-files,simpeg-db 0 2 * * 1-5',
      '• /jadwal ubah NAMA MENIT JAM TANGGAL BULAN HARI — mis. /jadwal ubah harian 0 3 * * 1-5',
      '• /jadwal target NAMA TARGET[,TARGET…] — mis. /jadwal target harian simpeg-db',
      '• /jadwal hentikan NAMA, /jadwal lanjutkan NAMA',
    ].join('\n'),
    added: (id: string, cron: string, targets: string) => `Jadwal ${id} ditambahkan: ${cron}, target ${targets}. Perubahan ini tercatat.`,
    paused: (id: string) => `Jadwal ${id} dihentikan sementara. Perubahan ini tercatat.`,
    resumed: (id: string) => `Jadwal ${id} dilanjutkan. Perubahan ini tercatat.`,
    changed: (id: string, cron: string) => `Jadwal ${id} diubah menjadi ${cron}. Perubahan ini tercatat.`,
    retargeted: (id: string, targets: string) => `Target jadwal ${id} sekarang ${targets}. Perubahan ini tercatat.`,
    notAllowed: (roles: string) => `Hanya ${roles} yang dapat mengubah jadwal backup.`,
    or: () => ' atau ',
    unknown: (id: string) => `Jadwal ${id} tidak ada. Ketik /jadwal untuk melihat daftarnya.`,
    exists: (id: string) => `Jadwal ${id} sudah ada. Pakai nama lain, atau ubah jadwal itu dengan /jadwal ubah ${id} …`,
    invalidName: (id: string) => `"${id}" tidak dapat dipakai sebagai nama jadwal. Gunakan huruf kecil, angka, ".", "_" atau "-" (paling banyak 63), diawali huruf atau angka, mis. harian.`,
    invalidCron: (cron: string) => `"${cron}" bukan jadwal yang sah. Tulis 5 bagian: menit jam tanggal bulan hari, mis. 0 2 * * 1-5 (pukul 02.00 Senin–Jumat).`,
    noTargets: (registered: string) => `Sebutkan target dari Daftar Backup, dipisah koma. Target terdaftar: ${registered}.`,
    unknownTargets: (unknown: string, registered: string) => `Target ${unknown} tidak ada di Daftar Backup. Target terdaftar: ${registered}.`,
    nothingRegistered: () => 'belum ada',
  },
  {
    none: () => 'No backup schedules yet.',
    title: () => '🗓️ Backup schedule',
    line: (id: string, cron: string, targets: string, next: string) => `• ${id} (${cron}) — ${targets} — next ${next}`,
    pausedLine: (id: string, cron: string, targets: string) => `• ${id} (${cron}) — ${targets} — paused`,
    never: () => 'none',
    usage: () => [
      'Schedule commands:',
      '• /jadwal — list the schedules',
      '• /jadwal add NAME TARGET[,TARGET…] MINUTE HOUR DAY MONTH WEEKDAY — e.g. /jadwal add nightly simpeg-files,simpeg-db 0 2 * * 1-5',
      '• /jadwal set NAME MINUTE HOUR DAY MONTH WEEKDAY — e.g. /jadwal set nightly 0 3 * * 1-5',
      '• /jadwal targets NAME TARGET[,TARGET…] — e.g. /jadwal targets nightly simpeg-db',
      '• /jadwal pause NAME, /jadwal resume NAME',
    ].join('\n'),
    added: (id: string, cron: string, targets: string) => `Schedule ${id} added: ${cron}, targets ${targets}. The change is recorded.`,
    paused: (id: string) => `Schedule ${id} paused. The change is recorded.`,
    resumed: (id: string) => `Schedule ${id} resumed. The change is recorded.`,
    changed: (id: string, cron: string) => `Schedule ${id} changed to ${cron}. The change is recorded.`,
    retargeted: (id: string, targets: string) => `Schedule ${id} now backs up ${targets}. The change is recorded.`,
    notAllowed: (roles: string) => `Only the ${roles} may change backup schedules.`,
    or: () => ' or ',
    unknown: (id: string) => `There is no schedule ${id}. Type /jadwal to see the list.`,
    exists: (id: string) => `Schedule ${id} already exists. Choose another name, or change it with /jadwal set ${id} …`,
    invalidName: (id: string) => `"${id}" cannot be a schedule name. Use lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit, e.g. nightly.`,
    invalidCron: (cron: string) => `"${cron}" is not a valid schedule. Write 5 fields: minute hour day month weekday, e.g. 0 2 * * 1-5 (02:00 Monday–Friday).`,
    noTargets: (registered: string) => `Name targets from the backup list, separated by commas. Registered targets: ${registered}.`,
    unknownTargets: (unknown: string, registered: string) => `Target ${unknown} is not in the backup list. Registered targets: ${registered}.`,
    nothingRegistered: () => 'none yet',
  },
);

const addWords = new Set(['tambah', 'add']);
const pauseWords = new Set(['hentikan', 'jeda', 'pause']);
const resumeWords = new Set(['lanjutkan', 'resume']);
const changeWords = new Set(['ubah', 'set', 'change']);
const targetWords = new Set(['target', 'targets']);

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
  const known = [addWords, pauseWords, resumeWords, changeWords, targetWords].some((words) => words.has(verb));
  if (!id || !known) return reply({ text: t.usage() });
  const answer = async (change: Promise<ScheduleChange>, done: string, cron: string) => reply({ text: outcomeText(service, locale, await change, id, done, cron) });
  if (addWords.has(verb)) {
    // "/jadwal tambah harian 0 2 * * *": the targets were left out, the expression starts at once.
    const targetsLeftOut = /^[\d*/,-]+$/.test(rest[0] ?? '') && isValidCron(rest.join(' '));
    const [targetList = '', ...cronFields] = targetsLeftOut ? ['', ...rest] : rest;
    const targets = targetList.split(',').map((name) => name.trim()).filter(Boolean);
    const cron = cronFields.join(' ');
    if (!cron) return reply({ text: t.usage() });
    return answer(addSchedule(service, person, id, targets, cron), t.added(id, cron, targets.join(', ')), cron);
  }
  if (targetWords.has(verb)) {
    const targets = rest.join(',').split(',').map((name) => name.trim()).filter(Boolean);
    return answer(changeScheduleTargets(service, person, id, targets), t.retargeted(id, targets.join(', ')), '');
  }
  if (changeWords.has(verb)) {
    const cron = rest.join(' ');
    if (!cron) return reply({ text: t.usage() });
    return answer(changeScheduleCron(service, person, id, cron), t.changed(id, cron), cron);
  }
  const paused = pauseWords.has(verb);
  return answer(pauseSchedule(service, person, id, paused), paused ? t.paused(id) : t.resumed(id), '');
}

function outcomeText(service: WorkflowService, locale: Locale, change: ScheduleChange, id: string, done: string, cron: string): string {
  const t = messages(locale);
  const registered = () => (change.registered?.length ? change.registered.join(', ') : t.nothingRegistered());
  switch (change.outcome) {
    case 'done': return done;
    case 'not-allowed': return t.notAllowed(editorTitles(service, locale).join(t.or()));
    case 'invalid-cron': return t.invalidCron(cron);
    case 'invalid-name': return t.invalidName(id);
    case 'exists': return t.exists(id);
    case 'unknown-targets': return change.unknown?.length ? t.unknownTargets(change.unknown.join(', '), registered()) : t.noTargets(registered());
    case 'unknown-schedule': return t.unknown(id);
  }
}

/** The titles of the roles that may change schedules, as the SOP that defines each names it. */
function editorTitles(service: WorkflowService, locale: Locale): string[] {
  return service.schedules.editorRoles.map((role) => {
    const definition = service.definitions.all().find((candidate) => candidate.roles[role]);
    return definition ? roleTitle(definition, role, locale) : role;
  });
}
