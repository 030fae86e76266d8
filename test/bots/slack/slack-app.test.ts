// The real Bolt app with its HTTP receiver, against a local server that speaks the Slack Web API:
// signed slash commands open form FM 001 as a modal, a bad signature or an old timestamp is
// refused, a bad NIP gets Slack's per-field errors, a retry changes nothing, decisions go through
// modals and close the card, a 429 storm keeps the order, a document takes the three upload calls.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeButton } from '../../../src/bots/callback-data.js';
import { startSlackApp } from '../../../src/bots/slack/index.js';
import { listTrail, loadInstance } from '../../../src/storage/workflow-repository.js';
import { buttonsOf, buttonText, sectionText, slackSignature } from './fake-slack-api.js';
import { channelId, fastLimits, signingSecret, SlackSession } from './slack-harness.js';

let session: SlackSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const satker = ['Pusat Teknologi Informasi dan Data', 'Pusat Pendayagunaan Informatika dan Kawasan Strategis Nuklir', 'Pusat Teknologi Keselamatan Reaktor Nuklir', 'Biro Umum'];
const goodForm = {
  tanggal: '2026-11-23', satker: 'Pusat Teknologi Keselamatan Reaktor Nuklir', nama: 'Siti Rahmawati', nomor_hp: '0812 3456 7890',
  nip: '199202292015032001', email: 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Sebelum migrasi server',
};

/** Siti opens the form with /backup and returns the modal Slack shows her. */
async function openForm(s: SlackSession) {
  const siti = s.user('Siti');
  const command = s.requests.slashCommand(siti, '');
  const response = await command;
  expect(response.status).toBe(200);
  await s.settle();
  const view = s.api.lastViewOf(siti);
  expect(view, 'views.open was called').toBeDefined();
  return { siti, view: view!, response, triggerId: command.triggerId };
}

/** Siti files request #1 through the modal; returns the card Bambang (Ka. PPIKSN) gets. */
async function fileRequest(s: SlackSession) {
  const { siti, view } = await openForm(s);
  const submitted = await s.requests.viewSubmission(siti, view, SlackSession.formValues(goodForm, satker));
  expect(submitted.status).toBe(200);
  expect(submitted.body).toBe('');
  await s.settle();
  return siti;
}

describe('the Slack app over HTTP (real Bolt, fake Web API)', () => {
  it('a signed /backup opens form FM 001 as a modal, prefilled, and is acknowledged at once', async () => {
    const s = (session = await SlackSession.open());
    const { view, response, triggerId } = await openForm(s);
    expect(response.body).toBe('');
    expect(response.ms).toBeLessThan(1000);
    const open = s.api.callsOf('views.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.params.trigger_id).toBe(triggerId);

    const modal = view.view;
    expect(modal.callback_id).toBe('cadang-form');
    expect(modal.title?.text).toBe('Permohonan Backup');
    expect(sectionText(modal.blocks)).toContain('FM 001 SOP 119.002/IF 03 01/ISN 2.2');
    const inputs = modal.blocks.filter((block) => block.type === 'input') as unknown as Array<{ block_id: string; optional: boolean; element: Record<string, unknown>; label: { text: string } }>;
    expect(inputs.map((block) => block.block_id)).toEqual(['tanggal', 'satker', 'nama', 'nomor_hp', 'nip', 'email', 'nama_server', 'nama_aplikasi', 'nama_folder', 'alasan']);
    const byName = Object.fromEntries(inputs.map((block) => [block.block_id, block]));
    expect(byName.tanggal!.element).toMatchObject({ type: 'datepicker', initial_date: '2026-11-23' });
    expect(byName.satker!.element.type).toBe('static_select');
    expect((byName.satker!.element.options as Array<{ text: { text: string } }>).map((option) => option.text.text)).toEqual(satker);
    expect((byName.satker!.element.initial_option as { text: { text: string } }).text.text).toBe('Pusat Teknologi Keselamatan Reaktor Nuklir');
    expect(byName.nama!.element).toMatchObject({ type: 'plain_text_input', initial_value: 'Siti Rahmawati' });
    expect(byName.nip!.element).toMatchObject({ type: 'plain_text_input', initial_value: '199202292015032001' });
    expect(byName.alasan!.element).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(byName.nama_server!.optional).toBe(true);
    expect(byName.nip!.optional).toBe(false);
    expect(byName.nip!.label.text).toBe('NIP');
  });

  it('refuses a bad signature and a timestamp older than five minutes with 401, and handles neither', async () => {
    const s = (session = await SlackSession.open());
    const siti = s.user('Siti');
    const forged = await s.requests.slashCommand(siti, '', { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const old = await s.requests.slashCommand(siti, '', { timestamp: sixMinutesAgo });
    expect(old.status).toBe(401);
    // The old request itself was signed correctly: only its age is wrong.
    expect(slackSignature(signingSecret, sixMinutesAgo, 'x')).toMatch(/^v0=[0-9a-f]{64}$/);
    await s.settle();
    expect(s.api.callsOf('views.open')).toHaveLength(0);
    // A fresh, correctly signed one still works.
    expect((await s.requests.slashCommand(siti, '')).status).toBe(200);
    await s.settle();
    expect(s.api.callsOf('views.open')).toHaveLength(1);
  });

  it('a bad NIP and a missing server/application/folder get per-field errors; the modal stays open; nothing is filed', async () => {
    const s = (session = await SlackSession.open());
    const { siti, view } = await openForm(s);
    const bad = { ...goodForm, nip: '1992022920150320', nama_server: '', email: 'siti-at-contoh' };
    const response = await s.requests.viewSubmission(siti, view, SlackSession.formValues(bad, satker));
    expect(response.status).toBe(200);
    const answer = JSON.parse(response.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors).sort()).toEqual(['email', 'nama_server', 'nip']);
    expect(answer.errors.nip).toMatch(/18/);
    expect(answer.errors.email).toBe('Alamat email tidak sah. Tulis seperti nama@instansi.go.id.');
    expect(answer.errors.nama_server).toBe('Isi setidaknya salah satu dari: Nama Server, Nama Aplikasi, Nama Folder.');
    await s.settle();
    expect(await s.core.service.db.workflowInstance.count()).toBe(0);

    // Corrected, the same modal goes through: request #1, Siti told, Ka. PPIKSN gets a card with its button.
    const good = await s.requests.viewSubmission(siti, view, SlackSession.formValues(goodForm, satker));
    expect(good.body).toBe('');
    await s.settle();
    expect(s.dm('Siti').map((message) => message.text).join('\n')).toContain('Permohonan #1 terkirim');
    const card = s.api.withButton(s.api.dmOf(s.user('Bambang')), 'Disposisikan');
    expect(card).toBeDefined();
    expect(sectionText(card!.blocks)).toContain('Pemohon: Siti Rahmawati (NIP 199202292015032001)');
    const instance = await loadInstance(s.core.service.db, (await s.core.service.db.workflowInstance.findFirstOrThrow()).id);
    expect(instance!.data.form).toMatchObject({ nomor_hp: '+6281234567890', nip: '199202292015032001', nama_server: 'srv-simpeg' });
  });

  it('a retried delivery (X-Slack-Retry-Num) is acknowledged and causes no second handling', async () => {
    const s = (session = await SlackSession.open());
    await fileRequest(s);
    const bambang = s.user('Bambang');
    const live = s.api.withButton(s.api.dmOf(bambang), 'Disposisikan')!;
    // As Slack redelivers it: the payload of the card as it was when tapped.
    const card = structuredClone(live);
    const tap = s.requests.blockAction(bambang, card, 'Disposisikan');
    expect((await tap).status).toBe(200);
    await s.settle();
    const retry = await s.requests.blockAction(bambang, card, 'Disposisikan', { retryNum: 1, triggerId: tap.triggerId });
    expect(retry.status).toBe(200);
    // Redelivered without the header (same trigger id): the service sees the same delivery key.
    await s.requests.blockAction(bambang, card, 'Disposisikan', { triggerId: tap.triggerId });
    await s.settle();
    const instance = await s.core.service.db.workflowInstance.findFirstOrThrow();
    const decisions = (await listTrail(s.core.service.db, instance.id)).filter((entry) => entry.stepId === 'disposisi_ka_ppiksn' && entry.accepted);
    expect(decisions).toHaveLength(1);
    expect(s.logs.some((entry) => entry.message.includes('retried delivery was acknowledged and ignored'))).toBe(true);
    // One card to Kabid PJKKD, not two; the decided card lost its buttons.
    expect(s.dm('Dewi').filter((message) => buttonsOf(message.blocks).length > 0)).toHaveLength(1);
    expect(buttonsOf(live.blocks)).toHaveLength(0);
    // A new tap on the old card (not a redelivery) is told, ephemerally, who decided and when.
    await s.requests.blockAction(bambang, card, 'Disposisikan');
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toMatchObject({ user: bambang, text: 'Langkah ini sudah diputuskan oleh Ir. Bambang Hartono pada 23/11/2026 09.00 WIB.' });
    // A retried slash command opens no second modal.
    const siti = s.user('Siti');
    await s.requests.slashCommand(siti, '', { retryNum: 2 });
    await s.settle();
    expect(s.api.callsOf('views.open')).toHaveLength(1);
  });

  it('reject opens a reason modal; an empty or too short reason is refused in the modal; the decision closes the card, tells the requester, and the reply letter is uploaded', async () => {
    const s = (session = await SlackSession.open());
    const siti = await fileRequest(s);
    await s.tap('Bambang', 'Disposisikan');
    const dewi = s.user('Dewi');
    await s.tap('Dewi', 'Tolak');
    const modal = s.api.lastViewOf(dewi)!;
    expect(modal.view.callback_id).toBe('cadang-reason');
    const empty = await s.requests.viewSubmission(dewi, modal, { reason: { value: { type: 'plain_text_input', value: '  ' } } });
    expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { reason: 'Alasan wajib diisi untuk pilihan ini.' } });
    // A reason goes into the reply letter: "-" breaks the SOP's rule and is refused in the modal too.
    const dash = await s.requests.viewSubmission(dewi, modal, { reason: { value: { type: 'plain_text_input', value: '-' } } });
    expect(JSON.parse(dash.body).errors.reason).toMatch(/^Alasan terlalu singkat: tulis paling sedikit 10 karakter dan 2 kata/);
    const given = await s.requests.viewSubmission(dewi, modal, { reason: { value: { type: 'plain_text_input', value: 'Server <simpeg> sudah punya backup harian' } } });
    expect(given.body).toBe('');
    await s.settle();
    const card = s.dm('Dewi').find((message) => sectionText(message.blocks).includes('Langkah 3'))!;
    expect(buttonsOf(card.blocks)).toHaveLength(0);
    expect(sectionText(card.blocks)).toContain('Tolak (balasan melalui Kabag TU) — oleh Dewi Lestari');
    expect(s.api.callsOf('chat.update').length).toBeGreaterThan(0);
    expect(s.dm('Siti').map((message) => sectionText(message.blocks)).join('\n')).toContain('Server <simpeg> sudah punya backup harian');

    // The rejection ends with the reply letter from Kabag TU, a real PDF uploaded to the requester and the channel.
    await s.tap('Sri', 'Kirim balasan');
    await s.tap('Siti', 'Balasan diterima');
    const instance = (await s.core.service.directory.run((await s.core.service.db.workflowInstance.findFirstOrThrow()).id))!;
    expect(instance.outcome).toBe('rejected');
    const letters = [...s.api.uploads.values()].filter((upload) => upload.filename === 'balasan-1.pdf');
    expect(letters.map((upload) => upload.channel).sort()).toEqual([channelId, s.api.dmOf(siti)].sort());
    expect(letters.every((upload) => upload.completed && upload.bytes!.subarray(0, 5).toString() === '%PDF-')).toBe(true);
  });

  it('App Home shows the cards waiting for a person and their own requests', async () => {
    const s = (session = await SlackSession.open());
    await fileRequest(s);
    const home = async (name: string) => {
      const userId = s.user(name);
      const response = await s.requests.event({ type: 'app_home_opened', user: userId, channel: s.api.dmOf(userId), tab: 'home', event_ts: `${Date.now() / 1000}` });
      expect(response.status).toBe(200);
      await s.settle();
      return sectionText(s.api.homes.get(userId)!.view.blocks);
    };
    expect(await home('Bambang')).toContain('#1 Layanan Backup Server (permohonan) — menunggu: 2. Mendisposisikan permohonan ke Kabid PJKKD (Ka. PPIKSN)');
    const siti = await home('Siti');
    expect(siti).toContain('Tidak ada kartu yang menunggu keputusan Anda.');
    expect(siti).toContain('Permohonan Anda\n• #1 Layanan Backup Server (permohonan) — menunggu: 2.');
  });

  it('a tap by someone without the role gets an ephemeral refusal, recorded in the trail', async () => {
    const s = (session = await SlackSession.open());
    await fileRequest(s);
    const card = s.api.withButton(s.api.dmOf(s.user('Bambang')), 'Disposisikan')!;
    const yusuf = s.user('Yusuf');
    await s.requests.blockAction(yusuf, card, 'Disposisikan');
    await s.settle();
    const refusal = s.api.ephemerals.at(-1)!;
    expect(refusal.user).toBe(yusuf);
    expect(refusal.text).toContain('Anda tidak memegang peran Ka. PPIKSN');
    const instance = await s.core.service.db.workflowInstance.findFirstOrThrow();
    const refused = (await listTrail(s.core.service.db, instance.id)).filter((entry) => !entry.accepted);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.actorName).toBe('Yusuf Maulana');
  });

  it('a stale button answered by the chat core is refused ephemerally where it was tapped, never as a DM', async () => {
    const s = (session = await SlackSession.open());
    const siti = s.user('Siti');
    // A button of a form that no longer exists (an old question), in Siti's DM with the app.
    const sent = await s.slack.port.send(siti, { text: 'Pertanyaan lama', buttons: [[{ label: 'Kirim', data: encodeButton({ kind: 'form', form: 'k0ld0001', action: 'send', value: 0 }) }]] });
    await s.settle();
    const before = s.dm('Siti').length;
    await s.requests.blockAction(siti, s.dm('Siti').find((message) => message.ts === sent.messageId)!, 'Kirim');
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toEqual(expect.objectContaining({ channel: s.api.dmOf(siti), user: siti, text: 'Tombol ini tidak dikenal atau sudah kedaluwarsa.' }));
    expect(s.dm('Siti')).toHaveLength(before);
  });

  it('refuses to start with a wrong bot token, saying which settings to check', async () => {
    const s = (session = await SlackSession.open());
    const config = { ...s.core.config, slack: { ...s.core.config.slack, botToken: 'xoxb-not-the-token' } };
    await expect(startSlackApp({ service: s.core.service, config, log: { info() {}, warn() {}, error() {} }, host: '127.0.0.1', port: 0 }))
      .rejects.toMatchObject({ code: 'slack-start', message: expect.stringContaining('Check SLACK_BOT_TOKEN and SLACK_API_URL') });
    expect(s.api.calls.at(-1)).toMatchObject({ method: 'auth.test', error: 'invalid_auth' });
  });

  it('a modal that cannot open before its trigger expires becomes a sentence asking to try again', async () => {
    const s = (session = await SlackSession.open());
    s.api.triggerLifetimeMs = -1;
    const siti = s.user('Siti');
    await s.requests.slashCommand(siti, '', { channel: 'C0GENERAL' });
    await s.settle();
    expect(s.api.callsOf('views.open').map((call) => call.error)).toEqual(['expired_trigger_id']);
    expect(s.api.ephemerals.at(-1)).toMatchObject({ channel: 'C0GENERAL', user: siti, text: 'Slack sedang sibuk sehingga jendela isian tidak sempat dibuka. Silakan coba lagi.' });
    expect(s.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('an unlinked Slack user whose email is not in the staff records is told how to link: in the modal for /backup, ephemerally for a tap', async () => {
    const s = (session = await SlackSession.open({ unlinked: ['Yusuf Maulana'] }));
    const yusuf = s.user('Yusuf');
    s.api.addUser({ id: yusuf, name: 'Yusuf Maulana', email: 'yusuf.maulana@pribadi.example' });
    await s.requests.slashCommand(yusuf, '', { channel: 'C0GENERAL' });
    await s.settle();
    const notice = s.api.lastViewOf(yusuf)!;
    expect(notice.view.callback_id).toBe('cadang-notice');
    expect(notice.view).not.toHaveProperty('submit');
    expect(sectionText(notice.view.blocks)).toContain('Email profil Slack Anda (yusuf.maulana@pribadi.example) tidak ada dalam data pegawai Cadang.');
    expect(sectionText(notice.view.blocks)).toContain('/backup daftar');
    // No admin is asked about an account nobody can match.
    expect(s.api.withButton(s.api.dmOf(s.user('Rudi')), 'Setujui')).toBeUndefined();
    await fileRequest(s);
    const card = s.api.withButton(s.api.dmOf(s.user('Bambang')), 'Disposisikan')!;
    await s.requests.blockAction(yusuf, card, 'Disposisikan');
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toMatchObject({ channel: card.channel, user: yusuf });
    expect(s.api.ephemerals.at(-1)!.text).toContain(`ID Slack Anda: ${yusuf}`);
  });
});

describe('the Slack port against the fake Web API', () => {
  it('a 429 storm keeps every channel\'s order and drops nothing', async () => {
    const s = (session = await SlackSession.open({ flood: { perSecond: 10, burst: 4 } }));
    const port = s.slack.port;
    const channels = ['C0STORMA', 'C0STORMB', s.user('Siti')];
    const sends = channels.flatMap((chat) => Array.from({ length: 12 }, (_, index) => port.send(chat, { text: `${chat} pesan ${index + 1}` })));
    await Promise.all(sends);
    expect(s.api.rateLimited).toBeGreaterThan(3);
    for (const chat of channels) {
      const channel = chat.startsWith('U') ? s.api.dmOf(chat) : chat;
      expect(s.api.messagesIn(channel).map((message) => message.text)).toEqual(Array.from({ length: 12 }, (_, index) => `${chat} pesan ${index + 1}`));
    }
    // Every 429 was waited out: the next call to that channel came at least Retry-After (1 s) later.
    const posts = s.api.callsOf('chat.postMessage');
    for (const [index, call] of posts.entries()) {
      if (call.status !== 429) continue;
      const next = posts.slice(index + 1).find((later) => later.params.channel === call.params.channel);
      expect(next!.at - call.at).toBeGreaterThanOrEqual(990);
    }
    expect(s.logs.filter((entry) => entry.message.startsWith('slack: 429 on chat.postMessage')).length).toBe(s.api.rateLimited);
  });

  it('a document goes through getUploadURLExternal, the upload and completeUploadExternal, in that order; a 429 repeats only its own step', async () => {
    const s = (session = await SlackSession.open());
    const bytes = Buffer.from(`%PDF-1.7\n${'berita acara '.repeat(500)}\n%%EOF`);
    s.api.failNext('files.completeUploadExternal', 1, 1);
    const sent = await s.slack.port.sendDocument(channelId, { filename: 'berita-acara-1.pdf', bytes, caption: 'Berita acara permohonan #1' });
    const flow = s.api.calls.filter((call) => ['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'].includes(call.method));
    expect(flow.map((call) => `${call.method} ${call.status}`)).toEqual([
      'files.getUploadURLExternal 200', 'upload 200', 'files.completeUploadExternal 429', 'files.completeUploadExternal 200',
    ]);
    expect(flow[0]!.params).toMatchObject({ filename: 'berita-acara-1.pdf', length: String(bytes.length) });
    const upload = s.api.uploads.get(sent.messageId)!;
    expect(upload.bytes!.equals(bytes)).toBe(true);
    expect(upload).toMatchObject({ completed: true, channel: channelId, initialComment: 'Berita acara permohonan #1', title: 'berita-acara-1.pdf' });
    // To a person: their DM, opened with conversations.open.
    await s.slack.port.sendDocument(s.user('Siti'), { filename: 'balasan-1.pdf', bytes });
    expect([...s.api.uploads.values()].at(-1)).toMatchObject({ completed: true, channel: s.api.dmOf(s.user('Siti')) });
  });

  it('renders cards within Block Kit limits: five buttons per actions block, 75-character labels, long texts split', async () => {
    const s = (session = await SlackSession.open());
    const buttons = Array.from({ length: 7 }, (_, index) => [{ label: `Pilihan ${index + 1} ${'panjang '.repeat(12)}`, data: `d:x:${index}:0` }]);
    const sent = await s.slack.port.send(s.user('Siti'), { text: `${'Baris yang cukup panjang untuk kartu.\n'.repeat(120)}`, buttons });
    const message = s.dm('Siti').find((candidate) => candidate.ts === sent.messageId)!;
    const actions = message.blocks.filter((block) => block.type === 'actions') as unknown as Array<{ elements: unknown[] }>;
    expect(actions.map((block) => block.elements.length)).toEqual([5, 2]);
    expect(buttonsOf(message.blocks).every((button) => buttonText(button).length <= 75)).toBe(true);
    expect(message.blocks.filter((block) => block.type === 'section').length).toBeGreaterThan(1);
    // Edited to no buttons: the card keeps its text and loses its buttons.
    await s.slack.port.edit(sent, { text: 'Sudah diputuskan', buttons: [] });
    expect(buttonsOf(message.blocks)).toHaveLength(0);
    expect(sectionText(message.blocks)).toBe('Sudah diputuskan');
  });

  it('shows a backup\'s progress through the notifier as one message edited in place, with a cancel button; a cancel that cannot succeed is refused ephemerally', async () => {
    const s = (session = await SlackSession.open());
    await fileRequest(s);
    const instance = (await loadInstance(s.core.service.db, (await s.core.service.db.workflowInstance.findFirstOrThrow()).id))!;
    const context = { instance, definition: await s.core.service.definitionOf(instance) };
    // The backup step's progress goes to its role's holders (Administrator: Rudi), a burst of reports at once.
    for (let percent = 10; percent < 100; percent += 10) await s.slack.notifier.progress(context, 'jalankan_backup', `simpeg-db — salin ${percent} %`, false);
    await s.settle();
    const progressOf = () => s.dm('Rudi').filter((message) => sectionText(message.blocks).includes('simpeg-db'));
    expect(progressOf()).toHaveLength(1);
    expect(buttonsOf(progressOf()[0]!.blocks).map(buttonText)).toEqual(['⏹️ Batalkan backup']);
    // Nothing is running for this run yet: the cancel tap is refused next to the message, not in a DM.
    const before = s.dm('Rudi').length;
    await s.tap('Rudi', '⏹️ Batalkan backup');
    expect(s.api.ephemerals.at(-1)).toEqual(expect.objectContaining({ channel: s.api.dmOf(s.user('Rudi')), user: s.user('Rudi'), text: 'Tidak ada backup #1 yang sedang berjalan.' }));
    expect(s.dm('Rudi')).toHaveLength(before);
    await s.slack.notifier.progress(context, 'jalankan_backup', 'simpeg-db — selesai 100 %', true);
    await s.settle();
    const [message] = progressOf();
    expect(progressOf()).toHaveLength(1);
    expect(sectionText(message!.blocks)).toContain('selesai 100 %');
    expect(buttonsOf(message!.blocks)).toHaveLength(0);
    // Edits within the notifier's gap are skipped; the final state always goes out.
    expect(s.api.callsOf('chat.update').filter((call) => call.params.ts === message!.ts)).toHaveLength(1);
  });
});
