import { describe, expect, it } from 'vitest';
import { splitMessageText, telegramTextLimit, truncateText } from '../../../src/bots/telegram/split-text.js';

describe('splitMessageText (Telegram takes at most 4096 characters a message)', () => {
  it('keeps a text that fits as one piece, even exactly 4096 characters', () => {
    expect(splitMessageText('halo')).toEqual(['halo']);
    const full = 'a'.repeat(telegramTextLimit);
    expect(splitMessageText(full)).toEqual([full]);
  });

  it('cuts long text at line breaks, every piece within the limit, nothing lost', () => {
    const lines = Array.from({ length: 600 }, (_, index) => `${index + 1}. Target simpeg-db-${index} — tersalin`);
    const text = lines.join('\n');
    const pieces = splitMessageText(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join('\n')).toBe(text);
    expect(pieces.every((piece) => !piece.startsWith('\n') && piece.split('\n').every((line) => lines.includes(line)))).toBe(true);
  });

  it('falls back to spaces, then to a hard cut, and never splits a surrogate pair', () => {
    const words = Array.from({ length: 2000 }, () => 'cadangan').join(' ');
    const pieces = splitMessageText(words);
    expect(pieces.every((piece) => piece.length <= 4096 && !piece.startsWith(' ') && !piece.endsWith(' '))).toBe(true);
    expect(pieces.join(' ')).toBe(words);

    const emoji = '📦'.repeat(3000); // 6000 UTF-16 units, no separators
    const cut = splitMessageText(emoji);
    expect(cut.join('')).toBe(emoji);
    for (const piece of cut) {
      expect(piece.length).toBeLessThanOrEqual(4096);
      expect([...piece].every((char) => char === '📦')).toBe(true);
    }
  });

  it('splits by a smaller limit too', () => {
    expect(splitMessageText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(splitMessageText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('truncateText shortens with an ellipsis to exactly the limit', () => {
    expect(truncateText('pendek', 4096)).toBe('pendek');
    const long = truncateText('x'.repeat(5000), 4096);
    expect(long).toHaveLength(4096);
    expect(long.endsWith('…')).toBe(true);
  });
});
