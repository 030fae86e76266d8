import { describe, expect, it } from 'vitest';
import { parsePeopleCsv } from '../../src/people/import-csv.js';

const roles = new Set(['kabid_pjkkd', 'administrator']);

describe('parsePeopleCsv', () => {
  it('keeps the good rows and reports each bad one by line and column', () => {
    const csv = [
      'nama,nip,nomor_hp,email,satker,telegram_id,slack_id,peran',
      'Dewi Lestari,19770402 200212 2 001,0812-5601-1006,Dewi@Contoh.go.id,PPIKSN,1001,,kabid_pjkkd',
      'Salah NIP,197704022002123001,,,,,,',
      'Rudi Hermawan,198806112012121001,+62 812 5601 1008,,PPIKSN,,U123,administrator;kabid_pjkkd',
      'Peran Asing,198806112012121002,12345,bukan-email,,,,kepala_dunia',
      'Dobel,198806112012121001,,,,,,',
    ].join('\n');
    const { people, problems } = parsePeopleCsv(csv, roles, 'id');
    expect(people.map((person) => [person.name, person.nip, person.mobile, person.email, person.roles])).toEqual([
      ['Dewi Lestari', '197704022002122001', '+6281256011006', 'dewi@contoh.go.id', ['kabid_pjkkd']],
      ['Rudi Hermawan', '198806112012121001', '+6281256011008', undefined, ['administrator', 'kabid_pjkkd']],
    ]);
    expect(problems).toEqual([
      { line: 3, field: 'nip', message: 'NIP tidak sah: angka ke-15 harus 1 (laki-laki) atau 2 (perempuan)' },
      { line: 5, field: 'nomor_hp', message: expect.stringContaining('nomor HP tidak dikenali') },
      { line: 5, field: 'email', message: 'alamat email tidak sah' },
      { line: 5, field: 'peran', message: expect.stringContaining('peran "kepala_dunia" tidak dikenal') },
      { line: 6, field: 'nip', message: 'NIP ini sudah dipakai di baris 4' },
    ]);
  });

  it('explains a sheet without the required columns', () => {
    expect(parsePeopleCsv('name,id\nA,1\n', roles, 'en').problems).toEqual([{ line: 1, field: '-', message: 'the CSV header must contain the columns: nama, nip' }]);
  });
});
