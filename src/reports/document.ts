/**
 * What every document shares: A4 pages with the letterhead on the first, a title with its
 * number, signature blocks built from people, a footer with "Halaman N dari M", a running header
 * on continuation pages, PDF metadata and an attached machine-readable manifest.
 */
import { PDFDocument, type PDFImage } from 'pdf-lib';
import type { Locale } from '../i18n/messages.js';
import { DEFAULT_TIME_ZONE, formatDateTime, formatZoneLabel } from './dates.js';
import type { ReportFontFiles } from './fonts.js';
import type { PageCanvas } from './layout/canvas.js';
import { PageFlow } from './layout/flow.js';
import { drawLetterhead, type Letterhead } from './layout/letterhead.js';
import type { SignatureBlock } from './layout/signatures.js';
import { buildFaces, cachingFontkit } from './layout/typeface.js';
import { DOCUMENT_MANIFEST_NAME, type DocumentManifest } from './manifest.js';
import { reportMessages, type ReportMessages } from './messages.js';
import type { Person, Signer } from './types.js';

/** How to render: whose letterhead, in which language and time zone, with which fonts. */
export interface RenderOptions {
  letterhead: Letterhead;
  /** Bahasa Indonesia ('id', the default) or English ('en'). */
  locale?: Locale;
  /** From {@link loadReportFonts}. */
  fonts: ReportFontFiles;
  /** IANA zone for every date and time printed; Asia/Jakarta (WIB) by default. */
  timeZone?: string;
}

/** A document being drawn. */
export interface DocumentContext {
  doc: PDFDocument;
  flow: PageFlow;
  msg: ReportMessages;
  locale: Locale;
  timeZone: string;
  /** "WIB" */
  zone: string;
  letterhead: Letterhead;
  logo?: PDFImage;
}

/** Creates the PDF, embeds fonts and logo, and draws the letterhead on the first page. */
export async function startDocument(options: RenderOptions, { letterhead = true } = {}): Promise<DocumentContext> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  const faces = buildFaces(options.fonts);
  const locale = options.locale ?? 'id';
  const msg = reportMessages(locale);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const logoSource = options.letterhead.logo;
  const logo = logoSource ? await (logoSource.format === 'png' ? doc.embedPng(logoSource.bytes) : doc.embedJpg(logoSource.bytes)) : undefined;
  const flow = new PageFlow(doc, faces);
  const context: DocumentContext = { doc, flow, msg, locale, timeZone, zone: formatZoneLabel(timeZone), letterhead: options.letterhead, logo };
  if (letterhead) {
    drawLetterhead(
      flow,
      options.letterhead,
      { phone: msg.phoneLabel(), fax: msg.faxLabel(), email: msg.emailLabel(), website: msg.websiteLabel() },
      logo,
    );
  }
  return context;
}

/** The centred, underlined title and, under it, "Nomor: …" (or, for a draft, that it has no number yet). */
export function drawTitle(context: DocumentContext, title: string, number?: string, options: { draft?: boolean } = {}): void {
  const { flow } = context;
  const size = 12.5;
  const face = flow.faces.bold;
  const width = face.widthOf(title, size);
  flow.ensure(40);
  const x = flow.left + (flow.contentWidth - Math.min(width, flow.contentWidth)) / 2;
  flow.paragraph(title, { style: { face, size }, align: 'center' });
  if (width <= flow.contentWidth) flow.page.line(x, flow.y + 2.5, x + width, flow.y + 2.5, 0.7);
  if (options.draft) flow.paragraph(context.msg.draftNumberLine(), { align: 'center', after: 0, style: { face: flow.faces.bold } });
  else if (number) flow.paragraph(context.msg.numberLine(number), { align: 'center', after: 0 });
  flow.moveDown(12);
}

/** A section heading in bold. */
export function drawHeading(context: DocumentContext, text: string): void {
  context.flow.ensure(48);
  context.flow.moveDown(4);
  context.flow.paragraph(text, { style: { face: context.flow.faces.bold }, after: 4 });
}

/** The signature block of a signer, with a.n./Plh. for delegates and the Cadang approval line. */
export function toSignatureBlock(context: DocumentContext, signer: Signer | undefined, caption?: string): SignatureBlock | undefined {
  if (!signer) return undefined;
  const { msg } = context;
  return {
    captions: [...(caption ? [caption] : []), ...roleCaptions(msg, signer.person)],
    name: signer.person.name,
    nipLine: msg.nipLine(signer.person.nip),
    note: signer.approvedAt ? msg.approvedInCadang(formatDateTime(signer.approvedAt, context.timeZone)) : msg.notYetApproved(),
  };
}

/** The role lines of a signature: "Kepala PTID," or "a.n. Kepala PTID" + "Kasubbag PTID," or "Plh. Kepala PTID,". */
export function roleCaptions(msg: ReportMessages, person: Person): string[] {
  const delegation = person.onBehalfOf;
  if (!delegation) return [`${person.title},`];
  if (delegation.mode === 'plh') return [msg.acting(delegation.title)];
  return [msg.onBehalfOf(delegation.title), `${person.title},`];
}

/** "Nama (NIP. …)" with the role, for running text. */
export function describePerson(context: DocumentContext, person: Person): string {
  return `${person.title} ${person.name} (${context.msg.nipLine(person.nip)})`;
}

export interface FinishOptions {
  /** Title for the PDF metadata and the running header ("Berita Acara Pelaksanaan Backup Data"). */
  title: string;
  number?: string;
  subject: string;
  keywords: string[];
  /** The document's date (metadata), so the same input gives the same metadata. */
  createdAt: Date;
  /** Attached as cadang-manifest.json for `cadang verify` and other machines. */
  manifest?: DocumentManifest;
  /** A draft for checking: every page carries a large diagonal "DRAF" and the footer says so. */
  draft?: boolean;
}

/** Draws footers and running headers, writes metadata and the manifest, and returns the PDF bytes. */
export async function finishDocument(context: DocumentContext, options: FinishOptions): Promise<Uint8Array> {
  const { flow, msg, doc } = context;
  const pages = flow.pages;
  const small = { face: flow.faces.regular, size: 8, colour: 0.3 };
  pages.forEach((page, index) => {
    const footerY = flow.margins.bottom - 22;
    page.line(flow.left, footerY + 11, flow.right, footerY + 11, 0.4, 0.6);
    const label = options.draft ? `${options.title} — ${msg.draftMark()}` : options.number ? `${options.title} — ${msg.numberLine(options.number)}` : options.title;
    if (options.draft) drawDraftMark(context, page);
    page.text(truncate(label, 70), flow.left, footerY, small);
    const pageLabel = msg.pageOf(index + 1, pages.length);
    page.text(pageLabel, flow.right - small.face.widthOf(pageLabel, small.size), footerY, small);
    if (index > 0) {
      const header = msg.continued(options.title, options.number ?? '');
      page.text(truncate(header, 90), flow.left, page.height - flow.margins.top + 12, { ...small, face: flow.faces.italic });
    }
  });
  await flow.flush();
  doc.setTitle(options.draft ? `${options.title} (${msg.draftMark()})` : options.number ? `${options.title} ${options.number}` : options.title);
  doc.setSubject(options.subject);
  doc.setKeywords(options.keywords);
  doc.setAuthor(context.letterhead.lines.at(-1) ?? 'Cadang');
  doc.setCreator('Cadang');
  doc.setProducer('Cadang (pdf-lib)');
  doc.setLanguage(context.locale === 'id' ? 'id-ID' : 'en-GB');
  doc.setCreationDate(options.createdAt);
  doc.setModificationDate(options.createdAt);
  if (options.manifest) {
    await doc.attach(new TextEncoder().encode(JSON.stringify(options.manifest, null, 2)), DOCUMENT_MANIFEST_NAME, {
      mimeType: 'application/json',
      description: 'Cadang document manifest (items and SHA-256 checksums)',
      creationDate: options.createdAt,
      modificationDate: options.createdAt,
    });
  }
  return doc.save({ useObjectStreams: true });
}

/** The large, light, diagonal mark across a draft's page, so no printout passes for the final document. */
function drawDraftMark(context: DocumentContext, page: PageCanvas): void {
  const face = context.flow.faces.bold;
  const size = 110;
  const text = context.msg.draftMark();
  const width = face.widthOf(text, size);
  const angle = 50;
  const radians = (angle * Math.PI) / 180;
  // Centre the word on the page: start half its length back along the diagonal.
  const x = page.width / 2 - (Math.cos(radians) * width) / 2 + (Math.sin(radians) * size * 0.35);
  const y = page.height / 2 - (Math.sin(radians) * width) / 2 - (Math.cos(radians) * size * 0.35);
  page.textBehind(text, x, y, { face, size, colour: 0.84 }, angle);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
