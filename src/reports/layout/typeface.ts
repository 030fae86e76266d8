/**
 * Measuring and encoding text with embedded TrueType fonts, fast. pdf-lib's `drawText` runs the
 * full OpenType layout for every call (~0.1 ms), which made a 300-row table take over a second.
 * Here a font file is parsed once per process and each character's width is cached there;
 * drawing only records which font sets which text, and the fonts a document actually used are
 * embedded (as subsets) and each distinct character encoded once, when the pages are written.
 * A character the main font lacks comes from a fallback font. Kerning and ligatures are not
 * applied: the documents are set like a typed letter, and text extraction stays exact.
 */
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import type { ReportFontFiles } from '../fonts.js';

interface FontkitFont {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
}

const parsedFonts = new WeakMap<Uint8Array, unknown>();

/**
 * fontkit, but parsing each font file only once per process. pdf-lib parses the font again for
 * every document it embeds it in, which cost more than drawing a 300-row table; a parsed font is
 * only read afterwards (each document makes its own subset), so sharing it is safe.
 */
export const cachingFontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string): ReturnType<typeof fontkit.create> {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsedFonts.get(buffer) as ReturnType<typeof fontkit.create> | undefined;
    if (!font) {
      font = fontkit.create(buffer);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

/** A font file, parsed once per process, with its widths cached. Shared by all documents. */
export class FontProgram {
  private static readonly programs = new WeakMap<Uint8Array, FontProgram>();
  private readonly widths = new Map<string, number>();
  private readonly font: FontkitFont;

  private constructor(readonly bytes: Uint8Array) {
    this.font = cachingFontkit.create(bytes) as unknown as FontkitFont;
  }

  /** The program of these font bytes (parsed on first use). */
  static of(bytes: Uint8Array): FontProgram {
    let program = FontProgram.programs.get(bytes);
    if (!program) {
      program = new FontProgram(bytes);
      FontProgram.programs.set(bytes, program);
    }
    return program;
  }

  has(codePoint: number): boolean {
    return this.font.hasGlyphForCodePoint(codePoint);
  }

  /** The advance width of one character at size 1. */
  widthOf(char: string): number {
    let width = this.widths.get(char);
    if (width === undefined) {
      width = this.font.glyphForCodePoint(char.codePointAt(0)!).advanceWidth / this.font.unitsPerEm;
      this.widths.set(char, width);
    }
    return width;
  }
}

/** A stretch of text set in one font. `width` is at size 1. */
export interface TextRun {
  program: FontProgram;
  text: string;
  width: number;
}

/** A font with fallbacks: measures text and splits it into runs by the font that has each character. */
export class TypeFace {
  private readonly programOfChar = new Map<string, FontProgram>();

  constructor(
    readonly primary: FontProgram,
    readonly fallbacks: readonly FontProgram[] = [],
  ) {}

  /** The width of `text` at `size` points. */
  widthOf(text: string, size: number): number {
    let width = 0;
    for (const char of text) width += this.programFor(char).widthOf(char);
    return width * size;
  }

  /** Splits `text` into runs, each set in one font. */
  runsOf(text: string): TextRun[] {
    const runs: TextRun[] = [];
    let current: TextRun | undefined;
    for (const char of text) {
      const program = this.programFor(char);
      if (!current || current.program !== program) {
        current = { program, text: '', width: 0 };
        runs.push(current);
      }
      current.text += char;
      current.width += program.widthOf(char);
    }
    return runs;
  }

  private programFor(char: string): FontProgram {
    let program = this.programOfChar.get(char);
    if (!program) {
      const codePoint = char.codePointAt(0)!;
      // Spaces and controls come from the primary font so that word gaps stay even.
      program =
        this.primary.has(codePoint) || codePoint <= 0x20 ? this.primary : this.fallbacks.find((f) => f.has(codePoint)) ?? this.primary;
      this.programOfChar.set(char, program);
    }
    return program;
  }
}

/** A font program embedded in one document, with the glyph codes of each character cached. */
export class EmbeddedFont {
  private readonly hexes = new Map<string, string>();

  constructor(
    readonly pdfFont: PDFFont,
    /** The resource name content streams use for it ("CdF1"). */
    readonly key: string,
  ) {}

  /** The glyph codes of `text` as hex digits (Identity-H: four digits a glyph). */
  hexOf(text: string): string {
    let hex = '';
    for (const char of text) {
      let code = this.hexes.get(char);
      if (code === undefined) {
        // encodeText also adds the glyph to the subset and to the ToUnicode map.
        code = this.pdfFont.encodeText(char).toString().slice(1, -1);
        this.hexes.set(char, code);
      }
      hex += code;
    }
    return hex;
  }
}

/** Embeds font programs into one document on first use. */
export class FontEmbedder {
  private readonly embedded = new Map<FontProgram, EmbeddedFont>();

  constructor(private readonly doc: PDFDocument) {}

  /** The embedded font of a program, embedding it (as a subset) if this is its first use. */
  async embed(program: FontProgram): Promise<EmbeddedFont> {
    let font = this.embedded.get(program);
    if (!font) {
      font = new EmbeddedFont(await this.doc.embedFont(program.bytes, { subset: true }), `CdF${this.embedded.size + 1}`);
      this.embedded.set(program, font);
    }
    return font;
  }
}

/** The typefaces a document sets its text in. */
export interface Faces {
  regular: TypeFace;
  bold: TypeFace;
  italic: TypeFace;
  /** Narrow sans for table cells. */
  table: TypeFace;
  tableBold: TypeFace;
  mono: TypeFace;
}

/** The font files, by role. */
export type FaceFiles = ReportFontFiles;

const facesByFiles = new WeakMap<FaceFiles, Faces>();

/** Builds the typefaces with their fallbacks; the same files give the same (cached) faces. */
export function buildFaces(files: FaceFiles): Faces {
  const cached = facesByFiles.get(files);
  if (cached) return cached;
  const p = (bytes: Uint8Array): FontProgram => FontProgram.of(bytes);
  const sans = p(files.sans);
  const sansBold = p(files.sansBold);
  const faces: Faces = {
    regular: new TypeFace(p(files.serif), [sans]),
    bold: new TypeFace(p(files.serifBold), [sansBold, sans]),
    italic: new TypeFace(p(files.serifItalic), [p(files.serif), sans]),
    table: new TypeFace(p(files.sansCondensed), [sans]),
    tableBold: new TypeFace(p(files.sansCondensedBold), [sansBold, sans]),
    mono: new TypeFace(p(files.mono), [sans]),
  };
  facesByFiles.set(files, faces);
  return faces;
}
