/**
 * The kop surat: the institution's logo at the left, its name lines centred, address and contacts
 * in small print, and the double rule (thick over thin) under it, as Indonesian offices print it.
 */
import type { PDFImage } from 'pdf-lib';
import type { PageFlow } from './flow.js';
import { wrapText } from './wrap.js';

/** The letterhead, ready to draw (configuration resolved, logo read). */
export interface Letterhead {
  /** Name lines top to bottom: ministry, institution, unit ("KEMENTERIAN AGAMA REPUBLIK INDONESIA", …). */
  lines: string[];
  address?: string;
  phone?: string;
  fax?: string;
  email?: string;
  website?: string;
  /** PNG or JPEG bytes of the logo. */
  logo?: { bytes: Uint8Array; format: 'png' | 'jpg' };
  /** The city on the place-and-date line ("Pontianak"). */
  city: string;
}

/** Words the contact line is built with, from the message catalogue. */
export interface LetterheadLabels {
  phone: string;
  fax: string;
  email: string;
  website: string;
}

const LOGO_HEIGHT = 62;

/** Draws the letterhead at the top of the current page. */
export function drawLetterhead(flow: PageFlow, letterhead: Letterhead, labels: LetterheadLabels, logo?: PDFImage): void {
  const top = flow.y;
  let textLeft = flow.left;
  let logoBottom = top;
  if (logo) {
    const width = (logo.width / logo.height) * LOGO_HEIGHT;
    flow.page.image(logo, flow.left, top - LOGO_HEIGHT, width, LOGO_HEIGHT);
    textLeft = flow.left + width + 8;
    logoBottom = top - LOGO_HEIGHT;
  }
  // Centre the name lines on the page like a printed kop; only when that would run into the
  // logo are they centred in the space beside it.
  const lines = letterhead.lines.map((text, index) => ({
    text,
    face: index === 0 && letterhead.lines.length > 1 ? flow.faces.regular : flow.faces.bold,
    size: index === 0 && letterhead.lines.length > 1 ? 12.5 : index === 1 ? 14.5 : 12.5,
  }));
  const contacts = formatContactLines(letterhead, labels);
  const pageCentredFits = (width: number): boolean => flow.left + (flow.contentWidth - width) / 2 >= textLeft;
  const maxWidth = flow.right - textLeft;
  let y = top;
  for (const line of lines) {
    let size = line.size;
    while (line.face.widthOf(line.text, size) > maxWidth && size > 7) size -= 0.5;
    const width = line.face.widthOf(line.text, size);
    const x = pageCentredFits(width) ? flow.left : textLeft;
    const areaWidth = pageCentredFits(width) ? flow.contentWidth : maxWidth;
    flow.page.text(line.text, x + (areaWidth - width) / 2, y - size, { face: line.face, size });
    y -= size * 1.3;
  }
  const contactSize = 8.5;
  for (const contact of contacts) {
    for (const text of wrapText(contact, flow.faces.regular, contactSize, maxWidth)) {
      const width = flow.faces.regular.widthOf(text, contactSize);
      const x = pageCentredFits(width) ? flow.left + (flow.contentWidth - width) / 2 : textLeft + (maxWidth - width) / 2;
      flow.page.text(text, x, y - contactSize - 1, { face: flow.faces.regular, size: contactSize });
      y -= contactSize * 1.35;
    }
  }
  const ruleY = Math.min(y, logoBottom) - 5;
  flow.page.line(flow.left, ruleY, flow.right, ruleY, 2.2);
  flow.page.line(flow.left, ruleY - 3, flow.right, ruleY - 3, 0.7);
  flow.y = ruleY - 3;
  flow.moveDown(16);
}

/** The small-print lines under the name: the address, then phone, fax, email and website. */
export function formatContactLines(letterhead: Letterhead, labels: LetterheadLabels): string[] {
  const contacts = [
    letterhead.phone && `${labels.phone} ${letterhead.phone}`,
    letterhead.fax && `${labels.fax} ${letterhead.fax}`,
    letterhead.email && `${labels.email} ${letterhead.email}`,
    letterhead.website && `${labels.website} ${letterhead.website}`,
  ].filter((part): part is string => Boolean(part));
  return [letterhead.address, contacts.join(', ')].filter((line): line is string => Boolean(line));
}
