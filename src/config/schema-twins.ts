/**
 * The Indonesian of the sentences the configuration's schemas write in English next to their
 * rules (src/config/schema.ts, src/backup/config.ts, src/reports/config.ts). A schema sentence
 * with no twin here is shown in English; test/config/load-config.test.ts checks the common ones.
 */
import type { SchemaMessageTwin } from '../workflow/schema-messages.js';

export const configSchemaTwins: readonly SchemaMessageTwin[] = [
  ['write the date as YYYY-MM-DD, e.g. 2026-12-01', 'tulis tanggal sebagai TTTT-BB-HH, mis. 2026-12-01'],
  ['use lower-case letters, digits and "-"', 'gunakan huruf kecil, angka dan "-"'],
  [
    'use lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit',
    'gunakan huruf kecil, angka, ".", "_" atau "-" (paling banyak 63), diawali huruf atau angka',
  ],
  ['must be an absolute path (starting with "/")', 'harus jalur lengkap (diawali "/")'],
  ['an environment variable name such as SIMPEG_DB_PASSWORD', 'nama variabel lingkungan seperti SIMPEG_DB_PASSWORD'],
  [
    'literal passwords are not allowed in the configuration; use passwordEnv: VAR_NAME or passwordFile: /path (mode 0600)',
    'kata sandi tidak boleh ditulis langsung di konfigurasi; gunakan passwordEnv: NAMA_VARIABEL atau passwordFile: /jalur (mode 0600)',
  ],
  ['give either passwordEnv or passwordFile, not both', 'isi passwordEnv atau passwordFile, jangan keduanya'],
  ['list at least one folder or file to back up', 'sebutkan setidaknya satu folder atau berkas yang di-backup'],
  [
    'SQLite files are copied with the SQLite backup API on this host; remote SQLite targets are not supported',
    'berkas SQLite disalin dengan API backup SQLite di server ini; target SQLite di server lain tidak didukung',
  ],
  [
    'rsync cannot copy between two remote hosts: set via on the source or on mirrorTo, not both',
    'rsync tidak dapat menyalin antara dua server jauh: isi via pada sumber atau pada mirrorTo, jangan keduanya',
  ],
  ['letters, digits, ".", "_" or "-"', 'huruf, angka, ".", "_" atau "-"'],
  [/^target name "(.*)" is used twice$/, (name) => `nama target "${name}" dipakai dua kali`],
  [/^unknown SSH host "(.*)"; add it under backup\.sshHosts$/, (host) => `server SSH "${host}" tidak dikenal; tambahkan di backup.sshHosts`],
  [/^unknown medium "(.*)"; use "internal" or a label under backup\.media$/, (label) => `media "${label}" tidak dikenal; gunakan "internal" atau label di backup.media`],
  [
    /^a number pattern must contain \{seq\}/,
    'pola nomor harus memuat {seq} (atau {seq:3} untuk 001, 002, …), mis. "{seq:3}/BA-BACKUP/PTID/{year}"',
  ],
  [/^give at least one letterhead line/, 'tulis setidaknya satu baris kop surat, mis. nama instansi'],
  ['the logo must be a .png, .jpg or .jpeg file', 'logo harus berkas .png, .jpg atau .jpeg'],
  [
    /^unknown time zone; use an IANA name/,
    'zona waktu tidak dikenal; gunakan nama IANA seperti "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA) atau "Asia/Jayapura" (WIT)',
  ],
  // schedules:
  ['name at least one role that may change schedules, e.g. [kepala_ptid]', 'sebutkan setidaknya satu peran yang boleh mengubah jadwal, mis. [kepala_ptid]'],
  ['write whole minutes, e.g. 5', 'tulis menit bulat, mis. 5'],
  ['the grace period is at least 1 minute', 'masa tenggang paling sedikit 1 menit'],
  ['the grace period is at most 1440 minutes (one day)', 'masa tenggang paling lama 1440 menit (satu hari)'],
  [
    'write a cron expression of 5 fields (minute hour day month weekday), e.g. "0 2 * * 1-5", or 6 with seconds first',
    'tulis ekspresi cron 5 bagian (menit jam tanggal bulan hari), mis. "0 2 * * 1-5", atau 6 bagian dengan detik di depan',
  ],
  ['name a role key such as "petugas_backup", or null to send no reminder', 'tulis kunci peran seperti "petugas_backup", atau null bila tidak ada pengingat'],
  [
    'write a cron expression of 5 fields (minute hour day month weekday), e.g. "30 7 * * 1" for Monday 07.30',
    'tulis ekspresi cron 5 bagian (menit jam tanggal bulan hari), mis. "30 7 * * 1" untuk Senin pukul 07.30',
  ],
];
