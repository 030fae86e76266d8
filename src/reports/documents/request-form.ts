/**
 * Formulir Backup Server (SOP B, form FM 001 SOP 119.002/IF 03 01/ISN 2.2): the request as the
 * requester submitted it, with the signatures of the unit head and the requester, and the
 * Administrator's decision (Ditindaklanjuti / Ditunda, with the reason and date). Laid out
 * like the paper form in the SOP's appendix.
 */
import { formatDateFigures, formatDateLong, formatDateTime } from '../dates.js';
import { finishDocument, startDocument, toSignatureBlock, type RenderOptions } from '../document.js';
import { drawSignatureRow } from '../layout/signatures.js';
import { drawTable } from '../layout/table.js';
import { requestFormInputSchema, type RequestFormInput } from '../types.js';

/** The form's own furniture, from the `reports.requestForm` configuration. */
export interface RequestFormOptions {
  /** Printed at the top right: "FM 001 SOP 119.002/IF 03 01/ISN 2.2". */
  code?: string;
  /** The "Keterangan" lines. */
  remarks?: string[];
  /** Small print at the bottom ("Dilarang mengcopy …"). */
  footer?: string;
}

/** Renders the request form to PDF bytes. Throws a ZodError if the input is incomplete. */
export async function renderRequestForm(input: RequestFormInput, options: RenderOptions & { form?: RequestFormOptions }): Promise<Uint8Array> {
  const data = requestFormInputSchema.parse(input);
  const form = options.form ?? {};
  const context = await startDocument(options);
  const { flow, msg, timeZone, locale } = context;
  if (form.code) {
    const style = { face: flow.faces.regular, size: 7.5, colour: 0.25 };
    flow.page.text(form.code, flow.right - style.face.widthOf(form.code, style.size), flow.page.height - flow.margins.top + 14, style);
  }
  flow.paragraph(msg.fmTitle(), { style: { face: flow.faces.bold, size: 13 }, align: 'center', after: 10 });

  const cell = (value: string): string => `: ${value}`;
  drawTable(flow, {
    columns: [
      { header: '', width: 58 },
      { header: '', width: 168 },
      { header: '', width: 58 },
      { header: '', width: 169 },
    ],
    rows: [
      [msg.fmDate(), cell(formatDateLong(data.submittedAt, locale, timeZone)), msg.fmSatker(), cell(data.satker)],
      [msg.fmName(), cell(data.requester.name), msg.fmPhone(), cell(data.requester.phone)],
      [msg.fmNip(), cell(data.requester.nip), msg.fmEmail(), cell(data.requester.email)],
    ],
    showHeader: false,
    font: 'regular',
    size: 9.5,
    padding: 5,
  });
  flow.moveDown(8);
  const box = (checked: boolean): string => (checked ? '☒' : '☐');
  drawTable(flow, {
    columns: [
      { header: '', width: 130 },
      { header: '', width: 323 },
    ],
    rows: [
      [`${box(Boolean(data.targets.server))} ${msg.fmServer()}`, data.targets.server ?? ''],
      [`${box(Boolean(data.targets.application))} ${msg.fmApplication()}`, data.targets.application ?? ''],
      [`${box(Boolean(data.targets.folder))} ${msg.fmFolder()}`, data.targets.folder ?? ''],
    ],
    showHeader: false,
    font: 'regular',
    size: 9.5,
    padding: 5,
  });
  flow.moveDown(14);

  const unitHead = data.unitHead
    ? toSignatureBlock(context, data.unitHead)!
    : { captions: [], name: '(.......................................)', nipLine: msg.nipLine('') };
  unitHead.captions = [msg.fmUnitHead()];
  drawSignatureRow(flow, [
    unitHead,
    {
      captions: [msg.fmRequester()],
      name: data.requester.name,
      nipLine: msg.nipLine(data.requester.nip),
      note: data.requesterApprovedAt ? msg.fmSubmittedInCadang(formatDateTime(data.requesterApprovedAt, timeZone)) : msg.notYetApproved(),
    },
  ]);
  flow.moveDown(12);

  const decision = data.decision;
  const decisionText = [
    `${box(decision?.choice === 'proceed')} ${msg.fmProceed()}`,
    `${box(decision?.choice === 'postpone')} ${msg.fmPostpone()}`,
    msg.fmReason(),
    decision?.reason?.trim() ? decision.reason : '.........................',
    `${msg.fmDecisionDate()}: ${decision ? formatDateFigures(decision.at, timeZone) : ''}`,
  ].join('\n');
  const remarks = [msg.fmRemarks(), ...(form.remarks ?? []).map((line, index) => `${index + 1}. ${line}`)].join('\n');
  drawTable(flow, {
    columns: [
      { header: '', width: 226 },
      { header: '', width: 227 },
    ],
    rows: [[remarks, decisionText]],
    showHeader: false,
    font: 'regular',
    size: 9.5,
    padding: 6,
  });
  flow.moveDown(10);
  drawSignatureRow(flow, [
    decision
      ? {
          captions: [msg.fmAdministrator()],
          name: decision.administrator.name,
          nipLine: msg.nipLine(decision.administrator.nip),
          note: msg.fmDecidedInCadang(formatDateTime(decision.at, timeZone)),
        }
      : { captions: [msg.fmAdministrator()], name: '(..........................)', nipLine: msg.nipLine(''), note: msg.fmNoDecision() },
  ]);
  if (data.requestId) flow.paragraph(msg.fmRequestId(data.requestId), { style: { size: 8, colour: 0.35 } });
  if (form.footer) {
    flow.moveDown(8);
    flow.paragraph(form.footer, { style: { face: flow.faces.italic, size: 8 }, align: 'center' });
  }
  return finishDocument(context, {
    title: locale === 'id' ? 'Formulir Backup Server' : 'Server Backup Form',
    subject: `${msg.fmTitle()} — ${data.requester.name} — ${data.satker}`,
    keywords: ['formulir', 'backup', ...(data.requestId ? [data.requestId] : [])],
    createdAt: decision?.at ?? data.submittedAt,
  });
}
