import { describe, expect, it } from 'vitest';
import { formatDateInWords, formatMonthName, spellCalendarDate, toWallClock } from '../../src/reports/dates.js';
import { terbilang } from '../../src/reports/terbilang.js';
import { spellNumberEnglish, spellOrdinalEnglish } from '../../src/reports/words-en.js';

const DAYS = [
  'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh',
  'sebelas', 'dua belas', 'tiga belas', 'empat belas', 'lima belas', 'enam belas', 'tujuh belas', 'delapan belas', 'sembilan belas', 'dua puluh',
  'dua puluh satu', 'dua puluh dua', 'dua puluh tiga', 'dua puluh empat', 'dua puluh lima', 'dua puluh enam', 'dua puluh tujuh', 'dua puluh delapan', 'dua puluh sembilan', 'tiga puluh',
  'tiga puluh satu',
];

describe('terbilang', () => {
  it('spells every day of the month', () => {
    DAYS.forEach((words, index) => expect(terbilang(index + 1)).toBe(words));
  });

  it('names every month', () => {
    expect(Array.from({ length: 12 }, (_, i) => formatMonthName(i + 1))).toEqual([
      'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
    ]);
  });

  it.each([
    [1900, 'seribu sembilan ratus'],
    [1945, 'seribu sembilan ratus empat puluh lima'],
    [1999, 'seribu sembilan ratus sembilan puluh sembilan'],
    [2000, 'dua ribu'],
    [2001, 'dua ribu satu'],
    [2010, 'dua ribu sepuluh'],
    [2011, 'dua ribu sebelas'],
    [2026, 'dua ribu dua puluh enam'],
    [2100, 'dua ribu seratus'],
  ])('spells the year %i', (year, words) => expect(terbilang(year)).toBe(words));

  it('spells every year 1900–2100 consistently', () => {
    for (let year = 1900; year <= 2100; year += 1) {
      const words = terbilang(year);
      expect(words).toMatch(/^(seribu|dua ribu)( |$)/);
      expect(words).not.toMatch(/satu (ratus|ribu|puluh|belas)|nol|  /);
      // The words of the last three digits are those of the number alone.
      const rest = year % 1000;
      expect(words).toBe([year < 2000 ? 'seribu' : 'dua ribu', rest ? terbilang(rest) : ''].filter(Boolean).join(' '));
    }
  });

  it.each([
    [0, 'nol'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [19, 'sembilan belas'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [111, 'seratus sebelas'],
    [999, 'sembilan ratus sembilan puluh sembilan'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [11_000, 'sebelas ribu'],
    [100_000, 'seratus ribu'],
    [201_000, 'dua ratus satu ribu'],
    [1_000_000, 'satu juta'],
    [1_001_000, 'satu juta seribu'],
    [2_500_000, 'dua juta lima ratus ribu'],
    [1_000_000_000, 'satu miliar'],
    [7_250_000_000, 'tujuh miliar dua ratus lima puluh juta'],
    [999_999_999_999, 'sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan'],
    [1_000_000_000_000, 'satu triliun'],
    [3_000_000_001_111, 'tiga triliun seribu seratus sebelas'],
  ])('spells %i', (value, words) => expect(terbilang(value)).toBe(words));

  it('refuses what it cannot spell', () => {
    expect(() => terbilang(-1)).toThrow(RangeError);
    expect(() => terbilang(1.5)).toThrow(RangeError);
    expect(() => terbilang(1e15)).toThrow(RangeError);
  });
});

describe('dates in words', () => {
  it('uses the day in WIB, not UTC', () => {
    // 22 November 2026 18:00 UTC is Monday 23 November 01:00 WIB.
    const moment = new Date('2026-11-22T18:00:00Z');
    expect(formatDateInWords(moment)).toEqual({
      weekday: 'Senin',
      day: 'dua puluh tiga',
      month: 'November',
      year: 'dua ribu dua puluh enam',
      figures: '23-11-2026',
    });
    expect(formatDateInWords(moment, 'id', 'UTC').weekday).toBe('Minggu');
    expect(toWallClock(moment, 'Asia/Makassar').hour).toBe(2);
  });

  it('names every weekday', () => {
    // 1–7 March 2026 run from Sunday to Saturday.
    expect(Array.from({ length: 7 }, (_, i) => spellCalendarDate(2026, 3, i + 1).weekday)).toEqual(['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu']);
  });

  it('spells dates in English for the second locale', () => {
    expect(spellCalendarDate(2026, 11, 23, 'en')).toMatchObject({ weekday: 'Monday', day: 'twenty-third', month: 'November', year: 'two thousand twenty-six' });
    expect([1, 2, 3, 5, 8, 9, 12, 20, 21, 30, 31].map(spellOrdinalEnglish)).toEqual([
      'first', 'second', 'third', 'fifth', 'eighth', 'ninth', 'twelfth', 'twentieth', 'twenty-first', 'thirtieth', 'thirty-first',
    ]);
    expect(spellNumberEnglish(1_234_000_000)).toBe('one billion two hundred thirty-four million');
  });
});
