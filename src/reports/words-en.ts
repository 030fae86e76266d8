/**
 * Numbers in English words, for the English locale of the documents ("two thousand twenty-six").
 * British/Indonesian-English style without "and", to mirror the Indonesian sentence closely.
 */

const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;
const SCALES = [
  { value: 1e12, word: 'trillion' },
  { value: 1e9, word: 'billion' },
  { value: 1e6, word: 'million' },
  { value: 1e3, word: 'thousand' },
] as const;

/** Writes a whole number from 0 to just under a thousand trillion in English words. */
export function spellNumberEnglish(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 1e15) {
    throw new RangeError(`spellNumberEnglish: expected a whole number from 0 to 999999999999999, got ${value}`);
  }
  if (value === 0) return ONES[0];
  const words: string[] = [];
  let rest = value;
  for (const scale of SCALES) {
    const count = Math.floor(rest / scale.value);
    if (count > 0) {
      words.push(`${spellBelowThousand(count)} ${scale.word}`);
      rest -= count * scale.value;
    }
  }
  if (rest > 0) words.push(spellBelowThousand(rest));
  return words.join(' ');
}

/** Writes a day of the month as an English ordinal in words ("twenty-third"). */
export function spellOrdinalEnglish(value: number): string {
  const cardinal = spellNumberEnglish(value);
  const irregular: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };
  const match = /([a-z]+)$/.exec(cardinal)!;
  const last = match[1]!;
  const ordinal = irregular[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return cardinal.slice(0, match.index) + ordinal;
}

function spellBelowThousand(value: number): string {
  const words: string[] = [];
  const hundreds = Math.floor(value / 100);
  if (hundreds > 0) words.push(`${ONES[hundreds]} hundred`);
  const rest = value % 100;
  if (rest > 0) {
    if (rest < 20) words.push(ONES[rest]!);
    else words.push(rest % 10 === 0 ? TENS[Math.floor(rest / 10)]! : `${TENS[Math.floor(rest / 10)]}-${ONES[rest % 10]}`);
  }
  return words.join(' ');
}
