/**
 * Reads a PDF's text with pdftotext (Debian package poppler-utils), one string per page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of every page, in reading order (or as laid out, with `layout`). Fails clearly when pdftotext is missing. */
export function extractPages(pdf: Uint8Array, options: { layout?: boolean } = {}): string[] {
  const directory = mkdtempSync(join(tmpdir(), 'cadang-pdf-'));
  try {
    const file = join(directory, 'document.pdf');
    writeFileSync(file, pdf);
    let text: string;
    try {
      text = execFileSync('pdftotext', ['-enc', 'UTF-8', ...(options.layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is missing: apt-get install -y poppler-utils');
      throw error;
    }
    return text.split('\f').slice(0, -1);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** All pages' text with runs of whitespace (line breaks of wrapped paragraphs) made one space. */
export function flatten(pages: string[]): string {
  return pages.join(' ').replace(/\s+/g, ' ');
}
