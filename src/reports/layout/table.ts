/**
 * Tables with ruled cells that wrap long text and continue across pages, repeating the header
 * row on every page. A row that does not fit on what is left of a page moves to the next page;
 * a row taller than a whole page is split between pages.
 */
import type { Colour } from './canvas.js';
import type { PageFlow } from './flow.js';
import type { Faces, TypeFace } from './typeface.js';
import { wrapText } from './wrap.js';

export interface TableColumn {
  header: string;
  /** Relative width; the columns share the table's width in proportion. */
  width: number;
  align?: 'left' | 'center' | 'right';
  font?: keyof Faces;
}

export interface TableOptions {
  columns: readonly TableColumn[];
  rows: ReadonlyArray<ReadonlyArray<string>>;
  /** Font size of the cells (the header uses the same size, bold). */
  size?: number;
  padding?: number;
  headerFill?: Colour;
  /** A row to set in bold with a grey fill (e.g. a total) after the others. */
  footerRow?: ReadonlyArray<string>;
  /** False for a ruled box without a header row (form fields). */
  showHeader?: boolean;
  /** Font of the cells; the narrow table font by default. */
  font?: keyof Faces;
}

/** Draws a table at the cursor and moves the cursor below it. */
export function drawTable(flow: PageFlow, options: TableOptions): void {
  const size = options.size ?? 8;
  const padding = options.padding ?? 3;
  const lineHeight = size * 1.25;
  const faceOf = (column: TableColumn, bold: boolean): TypeFace => (bold ? flow.faces.tableBold : flow.faces[column.font ?? options.font ?? 'table']);
  const widths = fitColumnWidths(flow.contentWidth, options, size, padding, faceOf);
  const lefts = widths.map((_, index) => flow.left + widths.slice(0, index).reduce((a, b) => a + b, 0));
  const showHeader = options.showHeader ?? true;
  const wrapRow = (cells: ReadonlyArray<string>, bold: boolean): string[][] =>
    options.columns.map((column, index) => wrapText(cells[index] ?? '', faceOf(column, bold), size, widths[index]! - 2 * padding));

  const headerLines = wrapRow(
    options.columns.map((column) => column.header),
    true,
  );
  const headerHeight = showHeader ? Math.max(...headerLines.map((lines) => lines.length)) * lineHeight + 2 * padding : 0;

  const drawRow = (lines: string[][], from: number, count: number, bold: boolean, fill?: Colour, centreAll = false): void => {
    const height = count * lineHeight + 2 * padding;
    const top = flow.y;
    options.columns.forEach((column, index) => {
      const x = lefts[index]!;
      const width = widths[index]!;
      if (fill !== undefined) flow.page.rect(x, top - height, width, height, { fill });
      flow.page.rect(x, top - height, width, height, { stroke: 0, thickness: 0.5 });
      const style = { face: faceOf(column, bold), size };
      const align = centreAll ? 'center' : column.align ?? 'left';
      lines[index]!.slice(from, from + count).forEach((line, lineIndex) => {
        const baseline = top - padding - lineIndex * lineHeight - size * 0.95;
        flow.drawAligned(line, x + padding, baseline, width - 2 * padding, style, align);
      });
    });
    flow.moveDown(height);
  };
  const drawHeader = (): void => {
    if (showHeader) drawRow(headerLines, 0, headerLines[0] ? Math.max(...headerLines.map((l) => l.length)) : 1, true, options.headerFill ?? 0.88, true);
  };
  const newPageWithHeader = (): void => {
    flow.addPage();
    drawHeader();
  };

  const rowsToDraw = options.rows.map((row) => ({ lines: wrapRow(row, false), bold: false, fill: undefined as Colour | undefined }));
  if (options.footerRow) rowsToDraw.push({ lines: wrapRow(options.footerRow, true), bold: true, fill: 0.94 });

  // Keep the header with at least the first row.
  const firstRowHeight = rowsToDraw[0] ? rowHeightOf(rowsToDraw[0].lines) : 0;
  flow.ensure(headerHeight + Math.min(firstRowHeight, 3 * lineHeight + 2 * padding));
  drawHeader();

  for (const row of rowsToDraw) {
    const total = Math.max(1, ...row.lines.map((lines) => lines.length));
    const fullHeight = total * lineHeight + 2 * padding;
    const freshPageRoom = flow.pageContentHeight - headerHeight;
    if (fullHeight > flow.remaining && fullHeight <= freshPageRoom) newPageWithHeader();
    let from = 0;
    while (from < total) {
      let fit = Math.floor((flow.remaining - 2 * padding) / lineHeight);
      if (fit < 1) {
        newPageWithHeader();
        fit = Math.floor((flow.remaining - 2 * padding) / lineHeight);
      }
      const count = Math.min(fit, total - from);
      drawRow(row.lines, from, count, row.bold, row.fill);
      from += count;
    }
  }

  function rowHeightOf(lines: string[][]): number {
    return Math.max(1, ...lines.map((l) => l.length)) * lineHeight + 2 * padding;
  }
}

/** A word is kept whole by widening its column only up to this share of the table; longer tokens (paths, checksums) wrap. */
const MAX_WORD_SHARE = 0.2;

/**
 * The columns' widths: their share of the table, then widened where a word ("PostgreSQL") would
 * otherwise be broken although it fits on a line of its own, taking the room from columns that
 * have more than their own longest word needs. Words wider than a fifth of the table are left to
 * wrap, as are words when no column has room to give.
 */
export function fitColumnWidths(
  tableWidth: number,
  options: Pick<TableOptions, 'columns' | 'rows' | 'footerRow' | 'showHeader'>,
  size: number,
  padding: number,
  faceOf: (column: TableColumn, bold: boolean) => TypeFace,
): number[] {
  const totalWeight = options.columns.reduce((sum, column) => sum + column.width, 0);
  const widths = options.columns.map((column) => (column.width / totalWeight) * tableWidth);
  const limit = tableWidth * MAX_WORD_SHARE;
  const longestWord = (text: string, face: TypeFace): number =>
    Math.max(0, ...text.split(/[\s]+/).map((word) => face.widthOf(word, size)).filter((width) => width + 2 * padding <= limit));
  const needs = options.columns.map((column, index) => {
    const cells = options.rows.map((row) => longestWord(row[index] ?? '', faceOf(column, false)));
    const header = options.showHeader === false ? 0 : longestWord(column.header, faceOf(column, true));
    const footer = options.footerRow ? longestWord(options.footerRow[index] ?? '', faceOf(column, true)) : 0;
    // A hair of room, so that rounding never pushes a word that just fits onto two lines.
    return Math.max(header, footer, ...cells) + 2 * padding + 0.5;
  });
  for (let index = 0; index < widths.length; index += 1) {
    let deficit = needs[index]! - widths[index]!;
    if (deficit <= 0) continue;
    const slack = widths.map((width, other) => (other === index ? 0 : Math.max(0, width - Math.max(needs[other]!, 0))));
    const available = slack.reduce((sum, room) => sum + room, 0);
    if (available <= 0) continue;
    deficit = Math.min(deficit, available);
    slack.forEach((room, other) => {
      widths[other]! -= (room / available) * deficit;
    });
    widths[index]! += deficit;
  }
  return widths;
}
