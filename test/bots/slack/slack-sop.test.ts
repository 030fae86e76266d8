// SOP B in Slack, through the real Bolt app: the approval chain to the end with the targets
// picked in a modal, the return to Kabid PJKKD, and the postponement, each reason in a modal.
// SOP A through the no-media branch, the medium picked with radio buttons.
import { afterEach, describe, expect, it } from 'vitest';
import { listTrail, loadInstance } from '../../../src/storage/workflow-repository.js';
import { buttonsOf, sectionText } from './fake-slack-api.js';
import { channelId, SlackSession } from './slack-harness.js';

let session: SlackSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const satker = ['Pusat Teknologi Informasi dan Data', 'Pusat Pendayagunaan Informatika dan Kawasan Strategis Nuklir', 'Pusat Teknologi Keselamatan Reaktor Nuklir', 'Biro Umum'];

async function fileRequest(s: SlackSession): Promise<string> {
  const siti = s.user('Siti');
  await s.requests.slashCommand(siti, '');
  await s.settle();
  const view = s.api.lastViewOf(siti)!;
  const answers = {
    tanggal: '2026-11-23', satker: 'Pusat Teknologi Keselamatan Reaktor Nuklir', nama: 'Siti Rahmawati', nomor_hp: '081234567890', nip: '199202292015032001',
    email: 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: 'SIMPEG', nama_folder: '', alasan: 'Sebelum migrasi server',
  };
  const submitted = await s.requests.viewSubmission(siti, view, SlackSession.formValues(answers, satker));
  expect(submitted.body).toBe('');
  await s.settle();
  return (await s.core.service.db.workflowInstance.findFirstOrThrow()).id;
}

/** `name` taps `label` on their newest card, then submits the modal it opened with `values`. */
async function decideInModal(s: SlackSession, name: string, label: string, values: Record<string, Record<string, Record<string, unknown>>>): Promise<string> {
  const userId = s.user(name);
  const before = s.api.views.size;
  await s.tap(name, label);
  expect(s.api.views.size, `a modal opened for ${name}'s "${label}"`).toBe(before + 1);
  const response = await s.requests.viewSubmission(userId, s.api.lastViewOf(userId)!, values);
  await s.settle();
  return response.body;
}

const reason = (text: string) => ({ reason: { value: { type: 'plain_text_input', value: text } } });

describe('SOP B through Slack', () => {
  it('runs the approval chain to the end; Ditindaklanjuti picks targets in a checkbox modal; the reply letter is uploaded', async () => {
    const s = (session = await SlackSession.open());
    const id = await fileRequest(s);
    await s.tap('Bambang', 'Disposisikan');
    await s.tap('Dewi', 'Setujui'); // an optional reason: decided with the tap, no modal
    await s.tap('Agus', 'Setujui');

    const rudi = s.user('Rudi');
    await s.tap('Rudi', 'Ditindaklanjuti');
    const modal = s.api.lastViewOf(rudi)!;
    expect(modal.view.callback_id).toBe('cadang-select');
    const selection = modal.view.blocks.find((block) => block.block_id === 'selection') as unknown as { element: { type: string; options: Array<{ text: { text: string }; value: string }> } };
    expect(selection.element.type).toBe('checkboxes');
    const names = selection.element.options.map((option) => option.text.text);
    expect(names).toContain('simpeg-files');
    // Nothing picked: the modal says so and stays open.
    const none = await s.requests.viewSubmission(rudi, modal, { selection: { value: { type: 'checkboxes', selected_options: [] } } });
    expect(JSON.parse(none.body)).toEqual({ response_action: 'errors', errors: { selection: 'Pilih setidaknya satu target.' } });
    const picked = selection.element.options.filter((option) => option.text.text.startsWith('simpeg-')).map((option) => ({ value: option.value }));
    expect((await s.requests.viewSubmission(rudi, modal, { selection: { value: { type: 'checkboxes', selected_options: picked } } })).body).toBe('');
    await s.settle();

    await s.tap('Agus', 'Teruskan laporan');
    await s.tap('Dewi', 'Teruskan laporan');
    await s.tap('Sri', 'Kirim balasan');
    await s.tap('Siti', 'Balasan diterima');

    const instance = (await loadInstance(s.core.service.db, id))!;
    expect(instance.outcome).toBe('approved');
    // The reply letter went up through the external upload flow, a real PDF, to the requester and the channel.
    const letters = [...s.api.uploads.values()].filter((upload) => upload.filename === 'balasan-1.pdf');
    expect(letters.map((upload) => upload.channel).sort()).toEqual([channelId, s.api.dmOf(s.user('Siti'))].sort());
    for (const letter of letters) {
      expect(letter).toMatchObject({ completed: true, initialComment: expect.stringContaining('Balasan permohonan #1') });
      expect(letter.bytes!.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(instance.data.targets.sort()).toEqual(names.filter((name) => name.startsWith('simpeg-')).sort());
    const accepted = (await listTrail(s.core.service.db, id)).filter((entry) => entry.accepted && entry.actorName);
    expect(accepted.map((entry) => entry.actorName)).toEqual([
      'Siti Rahmawati', 'Siti Rahmawati', 'Ir. Bambang Hartono', 'Dewi Lestari', 'Agus Salim', 'Rudi Hermawan', 'Sistem Cadang', 'Agus Salim', 'Dewi Lestari', 'Sri Wahyuni', 'Siti Rahmawati',
    ]);
    // Every card sent was closed: none still has buttons.
    for (const name of ['Bambang', 'Dewi', 'Agus', 'Rudi', 'Sri', 'Siti']) {
      expect(s.dm(name).filter((message) => buttonsOf(message.blocks).length > 0), `open cards of ${name}`).toEqual([]);
    }
    const milestones = s.api.messagesIn(channelId).map((message) => message.text);
    expect(milestones.at(-1)).toContain('selesai: disetujui dan ditindaklanjuti');
    expect(s.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('Kasubbid Komdat returns it to Kabid PJKKD with a reason, and Kabid PJKKD gets a new card', async () => {
    const s = (session = await SlackSession.open());
    const id = await fileRequest(s);
    await s.tap('Bambang', 'Disposisikan');
    await s.tap('Dewi', 'Setujui');
    expect(await decideInModal(s, 'Agus', 'Kembalikan', reason('Spesifikasi server belum jelas'))).toBe('');
    const instance = (await loadInstance(s.core.service.db, id))!;
    expect(instance.currentStep).toBe('seleksi_kabid');
    const card = s.api.withButton(s.api.dmOf(s.user('Dewi')), 'Setujui')!;
    expect(sectionText(card.blocks)).toContain('Catatan terakhir — Agus Salim, Kembalikan ke Kabid PJKKD: Spesifikasi server belum jelas');
  });

  it('the Administrator postpones with a reason; the requester is told why', async () => {
    const s = (session = await SlackSession.open());
    const id = await fileRequest(s);
    await s.tap('Bambang', 'Disposisikan');
    await s.tap('Dewi', 'Setujui');
    await s.tap('Agus', 'Setujui');
    expect(await decideInModal(s, 'Rudi', 'Ditunda', reason('Media penyimpanan penuh'))).toBe('');
    const instance = (await loadInstance(s.core.service.db, id))!;
    expect(instance.currentStep).toBe('laporan_kasubbid');
    expect(s.dm('Siti').map((message) => message.text).join('\n')).toContain('Ditunda. Alasan: Media penyimpanan penuh');
  });
});

describe('SOP A through Slack', () => {
  it('runs the scheduled backup through the no-media branch; the medium is picked with radio buttons; the berita acara is uploaded', async () => {
    const s = (session = await SlackSession.open());
    const ahmad = s.user('Ahmad');
    await s.requests.slashCommand(ahmad, 'perintah');
    await s.settle();
    expect(s.dm('Ahmad').map((message) => message.text).join('\n')).toContain('Backup Server Terjadwal #1 dimulai');
    await s.tap('Ahmad', 'Perintahkan backup');

    const budi = s.user('Budi');
    await s.tap('Budi', 'Ceklis siap');
    const targets = s.api.lastViewOf(budi)!;
    const simpeg = (targets.view.blocks.find((block) => block.block_id === 'selection') as unknown as { element: { options: Array<{ text: { text: string }; value: string }> } })
      .element.options.find((option) => option.text.text === 'simpeg-files')!;
    expect((await s.requests.viewSubmission(budi, targets, { selection: { value: { type: 'checkboxes', selected_options: [{ value: simpeg.value }] } } })).body).toBe('');
    await s.settle();
    await s.tap('Rina', 'Ceklis benar');

    await s.tap('Budi', 'Media tidak tersedia');
    await s.tap('Budi', 'Laporkan ke korektor');
    await s.tap('Hj. Nurhayati', 'Media sudah tersedia');

    await s.tap('Budi', 'Media siap');
    const medium = s.api.lastViewOf(budi)!;
    const radio = medium.view.blocks.find((block) => block.block_id === 'selection') as unknown as { element: { type: string; options: Array<{ text: { text: string }; value: string }> } };
    expect(radio.element.type).toBe('radio_buttons');
    expect(radio.element.options.map((option) => option.text.text)).toEqual(['HDD-PTID-01']);
    expect((await s.requests.viewSubmission(budi, medium, { selection: { value: { type: 'radio_buttons', selected_option: { value: '0' } } } })).body).toBe('');
    await s.settle();

    await s.tap('Budi', 'Ceklis terisi');
    // Step 8 issues the filled checklist and step 9 the drafts (no number) for checking, not to the channel.
    const drafts = [...s.api.uploads.values()].map((upload) => upload.filename);
    expect(drafts).toEqual(expect.arrayContaining(['ceklis-1.pdf', 'berita-acara-1-draf.pdf', 'laporan-backup-1-draf.pdf']));
    expect([...s.api.uploads.values()].filter((upload) => upload.channel === channelId)).toEqual([]);
    await s.tap('Rina', 'Laporan dan berita acara benar');
    // The Kepala PTID's countersignature issues the final, numbered documents, to the channel too.
    await s.tap('Ahmad', 'Mengetahui, terbitkan');
    await s.tap('Budi', 'Arsipkan');

    const run = await s.core.service.db.workflowInstance.findFirstOrThrow();
    const instance = (await loadInstance(s.core.service.db, run.id))!;
    expect(instance.outcome).toBe('approved');
    expect(instance.data.medium).toBe('HDD-PTID-01');
    expect(instance.data.targets).toEqual(['simpeg-files']);
    const beritaAcara = [...s.api.uploads.values()].filter((upload) => upload.filename === 'berita-acara-1.pdf');
    expect(beritaAcara.map((upload) => upload.channel).sort()).toEqual([channelId, ...['Budi', 'Rina', 'Ahmad'].map((name) => s.api.dmOf(s.user(name)))].sort());
    expect(beritaAcara.every((upload) => upload.completed && upload.bytes!.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    expect(beritaAcara[0]!.initialComment).toContain('Berita acara pelaksanaan backup #1 — Nomor 001/BA-BACKUP/PTID/2026');
    const steps = (await listTrail(s.core.service.db, run.id)).filter((entry) => entry.accepted).map((entry) => entry.stepId);
    expect(steps).toEqual(expect.arrayContaining(['siapkan_media', 'lapor_media', 'permintaan_media']));
    expect(steps.filter((step) => step === 'siapkan_media')).toHaveLength(2);
    expect(s.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
