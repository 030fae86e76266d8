import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from './console-harness.js';
import { findInternalCodes, internalCodes } from './internal-codes.js';

let session: ConsoleSession;
beforeEach(async () => { session = await ConsoleSession.open(); });
afterEach(async () => {
  // Nothing a person read in the whole run names an internal code (step, choice, outcome, refusal, SOP).
  const codes = internalCodes(session.core.service.definitions, { plainWords: true });
  const transcript = session.transcript.replace(/Perintah \/frobnicate tidak dikenal/g, '');
  await session.close();
  expect(findInternalCodes(transcript, codes)).toEqual([]);
});

/** Siti fills the FM 001 form field by field, with one bad answer and one edit, and sends it. */
async function submitRequest(s: ConsoleSession): Promise<void> {
  await s.as('Siti Rahmawati');
  expect(await s.type('/backup')).toContain('(1/10) Tanggal:');
  expect(await s.type('31-02-2026')).toContain('Tanggal tidak dikenali');
  expect(await s.type('hari ini')).toContain('(2/10) Satker:');
  expect(await s.tap('Pusat Teknologi Keselamatan Reaktor Nuklir')).toContain('(3/10) Nama:');
  await s.tap('Pakai: Siti Rahmawati');
  await s.type('0812-3456-7890');
  expect(await s.type('1992022920150320')).toContain('NIP harus 18 angka');
  await s.tap('Pakai: 199202292015032001');
  expect(await s.type('siti@')).toContain('Alamat email tidak sah');
  expect(await s.type('siti@contoh.go.id')).toContain('(7/10) Nama Server (boleh dikosongkan');
  await s.type('srv-simpeg');
  await s.type('-');
  await s.type('-');
  const summary = await s.type('Migrasi server kepegawaian ke pusat data baru');
  expect(summary).toContain('Periksa permohonan Anda');
  expect(summary).toContain('Nomor HP: +6281234567890');
  expect(summary).toContain('Tanggal: 23-11-2026');
  expect(summary).toContain('Nama Aplikasi: -');
  await s.tap('Ubah');
  expect(await s.tap('Nama Aplikasi')).toContain('Nama Aplikasi');
  const edited = await s.type('SIMPEG');
  expect(edited).toContain('Nama Aplikasi: SIMPEG');
  expect(edited).toContain('Nama Server: srv-simpeg'); // earlier answers kept
  const sent = await s.tap('Kirim');
  expect(sent).toContain('Permohonan #1 terkirim');
  expect(sent).toMatch(/untuk Ir\. Bambang Hartono \(Ka\. PPIKSN\)[\s\S]*Langkah 2: Mendisposisikan permohonan ke Kabid PJKKD[\s\S]*Batas waktu: 24\/11\/2026 09\.00 WIB/);
  expect(sent).toContain('── kanal ──\n📥 Layanan Backup Server (permohonan) #1 diterima dari Siti Rahmawati');
}

async function disposeAndApproveByKabid(s: ConsoleSession): Promise<void> {
  await s.as('Bambang');
  const disposed = await s.tap('Disposisikan ke Kabid PJKKD');
  expect(disposed).toContain('"Disposisikan ke Kabid PJKKD" tercatat untuk permohonan #1');
  expect(disposed).toMatch(/\(diperbarui\) untuk Ir\. Bambang Hartono[\s\S]*✔️ Disposisikan ke Kabid PJKKD — oleh Ir\. Bambang Hartono, 23\/11\/2026 09\.00 WIB/);
  expect(disposed).toMatch(/untuk Siti Rahmawati ──\nℹ️ Permohonan #1: Ka\. PPIKSN — Disposisikan ke Kabid PJKKD/);
  expect(disposed).toMatch(/untuk Dewi Lestari \(Kabid PJKKD\)[\s\S]*Batas waktu: 23\/11\/2026 14\.00 WIB \(5 jam 0 menit lagi, dihitung jam kerja\)/);
}

describe('terminal chat, SOP B (permohonan backup server)', () => {
  it('walks the approve path from /backup to the requester receiving the reply', async () => {
    const s = session;
    await submitRequest(s);
    await s.as('Yusuf Maulana');
    expect(await s.tap('Disposisikan ke Kabid PJKKD')).toContain('Anda tidak memegang peran Ka. PPIKSN');
    await disposeAndApproveByKabid(s);
    await s.as('Dewi Lestari');
    expect(await s.tap('Setujui dan disposisikan ke Kasubbid Komdat')).toMatch(/untuk Agus Salim \(Kasubbid Komdat\)[\s\S]*Langkah 4/);
    await s.as('Agus Salim');
    expect(await s.tap('Setujui dan disposisikan ke Administrator')).toMatch(/untuk Rudi Hermawan \(Administrator\)[\s\S]*Langkah 5: Memproses/);
    await s.as('Rudi Hermawan');
    const picker = await s.tap('Ditindaklanjuti');
    expect(picker).toContain('Pilih target terdaftar');
    // The request names the server "srv-simpeg", an alias of both targets: both come ticked.
    expect(picker).toContain('☑ simpeg-files');
    expect(picker).toContain('☑ simpeg-db');
    expect(await s.tap('☑ simpeg-files')).toContain('☐ simpeg-files');
    const done = await s.tap('Selesai');
    expect(done).toContain('"Ditindaklanjuti" tercatat');
    expect(done).toMatch(/untuk Agus Salim \(Kasubbid Komdat\)[\s\S]*Target terdaftar: simpeg-db[\s\S]*Langkah 6/);
    await s.as('Agus Salim');
    await s.tap('Teruskan laporan ke Kabid PJKKD');
    await s.as('Dewi Lestari');
    expect(await s.tap('Teruskan laporan ke Kabag TU')).toMatch(/untuk Sri Wahyuni \(Kabag TU\)[\s\S]*Langkah 8[\s\S]*Batas waktu: 23\/11\/2026 12\.00 WIB/);
    await s.as('Sri Wahyuni');
    expect(await s.tap('Kirim balasan ke pemohon')).toMatch(/untuk Siti Rahmawati[\s\S]*Langkah 9: Menerima balasan/);
    await s.as('Siti Rahmawati');
    const finished = await s.tap('Balasan diterima');
    expect(finished).toContain('🏁 #1 selesai: disetujui dan ditindaklanjuti');
    expect(finished).toContain('── kanal ──\n🏁 Layanan Backup Server (permohonan) #1 selesai');

    const trail = await s.type('/status 1');
    const lines = trail.split('\n').filter((line) => line.startsWith('23/11/2026'));
    expect(lines.map((line) => line.split(' — ').slice(0, 3).join(' — ').replace(/^\S+ \S+ WIB\s+/, ''))).toEqual([
      'Dimulai — Siti Rahmawati (NIP 199202292015032001, Pemohon)',
      '[1] Mengisi formulir layanan backup server dan mengirim ke Ka. PPIKSN melalui Nota Dinas Ka. Satker — Siti Rahmawati (NIP 199202292015032001, Pemohon) — Kirim permohonan',
      '[2] Mendisposisikan permohonan ke Kabid PJKKD — Yusuf Maulana (NIP 199407082019031003) — Disposisikan ke Kabid PJKKD',
      '[2] Mendisposisikan permohonan ke Kabid PJKKD — Ir. Bambang Hartono (NIP 196908141995031001, Ka. PPIKSN) — Disposisikan ke Kabid PJKKD',
      '[3] Menyeleksi permintaan sesuai kebijakan — Dewi Lestari (NIP 197704022002122001, Kabid PJKKD) — Setujui dan disposisikan ke Kasubbid Komdat',
      '[4] Menyeleksi permintaan sesuai spesifikasi layanan backup server — Agus Salim (NIP 198109302006041002, Kasubbid Komdat) — Setujui dan disposisikan ke Administrator',
      '[5] Memproses permohonan layanan backup server — Rudi Hermawan (NIP 198806112012121001, Administrator) — Ditindaklanjuti',
      '[5] Menjalankan backup target yang dipetakan dan membuat laporan layanan backup — Sistem Cadang — Hasil tugas: berhasil',
      '[6] Menerima laporan layanan backup server dan mengirim ke Kabid PJKKD — Agus Salim (NIP 198109302006041002, Kasubbid Komdat) — Teruskan laporan ke Kabid PJKKD',
      '[7] Menerima laporan layanan backup server dan mengirim ke Kabag TU — Dewi Lestari (NIP 197704022002122001, Kabid PJKKD) — Teruskan laporan ke Kabag TU',
      '[8] Membuat balasan permohonan ke pemohon — Sri Wahyuni (NIP 197312251998032002, Kabag TU) — Kirim balasan ke pemohon',
      '[9] Menerima balasan permohonan layanan backup server — Siti Rahmawati (NIP 199202292015032001, Pemohon) — Balasan diterima',
    ]);
    expect(lines[2]).toContain('DITOLAK SISTEM: tidak memegang peran langkah ini');
    expect(lines[7]).toContain('(pengganti) backup');
  });

  it('Kabid PJKKD rejects with a reason; the reply goes through Kabag TU', async () => {
    const s = session;
    await submitRequest(s);
    await disposeAndApproveByKabid(s);
    await s.as('Dewi Lestari');
    expect(await s.tap('Tolak (balasan melalui Kabag TU)')).toContain('Tulis alasan untuk "Tolak (balasan melalui Kabag TU)" (wajib)');
    const rejected = await s.type('Server tidak termasuk layanan publik');
    expect(rejected).toMatch(/untuk Siti Rahmawati ──\nℹ️ Permohonan #1: Kabid PJKKD — Tolak \(balasan melalui Kabag TU\)\. Alasan: Server tidak termasuk layanan publik/);
    expect(rejected).toMatch(/untuk Sri Wahyuni \(Kabag TU\)[\s\S]*Catatan terakhir — Dewi Lestari, Tolak \(balasan melalui Kabag TU\): Server tidak termasuk layanan publik/);
    await s.as('Sri Wahyuni');
    await s.tap('Kirim balasan ke pemohon');
    await s.as('Siti Rahmawati');
    expect(await s.tap('Balasan diterima')).toContain('🏁 #1 selesai: ditolak');
  });

  it('Kasubbid Komdat returns the request to Kabid PJKKD, who then rejects it', async () => {
    const s = session;
    await submitRequest(s);
    await disposeAndApproveByKabid(s);
    await s.as('Dewi Lestari');
    await s.tap('Setujui dan disposisikan ke Kasubbid Komdat');
    await s.as('Agus Salim');
    await s.tap('Kembalikan ke Kabid PJKKD');
    const returned = await s.type('Spesifikasi tidak didukung pusat data');
    expect(returned).toMatch(/untuk Dewi Lestari \(Kabid PJKKD\)[\s\S]*Catatan terakhir — Agus Salim, Kembalikan ke Kabid PJKKD: Spesifikasi tidak didukung pusat data[\s\S]*Langkah 3: Menyeleksi permintaan sesuai kebijakan/);
    await s.as('Dewi Lestari');
    await s.tap('Tolak (balasan melalui Kabag TU)');
    await s.type('Dikembalikan Kasubbid: spesifikasi tidak didukung');
    await s.as('Sri Wahyuni');
    await s.tap('Kirim balasan ke pemohon');
    await s.as('Siti Rahmawati');
    expect(await s.tap('Balasan diterima')).toContain('🏁 #1 selesai: ditolak');
  });

  it('form answers survive a restart of the chat', async () => {
    const s = session;
    await s.as('Siti Rahmawati');
    await s.type('/backup');
    await s.type('hari ini');
    await s.tap('Biro Umum');
    expect(await s.tap('Pakai: Siti Rahmawati')).toContain('(4/10) Nomor HP');
    await s.restart();
    await s.as('Siti Rahmawati');
    const asked = await s.type('/tugas'); // a command is carried out, then the open question is asked again
    expect(asked).toContain('Tidak ada kartu yang menunggu keputusan Anda.');
    expect(asked).toContain('Isian Anda masih tersimpan. Pertanyaan yang terbuka:\n\n── untuk Siti Rahmawati ──\n(4/10) Nomor HP');
    expect(await s.type('0812 3456 7890')).toContain('(5/10) NIP');
    await s.tap('Pakai: 199202292015032001');
    await s.type('siti@contoh.go.id');
    await s.type('-');
    await s.type('SIMPEG');
    await s.type('-');
    const summary = await s.type('Cadangan sebelum pembaruan');
    expect(summary).toContain('Satker: Biro Umum');
    expect(summary).toContain('Nama: Siti Rahmawati');
    expect(summary).toContain('Nama Aplikasi: SIMPEG');
  });

  it('shows a run\'s trail only to its requester, the people in it and administrators', async () => {
    const s = session;
    await submitRequest(s);
    await s.as('Yusuf Maulana');
    const missing = await s.type('/status 99');
    expect(missing).toContain('Permohonan tidak ditemukan.');
    // Not "forbidden": the same answer as a run that does not exist, so the number reveals nothing.
    expect(await s.type('/status 1')).toBe(missing);
    expect(await s.tap('Disposisikan ke Kabid PJKKD')).toContain('Anda tidak memegang peran Ka. PPIKSN');
    expect(await s.type('/status 1')).toBe(missing); // a refused attempt is no part in the run
    expect(await s.type('/batal 1')).toBe(missing);
    await s.as('Hj. Nurhayati');
    expect(await s.type('/status 1')).toContain('── untuk Hj. Nurhayati (Kasubbag Umum dan Keuangan) ──\nPermohonan tidak ditemukan.');
    await s.as('Ir. Bambang Hartono'); // holds the current step's role
    expect(await s.type('/status 1')).toContain('Jejak Layanan Backup Server (permohonan) #1');
    await s.tap('Disposisikan ke Kabid PJKKD');
    expect(await s.type('/status 1')).toContain('Jejak'); // acted in it
    await s.as('Rudi Hermawan'); // administrator
    expect(await s.type('/status 1')).toContain('Jejak');
    await s.as('Siti Rahmawati');
    expect(await s.type('/status 1')).toContain('Jejak');
  });

  it('refuses another employee\'s NIP from a plain requester, and says so at the summary', async () => {
    const s = session;
    await s.as('Siti Rahmawati');
    await s.type('/backup');
    await s.type('hari ini');
    await s.tap('Biro Umum');
    await s.type('Yusuf Maulana');
    await s.type('0813 4567 8901');
    await s.type('199407082019031003');
    await s.type('yusuf@contoh.go.id');
    await s.type('srv-simpeg');
    await s.type('-');
    await s.type('-');
    expect(await s.type('Cadangan sebelum pembaruan aplikasi')).toContain('Diajukan oleh Siti Rahmawati untuk Yusuf Maulana');
    const refused = await s.tap('Kirim');
    expect(refused).toContain('Permohonan belum dapat dikirim:\n• NIP: NIP harus NIP Anda sendiri (199202292015032001)');
    expect(refused).not.toContain('terkirim');
  });

  it('takes an answer that begins with "/" as an answer, and answers an empty one', async () => {
    const s = session;
    await s.as('Siti Rahmawati');
    await s.type('/backup');
    const empty = await s.type('   ');
    expect(empty).toContain('Jawaban kosong; tulis jawaban Anda');
    expect(empty).toContain('(1/10) Tanggal:');
    await s.type('hari ini');
    await s.tap('Biro Umum');
    await s.tap('Pakai: Siti Rahmawati');
    await s.tap('Pakai: +6281234567890');
    await s.tap('Pakai: 199202292015032001');
    await s.tap('Pakai: siti@contoh.go.id');
    await s.type('-');
    await s.type('-');
    expect(await s.type('/status')).toContain('Anda belum punya permohonan'); // a known command stays a command
    const folder = await s.type('/var/www/simpeg');
    expect(folder).not.toContain('tidak dikenal');
    expect(folder).toContain('(10/10) Alasan permohonan');
    expect(await s.type('Cadangan sebelum pembaruan aplikasi')).toContain('Nama Folder: /var/www/simpeg');
    const atSummary = await s.type('sudah');
    expect(atSummary).toContain('Semua isian sudah terjawab. Pilih Kirim, Ubah atau Batal');
    expect(atSummary).toContain('Nama Folder: /var/www/simpeg'); // nothing was lost
    expect(await s.type('/frobnicate')).toContain('Perintah /frobnicate tidak dikenal'); // no question open at the summary
  });

  it('a decided card\'s number answers "already decided", and an old form\'s number fills nothing in a new form', async () => {
    const s = session;
    await submitRequest(s);
    await s.as('Bambang');
    const card = [...s.transcript.matchAll(/\[(\d+)\] Disposisikan ke Kabid PJKKD/g)].at(-1)![1]!;
    await s.type(card);
    expect(await s.type(card)).toContain('Langkah ini sudah diputuskan oleh Ir. Bambang Hartono pada 23/11/2026 09.00 WIB.');
    await s.as('Siti Rahmawati');
    await s.type('/backup');
    const oldDate = [...s.transcript.matchAll(/\[(\d+)\] Pakai: 23-11-2026/g)].at(-1)![1]!;
    await s.type('/batal');
    expect(await s.type('/backup')).toContain('(1/10) Tanggal:');
    const stale = await s.type(oldDate);
    expect(stale).toContain('Tombol ini tidak dikenal atau sudah kedaluwarsa.');
    expect(stale).not.toContain('(2/10)');
  });

  it('/backup during a form asks whether to continue or start over; a typed answer takes the question\'s buttons away', async () => {
    const s = session;
    await s.as('Siti Rahmawati');
    await s.type('/backup');
    const question = [...s.transcript.matchAll(/\[(\d+)\] Pakai: 23-11-2026/g)].at(-1)![1]!;
    await s.type('hari ini');
    expect(s.chat.port.buttons.has(Number(question))).toBe(false); // the typed-over question's button is gone
    const asked = await s.type('/backup');
    expect(asked).toContain('Anda sedang mengisi permohonan (1 isian terjawab)');
    expect(await s.tap('Lanjutkan')).toContain('(2/10) Satker:');
    await s.type('/backup');
    expect(await s.tap('Mulai lagi')).toContain('(1/10) Tanggal:');
  });

  it('/batal keeps nothing, and unknown people and commands get a clear answer', async () => {
    const s = session;
    expect(await s.type('/backup')).toContain('Pilih dulu siapa Anda');
    expect(await s.as('Nobody')).toContain('Tidak ada orang yang cocok dengan "Nobody"');
    await s.as('Siti');
    expect(await s.type('/frobnicate')).toContain('Perintah /frobnicate tidak dikenal');
    await s.type('/backup');
    expect(await s.type('/batal')).toContain('Isian dibatalkan');
    expect(await s.type('halo')).toContain('Tidak ada isian yang sedang berjalan');
    expect(await s.type('/status')).toContain('Anda belum punya permohonan');
  });
});

describe('terminal chat, SOP A (backup terjadwal)', () => {
  it('runs from the order to the archive through the "no media" branch', async () => {
    const s = session;
    await s.as('Budi Santoso');
    expect(await s.type('/perintah')).toContain('Hanya pemegang peran Kepala PTID');
    await s.as('Ahmad Fauzi');
    const ordered = await s.type('/perintah');
    expect(ordered).toContain('Backup Server Terjadwal #1 dimulai');
    expect(ordered).toMatch(/untuk Dr\. Ahmad Fauzi \(Kepala PTID\)[\s\S]*Langkah 1/);
    expect(await s.tap('Perintahkan backup')).toMatch(/untuk Budi Santoso \(Petugas Backup Data\)[\s\S]*Langkah 2: Menyiapkan ceklis[\s\S]*Batas waktu: tidak ditetapkan SOP/);
    await s.as('Budi Santoso');
    await s.tap('Ceklis siap, serahkan untuk dikoreksi');
    await s.tap('☐ simpeg-files');
    await s.tap('☐ simpeg-db');
    expect(await s.tap('Selesai')).toMatch(/untuk Rina Marlina \(Korektor \(Kasubbag PTID\)\)[\s\S]*Target terdaftar: simpeg-files, simpeg-db/);
    await s.as('Rina Marlina');
    await s.tap('Ceklis benar');
    await s.as('Budi Santoso');
    expect(await s.tap('Media tidak tersedia')).toMatch(/Langkah 5: Melapor kepada korektor/);
    const reported = await s.tap('Laporkan ke korektor');
    expect(reported).toMatch(/untuk Hj\. Nurhayati \(Kasubbag Umum dan Keuangan\)[\s\S]*Langkah 6/);
    // "Laporkan ke korektor": the Korektor hears of it, as the SOP says.
    expect(reported).toContain('── untuk Rina Marlina (Korektor (Kasubbag PTID)) ──\nℹ️ Backup Server Terjadwal #1: Petugas Backup Data (Budi Santoso) — Laporkan ke korektor.');
    await s.as('Nurhayati');
    expect(await s.tap('Media sudah tersedia')).toMatch(/untuk Budi Santoso[\s\S]*Langkah 4: Menyiapkan media penyimpanan/);
    await s.as('Budi Santoso');
    const media = await s.tap('Media siap, salin data');
    expect(media).toContain('Pilih media penyimpanan');
    expect(media).toContain('☐ HDD-PTID-01 — tidak terpasang'); // its mount point has no label file here
    expect(await s.tap('☐ HDD-PTID-01')).toMatch(/Media: HDD-PTID-01[\s\S]*Langkah 8: Mengisi ceklis/);
    expect(await s.tap('Ceklis terisi')).toMatch(/untuk Rina Marlina[\s\S]*Langkah 10: Mengoreksi laporan dan berita acara[\s\S]*Batas waktu: 24\/11\/2026 09\.00 WIB/);
    await s.as('Rina Marlina');
    await s.tap('Laporan dan berita acara benar');
    await s.as('Ahmad Fauzi');
    await s.tap('Mengetahui, terbitkan berita acara dan laporan');
    await s.as('Budi Santoso');
    expect(await s.tap('Arsipkan')).toContain('── kanal ──\n🏁 Backup Server Terjadwal #1 selesai: disetujui dan ditindaklanjuti');
    const trail = await s.type('/status 1');
    expect(trail).toContain('[7] Melakukan penyalinan data ke media penyimpanan — Sistem Cadang — Hasil tugas: berhasil — Alasan: (pengganti) backup');
    expect(trail).toContain('[9] Membuat berita acara dan laporan pelaksanaan backup data — Sistem Cadang — Hasil tugas: berhasil — Alasan: Draf berita acara dan laporan dibuat untuk dikoreksi');
  });
});

describe('terminal chat, the target picker', () => {
  it('keeps the earlier picks when the step comes back', async () => {
    const s = session;
    await s.as('Ahmad Fauzi');
    await s.type('/perintah');
    await s.tap('Perintahkan backup');
    await s.as('Budi Santoso');
    expect(await s.tap('Ceklis siap, serahkan untuk dikoreksi')).toContain('☐ simpeg-db'); // SOP A has no request to match
    await s.tap('☐ simpeg-db');
    await s.tap('Selesai');
    await s.as('Rina Marlina');
    await s.tap('Kembalikan untuk diperbaiki');
    await s.type('Tambahkan berkas aplikasi SIMPEG ke ceklis');
    await s.as('Budi Santoso');
    const again = await s.tap('Ceklis siap, serahkan untuk dikoreksi');
    expect(again).toContain('☑ simpeg-db');
    expect(again).toContain('☐ simpeg-files');
  });
});

describe('terminal chat in English', () => {
  it('speaks English when the organisation is configured so', async () => {
    const english = await ConsoleSession.open('sqlite', undefined, { CADANG_LOCALE: 'en' });
    try {
      expect(await english.as('Siti Rahmawati')).toContain('You are now: Siti Rahmawati');
      expect(await english.type('/backup')).toContain('(1/10) Date:');
      expect(await english.type('someday')).toContain('Date not recognised');
      expect(await english.type('/batal')).toContain('Cancelled. Nothing was sent.');
      await english.as('Ahmad Fauzi');
      await english.type('/perintah');
      await english.tap('Order the backup');
      const trail = await english.type('/status 1');
      expect(trail).toContain('Trail of Scheduled server backup #1:');
      expect(trail).not.toMatch(/Dimulai|Sistem Cadang|Alasan/);
      expect(english.transcript).toContain('── (updated) to Dr. Ahmad Fauzi');
      expect(english.transcript).not.toContain('diperbarui');
      // English words may be code names ("failed"); the kebab- and snake_case codes may not appear.
      expect(findInternalCodes(english.transcript, internalCodes(english.core.service.definitions, { plainWords: false }))).toEqual([]);
    } finally {
      await english.close();
    }
  });
});
