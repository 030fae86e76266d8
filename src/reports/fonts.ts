/**
 * The TrueType fonts embedded in every document: DejaVu (Bitstream Vera licence, which allows
 * embedding), shipped by the npm package `dejavu-fonts-ttf`, so a fresh `npm install` has them.
 * Serif for the text, as letters on paper usually are; Sans as the fallback for what Serif lacks
 * (check boxes ☐☒, Arabic); Sans Condensed for table cells, where width is scarce; Sans Mono for
 * checksums. pdf-lib's standard fonts cannot encode
 * most characters outside Latin-1, so they are never used.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The raw bytes of the font files a document embeds (only the glyphs used end up in the PDF). */
export interface ReportFontFiles {
  serif: Uint8Array;
  serifBold: Uint8Array;
  serifItalic: Uint8Array;
  sans: Uint8Array;
  sansBold: Uint8Array;
  sansCondensed: Uint8Array;
  sansCondensedBold: Uint8Array;
  mono: Uint8Array;
}

const FILES: Record<keyof ReportFontFiles, string> = {
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  serifItalic: 'DejaVuSerif-Italic.ttf',
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  sansCondensed: 'DejaVuSansCondensed.ttf',
  sansCondensedBold: 'DejaVuSansCondensed-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
};

let loading: Promise<ReportFontFiles> | undefined;

/** Where the DejaVu TTF files are on this machine. */
export function resolveFontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** Reads the fonts once per process; later calls share the same bytes. */
export function loadReportFonts(): Promise<ReportFontFiles> {
  loading ??= readFonts().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readFonts(): Promise<ReportFontFiles> {
  const directory = resolveFontDirectory();
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([key, file]) => [key, new Uint8Array(await readFile(join(directory, file)))] as const),
  );
  return Object.fromEntries(entries) as unknown as ReportFontFiles;
}
