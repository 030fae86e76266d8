import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from './console-harness.js';

let session: ConsoleSession;
beforeEach(async () => { session = await ConsoleSession.open(); });
afterEach(async () => { await session.close(); });

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
  expect(summary).toContain('Tanggal: 2026-11-23');
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
    expect(await s.tap('Ditindaklanjuti')).toContain('Pilih target terdaftar');
    expect(await s.tap('☐ simpeg-db')).toContain('☑ simpeg-db');
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
      '[5] Menjalankan backup target yang dipetakan dan membuat laporan layanan backup — Sistem Cadang — Hasil tugas: succeeded',
      '[6] Menerima laporan layanan backup server dan mengirim ke Kabid PJKKD — Agus Salim (NIP 198109302006041002, Kasubbid Komdat) — Teruskan laporan ke Kabid PJKKD',
      '[7] Menerima laporan layanan backup server dan mengirim ke Kabag TU — Dewi Lestari (NIP 197704022002122001, Kabid PJKKD) — Teruskan laporan ke Kabag TU',
      '[8] Membuat balasan permohonan ke pemohon — Sri Wahyuni (NIP 197312251998032002, Kabag TU) — Kirim balasan ke pemohon',
      '[9] Menerima balasan permohonan layanan backup server — Siti Rahmawati (NIP 199202292015032001, Pemohon) — Balasan diterima',
    ]);
    expect(lines[2]).toContain('DITOLAK SISTEM: wrong-role');
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
    expect(rejected).toMatch(/untuk Sri Wahyuni \(Kabag TU\)[\s\S]*Catatan terakhir — Dewi Lestari, tolak: Server tidak termasuk layanan publik/);
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
    expect(returned).toMatch(/untuk Dewi Lestari \(Kabid PJKKD\)[\s\S]*Catatan terakhir — Agus Salim, kembalikan: Spesifikasi tidak didukung pusat data[\s\S]*Langkah 3: Menyeleksi permintaan sesuai kebijakan/);
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
    expect(await s.tap('Laporkan ke korektor')).toMatch(/untuk Hj\. Nurhayati \(Kasubbag Umum dan Keuangan\)[\s\S]*Langkah 6/);
    await s.as('Nurhayati');
    expect(await s.tap('Media sudah tersedia')).toMatch(/untuk Budi Santoso[\s\S]*Langkah 4: Menyiapkan media penyimpanan/);
    await s.as('Budi Santoso');
    expect(await s.tap('Media siap, salin data')).toContain('Pilih media penyimpanan');
    expect(await s.tap('☐ HDD-PTID-01')).toMatch(/Media: HDD-PTID-01[\s\S]*Langkah 8: Mengisi ceklis/);
    expect(await s.tap('Ceklis terisi')).toMatch(/untuk Rina Marlina[\s\S]*Langkah 10: Mengoreksi laporan dan berita acara[\s\S]*Batas waktu: 24\/11\/2026 09\.00 WIB/);
    await s.as('Rina Marlina');
    await s.tap('Laporan dan berita acara benar');
    await s.as('Ahmad Fauzi');
    await s.tap('Mengetahui, terbitkan berita acara dan laporan');
    await s.as('Budi Santoso');
    expect(await s.tap('Arsipkan')).toContain('── kanal ──\n🏁 Backup Server Terjadwal #1 selesai: disetujui dan ditindaklanjuti');
    const trail = await s.type('/status 1');
    expect(trail).toContain('[7] Melakukan penyalinan data ke media penyimpanan — Sistem Cadang — Hasil tugas: succeeded — Alasan: (pengganti) backup');
    expect(trail).toContain('[9] Membuat berita acara dan laporan pelaksanaan backup data — Sistem Cadang — Hasil tugas: succeeded — Alasan: Draf berita acara dan laporan dibuat untuk dikoreksi');
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
    } finally {
      await english.close();
    }
  });
});
