/**
 * One page's drawing, kept as PDF content-stream operators and written out once at the end
 * (deflated with Node's zlib). Text is recorded as runs of (font program, text) and encoded only
 * when the page is written, so that only the fonts a document used get embedded. Cheaper than
 * pdf-lib's operator objects for tables of hundreds of rows, and a line can switch fonts for
 * fallback glyphs inside one text object.
 */
import { deflateSync } from 'node:zlib';
import { PDFName, type PDFDocument, type PDFImage, type PDFPage } from 'pdf-lib';
import type { EmbeddedFont, FontEmbedder, FontProgram, TextRun, TypeFace } from './typeface.js';

/** A colour as grey level 0 (black) to 1 (white), or as [r, g, b] each 0–1. */
export type Colour = number | readonly [number, number, number];

export interface TextStyle {
  face: TypeFace;
  size: number;
  colour?: Colour;
}

interface TextOp {
  runs: TextRun[];
  x: number;
  y: number;
  size: number;
  colour: Colour;
  /** Extra space after each space character, in points (justified lines). */
  extraPerSpace: number;
  /** Counter-clockwise rotation in degrees about (x, y); 0 for ordinary text. */
  rotate: number;
}

/** The drawing surface of one page; coordinates are PDF points from the bottom-left corner. */
export class PageCanvas {
  private readonly ops: Array<string | TextOp> = [];
  private readonly images = new Map<PDFImage, string>();

  constructor(readonly page: PDFPage) {}

  get width(): number {
    return this.page.getWidth();
  }

  get height(): number {
    return this.page.getHeight();
  }

  /**
   * Sets one line of text with its baseline at `y`, starting at `x`. With `stretchTo` wider
   * than the text, spaces grow to fill it (justified text); TJ adjustments are used because
   * word spacing (Tw) does not apply to two-byte glyph codes.
   */
  text(text: string, x: number, y: number, style: TextStyle, stretchTo?: number): void {
    const runs = style.face.runsOf(text);
    if (runs.length === 0) return;
    let extraPerSpace = 0;
    if (stretchTo !== undefined) {
      const natural = runs.reduce((sum, run) => sum + run.width, 0) * style.size;
      const spaces = (text.match(/ /g) ?? []).length;
      if (spaces > 0 && stretchTo > natural) extraPerSpace = (stretchTo - natural) / spaces;
      // Gaps wider than about half an em look like holes: then the line stays ragged.
      if (extraPerSpace > style.size * 0.6) extraPerSpace = 0;
    }
    this.ops.push({ runs, x, y, size: style.size, colour: style.colour ?? 0, extraPerSpace, rotate: 0 });
  }

  /** Text drawn beneath everything else on the page (a "DRAF" mark), rotated `rotate` degrees. */
  textBehind(text: string, x: number, y: number, style: TextStyle, rotate: number): void {
    const runs = style.face.runsOf(text);
    if (runs.length > 0) this.ops.unshift({ runs, x, y, size: style.size, colour: style.colour ?? 0, extraPerSpace: 0, rotate });
  }

  /** A straight line. */
  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.5, colour: Colour = 0): void {
    this.ops.push(`${strokeColour(colour)} ${num(thickness)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  /** A rectangle by its bottom-left corner; filled, stroked or both. */
  rect(x: number, y: number, width: number, height: number, options: { fill?: Colour; stroke?: Colour; thickness?: number }): void {
    const paint = options.fill !== undefined && options.stroke !== undefined ? 'B' : options.fill !== undefined ? 'f' : 'S';
    const colours = [
      options.fill !== undefined ? fillColour(options.fill) : '',
      options.stroke !== undefined ? `${strokeColour(options.stroke)} ${num(options.thickness ?? 0.5)} w` : '',
    ].join(' ');
    this.ops.push(`${colours} ${num(x)} ${num(y)} ${num(width)} ${num(height)} re ${paint}`);
  }

  /** An embedded image scaled into the box whose bottom-left corner is (x, y). */
  image(image: PDFImage, x: number, y: number, width: number, height: number): void {
    let name = this.images.get(image);
    if (!name) {
      name = this.page.node.newXObject('CdIm', image.ref).asString().slice(1);
      this.images.set(image, name);
    }
    this.ops.push(`q ${num(width)} 0 0 ${num(height)} ${num(x)} ${num(y)} cm /${name} Do Q`);
  }

  /** Writes the collected operators into the page as one deflated content stream. */
  async flush(doc: PDFDocument, embedder: FontEmbedder): Promise<void> {
    const fonts = new Map<FontProgram, EmbeddedFont>();
    for (const op of this.ops) {
      if (typeof op === 'string') continue;
      for (const run of op.runs) if (!fonts.has(run.program)) fonts.set(run.program, await embedder.embed(run.program));
    }
    for (const font of fonts.values()) this.page.node.setFontDictionary(PDFName.of(font.key), font.pdfFont.ref);
    const lines = this.ops.map((op) => (typeof op === 'string' ? op : textOperators(op, fonts)));
    const stream = doc.context.stream(deflateSync(Buffer.from(lines.join('\n'), 'latin1')), { Filter: 'FlateDecode' });
    this.page.node.addContentStream(doc.context.register(stream));
    this.ops.length = 0;
  }
}

function textOperators(op: TextOp, fonts: Map<FontProgram, EmbeddedFont>): string {
  const radians = (op.rotate * Math.PI) / 180;
  const position = op.rotate === 0
    ? `${num(op.x)} ${num(op.y)} Td`
    : `${num(Math.cos(radians))} ${num(Math.sin(radians))} ${num(-Math.sin(radians))} ${num(Math.cos(radians))} ${num(op.x)} ${num(op.y)} Tm`;
  const parts = [`BT ${fillColour(op.colour)} ${position}`];
  for (const run of op.runs) {
    const font = fonts.get(run.program)!;
    parts.push(`/${font.key} ${num(op.size)} Tf`);
    if (op.extraPerSpace > 0 && run.text.includes(' ')) {
      // In TJ a negative number moves the next glyph right, in thousandths of the font size.
      const adjust = num((-op.extraPerSpace * 1000) / op.size);
      const words = run.text.split(' ');
      const pieces = words.map((word, index) => `<${font.hexOf(index < words.length - 1 ? `${word} ` : word)}>`);
      parts.push(`[${pieces.join(` ${adjust} `)}] TJ`);
    } else {
      parts.push(`<${font.hexOf(run.text)}> Tj`);
    }
  }
  parts.push('ET');
  return parts.join(' ');
}

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function fillColour(colour: Colour): string {
  return typeof colour === 'number' ? `${num(colour)} g` : `${colour.map(num).join(' ')} rg`;
}

function strokeColour(colour: Colour): string {
  return typeof colour === 'number' ? `${num(colour)} G` : `${colour.map(num).join(' ')} RG`;
}
