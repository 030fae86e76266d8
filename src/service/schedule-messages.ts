import { defineMessages } from '../i18n/messages.js';

/** What the scheduler tells people: a firing missed while Cadang was down, a late start. */
export const scheduleMessages = defineMessages(
  {
    missed: (schedule: string, at: string) => `⚠️ Jadwal backup ${schedule} seharusnya berjalan ${at}, tetapi Cadang tidak aktif saat itu. Backup itu tidak dijalankan; mohon diperiksa.`,
    startedLate: (schedule: string, at: string) => `ℹ️ Jadwal backup ${schedule} seharusnya berjalan ${at} saat Cadang tidak aktif; perintahnya dikirim sekarang.`,
    startNote: (schedule: string, at: string) => `Jadwal Backup ${schedule}, ${at}`,
    automaticOrder: (schedule: string, at: string) => `Perintah otomatis sesuai Jadwal Backup ${schedule} (${at})`,
  },
  {
    missed: (schedule: string, at: string) => `⚠️ Backup schedule ${schedule} was due at ${at}, but Cadang was not running then. That backup did not run; please check.`,
    startedLate: (schedule: string, at: string) => `ℹ️ Backup schedule ${schedule} was due at ${at} while Cadang was not running; its order goes out now.`,
    startNote: (schedule: string, at: string) => `Backup schedule ${schedule}, ${at}`,
    automaticOrder: (schedule: string, at: string) => `Automatic order by backup schedule ${schedule} (${at})`,
  },
);
