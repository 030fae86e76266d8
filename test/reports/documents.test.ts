import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderOptions } from '../../src/reports/document.js';
import { renderBackupReport } from '../../src/reports/documents/backup-report.js';
import { renderBeritaAcara } from '../../src/reports/documents/berita-acara.js';
import { renderChecklist } from '../../src/reports/documents/checklist.js';
import { renderReplyLetter } from '../../src/reports/documents/reply-letter.js';
import { renderRequestForm } from '../../src/reports/documents/request-form.js';
import { formatShortChecksum } from '../../src/reports/format.js';
import { readDocumentManifest } from '../../src/reports/manifest.js';
import { resolveRenderOptions } from '../../src/reports/options.js';
import * as samples from './fixtures.js';
import { sampleProfile } from './fixtures.js';
import { extractPages, flatten } from './pdf-text.js';

let options: RenderOptions;

beforeAll(async () => {
  options = await resolveRenderOptions(sampleProfile());
});

const signers = [samples.petugas, samples.kasubbag, samples.kepalaPtid];

describe('berita acara', () => {
  it('opens with the day and date of the backup in words and lists every copy, checksum and signer', async () => {
    const input = samples.sampleBeritaAcara(5);
    const pdf = await renderBeritaAcara(input, options);
    const pages = extractPages(pdf);
    const text = flatten(pages);
    expect(text).toContain('KEMENTERIAN AGAMA REPUBLIK INDONESIA');
    expect(text).toContain('BERITA ACARA PELAKSANAAN BACKUP DATA');
    expect(text).toContain('Nomor: 007/BA-BACKUP/PTID/2026');
    expect(text).toContain('Pada hari ini, Senin, tanggal dua puluh tiga, bulan November, tahun dua ribu dua puluh enam (23-11-2026)');
    expect(text).toContain('atas perintah Kepala PTID Dr. Hj. Siti Nur’aini, M.Kom.');
    expect(text).toContain('Demikian berita acara ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya.');
    expect(text).toContain('Pontianak, 23 November 2026');
    expect(text).toContain('Mengetahui,');
    for (const [index, item] of input.items.entries()) {
      expect(text).toContain(item.targetName);
      expect(text).toContain(formatShortChecksum(samples.sampleSha256(index)));
      expect(text).toContain(samples.sampleSha256(index));
    }
    expect(text).toContain('HDD-EXT-02');
    for (const person of signers) {
      expect(text).toContain(person.name);
      expect(text).toContain(`NIP. ${person.nip}`);
    }
    expect(text).toContain('Disetujui melalui Cadang pada 23-11-2026 14:12 WIB');
    pages.forEach((page, index) => expect(page).toContain(`Halaman ${index + 1} dari ${pages.length}`));
  });

  it('carries the item list as an attached manifest for cadang verify', async () => {
    const input = samples.sampleBeritaAcara(3);
    const manifest = await readDocumentManifest(await renderBeritaAcara(input, options));
    expect(manifest).toMatchObject({ format: 'cadang.document/1', kind: 'berita-acara', number: input.number, reference: { kind: 'scheduled-run', id: 'RUN-2026-11-23-01' } });
    expect(manifest?.items.map((item) => item.sha256)).toEqual([0, 1, 2].map(samples.sampleSha256));
    expect(manifest?.items[1]).toMatchObject({ targetName: 'siakad-db', mediumLabel: 'HDD-EXT-02', placement: 'external' });
  });

  it('continues a 300-item table across pages with the header repeated and every page numbered', async () => {
    const input = samples.sampleBeritaAcara(300);
    const pages = extractPages(await renderBeritaAcara(input, options), { layout: true });
    expect(pages.length).toBeGreaterThan(10);
    // Each page of the items table and of the appendix shows its header row again.
    const tablePages = pages.filter((page) => /No +Target +Jenis +Internal\/ +Media \/ Lokasi +Ukuran/.test(page));
    const appendixPages = pages.filter((page) => page.includes('Target — Media / Lokasi'));
    expect(tablePages.length).toBeGreaterThan(3);
    // Both tables together cover every page after the first, so no page of rows lacks its header.
    expect(tablePages.length + appendixPages.length).toBeGreaterThanOrEqual(pages.length - 1);
    expect(appendixPages.length).toBeGreaterThan(3);
    pages.forEach((page, index) => expect(page).toContain(`Halaman ${index + 1} dari ${pages.length}`));
    expect(pages.slice(1).every((page) => page.includes('(lanjutan)'))).toBe(true);
    const text = flatten(pages);
    for (let index = 0; index < 300; index += 1) {
      expect(text).toContain(input.items[index]!.targetName);
      expect(text).toContain(samples.sampleSha256(index));
    }
    expect(text).toContain('Jumlah salinan: 300');
  });

  it('writes a.n. and Plh. for delegates', async () => {
    const input = samples.sampleBeritaAcara(1);
    input.head = { person: { ...samples.kasubbag, onBehalfOf: { title: 'Kepala PTID', mode: 'plh' } } };
    input.corrector = { person: { ...samples.kasubbag, name: 'Yusuf Hadi', onBehalfOf: { title: 'Kepala PTID' } } };
    const text = flatten(extractPages(await renderBeritaAcara(input, options)));
    expect(text).toContain('Plh. Kepala PTID,');
    expect(text).toContain('a.n. Kepala PTID');
    expect(text).toContain('Belum disetujui melalui Cadang');
  });

  it('names the request for SOP B', async () => {
    const input = samples.sampleBeritaAcara(2);
    input.reference = samples.sampleReport().reference;
    const text = flatten(extractPages(await renderBeritaAcara(input, options)));
    expect(text).toContain('berdasarkan Permohonan layanan backup server nomor ND-118/PTBIN/XI/2026 (rujukan REQ-2026-0042)');
    expect(text).toContain(`${samples.pemohon.name} (NIP. ${samples.pemohon.nip}), PTBIN`);
  });

  it('speaks English as the second locale', async () => {
    const text = flatten(extractPages(await renderBeritaAcara(samples.sampleBeritaAcara(1), { ...options, locale: 'en' })));
    expect(text).toContain('OFFICIAL RECORD OF DATA BACKUP');
    expect(text).toContain('On this day, Monday, the twenty-third of November, in the year two thousand twenty-six (23-11-2026)');
    expect(text).toContain('Page 1 of');
  });

  it('refuses an input without a valid NIP', async () => {
    const input = samples.sampleBeritaAcara(1);
    input.officer = { person: { ...samples.petugas, nip: '12345' } };
    await expect(renderBeritaAcara(input, options)).rejects.toThrow(/NIP must be 18 digits/);
  });
});

describe('other documents', () => {
  it('checklist: as prepared, corrected and filled', async () => {
    const input = samples.sampleChecklist();
    const text = flatten(extractPages(await renderChecklist(input, options)));
    expect(text).toContain('CEKLIS BACKUP DATA DAN INFORMASI');
    expect(text).toContain('Senin, 23 November 2026');
    for (const entry of input.entries) expect(text).toContain(entry.targetName);
    expect(text).toContain('Ditambahkan: Ditambahkan sesuai Daftar Backup terbaru');
    expect(text).toContain('Dihapus: Server sudah dinonaktifkan');
    expect(text).toContain('☒ Gagal');
    expect(text).toContain('Disk HDD-EXT-02 penuh');
    expect(text).toContain('☒ Tidak dilaksanakan');
    expect(text).toContain('Jumlah target: 6; selesai: 4; tidak dilaksanakan: 1; gagal: 1.');
    for (const person of [samples.petugas, samples.kasubbag]) expect(text).toContain(`NIP. ${person.nip}`);
  });

  it('report: summary, details, failures and the approval chain', async () => {
    const input = samples.sampleReport();
    const pdf = await renderBackupReport(input, options);
    const text = flatten(extractPages(pdf));
    expect(text).toContain('LAPORAN PELAKSANAAN BACKUP DATA');
    expect(text).toContain('Nomor: 007/LAP-BACKUP/PTID/2026');
    expect(text).toMatch(/Jumlah target :\s?6/);
    expect(text).toMatch(/Gagal :\s?2/);
    expect(text).toMatch(/Total ukuran : 6,26 GB/);
    expect(text).toMatch(/Durasi : 20 menit/);
    expect(text).toContain('Folder /srv/data/laporan-keuangan tidak ditemukan di server');
    for (const approval of input.approvals!) {
      expect(text).toContain(approval.person.name);
      expect(text).toContain(`NIP. ${approval.person.nip}`);
    }
    expect(text).toContain('Didisposisikan');
    expect(text).toContain('Yohanes Ñoviantoro');
    expect((await readDocumentManifest(pdf))?.items).toHaveLength(5);
  });

  it('request form: the request as submitted and the Administrator\'s decision', async () => {
    const input = samples.sampleRequestForm();
    const text = flatten(extractPages(await renderRequestForm(input, { ...options, form: { code: 'FM 001 SOP 119.002/IF 03 01/ISN 2.2', remarks: ['Diisi melalui Cadang.'] } })));
    expect(text).toContain('FM 001 SOP 119.002/IF 03 01/ISN 2.2');
    expect(text).toContain('FORMULIR BACKUP SERVER');
    for (const value of ['16 November 2026', input.satker, samples.pemohon.name, samples.pemohon.phone, samples.pemohon.nip, samples.pemohon.email]) {
      expect(text).toContain(value);
    }
    expect(text).toContain('☒ Nama Server simpeg-db (10.10.2.15)');
    expect(text).toContain('☐ Nama Aplikasi');
    expect(text).toContain('☒ Nama Folder /srv/data/laporan-keuangan');
    expect(text).toContain('☐ Ditindaklanjuti');
    expect(text).toContain('☒ Ditunda');
    expect(text).toContain('Media penyimpanan eksternal sedang penuh');
    expect(text).toContain('Tgl: 17-11-2026');
    for (const person of [samples.kepalaPusat, samples.administrator]) {
      expect(text).toContain(person.name);
      expect(text).toContain(`NIP. ${person.nip}`);
    }
    expect(text).toContain('Kepala Pusat/Biro/Insp');
  });

  it('request form: an unknown unit head leaves a blank block to sign by hand, like the paper form', async () => {
    const { unitHead: _unitHead, ...input } = samples.sampleRequestForm();
    const text = flatten(extractPages(await renderRequestForm(input, { ...options, form: { code: 'FM 001 SOP 119.002/IF 03 01/ISN 2.2', remarks: [] } })));
    expect(text).toContain('Kepala Pusat/Biro/Insp');
    expect(text).toContain('(.......................................)');
    expect(text).not.toContain(samples.kepalaPusat.name);
    expect(text).toContain(samples.pemohon.name);
  });

  it('reply letter: approved with the copies, rejected with the reason', async () => {
    const approved = flatten(extractPages(await renderReplyLetter(samples.sampleReply('approved'), options)));
    // Labels and values of the letter's head come out in columns: check both are there.
    expect(approved).toMatch(/Nomor Sifat Lampiran Hal : 031\/TU\/XI\/2026/);
    expect(approved).toContain(': Balasan Permohonan Layanan Backup Server');
    expect(approved).toContain(': 1 (satu) berkas');
    expect(approved).toContain(`Yth. ${samples.pemohon.name}`);
    expect(approved).toContain('telah disetujui dan backup telah dilaksanakan sebagaimana tercantum dalam Laporan Pelaksanaan Backup Data Nomor 007/LAP-BACKUP/PTID/2026');
    expect(approved).toContain('siakad-db');
    expect(approved).toContain('a.n. Kepala Bagian Tata Usaha');
    expect(approved).toContain(`NIP. ${samples.kabagTu.nip}`);
    expect(approved).toContain('Tembusan:');

    const rejected = flatten(extractPages(await renderReplyLetter(samples.sampleReply('rejected'), options)));
    expect(rejected).toContain('belum dapat kami setujui dengan alasan: Permohonan tidak sesuai dengan kebijakan backup server publik');
    await expect(renderReplyLetter({ ...samples.sampleReply('rejected'), reason: ' ' }, options)).rejects.toThrow(/needs a reason/);
  });
});

describe('layout', () => {
  it('never leaves a signature block alone on a page: the closing paragraph and every block share one page', async () => {
    // Item counts that push the closing and the signatures across the page break one way or another.
    const pagesWithSignatures = new Set<number>();
    for (let count = 1; count <= 24 && pagesWithSignatures.size < 2; count += 1) {
      const pages = extractPages(await renderBeritaAcara(samples.sampleBeritaAcara(count), options)).map((page) => page.replace(/\s+/g, ' '));
      const signed = pages.map((page, index) => ({ page, index })).filter(({ page }) => /Yang membuat,|Yang memeriksa,|Mengetahui,/.test(page));
      expect(signed, `${count} items`).toHaveLength(1);
      const [{ page, index }] = signed as [{ page: string; index: number }];
      expect(page, `${count} items`).toContain('Demikian berita acara ini dibuat dengan sebenarnya');
      for (const caption of ['Yang memeriksa, Kasubbag PTID,', 'Yang membuat, Petugas Backup Data,', 'Mengetahui, Kepala PTID,']) expect(page, `${count} items`).toContain(caption);
      pagesWithSignatures.add(index);
    }
    // The range really did move the signatures to a later page at some count.
    expect(pagesWithSignatures.size).toBeGreaterThan(1);
  });

  it('does not break a word such as "PostgreSQL" inside a table cell when it fits on a line of its own', async () => {
    const items = samples.sampleItems(5);
    for (const pdf of [await renderBeritaAcara(samples.sampleBeritaAcara(5), options), await renderChecklist(samples.sampleChecklist(), options)]) {
      const layout = extractPages(pdf, { layout: true }).join('\n');
      expect(layout).toMatch(/\bPostgreSQL\b/);
      expect(layout).not.toMatch(/PostgreSQ\s*$/m);
    }
    expect(items.some((item) => item.kind === 'postgres')).toBe(true);
  });
});
