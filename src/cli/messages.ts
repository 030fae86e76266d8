import { defineMessages } from '../i18n/messages.js';

/** "2 jam 17 menit", "1 hari 3 jam": a duration as people say it; minutes only under an hour. */
function lateness(minutes: number, units: { day: string; hour: string; minute: string }, plural: (n: number, word: string) => string): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days > 0 ? plural(days, units.day) : '', hours > 0 ? plural(hours, units.hour) : '', days === 0 && (rest > 0 || hours === 0) ? plural(rest, units.minute) : ''];
  return parts.filter(Boolean).join(' ');
}

const sameWord = (n: number, word: string) => `${n} ${word}`;
const englishPlural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const cliMessages = defineMessages(
  {
    program: () => 'Cadang: SOP backup server melalui chat',
    helpOption: () => 'tampilkan bantuan perintah ini',
    helpCommand: () => 'tampilkan bantuan sebuah perintah',
    usageOptions: () => '[opsi]',
    usageCommand: () => '[perintah]',
    jsonOption: () => 'keluaran JSON untuk pemantauan (kunci tetap, waktu ISO)',
    sopDescription: () => 'definisi SOP',
    sopFiles: () => 'berkas definisi SOP (YAML atau JSON)',
    sopValidateDescription: () => 'memeriksa definisi SOP dan menyebut setiap masalah beserta barisnya',
    sopValid: (file: string, title: string, number: string, version: number, steps: number) => `✓ ${file}: ${title} (${number}) versi ${version}, ${steps} langkah, sah.`,
    sopInvalid: (file: string, count: number) => `✗ ${file}: ${count} masalah`,
    sopProblem: (where: string, path: string, message: string) => `  - ${where}${path === '(file)' ? '' : ` ${path}`}: ${message}`,
    sopListDescription: () => 'daftar SOP yang dimuat: nomor, judul, instansi, jumlah langkah dan berkas asalnya',
    sopListHeaders: () => ['NOMOR SOP', 'JUDUL', 'INSTANSI', 'VERSI', 'LANGKAH', 'BERKAS'],
    builtin: (file: string) => `bawaan (${file})`,
    requestDescription: () => 'permohonan dan jalannya SOP',
    requestId: () => 'nomor (mis. 12 atau #12) atau id permohonan',
    requestShowDescription: () => 'menampilkan jejak lengkap sebuah permohonan (waktu WIB)',
    unknownRequest: (reference: string) => `permohonan ${reference} tidak ditemukan`,
    waitingAt: (step: string, role: string) => `Menunggu: ${step} — ${role}`,
    finishedWith: (outcome: string) => `Selesai: ${outcome}`,
    outcomes: { approved: 'disetujui', rejected: 'ditolak', postponed: 'ditunda', none: 'selesai tanpa keputusan' } as Record<string, string>,
    overdueDescription: () => 'menampilkan langkah yang melewati batas waktunya, dengan pemegang perannya',
    noneOverdue: () => 'Tidak ada langkah yang terlambat.',
    overdueLine: (number: number, sop: string, step: string, role: string, people: string, late: string, due: string) =>
      `#${number} ${sop} — ${step} — ${role} (${people}), terlambat ${late} (batas ${due})`,
    late: (minutes: number) => lateness(minutes, { day: 'hari', hour: 'jam', minute: 'menit' }, sameWord),
    nobodyHolds: () => 'belum ada pemegang peran',
    peopleDescription: () => 'pegawai dan peran',
    csvFile: () => 'berkas CSV: nama,nip,nomor_hp,email,satker,telegram_id,slack_id,peran',
    importDescription: () => 'mengimpor pegawai dan perannya; baris yang salah dilaporkan, baris yang benar tetap disimpan',
    imported: (count: number) => `${count} orang disimpan.`,
    peopleListDescription: () => 'daftar pegawai dan perannya',
    migrateDescription: () => 'menerapkan migrasi basis data yang belum diterapkan',
    migrated: () => 'Basis data mutakhir.',
  },
  {
    program: () => 'Cadang: server-backup SOPs through chat',
    helpOption: () => 'show help for this command',
    helpCommand: () => 'show help for a command',
    usageOptions: () => '[options]',
    usageCommand: () => '[command]',
    jsonOption: () => 'JSON output for monitoring (stable keys, ISO times)',
    sopDescription: () => 'SOP definitions',
    sopFiles: () => 'SOP definition files (YAML or JSON)',
    sopValidateDescription: () => 'check SOP definitions and list every problem with its line',
    sopValid: (file: string, title: string, number: string, version: number, steps: number) => `✓ ${file}: ${title} (${number}) version ${version}, ${steps} steps, valid.`,
    sopInvalid: (file: string, count: number) => `✗ ${file}: ${count} ${count === 1 ? 'problem' : 'problems'}`,
    sopProblem: (where: string, path: string, message: string) => `  - ${where}${path === '(file)' ? '' : ` ${path}`}: ${message}`,
    sopListDescription: () => 'list the loaded SOPs: number, title, institution, steps and source file',
    sopListHeaders: () => ['SOP NUMBER', 'TITLE', 'INSTITUTION', 'VERSION', 'STEPS', 'FILE'],
    builtin: (file: string) => `built in (${file})`,
    requestDescription: () => 'requests and SOP runs',
    requestId: () => 'number (e.g. 12 or #12) or id of the request',
    requestShowDescription: () => 'print the full trail of a request (times in WIB)',
    unknownRequest: (reference: string) => `request ${reference} not found`,
    waitingAt: (step: string, role: string) => `Waiting: ${step} — ${role}`,
    finishedWith: (outcome: string) => `Finished: ${outcome}`,
    outcomes: { approved: 'approved', rejected: 'rejected', postponed: 'postponed', none: 'finished without a decision' } as Record<string, string>,
    overdueDescription: () => 'list the steps past their due time, with the people who hold the role',
    noneOverdue: () => 'No step is overdue.',
    overdueLine: (number: number, sop: string, step: string, role: string, people: string, late: string, due: string) =>
      `#${number} ${sop} — ${step} — ${role} (${people}), overdue by ${late} (due ${due})`,
    late: (minutes: number) => lateness(minutes, { day: 'day', hour: 'hour', minute: 'minute' }, englishPlural),
    nobodyHolds: () => 'nobody holds this role yet',
    peopleDescription: () => 'people and roles',
    csvFile: () => 'CSV file: nama,nip,nomor_hp,email,satker,telegram_id,slack_id,peran',
    importDescription: () => 'import people and their roles; bad rows are reported, good rows are kept',
    imported: (count: number) => `${count} ${count === 1 ? 'person' : 'people'} saved.`,
    peopleListDescription: () => 'list people and their roles',
    migrateDescription: () => 'apply pending database migrations',
    migrated: () => 'The database is up to date.',
  },
);
