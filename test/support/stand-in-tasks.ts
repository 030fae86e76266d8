import type { Locale } from '../../src/i18n/messages.js';
import type { JobHandler } from '../../src/service/worker.js';

/**
 * A stand-in for the backup job where a test is not about the executor: it reports "succeeded" at
 * once and says so in the trail (`standIn: true` and a summary that names it a stand-in), so no one
 * mistakes it for a real backup. test/service/backup-task.test.ts runs the real executor.
 */
export function createStandInBackup(locale: Locale): JobHandler {
  const summary = locale === 'en' ? '(stand-in) backup: not carried out — the real executor is not connected' : '(pengganti) backup: tidak dijalankan — pelaksana sebenarnya belum tersambung';
  return {
    async run() {
      return { status: 'succeeded', result: { standIn: true } };
    },
    complete() {
      return { outcome: 'succeeded', summary, detail: { standIn: true, task: 'backup' } };
    },
  };
}
