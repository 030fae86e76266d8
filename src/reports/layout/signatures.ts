/**
 * Signature blocks: caption ("Mengetahui,", "a.n. Kepala PTID"), the role, room to sign, the
 * name (bold, underlined), "NIP. …" and a small line saying when the person approved in Cadang.
 * A row of blocks is kept on one page.
 */
import type { PageFlow } from './flow.js';
import { wrapText } from './wrap.js';

export interface SignatureBlock {
  /** Lines above the signing space, e.g. ["Mengetahui,", "Kepala PTID,"]. */
  captions: string[];
  name: string;
  /** "NIP. 198501012010011001" */
  nipLine: string;
  /** Small print under the NIP (when the person approved in Cadang). */
  note?: string;
}

const SIGNING_SPACE = 46;
const SIZE = 11;
const LINE = 14.5;
const NOTE_SIZE = 7.5;

export interface SignatureRowOptions {
  placeDate?: string;
  centre?: boolean;
}

/** The height a row of signature blocks takes, so that what leads to it can be kept on its page. */
export function signatureRowHeight(flow: PageFlow, blocks: readonly SignatureBlock[], options: SignatureRowOptions = {}): number {
  return blocks.length === 0 ? 0 : layoutRow(flow, blocks, options).height;
}

function layoutRow(flow: PageFlow, blocks: readonly SignatureBlock[], options: SignatureRowOptions) {
  const columns = blocks.length === 1 && !options.centre ? 2 : blocks.length;
  const columnWidth = flow.contentWidth / columns;
  const noteLines = blocks.map((block) => (block.note ? wrapText(block.note, flow.faces.italic, NOTE_SIZE, columnWidth - 8) : []));
  const captionCount = Math.max(...blocks.map((block) => block.captions.length));
  const height =
    (options.placeDate ? LINE : 0) + captionCount * LINE + SIGNING_SPACE + 2 * LINE + Math.max(...noteLines.map((l) => l.length)) * NOTE_SIZE * 1.3 + 6;
  return { columns, columnWidth, noteLines, captionCount, height };
}

/**
 * Draws blocks side by side in equal columns; a single block sits in the right half, as the
 * signer of a letter does. `placeDate` ("Pontianak, 23 November 2026") goes above the last block.
 */
export function drawSignatureRow(flow: PageFlow, blocks: readonly SignatureBlock[], options: SignatureRowOptions = {}): void {
  if (blocks.length === 0) return;
  const { columnWidth, noteLines, captionCount, height } = layoutRow(flow, blocks, options);
  const firstColumn = blocks.length === 1 && !options.centre ? 1 : 0;
  flow.ensure(height);
  const top = flow.y;
  const regular = { face: flow.faces.regular, size: SIZE };
  const bold = { face: flow.faces.bold, size: SIZE };
  blocks.forEach((block, index) => {
    const x = flow.left + (firstColumn + index) * columnWidth;
    let y = top;
    if (options.placeDate) {
      if (index === blocks.length - 1) flow.drawAligned(options.placeDate, x, y - SIZE, columnWidth, regular, 'center');
      y -= LINE;
    }
    // Captions are bottom-aligned so that names line up across blocks with different captions.
    y -= (captionCount - block.captions.length) * LINE;
    for (const caption of block.captions) {
      flow.drawAligned(caption, x, y - SIZE, columnWidth, regular, 'center');
      y -= LINE;
    }
    y -= SIGNING_SPACE;
    const nameWidth = bold.face.widthOf(block.name, SIZE);
    const fitted = Math.min(nameWidth, columnWidth - 4);
    const nameSize = nameWidth > columnWidth - 4 ? (SIZE * (columnWidth - 4)) / nameWidth : SIZE;
    const nameX = x + (columnWidth - fitted) / 2;
    flow.page.text(block.name, nameX, y - SIZE, { face: bold.face, size: nameSize });
    flow.page.line(nameX, y - SIZE - 1.8, nameX + fitted, y - SIZE - 1.8, 0.6);
    y -= LINE;
    flow.drawAligned(block.nipLine, x, y - SIZE, columnWidth, regular, 'center');
    y -= LINE;
    for (const line of noteLines[index]!) {
      flow.drawAligned(line, x, y - NOTE_SIZE - 1, columnWidth, { face: flow.faces.italic, size: NOTE_SIZE, colour: 0.35 }, 'center');
      y -= NOTE_SIZE * 1.3;
    }
  });
  flow.y = top - height;
}
