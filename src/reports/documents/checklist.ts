/**
 * Ceklis Backup Data dan Informasi (SOP A steps 2, 3, 8): the targets of a scheduled run as the
 * officer prepared them, as the corrector changed them, and as filled in after the copy
 * (done / not done / failed, with the reason).
 */
import { formatDateInWords, formatDateLong } from '../dates.js';
import { drawTitle, finishDocument, startDocument, type RenderOptions } from '../document.js';
import { formatBytes } from '../format.js';
import { drawTable } from '../layout/table.js';
import { checklistInputSchema, type ChecklistEntry, type ChecklistInput } from '../types.js';
import { drawClosingAndSignatures } from './berita-acara.js';
import type { ReportMessages } from '../messages.js';

/** Renders the backup checklist to PDF bytes. Throws a ZodError if the input is incomplete. */
export async function renderChecklist(input: ChecklistInput, options: RenderOptions): Promise<Uint8Array> {
  const data = checklistInputSchema.parse(input);
  const context = await startDocument(options);
  const { flow, msg, timeZone, locale } = context;
  drawTitle(context, msg.clTitle(), data.number);
  const day = formatDateInWords(data.scheduledFor, locale, timeZone);
  flow.fieldList([
    [msg.clSchedule(), data.reference.title ?? data.reference.id],
    [msg.clDate(), `${day.weekday}, ${formatDateLong(data.scheduledFor, locale, timeZone)}`],
    [msg.clReference(), data.reference.id],
    [msg.clStatusLabel(), msg.clStage(data.stage)],
  ]);
  flow.moveDown(8);
  drawTable(flow, {
    columns: [
      { header: msg.colNo(), width: 20, align: 'center' },
      { header: msg.colTarget(), width: 66 },
      { header: msg.colKind(), width: 42 },
      { header: msg.colPlacement(), width: 41 },
      { header: msg.colMedium(), width: 74 },
      { header: msg.clPrepared(), width: 42, align: 'center' },
      { header: msg.clCorrection(), width: 52 },
      { header: msg.clResult(), width: 54 },
      { header: msg.clRemarks(), width: 62 },
    ],
    rows: data.entries.map((entry, index) => [
      String(index + 1),
      entry.targetName,
      msg.kindShort(entry.kind),
      msg.placement(entry.placement),
      [entry.mediumLabel, entry.location].filter(Boolean).join(': '),
      // ☑/☐ come from DejaVu Sans through the fallback: the serif font has no box glyphs.
      entry.prepared ? `☑ ${msg.clYes()}` : `☐ ${msg.clNo()}`,
      entry.correction ? `${msg.clCorrectionAction(entry.correction.action)}${entry.correction.note ? `: ${entry.correction.note}` : ''}` : '',
      resultLabel(msg, entry, data.stage),
      remarks(entry, locale),
    ]),
    size: 7,
  });
  flow.moveDown(6);
  const counted = data.entries.filter((entry) => entry.correction?.action !== 'removed');
  const count = (status: string): number => counted.filter((entry) => entry.result?.status === status).length;
  drawClosingAndSignatures(context, msg.clSummary(counted.length, count('done'), count('not-done'), count('failed'), counted.filter((entry) => !entry.result).length), data, 16);
  return finishDocument(context, {
    title: locale === 'id' ? 'Ceklis Backup Data dan Informasi' : 'Data and Information Backup Checklist',
    number: data.number,
    subject: `${msg.clTitle()} — ${data.reference.id} — ${msg.clStage(data.stage)}`,
    keywords: ['ceklis', 'backup', data.reference.id],
    createdAt: data.issuedAt,
  });
}

function resultLabel(msg: ReportMessages, entry: ChecklistEntry, stage: string): string {
  if (entry.correction?.action === 'removed') return '—';
  if (!entry.result) return stage === 'filled' ? msg.clPending() : '';
  const mark = entry.result.status === 'done' ? '☑' : '☒';
  return `${mark} ${msg.clStatus(entry.result.status)}`;
}

function remarks(entry: ChecklistEntry, locale: 'id' | 'en'): string {
  const parts: string[] = [];
  if (entry.result?.reason) parts.push(entry.result.reason);
  if (entry.result?.sizeBytes !== undefined) parts.push(formatBytes(entry.result.sizeBytes, locale));
  return parts.join('; ');
}
