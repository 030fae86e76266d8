import type { Locale } from '../i18n/messages.js';
import { backupMessages, formatBytes } from './messages.js';
import type { BackupProgress } from './types.js';

/**
 * One line for a terminal or a chat message: `[#######-----------]  38%  1,2 GB / 3,1 GB
 * 85 MB/s  sisa 0:23  memampatkan`. Width is the bar's number of cells.
 */
export function formatProgressLine(progress: BackupProgress, locale: Locale = 'id', width = 20): string {
  const m = backupMessages(locale);
  const parts: string[] = [];
  if (progress.percent !== undefined) {
    const filled = Math.round((progress.percent / 100) * width);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`, `${progress.percent.toFixed(0).padStart(3)}%`);
  }
  parts.push(progress.bytesTotal === undefined ? formatBytes(progress.bytesDone, locale) : `${formatBytes(progress.bytesDone, locale)} / ${formatBytes(progress.bytesTotal, locale)}`);
  if (progress.rateBytesPerSecond > 0) parts.push(`${formatBytes(progress.rateBytesPerSecond, locale)}/s`);
  if (progress.etaSeconds !== undefined && progress.percent !== undefined && progress.percent < 100) parts.push(m.eta(progress.etaSeconds));
  parts.push(m.phase(progress.phase));
  return parts.join('  ');
}
