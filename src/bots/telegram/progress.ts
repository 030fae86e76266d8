import type { Locale } from '../../i18n/messages.js';
import { formatBytes, formatDuration } from '../../reports/format.js';
import type { ChatPort, SentMessage } from '../port.js';
import { telegramMessages } from './messages.js';

/**
 * A running backup's progress, as the progress message shows it. The executor's progress events
 * (src/backup) map onto it one to one; `id` names the backup, so each gets one message per chat.
 */
export interface ProgressReport {
  /** The backup job or run: one message per id and chat, edited in place. */
  id: string;
  /** What is being backed up, e.g. the target's name. */
  label: string;
  /** The executor's phase (estimate, dump, compress, write, verify), or done / failed at the end. */
  phase: string;
  bytesDone: number;
  bytesTotal?: number | undefined;
  rateBytesPerSecond?: number | undefined;
  etaSeconds?: number | undefined;
}

const barWidth = 10;

/** The progress message's text: label, phase, a bar and percent when the total is known, size, rate, ETA. */
export function renderProgress(report: ProgressReport, locale: Locale): string {
  const t = telegramMessages(locale).progress;
  const lines = [t.title(report.label), t.phase(t.phases[report.phase] ?? report.phase)];
  const total = report.bytesTotal !== undefined && report.bytesTotal > 0 ? Math.max(report.bytesTotal, report.bytesDone) : undefined;
  const finished = report.phase === 'done';
  if (total !== undefined || finished) {
    const percent = finished ? 100 : Math.min(100, Math.floor((report.bytesDone / total!) * 100));
    const filled = Math.round((percent / 100) * barWidth);
    lines.push(`${'▓'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${percent} %`);
  }
  lines.push(t.size(formatBytes(Math.max(0, report.bytesDone), locale), total !== undefined ? formatBytes(total, locale) : undefined));
  if (report.rateBytesPerSecond !== undefined && report.rateBytesPerSecond > 0 && !finished) lines.push(t.rate(formatBytes(report.rateBytesPerSecond, locale)));
  if (report.etaSeconds !== undefined && Number.isFinite(report.etaSeconds) && !finished && report.phase !== 'failed') {
    // Whole seconds below a minute, ten-second steps above: a wobbling estimate need not edit the message.
    const seconds = report.etaSeconds < 60 ? Math.ceil(report.etaSeconds) : Math.ceil(report.etaSeconds / 10) * 10;
    lines.push(t.eta(formatDuration(seconds * 1000, locale)));
  }
  return lines.join('\n');
}

/**
 * Shows each backup's progress as one message per chat, edited in place. The port's editor
 * keeps edits to one per 3 seconds per message and skips unchanged text, so the executor may
 * report as often as it likes; only the latest state is sent.
 */
export class ProgressBoard {
  private readonly messages = new Map<string, Promise<SentMessage>>();

  constructor(private readonly port: ChatPort, private readonly locale: Locale) {}

  /** Sends the first report as a new message and edits it with later ones; resolves once shown (or replaced by a newer report). */
  async show(chatId: string, report: ProgressReport): Promise<void> {
    const key = `${chatId}\u0000${report.id}`;
    const text = renderProgress(report, this.locale);
    const final = report.phase === 'done' || report.phase === 'failed';
    const known = this.messages.get(key);
    if (!known) {
      const sent = this.port.send(chatId, { text });
      this.messages.set(key, sent);
      sent.catch(() => this.messages.delete(key));
      await sent;
      if (final) this.messages.delete(key);
      return;
    }
    const target = await known;
    if (final) this.messages.delete(key);
    await this.port.edit(target, { text });
  }
}
