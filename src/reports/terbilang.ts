/**
 * Numbers and dates in words ("terbilang"), as official Indonesian documents write them:
 * "Pada hari ini, Senin, tanggal dua puluh tiga, bulan November, tahun dua ribu dua puluh enam".
 *
 * Standard forms chosen (and kept everywhere): "sebelas", "seratus", "seribu" use the prefix
 * se- for one ten/hundred/thousand; from a million up the count is written out: "satu juta",
 * "satu miliar", "satu triliun" (the form used on cheques and in letters; "sejuta" is colloquial).
 * Inside a larger number a thousands group of exactly one is still "seribu" ("satu juta seribu"),
 * but a group that merely ends in one is counted ("dua ratus satu ribu").
 */

const UNITS = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'] as const;

/** Scales above a thousand, each a thousand times the one before. */
const SCALES = [
  { value: 1e12, word: 'triliun' },
  { value: 1e9, word: 'miliar' },
  { value: 1e6, word: 'juta' },
] as const;

/** The largest number written in words: just under a thousand trillion. */
export const MAX_TERBILANG = 999_999_999_999_999;

/** Writes a whole number from 0 to {@link MAX_TERBILANG} in Indonesian words ("dua ribu dua puluh enam"). */
export function terbilang(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TERBILANG) {
    throw new RangeError(`terbilang: expected a whole number from 0 to ${MAX_TERBILANG}, got ${value}`);
  }
  if (value === 0) return UNITS[0];
  return spell(value);
}

function spell(value: number): string {
  const words: string[] = [];
  let rest = value;
  for (const scale of SCALES) {
    const count = Math.floor(rest / scale.value);
    if (count > 0) {
      words.push(`${spellBelowThousand(count)} ${scale.word}`);
      rest -= count * scale.value;
    }
  }
  const thousands = Math.floor(rest / 1000);
  if (thousands === 1) words.push('seribu');
  else if (thousands > 1) words.push(`${spellBelowThousand(thousands)} ribu`);
  rest %= 1000;
  if (rest > 0) words.push(spellBelowThousand(rest));
  return words.join(' ');
}

function spellBelowThousand(value: number): string {
  const words: string[] = [];
  const hundreds = Math.floor(value / 100);
  if (hundreds === 1) words.push('seratus');
  else if (hundreds > 1) words.push(`${UNITS[hundreds]} ratus`);
  const belowHundred = value % 100;
  if (belowHundred > 0) words.push(spellBelowHundred(belowHundred));
  return words.join(' ');
}

function spellBelowHundred(value: number): string {
  if (value < 10) return UNITS[value]!;
  if (value === 10) return 'sepuluh';
  if (value === 11) return 'sebelas';
  if (value < 20) return `${UNITS[value - 10]} belas`;
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return ones === 0 ? `${UNITS[tens]} puluh` : `${UNITS[tens]} puluh ${UNITS[ones]}`;
}
