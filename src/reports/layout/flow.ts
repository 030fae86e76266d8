/**
 * The page flow: A4 pages with margins, a cursor that moves down, and a new page when the next
 * thing does not fit. Footers ("Halaman 1 dari 3") and running headers are drawn at the end,
 * when the page count is known.
 */
import { type PDFDocument } from 'pdf-lib';
import { PageCanvas, type TextStyle } from './canvas.js';
import { FontEmbedder, type Faces } from './typeface.js';
import { wrapText } from './wrap.js';

/** A4 in points (210 × 297 mm). */
export const A4: readonly [number, number] = [595.28, 841.89];

const MM = 72 / 25.4;

/** Margins in points. */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Margins of Indonesian official letters (tata naskah dinas): 3 cm left for binding, 2 cm elsewhere. */
export const OFFICIAL_MARGINS: Margins = { top: 20 * MM, right: 20 * MM, bottom: 22 * MM, left: 30 * MM };

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface ParagraphOptions {
  style?: Partial<TextStyle>;
  align?: Align;
  /** Offset from the left margin. */
  indent?: number;
  /** Width of the text column; the rest of the line by default. */
  width?: number;
  /** Extra indent of the first line (paragraph indentation). */
  firstLineIndent?: number;
  lineHeight?: number;
  /** Space after the paragraph. */
  after?: number;
}

/** Pages with a cursor; `y` is the top of the free space, in PDF points from the bottom. */
export class PageFlow {
  readonly pages: PageCanvas[] = [];
  y = 0;
  /** Called after each page break, e.g. to repeat a table header. */
  onPageBreak: (() => void) | undefined;

  constructor(
    readonly doc: PDFDocument,
    readonly faces: Faces,
    readonly margins: Margins = OFFICIAL_MARGINS,
    readonly baseStyle: { size: number; lineHeight: number } = { size: 11, lineHeight: 15 },
  ) {
    this.addPage();
  }

  get page(): PageCanvas {
    return this.pages[this.pages.length - 1]!;
  }

  get left(): number {
    return this.margins.left;
  }

  get right(): number {
    return A4[0] - this.margins.right;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /** The lowest y that content may reach. */
  get bottom(): number {
    return this.margins.bottom;
  }

  /** The height available on an empty page. */
  get pageContentHeight(): number {
    return A4[1] - this.margins.top - this.margins.bottom;
  }

  get remaining(): number {
    return this.y - this.bottom;
  }

  /** Starts a new page and moves the cursor to its top. */
  addPage(): PageCanvas {
    const canvas = new PageCanvas(this.doc.addPage([A4[0], A4[1]]));
    this.pages.push(canvas);
    this.y = A4[1] - this.margins.top;
    if (this.pages.length > 1) this.onPageBreak?.();
    return canvas;
  }

  /** Makes sure `height` points fit below the cursor, breaking the page if not. Returns whether it broke. */
  ensure(height: number): boolean {
    if (this.y - height >= this.bottom) return false;
    this.addPage();
    return true;
  }

  moveDown(height: number): void {
    this.y -= height;
  }

  /** The default text style, with overrides. */
  style(overrides: Partial<TextStyle> = {}): TextStyle {
    return { face: this.faces.regular, size: this.baseStyle.size, ...overrides };
  }

  /** Sets a paragraph, wrapping it and breaking pages between its lines. */
  paragraph(text: string, options: ParagraphOptions = {}): void {
    const style = this.style(options.style);
    const lineHeight = options.lineHeight ?? style.size * 1.38;
    const indent = options.indent ?? 0;
    const width = options.width ?? this.contentWidth - indent;
    const firstIndent = options.firstLineIndent ?? 0;
    const align = options.align ?? 'left';
    // Each "\n" ends a paragraph: its last line is not justified.
    for (const part of text.split('\n')) {
      const lines = wrapFirstIndented(part, style, width, firstIndent);
      lines.forEach((line, index) => {
        this.ensure(lineHeight);
        const lineIndent = index === 0 ? firstIndent : 0;
        const x = this.left + indent + lineIndent;
        const lineAlign = align === 'justify' && index === lines.length - 1 ? 'left' : align;
        this.drawAligned(line, x, this.y - style.size, width - lineIndent, style, lineAlign);
        this.moveDown(lineHeight);
      });
    }
    this.moveDown(options.after ?? 0);
  }

  /** The height {@link paragraph} will take for `text` with these options (wrapping included). */
  measureParagraph(text: string, options: ParagraphOptions = {}): number {
    const style = this.style(options.style);
    const lineHeight = options.lineHeight ?? style.size * 1.38;
    const width = options.width ?? this.contentWidth - (options.indent ?? 0);
    const lines = text.split('\n').reduce((count, part) => count + wrapFirstIndented(part, style, width, options.firstLineIndent ?? 0).length, 0);
    return lines * lineHeight + (options.after ?? 0);
  }

  /**
   * Keeps what follows together: breaks the page unless `height` fits, as long as it fits on an
   * empty page at all (something taller must break anyway).
   */
  keepTogether(height: number): void {
    this.ensure(Math.min(height, this.pageContentHeight));
  }

  /** Draws one line inside [x, x + width] with the given alignment (no wrapping). */
  drawAligned(text: string, x: number, baseline: number, width: number, style: TextStyle, align: Align): void {
    if (align === 'justify') {
      this.page.text(text, x, baseline, style, width);
      return;
    }
    const textWidth = style.face.widthOf(text, style.size);
    const offset = align === 'center' ? (width - textWidth) / 2 : align === 'right' ? width - textWidth : 0;
    this.page.text(text, x + offset, baseline, style);
  }

  /** Lays out a label–value list ("Nama : …") with the colons aligned. */
  fieldList(rows: ReadonlyArray<readonly [string, string]>, options: { indent?: number; labelWidth?: number; style?: Partial<TextStyle> } = {}): void {
    const style = this.style(options.style);
    const indent = options.indent ?? 0;
    const labelWidth = options.labelWidth ?? Math.max(...rows.map(([label]) => style.face.widthOf(label, style.size))) + 8;
    const colonWidth = style.face.widthOf(': ', style.size);
    const valueX = this.left + indent + labelWidth + colonWidth;
    const valueWidth = this.right - valueX;
    const lineHeight = style.size * 1.38;
    for (const [label, value] of rows) {
      const lines = wrapText(value, style.face, style.size, valueWidth);
      this.ensure(lineHeight * Math.min(lines.length, 3));
      const baseline = this.y - style.size;
      this.page.text(label, this.left + indent, baseline, style);
      this.page.text(':', this.left + indent + labelWidth, baseline, style);
      lines.forEach((line, index) => {
        if (index > 0) this.ensure(lineHeight);
        this.page.text(line, valueX, this.y - style.size, style);
        this.moveDown(lineHeight);
      });
    }
  }

  /** Embeds the fonts used and writes every page's content; call once, after drawing. */
  async flush(): Promise<void> {
    const embedder = new FontEmbedder(this.doc);
    for (const page of this.pages) await page.flush(this.doc, embedder);
  }
}

function wrapFirstIndented(text: string, style: TextStyle, width: number, firstIndent: number): string[] {
  if (firstIndent === 0) return wrapText(text, style.face, style.size, width);
  // Wrap with a placeholder of the indent's width so the first line is shorter.
  const first = wrapText(text, style.face, style.size, width - firstIndent);
  if (first.length <= 1) return first;
  const rest = text.slice(text.indexOf(first[0]!) + first[0]!.length).trimStart();
  return [first[0]!, ...wrapText(rest, style.face, style.size, width)];
}
