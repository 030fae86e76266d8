/**
 * Balasan permohonan (SOP B step 8): the letter from the Kabag TU to the requester saying the
 * request was carried out (with the copies made) or rejected (with the reason), in the form of
 * an Indonesian official letter: number, nature, attachment and subject at the left, the
 * addressee, the body, the signature at the right and the copies (tembusan).
 */
import { formatDateLong } from '../dates.js';
import { finishDocument, startDocument, toSignatureBlock, type RenderOptions } from '../document.js';
import { drawSignatureRow, signatureRowHeight } from '../layout/signatures.js';
import { buildManifest } from '../manifest.js';
import { replyLetterInputSchema, type ReplyLetterInput } from '../types.js';
import { drawItemsTable } from './items-table.js';

/** Renders the reply letter to PDF bytes. Throws a ZodError if the input is incomplete. */
export async function renderReplyLetter(input: ReplyLetterInput, options: RenderOptions): Promise<Uint8Array> {
  const data = replyLetterInputSchema.parse(input);
  const context = await startDocument(options);
  const { flow, msg, timeZone, locale, letterhead } = context;
  const regular = flow.style();
  const placeDate = msg.placeDate(letterhead.city, formatDateLong(data.issuedAt, locale, timeZone));
  flow.page.text(placeDate, flow.right - regular.face.widthOf(placeDate, regular.size), flow.y - regular.size, regular);
  flow.fieldList([
    [msg.rlNumber(), data.number],
    [msg.rlNature(), data.nature ?? msg.rlDefaultNature()],
    [msg.rlAttachment(), data.outcome === 'approved' && data.reportNumber ? msg.rlOneAttachment() : msg.rlNoAttachment()],
    [msg.rlSubject(), msg.rlSubjectText()],
  ], { labelWidth: 62 });
  flow.moveDown(14);
  const recipient = data.recipient;
  flow.paragraph(`${msg.rlTo()} ${recipient.person.name}`, { after: 0 });
  if (recipient.satker) flow.paragraph(recipient.satker, { indent: 26, after: 0 });
  flow.paragraph(recipient.address ?? msg.rlPlace(), { indent: 26, after: 14 });

  const indent = 28;
  flow.paragraph(msg.rlIntro(formatDateLong(data.request.submittedAt, locale, timeZone), data.request.number ?? ''), {
    align: 'justify',
    firstLineIndent: indent,
    after: 2,
  });
  data.request.subjects.forEach((subject, index) => flow.paragraph(`${index + 1}. ${subject}`, { indent: indent + 6 }));
  flow.moveDown(4);
  if (data.outcome === 'approved') {
    flow.paragraph(msg.rlApproved(data.reportNumber ?? ''), { align: 'justify', after: 6 });
    if (data.items.length > 0) {
      flow.paragraph(msg.rlItemsIntro(), { align: 'justify', after: 6 });
      drawItemsTable(context, data.items, { checksums: true });
      flow.moveDown(6);
    }
  } else {
    flow.paragraph(msg.rlRejected(data.reason!.trim()), { align: 'justify', after: 6 });
  }
  // Keep the closing, the signature and the copies together.
  const closing = { align: 'justify' as const, firstLineIndent: indent, after: 18 };
  const signature = [toSignatureBlock(context, data.signer)!];
  flow.keepTogether(flow.measureParagraph(msg.rlClosing(), closing) + signatureRowHeight(flow, signature) + (data.copies.length ? 30 + data.copies.length * 15 : 0));
  flow.paragraph(msg.rlClosing(), closing);
  drawSignatureRow(flow, signature);
  if (data.copies.length > 0) {
    flow.moveDown(10);
    flow.paragraph(msg.rlCopies(), { style: { size: 10 }, after: 0 });
    data.copies.forEach((copy, index) => flow.paragraph(`${index + 1}. ${copy}`, { style: { size: 10 }, indent: 6 }));
  }
  return finishDocument(context, {
    title: locale === 'id' ? 'Balasan Permohonan Layanan Backup Server' : 'Reply to the Server Backup Request',
    number: data.number,
    subject: `${msg.rlSubjectText()} — ${recipient.person.name}`,
    keywords: ['balasan', 'backup', ...(data.request.id ? [data.request.id] : [])],
    createdAt: data.issuedAt,
    manifest: data.items.length > 0 ? buildManifest('reply-letter', data.number, data.request.id ? { kind: 'request', id: data.request.id } : undefined, data.items) : undefined,
  });
}
