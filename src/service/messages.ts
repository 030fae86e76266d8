import { defineMessages } from '../i18n/messages.js';

/** What the service itself tells people (administrators, mostly): alerts about effects and jobs. */
export const serviceMessages = defineMessages(
  {
    parked: (run: number | null, error: string) =>
      `⚠️ Cadang gagal berulang kali mengirim pemberitahuan${run === null ? '' : ` permohonan #${run}`} dan menundanya. Penyebab: ${error}. Periksa lalu jalankan \`cadang outbox retry\`.`,
    interrupted: (worker: string, at: string) => `pekerja ${worker} berhenti mengirim tanda hidup sejak ${at}; pekerjaan dihentikan`,
    cancelled: (by: string) => `dibatalkan oleh ${by}`,
    jobCrashed: (error: string) => `pekerjaan gagal karena kesalahan internal: ${error}`,
    processStopped: () => 'Cadang berhenti saat backup berjalan',
  },
  {
    parked: (run: number | null, error: string) =>
      `⚠️ Cadang failed repeatedly to deliver a notification${run === null ? '' : ` of request #${run}`} and parked it. Cause: ${error}. Check it, then run \`cadang outbox retry\`.`,
    interrupted: (worker: string, at: string) => `worker ${worker} stopped sending heartbeats at ${at}; the job was stopped`,
    cancelled: (by: string) => `cancelled by ${by}`,
    jobCrashed: (error: string) => `the job failed with an internal error: ${error}`,
    processStopped: () => 'Cadang stopped while the backup ran',
  },
);
