/**
 * The backup executor's codes as words in the CLI user's language: target kinds, the internal
 * destination, retention reasons, and counts with proper plurals. The codes stay in the
 * configuration and the JSON output; people read these.
 */
import type { TargetKind } from '../backup/config.js';
import type { KeepReason } from '../backup/retention.js';
import { defineMessages } from '../i18n/messages.js';

export const backupWords = defineMessages(
  {
    kinds: { files: 'berkas', postgres: 'PostgreSQL', mysql: 'MariaDB/MySQL', sqlite: 'SQLite', mirror: 'cermin (rsync)' } as Record<TargetKind, string>,
    internal: () => 'internal',
    verifyWhat: () => 'SALINAN, --medium LABEL atau --berita-acara BERKAS.pdf',
    reasons: {
      last: 'salinan terakhir',
      daily: 'harian',
      weekly: 'mingguan',
      monthly: 'bulanan',
      'newest-verified': 'salinan baik terbaru',
      'no-policy': 'tanpa aturan penyimpanan',
    } as Record<KeepReason, string>,
    verifySummary: (ok: number, bad: number) => `${ok} salinan baik, ${bad} rusak.`,
    retentionDryRun: (count: number) => `Uji coba: ${count} salinan akan dihapus; tidak ada yang dihapus.`,
    retentionApplied: (count: number) => `${count} salinan dihapus.`,
  },
  {
    kinds: { files: 'files', postgres: 'PostgreSQL', mysql: 'MariaDB/MySQL', sqlite: 'SQLite', mirror: 'mirror (rsync)' } as Record<TargetKind, string>,
    internal: () => 'internal',
    verifyWhat: () => 'COPY, --medium LABEL or --berita-acara FILE.pdf',
    reasons: {
      last: 'latest copy',
      daily: 'daily',
      weekly: 'weekly',
      monthly: 'monthly',
      'newest-verified': 'newest good copy',
      'no-policy': 'no retention rule',
    } as Record<KeepReason, string>,
    verifySummary: (ok: number, bad: number) => `${ok} ${ok === 1 ? 'copy' : 'copies'} good, ${bad} bad.`,
    retentionDryRun: (count: number) => `Dry run: ${count} ${count === 1 ? 'copy' : 'copies'} would be removed; nothing was removed.`,
    retentionApplied: (count: number) => `${count} ${count === 1 ? 'copy' : 'copies'} removed.`,
  },
);
