/**
 * Berita Acara Pelaksanaan Backup Data: the signed record that a backup was made (SOP A step 9;
 * also for SOP B's processed requests). Opens with the day and date of the backup in words,
 * names who did it and on whose order or request, lists every copy, closes with the standard
 * sentence and the signatures, and lists the full checksums in an appendix.
 */
import { formatDateInWords, formatDateLong } from '../dates.js';
import { describePerson, drawTitle, finishDocument, startDocument, toSignatureBlock, type DocumentContext, type RenderOptions } from '../document.js';
import { formatBytes } from '../format.js';
import { drawSignatureRow, signatureRowHeight, type SignatureBlock } from '../layout/signatures.js';
import { buildManifest } from '../manifest.js';
import { beritaAcaraInputSchema, type BeritaAcara, type BeritaAcaraInput } from '../types.js';
import { drawChecksumTable, drawItemsTable } from './items-table.js';

/** Renders a berita acara to PDF bytes. Throws a ZodError if the input is incomplete. */
export async function renderBeritaAcara(input: BeritaAcaraInput, options: RenderOptions): Promise<Uint8Array> {
  const data = beritaAcaraInputSchema.parse(input);
  const context = await startDocument(options);
  const { flow, msg, timeZone, locale } = context;
  const title = msg.baTitle();
  drawTitle(context, title, data.number, { draft: data.draft });

  const performedAt = data.performedAt ?? earliestStart(data) ?? data.issuedAt;
  flow.paragraph(msg.baOpening(formatDateInWords(performedAt, locale, timeZone)), { align: 'justify', after: 4 });
  const officer = data.officer.person;
  flow.fieldList(
    [
      [msg.name(), officer.name],
      [msg.nip(), officer.nip],
      [msg.position(), officer.title],
    ],
    { indent: 18 },
  );
  flow.moveDown(4);
  flow.paragraph(describeBasis(context, data), { align: 'justify', after: 8 });

  if (data.items.length === 0) flow.paragraph(msg.baNoItems(), { after: 6 });
  else drawItemsTable(context, data.items);
  flow.moveDown(6);
  const totalSize = formatBytes(data.items.reduce((sum, item) => sum + item.sizeBytes, 0), locale);
  flow.paragraph(msg.baTotals(data.items.length, totalSize, data.items.filter((item) => !item.verified).length), { after: 2 });
  if (data.items.length > 0) flow.paragraph(msg.baAppendixNote(), { after: 4 });
  if (data.notes.length > 0) {
    flow.paragraph(msg.notes(), { after: 0 });
    data.notes.forEach((note, index) => flow.paragraph(`${index + 1}. ${note}`, { indent: 12, align: 'justify' }));
  }
  flow.moveDown(4);
  drawClosingAndSignatures(context, msg.baClosing(), data);

  if (data.items.length > 0) {
    flow.addPage();
    drawTitle(context, msg.baAppendixTitle(), data.number, { draft: data.draft });
    flow.paragraph(msg.baAppendixIntro(), { align: 'justify', after: 6 });
    drawChecksumTable(context, data.items);
  }

  return finishDocument(context, {
    title: locale === 'id' ? 'Berita Acara Pelaksanaan Backup Data' : 'Official Record of Data Backup',
    number: data.number,
    subject: msg.baOpening(formatDateInWords(performedAt, locale, timeZone)),
    keywords: ['berita acara', 'backup', data.reference.id, ...(data.number ? [data.number] : [])],
    draft: data.draft,
    createdAt: data.issuedAt,
    manifest: buildManifest('berita-acara', data.number, data.reference, data.items),
  });
}

/** The sentence saying under whose order or upon which request the backup was made. */
function describeBasis(context: DocumentContext, data: BeritaAcara): string {
  const { msg, timeZone, locale } = context;
  const reference = data.reference;
  if (reference.kind === 'request') {
    const requester = reference.requester
      ? `${reference.requester.name} (${msg.nipLine(reference.requester.nip)})${reference.satker ? `, ${reference.satker}` : ''}`
      : reference.satker ?? '';
    const requestDate = reference.requestedAt ? formatDateLong(reference.requestedAt, locale, timeZone) : '';
    return msg.baByRequest(msg.requestBasis(reference.requestNumber ?? '', reference.id), requester, requestDate);
  }
  const basis = msg.scheduleBasis(reference.title ?? '', reference.id);
  if (data.order) return msg.baByOrder(basis, describePerson(context, data.order.person), formatDateLong(data.order.at, locale, timeZone));
  return msg.baBySchedule(basis);
}

type Signed = Pick<BeritaAcara, 'officer' | 'corrector' | 'head' | 'issuedAt'>;

const HEAD_GAP = 10;

/**
 * The closing paragraph and every signature block, kept on one page: no signature block (the
 * head's under "Mengetahui," included) ever stands alone on a page.
 */
export function drawClosingAndSignatures(context: DocumentContext, closing: string | undefined, data: Signed, after = 14): void {
  const { flow } = context;
  const paragraph = { align: 'justify' as const, after };
  const rows = signatureRows(context, data);
  const height = (closing ? flow.measureParagraph(closing, paragraph) : 0)
    + signatureRowHeight(flow, rows.first, { placeDate: rows.placeDate })
    + (rows.head ? HEAD_GAP + signatureRowHeight(flow, [rows.head], { centre: true }) : 0);
  flow.keepTogether(height);
  if (closing) flow.paragraph(closing, paragraph);
  drawSignatures(context, data);
}

/** Officer and corrector side by side (corrector left, officer right), the head below under "Mengetahui,". */
export function drawSignatures(context: DocumentContext, data: Signed): void {
  const { flow } = context;
  const rows = signatureRows(context, data);
  drawSignatureRow(flow, rows.first, { placeDate: rows.placeDate });
  if (rows.head) {
    flow.moveDown(HEAD_GAP);
    drawSignatureRow(flow, [rows.head], { centre: true });
  }
}

function signatureRows(context: DocumentContext, data: Signed): { placeDate: string; first: SignatureBlock[]; head: SignatureBlock | undefined } {
  const { msg, letterhead, locale, timeZone } = context;
  const placeDate = msg.placeDate(letterhead.city, formatDateLong(data.issuedAt, locale, timeZone));
  const first = [toSignatureBlock(context, data.corrector, msg.checkedBy()), toSignatureBlock(context, data.officer, msg.preparedBy())].filter(
    (block): block is SignatureBlock => Boolean(block),
  );
  return { placeDate, first, head: toSignatureBlock(context, data.head, msg.acknowledged()) };
}

function earliestStart(data: BeritaAcara): Date | undefined {
  return data.items.reduce<Date | undefined>((earliest, item) => (!earliest || item.startedAt < earliest ? item.startedAt : earliest), undefined);
}
