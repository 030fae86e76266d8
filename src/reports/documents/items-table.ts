/**
 * The table of backup copies shared by the berita acara, the report and the reply letter, and
 * the appendix with each copy's full SHA-256.
 */
import { formatDateFigures, formatTime } from '../dates.js';
import type { DocumentContext } from '../document.js';
import { formatBytes, formatShortChecksum } from '../format.js';
import { drawTable } from '../layout/table.js';
import type { BackupItem } from '../types.js';

/** Where a copy lies: "HDD-EXT-02: /backup/simpeg.tar.zst" or just the location. */
export function formatMediumAndLocation(item: BackupItem): string {
  return item.mediumLabel ? `${item.mediumLabel}: ${item.location}` : item.location;
}

/** Draws the copies table: target, kind, placement, medium, size, times, verification, short checksum. */
export function drawItemsTable(context: DocumentContext, items: readonly BackupItem[], options: { checksums?: boolean } = {}): void {
  const { msg, timeZone, zone, locale } = context;
  const firstDay = items[0] ? formatDateFigures(items[0].startedAt, timeZone) : '';
  // Times carry their date only when it differs from the first copy's day, to keep cells short.
  const time = (date: Date): string => {
    const day = formatDateFigures(date, timeZone);
    return day === firstDay ? formatTime(date, timeZone) : `${day} ${formatTime(date, timeZone)}`;
  };
  const withChecksums = options.checksums ?? true;
  const total = formatBytes(items.reduce((sum, item) => sum + item.sizeBytes, 0), locale);
  drawTable(context.flow, {
    columns: [
      { header: msg.colNo(), width: 20, align: 'center' },
      { header: msg.colTarget(), width: 62 },
      { header: msg.colKind(), width: 44 },
      { header: msg.colPlacement(), width: 41 },
      { header: msg.colMedium(), width: withChecksums ? 89 : 123 },
      { header: msg.colSize(), width: 38, align: 'right' },
      { header: msg.colPeriod(zone), width: 44, align: 'center' },
      { header: msg.colVerify(), width: 54 },
      ...(withChecksums ? [{ header: msg.colShortSum(), width: 61, font: 'mono' as const }] : []),
    ],
    rows: items.map((item, index) => [
      String(index + 1),
      item.targetName,
      msg.kindShort(item.kind),
      msg.placement(item.placement),
      formatMediumAndLocation(item),
      formatBytes(item.sizeBytes, locale),
      `${time(item.startedAt)} –\n${time(item.finishedAt)}`,
      item.verified ? msg.verified() : `${msg.notVerified()}${item.verifyNote ? `: ${item.verifyNote}` : ''}`,
      ...(withChecksums ? [formatShortChecksum(item.sha256)] : []),
    ]),
    footerRow: items.length > 1 ? ['', msg.totalRow(items.length), '', '', '', total, '', '', ...(withChecksums ? [''] : [])] : undefined,
    size: 7,
  });
}

/** Draws the table of full SHA-256 checksums (the berita acara's appendix). */
export function drawChecksumTable(context: DocumentContext, items: readonly BackupItem[]): void {
  const { msg } = context;
  drawTable(context.flow, {
    columns: [
      { header: msg.colNo(), width: 20, align: 'center' },
      { header: `${msg.colTarget()} — ${msg.colMedium()}`, width: 157 },
      // 64 hex digits of DejaVu Sans Mono at 7 pt need 270 pt: the checksum stays on one line,
      // so it can be copied whole.
      { header: msg.colSha256(), width: 276, font: 'mono' },
    ],
    rows: items.map((item, index) => [String(index + 1), `${item.targetName}\n${formatMediumAndLocation(item)}`, item.sha256]),
    size: 7,
  });
}
