/**
 * Whether the documents can print a text (a name): every character must be one the embedded
 * DejaVu fonts draw, in a script the documents lay out (src/workflow/printable-ranges.ts,
 * generated from the fonts by scripts/font-coverage.ts). Pure, so the form can check a name
 * when it is typed instead of the PDF showing boxes.
 */
import { PRINTABLE_RANGES } from './printable-ranges.js';

/** Whether one code point is printable. */
export function isPrintableCodePoint(codePoint: number): boolean {
  let low = 0;
  let high = PRINTABLE_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = PRINTABLE_RANGES[middle]!;
    if (codePoint < from) high = middle - 1;
    else if (codePoint > to) low = middle + 1;
    else return true;
  }
  return false;
}

/** The distinct characters of `text` that the documents cannot print, in order of appearance; none for a printable text. */
export function unprintableCharacters(text: string): string[] {
  const found: string[] = [];
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    if (!isPrintableCodePoint(char.codePointAt(0)!) && !found.includes(char)) found.push(char);
  }
  return found;
}
