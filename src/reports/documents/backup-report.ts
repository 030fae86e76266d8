/**
 * Laporan Pelaksanaan Backup Data (SOP A step 9, SOP B step 5): a summary (counts, total size,
 * time and duration, failures), the copies in detail, the failed targets, the dispositions and
 * approvals that led to the run, and the signatures.
 */
import { formatDateTime } from '../dates.js';
import { describePerson, drawHeading, drawTitle, finishDocument, startDocument, type RenderOptions } from '../document.js';
import { formatBytes, formatDuration } from '../format.js';
import { drawTable } from '../layout/table.js';
import { buildManifest } from '../manifest.js';
import { backupReportInputSchema, type BackupReportInput } from '../types.js';
import { drawClosingAndSignatures } from './berita-acara.js';
import { drawItemsTable } from './items-table.js';

/** Renders the backup report to PDF bytes. Throws a ZodError if the input is incomplete. */
export async function renderBackupReport(input: BackupReportInput, options: RenderOptions): Promise<Uint8Array> {
  const data = backupReportInputSchema.parse(input);
  const context = await startDocument(options);
  const { flow, msg, timeZone, locale } = context;
  drawTitle(context, msg.rpTitle(), data.number, { draft: data.draft });

  drawHeading(context, msg.rpSummary());
  const reference = data.reference;
  const basis =
    reference.kind === 'request'
      ? msg.requestBasis(reference.requestNumber ?? '', reference.id) + (reference.requester ? ` — ${reference.requester.name}${reference.satker ? `, ${reference.satker}` : ''}` : '')
      : msg.scheduleBasis(reference.title ?? '', reference.id) + (data.order ? ` — ${describePerson(context, data.order.person)}` : '');
  const times = data.items.flatMap((item) => [item.startedAt.getTime(), item.finishedAt.getTime()]).concat(data.failures.flatMap((f) => (f.at ? [f.at.getTime()] : [])));
  const start = times.length ? new Date(Math.min(...times)) : undefined;
  const end = times.length ? new Date(Math.max(...times)) : undefined;
  const totalSize = data.items.reduce((sum, item) => sum + item.sizeBytes, 0);
  flow.fieldList(
    [
      [msg.rpBasis(), basis],
      [msg.rpOfficer(), describePerson(context, data.officer.person)],
      [msg.rpTargets(), String(data.items.length + data.failures.length)],
      [msg.rpSucceeded(), String(data.items.length)],
      [msg.rpVerified(), String(data.items.filter((item) => item.verified).length)],
      [msg.rpFailed(), String(data.failures.length + data.items.filter((item) => !item.verified).length)],
      [msg.rpTotalSize(), formatBytes(totalSize, locale)],
      [msg.rpPeriod(), start && end ? `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}` : '—'],
      [msg.rpDuration(), start && end ? formatDuration(end.getTime() - start.getTime(), locale) : '—'],
    ],
    { indent: 12, style: { size: 10 } },
  );

  drawHeading(context, msg.rpDetails());
  if (data.items.length === 0) flow.paragraph(msg.baNoItems());
  else drawItemsTable(context, data.items);

  drawHeading(context, msg.rpFailures());
  if (data.failures.length === 0) flow.paragraph(msg.rpNoFailures());
  else
    drawTable(flow, {
      columns: [
        { header: msg.colNo(), width: 18, align: 'center' },
        { header: msg.colTarget(), width: 90 },
        { header: msg.colKind(), width: 60 },
        { header: msg.colTime(), width: 70 },
        { header: msg.colReason(), width: 217 },
      ],
      rows: data.failures.map((failure, index) => [
        String(index + 1),
        failure.targetName,
        msg.kindShort(failure.kind),
        failure.at ? formatDateTime(failure.at, timeZone) : '—',
        failure.reason,
      ]),
      size: 7.5,
    });

  drawHeading(context, msg.rpApprovals());
  if (data.approvals.length === 0) flow.paragraph(msg.rpNoApprovals());
  else
    drawTable(flow, {
      columns: [
        { header: msg.colNo(), width: 18, align: 'center' },
        { header: msg.colTime(), width: 66 },
        { header: msg.rpColPerson(), width: 120 },
        { header: msg.position(), width: 80 },
        { header: msg.rpColDecision(), width: 60 },
        { header: msg.rpColNote(), width: 111 },
      ],
      rows: data.approvals.map((approval, index) => [
        String(index + 1),
        formatDateTime(approval.at, timeZone),
        `${approval.person.name}\n${msg.nipLine(approval.person.nip)}`,
        approval.person.title,
        msg.choice(approval.choice),
        approval.note ?? '',
      ]),
      size: 7.5,
    });

  if (data.notes.length > 0) {
    drawHeading(context, msg.rpNotes());
    data.notes.forEach((note, index) => flow.paragraph(`${index + 1}. ${note}`, { indent: 12, align: 'justify' }));
  }
  flow.moveDown(8);
  drawClosingAndSignatures(context, msg.rpClosing(), data);

  return finishDocument(context, {
    title: locale === 'id' ? 'Laporan Pelaksanaan Backup Data' : 'Data Backup Report',
    number: data.number,
    subject: `${msg.rpTitle()} — ${reference.id}`,
    keywords: ['laporan', 'backup', reference.id, ...(data.number ? [data.number] : [])],
    draft: data.draft,
    createdAt: data.issuedAt,
    manifest: buildManifest('backup-report', data.number, reference, data.items),
  });
}
