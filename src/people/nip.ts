/**
 * NIP (Nomor Induk Pegawai), the 18-digit civil-servant number: birth date (YYYYMMDD),
 * appointment month (YYYYMM, "TMT CPNS"), gender digit (1 man, 2 woman), then a 3-digit sequence.
 */
export interface NipParts {
  birthDate: string;
  appointment: string;
  gender: 'L' | 'P';
  sequence: string;
}

export type NipProblem = 'length' | 'birth-date' | 'appointment' | 'gender';
export type NipCheck = { ok: true; nip: string; parts: NipParts } | { ok: false; problem: NipProblem };

/** Checks a NIP (spaces and dots allowed, as printed on letters) and returns its 18 digits and parts. */
export function parseNip(text: string): NipCheck {
  const nip = text.replace(/[\s.]/g, '');
  if (!/^\d{18}$/.test(nip)) return { ok: false, problem: 'length' };
  const [birthYear, birthMonth, birthDay] = [nip.slice(0, 4), nip.slice(4, 6), nip.slice(6, 8)].map(Number) as [number, number, number];
  if (!isRealDate(birthYear, birthMonth, birthDay) || birthYear < 1900) return { ok: false, problem: 'birth-date' };
  const appointmentYear = Number(nip.slice(8, 12));
  const appointmentMonth = Number(nip.slice(12, 14));
  if (appointmentMonth < 1 || appointmentMonth > 12 || appointmentYear < birthYear) return { ok: false, problem: 'appointment' };
  const genderDigit = nip[14];
  if (genderDigit !== '1' && genderDigit !== '2') return { ok: false, problem: 'gender' };
  return {
    ok: true,
    nip,
    parts: {
      birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
      appointment: `${nip.slice(8, 12)}-${nip.slice(12, 14)}`,
      gender: genderDigit === '1' ? 'L' : 'P',
      sequence: nip.slice(15),
    },
  };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
