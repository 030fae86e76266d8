/**
 * What a reminder, an escalation and a card's "time left" say. Kept apart from the chat catalogue
 * (src/bots/messages.ts) so the schedule and reminder work can change without touching it.
 */
import { defineMessages, type Locale } from '../i18n/messages.js';
import type { TimeLeft } from '../workflow/calendar.js';

export const reminderMessages = defineMessages(
  {
    remind: (number: number, sop: string, step: string, due: string, left: string) =>
      `⏰ Pengingat: permohonan #${number} (${sop}) menunggu Anda pada langkah ${step}. Batas waktu ${due} (${left}).`,
    escalate: (number: number, sop: string, step: string, role: string, due: string, late: string) =>
      `🔺 Eskalasi: langkah ${step} permohonan #${number} (${sop}) belum ditindaklanjuti oleh ${role}. Batas waktunya ${due} sudah lewat (${late}). Mohon diingatkan atau ditangani.`,
    waiting: (number: number, sop: string, step: string, since: string) =>
      `⏰ Pengingat: permohonan #${number} (${sop}) masih menunggu Anda pada langkah ${step}, sejak ${since}. Mohon tindak lanjuti begitu tersedia.`,
    schedule: (schedule: string, when: string, targets: string) =>
      `📅 Pengingat jadwal backup: jadwal "${schedule}" berjalan ${when}. Target: ${targets}. Mohon siapkan ceklis dan media penyimpanan.`,
    left: (days: number, hours: number, minutes: number, working: boolean) => `${parts(days, hours, minutes, 'hari', 'jam', 'menit')} lagi${working ? ', dihitung jam kerja' : ''}`,
    late: (days: number, hours: number, minutes: number, working: boolean) => `terlambat ${parts(days, hours, minutes, 'hari', 'jam', 'menit')}${working ? ', dihitung jam kerja' : ''}`,
  },
  {
    remind: (number: number, sop: string, step: string, due: string, left: string) =>
      `⏰ Reminder: request #${number} (${sop}) waits for you at step ${step}. Due ${due} (${left}).`,
    escalate: (number: number, sop: string, step: string, role: string, due: string, late: string) =>
      `🔺 Escalation: step ${step} of request #${number} (${sop}) has not been acted on by ${role}. It was due ${due} (${late}). Please follow it up.`,
    waiting: (number: number, sop: string, step: string, since: string) =>
      `⏰ Reminder: request #${number} (${sop}) still waits for you at step ${step}, since ${since}. Please act as soon as it is available.`,
    schedule: (schedule: string, when: string, targets: string) =>
      `📅 Backup schedule reminder: schedule "${schedule}" runs ${when}. Targets: ${targets}. Please prepare the checklist and the storage media.`,
    left: (days: number, hours: number, minutes: number, working: boolean) => `${parts(days, hours, minutes, 'd', 'h', 'min')} left${working ? ', in working time' : ''}`,
    late: (days: number, hours: number, minutes: number, working: boolean) => `overdue by ${parts(days, hours, minutes, 'd', 'h', 'min')}${working ? ', in working time' : ''}`,
  },
);

function parts(days: number, hours: number, minutes: number, d: string, h: string, m: string): string {
  const shown = [days > 0 ? `${days} ${d}` : '', hours > 0 || days > 0 ? `${hours} ${h}` : '', `${minutes} ${m}`].filter(Boolean);
  return shown.join(' ');
}

/** "1 hari 2 jam 5 menit jam kerja lagi" / "terlambat …", from the calendar's time left. */
export function formatTimeLeft(left: TimeLeft, locale: Locale): string {
  const t = reminderMessages(locale);
  return (left.overdue ? t.late : t.left)(left.days, left.hours, left.minutes, left.workingTime);
}
