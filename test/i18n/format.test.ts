import { describe, expect, it } from 'vitest';
import { formatProgressLine } from '../../src/backup/progress-text.js';
import { formatBytes as backupFormatBytes } from '../../src/backup/messages.js';
import { formatBytes, formatDecimal, formatInteger } from '../../src/i18n/format.js';
import { formatBytes as reportFormatBytes } from '../../src/reports/format.js';

describe('one way to print sizes and numbers', () => {
  it('prints a size with Indonesian number formatting, and English for en', () => {
    expect(formatBytes(40_100_000)).toBe('40,1 MB');
    expect(formatBytes(40_100_000, 'en')).toBe('40.1 MB');
    expect(formatBytes(1_500_000)).toBe('1,50 MB');
    expect(formatBytes(1_234_567_890)).toBe('1,23 GB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(999_999)).toBe('1,00 MB'); // rounding carries into the next unit
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(() => formatBytes(-1)).toThrow(RangeError);
    expect(formatInteger(1_234_567)).toBe('1.234.567');
    expect(formatInteger(1_234_567, 'en')).toBe('1,234,567');
    expect(formatDecimal(1.5, 2)).toBe('1,50');
  });

  it('gives chat, the CLI and the documents the same text for the same copy', () => {
    const size = 40_088_371; // once printed "38.2 MiB" in chat and "40,1 MB" in the PDF
    expect(backupFormatBytes(size)).toBe('40,1 MB');
    expect(reportFormatBytes(size)).toBe('40,1 MB');
    expect(formatProgressLine({ target: 'simpeg-db', phase: 'verify', bytesDone: size, rateBytesPerSecond: 0 })).toContain('40,1 MB');
    expect(formatProgressLine({ target: 'simpeg-db', phase: 'verify', bytesDone: size, rateBytesPerSecond: 0 }, 'en')).toContain('40.1 MB');
  });
});
