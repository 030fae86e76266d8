/**
 * Breaking text into lines that fit a width. Words go whole onto a line when they can; a token
 * longer than the line (a path, a checksum, a URL) is broken, preferably after "/", "-", "_" or ".".
 */
import type { TypeFace } from './typeface.js';

/** Splits `text` into lines no wider than `maxWidth` points at `size`; "\n" forces a break. */
export function wrapText(text: string, face: TypeFace, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) wrapParagraph(paragraph, face, size, maxWidth, lines);
  return lines;
}

function wrapParagraph(paragraph: string, face: TypeFace, size: number, maxWidth: number, lines: string[]): void {
  const words = paragraph.split(/ +/).filter((word) => word.length > 0);
  if (words.length === 0) {
    lines.push('');
    return;
  }
  const spaceWidth = face.widthOf(' ', size);
  let line = '';
  let lineWidth = 0;
  for (const word of words) {
    const wordWidth = face.widthOf(word, size);
    if (line && lineWidth + spaceWidth + wordWidth <= maxWidth) {
      line += ` ${word}`;
      lineWidth += spaceWidth + wordWidth;
      continue;
    }
    if (line) lines.push(line);
    if (wordWidth <= maxWidth) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    const pieces = breakLongWord(word, face, size, maxWidth);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
    lineWidth = face.widthOf(line, size);
  }
  if (line) lines.push(line);
}

const BREAK_AFTER = new Set(['/', '-', '_', '.', ',', ':', '\\']);

/** Breaks a token wider than the line into pieces that fit, at a separator when one is near. */
function breakLongWord(word: string, face: TypeFace, size: number, maxWidth: number): string[] {
  const chars = Array.from(word);
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let width = 0;
    let end = start;
    let lastBreak = -1;
    while (end < chars.length) {
      const charWidth = face.widthOf(chars[end]!, size);
      if (width + charWidth > maxWidth && end > start) break;
      width += charWidth;
      if (BREAK_AFTER.has(chars[end]!)) lastBreak = end + 1;
      end += 1;
    }
    // Prefer a separator if it keeps at least half the line filled.
    if (end < chars.length && lastBreak > start && lastBreak - start >= (end - start) / 2) end = lastBreak;
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}
