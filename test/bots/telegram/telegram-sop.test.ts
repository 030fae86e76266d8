// Both SOPs end to end through the real telegraf bot against the fake Bot API server: the
// request form, the approval cards, reasons, refusals, milestones in the channel and documents.
import { afterEach, describe, expect, it } from 'vitest';
import { findInternalCodes, internalCodes } from '../internal-codes.js';
import { channelId, TelegramSession } from './telegram-harness.js';

let session: TelegramSession | undefined;
afterEach(async () => {
  // Nothing the bot sent in the whole run names an internal code (step, choice, outcome, refusal, SOP).
  const transcript = session ? session.transcript(session.api.calls) : '';
  const codes = session ? internalCodes(session.core.service.definitions, { plainWords: true }) : [];
  await session?.close();
  session = undefined;
  expect(findInternalCodes(transcript, codes)).toEqual([]);
});

async function open(options?: Parameters<typeof TelegramSession.open>[0]): Promise<TelegramSession> {
  session = await TelegramSession.open(options);
  return session;
}

/** Siti fills the FM 001 form field by field (buttons for choices, one bad answer, one edit) and sends it. */
async function submitRequest(s: TelegramSession): Promise<void> {
  const siti = 'Siti Rahmawati';
  expect(await s.type(siti, '/backup')).toContain('(1/10) Tanggal:');
  expect(await s.type(siti, '31-02-2026')).toContain('Tanggal tidak dikenali');
  const satker = await s.type(siti, 'hari ini');
  expect(satker).toContain('(2/10) Satker:\n   [Pusat Teknologi Informasi dan Data]');
  const named = await s.tap(siti, 'Pusat Teknologi Keselamatan Reaktor Nuklir');
  expect(named).toContain('(3/10) Nama:\n   [Pakai: Siti Rahmawati]');
  // The answered question loses its buttons: an old one cannot answer a later question.
  expect(named).toContain('── (tombol diperbarui) Siti Rahmawati ──');
  await s.tap(siti, 'Pakai: Siti Rahmawati');
  await s.type(siti, '0812-3456-7890');
  expect(await s.type(siti, '1992022920150320')).toContain('NIP harus 18 angka');
  await s.tap(siti, 'Pakai: 199202292015032001');
  expect(await s.type(siti, 'siti@')).toContain('Alamat email tidak sah');
  expect(await s.type(siti, 'siti@contoh.go.id')).toContain('(7/10) Nama Server (boleh dikosongkan');
  await s.type(siti, 'srv-simpeg');
  await s.type(siti, '-');
  await s.type(siti, '-');
  const summary = await s.type(siti, 'Migrasi server kepegawaian ke pusat data baru');
  expect(summary).toContain('Periksa permohonan Anda');
  expect(summary).toContain('Nomor HP: +6281234567890');
  expect(summary).toContain('[Kirim] [Ubah] [Batal]');
  await s.tap(siti, 'Ubah');
  expect(await s.tap(siti, 'Nama Aplikasi')).toContain('Nama Aplikasi');
  const edited = await s.type(siti, 'SIMPEG');
  expect(edited).toContain('Nama Aplikasi: SIMPEG');
  expect(edited).toContain('Nama Server: srv-simpeg');
  const sent = await s.tap(siti, 'Kirim');
  expect(sent).toContain('Permohonan #1 terkirim');
  expect(sent).toMatch(/── Ir\. Bambang Hartono ──\n📋 Layanan Backup Server \(permohonan\) #1\nPemohon: Siti Rahmawati \(NIP 199202292015032001\), Pusat Teknologi Keselamatan Reaktor Nuklir[\s\S]*Langkah 2: Mendisposisikan permohonan ke Kabid PJKKD\nPeran: Ka\. PPIKSN\nBatas waktu: 24\/11\/2026 09\.00 WIB \(1 hari 0 jam 0 menit lagi, dihitung jam kerja\)\n {3}\[Disposisikan ke Kabid PJKKD\]/);
  expect(sent).toContain(`── kanal ──\n📥 Layanan Backup Server (permohonan) #1 diterima dari Siti Rahmawati`);
}

async function disposeAndReachKabid(s: TelegramSession): Promise<void> {
  const disposed = await s.tap('Bambang', 'Disposisikan ke Kabid PJKKD');
  expect(disposed).toContain('"Disposisikan ke Kabid PJKKD" tercatat untuk permohonan #1');
  // The card is edited: who decided and when, no buttons left.
  expect(disposed).toMatch(/── \(diperbarui\) Ir\. Bambang Hartono ──\n📋 Layanan Backup Server \(permohonan\) #1\nLangkah 2: Mendisposisikan permohonan ke Kabid PJKKD\n✔️ Disposisikan ke Kabid PJKKD — oleh Ir\. Bambang Hartono, 23\/11\/2026 09\.00 WIB\n\n/);
  expect(disposed).toMatch(/── Siti Rahmawati ──\nℹ️ Permohonan #1: Ka\. PPIKSN — Disposisikan ke Kabid PJKKD/);
  expect(disposed).toMatch(/── Dewi Lestari ──\n📋[\s\S]*Batas waktu: 23\/11\/2026 14\.00 WIB \(5 jam 0 menit lagi, dihitung jam kerja\)\n {3}\[Setujui dan disposisikan ke Kasubbid Komdat\]\n {3}\[Tolak \(balasan melalui Kabag TU\)\]/);
  expect(s.api.withButton(s.user('Bambang').id, 'Disposisikan')).toBeUndefined();
}

describe('SOP B (permohonan backup server) in Telegram', () => {
  it('walks the approve path from /backup to the requester receiving the reply', async () => {
    const s = await open();
    await submitRequest(s);

    // Someone without the role forges a tap on the card: refused, told why, and recorded.
    const card = s.api.withButton(s.user('Bambang').id, 'Disposisikan')!;
    const data = card.buttons[0]![0]!.callback_data;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    await s.type('Yusuf Maulana', '/bantuan');
    const yusuf = s.user('Yusuf Maulana');
    const forged = s.api.tapData(yusuf, s.last('Yusuf Maulana'), data);
    const refused = await s.handled(s.api.updates.at(-1)!.update.update_id);
    expect(refused).toContain('── Yusuf Maulana ──\nAnda tidak memegang peran Ka. PPIKSN (atau delegasinya) untuk langkah ini. Percobaan ini dicatat.');
    expect(s.api.answeredAt(forged)).toBeDefined();

    await disposeAndReachKabid(s);
    // A late tap on the old card (sent before the edit reached the phone) says who decided.
    const late = s.api.tapData(s.user('Bambang'), card, data);
    expect(await s.handled(s.api.updates.at(-1)!.update.update_id)).toContain('Langkah ini sudah diputuskan oleh Ir. Bambang Hartono pada 23/11/2026 09.00 WIB.');
    expect(s.api.answeredAt(late)).toBeDefined();

    expect(await s.tap('Dewi', 'Setujui dan disposisikan ke Kasubbid Komdat')).toMatch(/── Agus Salim ──\n📋[\s\S]*Langkah 4/);
    expect(await s.tap('Agus', 'Setujui dan disposisikan ke Administrator')).toMatch(/── Rudi Hermawan ──\n📋[\s\S]*Langkah 5: Memproses/);
    expect(await s.tap('Rudi', 'Ditindaklanjuti')).toContain('Pilih target terdaftar');
    expect(s.api.withButton(s.user('Rudi').id, '☑ simpeg-db')).toBeDefined(); // "srv-simpeg" in the request is its alias
    expect(await s.tap('Rudi', '☑ simpeg-files')).toContain('[☑ simpeg-db — Basis data SIMPEG (PostgreSQL)]');
    const done = await s.tap('Rudi', 'Selesai');
    expect(done).toContain('"Ditindaklanjuti" tercatat');
    expect(done).toContain('── kanal ──\n⚙️ Layanan Backup Server (permohonan) #1 — 5. Menjalankan backup target yang dipetakan dan membuat laporan layanan backup: dimulai.');
    expect(done).toMatch(/── Agus Salim ──\n📋[\s\S]*Target terdaftar: simpeg-db[\s\S]*Langkah 6/);
    await s.tap('Agus', 'Teruskan laporan ke Kabid PJKKD');
    expect(await s.tap('Dewi', 'Teruskan laporan ke Kabag TU')).toMatch(/── Sri Wahyuni ──\n📋[\s\S]*Langkah 8[\s\S]*Batas waktu: 23\/11\/2026 12\.00 WIB/);
    expect(await s.tap('Sri Wahyuni', 'Kirim balasan ke pemohon')).toMatch(/── Siti Rahmawati ──\n📋[\s\S]*Langkah 9: Menerima balasan/);
    const finished = await s.tap('Siti Rahmawati', 'Balasan diterima');
    expect(finished).toContain('🏁 #1 selesai: disetujui dan ditindaklanjuti');
    expect(finished).toContain('── kanal ──\n🏁 Layanan Backup Server (permohonan) #1 selesai');

    const trail = await s.type('Siti Rahmawati', '/status 1');
    expect(trail).toContain('Yusuf Maulana (NIP 199407082019031003) — Disposisikan ke Kabid PJKKD — DITOLAK SISTEM: tidak memegang peran langkah ini');
    expect(await s.type('Siti Rahmawati', '/status')).toContain('#1 Layanan Backup Server (permohonan) — selesai: disetujui dan ditindaklanjuti');

    // Every tap was answered, and answered before the bot's reply to it.
    const answers = s.api.callsOf('answerCallbackQuery');
    expect(answers.length).toBe(s.api.updates.filter((pending) => 'callback_query' in pending.update).length);
    expect(answers.every((call) => call.status === 200)).toBe(true);
    // Milestones reached the channel: received, each decision, the backup, the end.
    const channel = s.api.chat(channelId).map((message) => message.text ?? '');
    expect(channel[0]).toContain('📥');
    expect(channel.at(-1)).toContain('🏁');
    expect(channel.filter((text) => text.startsWith('⚙️'))).toHaveLength(2);
  });

  it('Kabid PJKKD rejects: the reason is asked first, then the reply goes through Kabag TU', async () => {
    const s = await open();
    await submitRequest(s);
    await disposeAndReachKabid(s);
    const asked = await s.tap('Dewi', 'Tolak (balasan melalui Kabag TU)');
    expect(asked).toContain('Tulis alasan untuk "Tolak (balasan melalui Kabag TU)" (wajib)');
    expect(asked).not.toContain('── Sri Wahyuni ──'); // nothing happens before the reason
    expect(s.api.withButton(s.user('Dewi').id, 'Tolak')).toBeDefined();
    const rejected = await s.type('Dewi', 'Server tidak termasuk layanan publik');
    expect(rejected).toMatch(/── Siti Rahmawati ──\nℹ️ Permohonan #1: Kabid PJKKD — Tolak \(balasan melalui Kabag TU\)\. Alasan: Server tidak termasuk layanan publik/);
    expect(rejected).toMatch(/── Sri Wahyuni ──\n📋[\s\S]*Catatan terakhir — Dewi Lestari, Tolak \(balasan melalui Kabag TU\): Server tidak termasuk layanan publik/);
    expect(rejected).toMatch(/── \(diperbarui\) Dewi Lestari ──\n[\s\S]*✔️ Tolak \(balasan melalui Kabag TU\) — oleh Dewi Lestari/);
    await s.tap('Sri Wahyuni', 'Kirim balasan ke pemohon');
    expect(await s.tap('Siti Rahmawati', 'Balasan diterima')).toContain('🏁 #1 selesai: ditolak');
  });

  it('Kasubbid Komdat returns the request to Kabid PJKKD, who then rejects it', async () => {
    const s = await open();
    await submitRequest(s);
    await disposeAndReachKabid(s);
    await s.tap('Dewi', 'Setujui dan disposisikan ke Kasubbid Komdat');
    expect(await s.tap('Agus', 'Kembalikan ke Kabid PJKKD')).toContain('Tulis alasan untuk "Kembalikan ke Kabid PJKKD" (wajib)');
    const returned = await s.type('Agus', 'Spesifikasi tidak didukung pusat data');
    expect(returned).toMatch(/── Dewi Lestari ──\n📋[\s\S]*Catatan terakhir — Agus Salim, Kembalikan ke Kabid PJKKD: Spesifikasi tidak didukung pusat data[\s\S]*Langkah 3: Menyeleksi permintaan sesuai kebijakan/);
    await s.tap('Dewi', 'Tolak (balasan melalui Kabag TU)');
    await s.type('Dewi', 'Dikembalikan Kasubbid: spesifikasi tidak didukung');
    await s.tap('Sri Wahyuni', 'Kirim balasan ke pemohon');
    expect(await s.tap('Siti Rahmawati', 'Balasan diterima')).toContain('🏁 #1 selesai: ditolak');
  });

  it('the Administrator postpones (Ditunda) with a reason; /batal in the reason prompt changes nothing', async () => {
    const s = await open();
    await submitRequest(s);
    await disposeAndReachKabid(s);
    await s.tap('Dewi', 'Setujui dan disposisikan ke Kasubbid Komdat');
    await s.tap('Agus', 'Setujui dan disposisikan ke Administrator');
    await s.tap('Rudi', 'Ditunda');
    expect(await s.type('Rudi', '/batal')).toContain('Isian dibatalkan');
    expect(s.api.withButton(s.user('Rudi').id, 'Ditunda')).toBeDefined(); // the card still waits
    await s.tap('Rudi', 'Ditunda');
    const postponed = await s.type('Rudi', 'Menunggu jendela pemeliharaan');
    expect(postponed).toMatch(/── Siti Rahmawati ──\nℹ️ Permohonan #1: Administrator — Ditunda\. Alasan: Menunggu jendela pemeliharaan/);
    expect(postponed).toMatch(/── Agus Salim ──\n📋[\s\S]*Langkah 6/);
  });

  it('form answers survive a restart of the bot (they live in the database)', async () => {
    const s = await open();
    const siti = 'Siti Rahmawati';
    await s.type(siti, '/backup');
    await s.type(siti, 'hari ini');
    await s.tap(siti, 'Biro Umum');
    expect(await s.tap(siti, 'Pakai: Siti Rahmawati')).toContain('(4/10) Nomor HP');
    await s.restart();
    // The first message after the restart gets the open question again, whatever it says.
    const asked = await s.type(siti, 'halo?');
    expect(asked).toContain('Isian Anda masih tersimpan. Pertanyaan yang terbuka:');
    expect(asked).toContain('(4/10) Nomor HP');
    expect(await s.type(siti, '0812 3456 7890')).toContain('(5/10) NIP');
    await s.tap(siti, 'Pakai: 199202292015032001');
    await s.type(siti, 'siti@contoh.go.id');
    await s.type(siti, '-');
    await s.type(siti, 'SIMPEG');
    await s.type(siti, '-');
    const summary = await s.type(siti, 'Cadangan sebelum pembaruan');
    expect(summary).toContain('Satker: Biro Umum');
    expect(summary).toContain('Nama Aplikasi: SIMPEG');
  });

  it('answers /bantuan, /status, /batal, unknown commands, stickers, strangers and group commands clearly', async () => {
    const s = await open();
    const help = await s.type('Siti Rahmawati', '/bantuan');
    expect(help).toContain('/backup — mengajukan permohonan backup server');
    expect(help).not.toContain('/as '); // terminal-only commands are not offered
    expect(await s.type('Siti Rahmawati', '/frobnicate')).toContain('Perintah /frobnicate tidak dikenal');
    await s.type('Siti Rahmawati', '/backup');
    expect(await s.type('Siti Rahmawati', '/batal')).toContain('Isian dibatalkan');
    expect(await s.type('Siti Rahmawati', 'halo')).toContain('Tidak ada isian yang sedang berjalan');
    expect(await s.type('Siti Rahmawati', '/status')).toContain('Anda belum punya permohonan');
    expect(await s.handled(s.api.sendSticker(s.user('Siti Rahmawati')))).toContain('Cadang hanya membaca pesan teks dan tombol');

    const stranger = { id: 777, first_name: 'Tamu' };
    for (const text of ['/start', 'halo', '/backup']) {
      const answer = await s.type(stranger, text);
      expect(answer).toContain('── 777 ──\nHalo! Akun Telegram Anda belum terhubung dengan data pegawai di Cadang');
      expect(answer).toContain('/daftar 199202292015032001');
      expect(answer).toContain('ID Telegram Anda: 777');
    }
    s.api.addChannel('-4001');
    expect(await s.handled(s.api.sendGroupText(-4001, stranger, '/backup'))).toContain('── -4001 ──\nCadang melayani perintah hanya lewat chat pribadi. Buka @CadangUjiBot');
    expect(await s.handled(s.api.sendGroupText(-4001, stranger, 'selamat pagi'))).toBe('');
  });
});

describe('SOP A (backup terjadwal) in Telegram', () => {
  it('runs from the order to the archive through the "no media" branch, with the berita acara PDF as a document', async () => {
    // The real document runners render, archive and post the berita acara through the dispatcher.
    const s = await open();
    expect(await s.type('Budi Santoso', '/perintah')).toContain('Hanya pemegang peran Kepala PTID');
    const ordered = await s.type('Ahmad Fauzi', '/perintah');
    expect(ordered).toContain('Backup Server Terjadwal #1 dimulai');
    expect(ordered).toMatch(/── Dr\. Ahmad Fauzi ──\n📋[\s\S]*Langkah 1/);
    expect(await s.tap('Ahmad Fauzi', 'Perintahkan backup')).toMatch(/── Budi Santoso ──\n📋[\s\S]*Langkah 2: Menyiapkan ceklis[\s\S]*Batas waktu: tidak ditetapkan SOP/);
    await s.tap('Budi Santoso', 'Ceklis siap, serahkan untuk dikoreksi');
    await s.tap('Budi Santoso', '☐ simpeg-files');
    await s.tap('Budi Santoso', '☐ simpeg-db');
    expect(await s.tap('Budi Santoso', 'Selesai')).toMatch(/── Rina Marlina ──\n📋[\s\S]*Target terdaftar: simpeg-files, simpeg-db/);
    await s.tap('Rina Marlina', 'Ceklis benar');
    expect(await s.tap('Budi Santoso', 'Media tidak tersedia')).toMatch(/Langkah 5: Melapor kepada korektor/);
    expect(await s.tap('Budi Santoso', 'Laporkan ke korektor')).toMatch(/── Hj\. Nurhayati ──\n📋[\s\S]*Langkah 6/);
    expect(await s.tap('Nurhayati', 'Media sudah tersedia')).toMatch(/── Budi Santoso ──\n📋[\s\S]*Langkah 4: Menyiapkan media penyimpanan/);
    expect(await s.tap('Budi Santoso', 'Media siap, salin data')).toContain('Pilih media penyimpanan');
    expect(await s.tap('Budi Santoso', '☐ HDD-PTID-01')).toMatch(/Media: HDD-PTID-01[\s\S]*Langkah 8: Mengisi ceklis/);
    const filled = await s.tap('Budi Santoso', 'Ceklis terisi');
    // Step 8 issues the filled checklist; step 9 the drafts (no number) for checking, not to the channel.
    expect(filled).toMatch(/── Budi Santoso ──\n📎 ceklis-1\.pdf \(\d+ B\) — Ceklis backup data #1 \(terisi\)/);
    expect(filled).toMatch(/── Rina Marlina ──\n📎 berita-acara-1-draf\.pdf \(\d+ B\)/);
    expect(filled).toMatch(/── Rina Marlina ──\n📎 laporan-backup-1-draf\.pdf \(\d+ B\)/);
    expect(filled).not.toContain('── kanal ──\n📎 berita-acara');
    expect(filled).toMatch(/── Rina Marlina ──\n📋[\s\S]*Langkah 10: Mengoreksi laporan dan berita acara/);
    await s.tap('Rina Marlina', 'Laporan dan berita acara benar');
    // The Kepala PTID's countersignature issues the final, numbered documents, to the channel too.
    const final = await s.tap('Ahmad Fauzi', 'Mengetahui, terbitkan berita acara dan laporan');
    expect(final).toMatch(/── kanal ──\n📎 berita-acara-1\.pdf \(\d+ B\) — Berita acara pelaksanaan backup #1 — Nomor 001\/BA-BACKUP\/PTID\/2026/);
    expect(final).toContain('── Budi Santoso ──\n📎 laporan-backup-1.pdf');
    expect(await s.tap('Budi Santoso', 'Arsipkan')).toContain('── kanal ──\n🏁 Backup Server Terjadwal #1 selesai: disetujui dan ditindaklanjuti');

    // The PDF went up as a real multipart upload, byte for byte.
    const pdf = s.api.chat(channelId).find((message) => message.document)!.document!;
    expect(pdf.file_name).toBe('berita-acara-1.pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(s.api.chat(channelId).find((message) => message.document)!.caption).toBe('Berita acara pelaksanaan backup #1 — Nomor 001/BA-BACKUP/PTID/2026');
  });
});

