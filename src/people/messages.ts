import { defineMessages } from '../i18n/messages.js';

export const peopleMessages = defineMessages(
  {
    nameMissing: () => 'nama wajib diisi',
    nip: {
      length: () => 'NIP harus 18 angka, misalnya 19850412 201001 1 003',
      'birth-date': () => 'NIP tidak sah: 8 angka pertama harus tanggal lahir yang benar (TTTTBBHH)',
      appointment: () => 'NIP tidak sah: angka ke-9 s.d. 14 harus tahun dan bulan pengangkatan yang benar (TTTTBB)',
      gender: () => 'NIP tidak sah: angka ke-15 harus 1 (laki-laki) atau 2 (perempuan)',
    },
    mobile: () => 'nomor HP tidak dikenali (tulis seperti 0812 3456 7890)',
    email: () => 'alamat email tidak sah',
    unknownRole: (role: string, known: string) => `peran "${role}" tidak dikenal; gunakan salah satu dari: ${known}`,
    duplicateNip: (line: string) => `NIP ini sudah dipakai di ${line}`,
    csvHeader: (missing: string) => `baris judul CSV harus memuat kolom: ${missing}`,
    csvSyntax: (detail: string) => `CSV tidak dapat dibaca: ${detail}`,
    unknownPerson: (nip: string) => `tidak ada orang dengan NIP ${nip}`,
    dateOrder: () => 'tanggal "until" harus sama atau sesudah "from"',
    line: (line: number) => `baris ${line}`,
    entry: (index: number) => `people[${index}]`,
  },
  {
    nameMissing: () => 'name is required',
    nip: {
      length: () => 'a NIP has 18 digits, e.g. 19850412 201001 1 003',
      'birth-date': () => 'invalid NIP: the first 8 digits must be a real birth date (YYYYMMDD)',
      appointment: () => 'invalid NIP: digits 9 to 14 must be a real appointment year and month (YYYYMM)',
      gender: () => 'invalid NIP: digit 15 must be 1 (male) or 2 (female)',
    },
    mobile: () => 'mobile number not recognised (write it like 0812 3456 7890)',
    email: () => 'invalid email address',
    unknownRole: (role: string, known: string) => `unknown role "${role}"; use one of: ${known}`,
    duplicateNip: (line: string) => `this NIP is already used at ${line}`,
    csvHeader: (missing: string) => `the CSV header must contain the columns: ${missing}`,
    csvSyntax: (detail: string) => `the CSV cannot be read: ${detail}`,
    unknownPerson: (nip: string) => `no person has NIP ${nip}`,
    dateOrder: () => '"until" must be on or after "from"',
    line: (line: number) => `line ${line}`,
    entry: (index: number) => `people[${index}]`,
  },
);
