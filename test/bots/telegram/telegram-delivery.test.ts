// How the bot talks to the Bot API: callback answers first, 429s honoured, bursts not dropped,
// long texts split, large documents announced, webhook secret checked, progress throttled, and
// failures told apart (refused, network, our own).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { channelId, TelegramSession } from './telegram-harness.js';
import type { FloodLimits } from './fake-bot-api.js';

let session: TelegramSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Telegram's flood limits ten times faster, and the bot's pace to match (still 10× Telegram). */
const flood10x: FloodLimits = { globalPerSecond: 300, globalBurst: 30, privatePerSecond: 10, privateBurst: 3, groupPerMinute: 200, groupBurst: 3, editGapMs: 250 };
const limits10x = { globalPerSecond: 300, privateChatGapMs: 100, groupChatGapMs: 300, editGapMs: 300, networkRetryDelayMs: 20 };

async function submitted(s: TelegramSession, count = 1): Promise<void> {
  const siti = await s.core.service.db.person.findFirstOrThrow({ where: { name: 'Siti Rahmawati' } });
  for (let index = 0; index < count; index++) {
    const outcome = await s.core.service.submitRequest('sop_b_backup_server', siti, {
      tanggal: '2026-11-23', satker: 'Biro Umum', nama: siti.name, nomor_hp: '+6281234567890', nip: siti.nip, email: 'siti@contoh.go.id',
      nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Uji pengiriman dokumen',
    }, `test:${randomUUID()}`);
    expect(outcome.status).toBe('accepted');
  }
  await s.settle();
}

describe('callback queries and 429s', () => {
  it('answers every callback query at once, before slow work', async () => {
    const s = (session = await TelegramSession.open());
    await submitted(s);
    s.sinceMark();
    const decide = s.core.service.decide.bind(s.core.service);
    s.core.service.decide = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 600)); // a slow database
      return decide(request);
    };
    const query = s.api.tap(s.user('Bambang'), s.api.withButton(s.user('Bambang').id, 'Disposisikan')!, 'Disposisikan');
    const update = s.api.updates.at(-1)!.update.update_id;
    const answered = await s.api.waitFor(() => s.api.answeredAt(query), 'the answer');
    expect(answered - s.api.deliveredAt(update)!).toBeLessThan(300);
    const out = await s.handled(update);
    expect(out).toContain('"Disposisikan ke Kabid PJKKD" tercatat');
    const reply = s.api.callsOf('sendMessage').find((call) => String(call.params.text).includes('tercatat'))!;
    expect(reply.at - answered).toBeGreaterThanOrEqual(550);
  });

  it('honours 429 retry_after on messages, edits and callback answers, and drops nothing', async () => {
    const s = (session = await TelegramSession.open());
    await submitted(s);
    s.api.failNext('sendMessage', 2, 1);
    s.api.failNext('editMessageText', 1, 1);
    s.api.failNext('answerCallbackQuery', 1, 1);
    const started = Date.now();
    const out = await s.tap('Bambang', 'Disposisikan ke Kabid PJKKD');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // two waits of one second in one chat's lane
    expect(out).toContain('── (diperbarui) Ir. Bambang Hartono ──');
    expect(out).toContain('── Dewi Lestari ──\n📋');
    expect(out).toContain('── Siti Rahmawati ──\nℹ️ Permohonan #1');
    expect(out.match(/tercatat untuk permohonan #1/g)).toHaveLength(1);
    expect(s.api.rateLimited).toBe(4);
    // Each refused call was repeated no sooner than retry_after.
    for (const method of ['editMessageText', 'answerCallbackQuery']) {
      const [refused, repeated] = s.api.callsOf(method).slice(-2);
      expect(refused!.status).toBe(429);
      expect(repeated!.status).toBe(200);
      expect(repeated!.at - refused!.at).toBeGreaterThanOrEqual(990);
    }
    expect(s.logs.filter((entry) => entry.message.startsWith('telegram: 429')).length).toBe(4);
  });

  it('delivers a burst of 200 cards under Telegram-like flood limits, with forced 429s, none dropped or doubled', async () => {
    const s = (session = await TelegramSession.open({ flood: flood10x, limits: limits10x }));
    const db = s.core.service.db;
    // 200 holders of Ka. PPIKSN: one request sends 200 cards at once.
    const extra = Array.from({ length: 199 }, (_, index) => ({ id: randomUUID(), telegram: 90_000 + index, index }));
    await db.person.createMany({ data: extra.map(({ id, index }) => ({ id, organisationId: s.core.service.organisationId, name: `Pejabat ${index}`, nip: `19800101200501${String(1000 + index).slice(-4)}` })) });
    await db.platformIdentity.createMany({ data: extra.map(({ id, telegram }) => ({ platform: 'telegram', userId: String(telegram), personId: id, linkedBy: 'test' })) });
    await db.roleAssignment.createMany({ data: extra.map(({ id }) => ({ id: randomUUID(), organisationId: s.core.service.organisationId, role: 'ka_ppiksn', personId: id })) });
    for (const { telegram, index } of extra) s.api.meet({ id: telegram, first_name: `Pejabat${index}` });
    s.api.failNext('sendMessage', 3, 1);
    const started = Date.now();
    await submitted(s);
    const cards = s.api.callsOf('sendMessage').filter((call) => call.status === 200 && String(call.params.text).includes('Langkah 2'));
    expect(cards).toHaveLength(200);
    expect(new Set(cards.map((call) => String(call.params.chat_id))).size).toBe(200);
    expect(s.api.rateLimited).toBe(3); // only the forced ones: the pace kept within the flood limits
    expect(Date.now() - started).toBeLessThan(15_000);

    // Many cards to one person: one a gap apart, in order, still no 429.
    await db.roleAssignment.deleteMany({ where: { personId: { in: extra.map(({ id }) => id) } } });
    await submitted(s, 8);
    const bambang = s.api.chat(s.user('Bambang').id).filter((message) => message.text?.includes('Langkah 2'));
    expect(bambang.map((message) => /#(\d+)/.exec(message.text!)![1])).toEqual(['1', ...Array.from({ length: 8 }, (_, index) => String(index + 2))]);
    expect(s.api.rateLimited).toBe(3);
    const times = bambang.slice(1).map((message) => message.sentAt);
    for (let index = 1; index < times.length; index++) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(95);
  });
});

describe('sizes, documents, webhook, progress', () => {
  it('splits a message over 4096 characters, buttons on the last piece; edits are cut to fit', async () => {
    const s = (session = await TelegramSession.open());
    const chat = String(s.user('Siti Rahmawati').id);
    const text = Array.from({ length: 400 }, (_, index) => `${index + 1}. /var/backups/cadang/simpeg-db/2026-11-23-${index}.dump.zst`).join('\n');
    const sent = await s.bot.port.send(chat, { text, buttons: [[{ label: 'OK', data: 'f:send:0' }]] });
    const pieces = s.api.chat(chat);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(text.length / 4096));
    expect(pieces.every((message) => message.text!.length <= 4096)).toBe(true);
    expect(pieces.map((message) => message.text).join('\n')).toBe(text);
    expect(pieces.at(-1)!.buttons).toEqual([[{ text: 'OK', callback_data: 'f:send:0' }]]);
    expect(pieces.slice(0, -1).every((message) => message.buttons.length === 0)).toBe(true);
    expect(sent.messageId).toBe(String(pieces.at(-1)!.message_id));
    await s.bot.port.edit(sent, { text: 'y'.repeat(5000) });
    expect(s.api.chat(chat).at(-1)!.text).toHaveLength(4096);
  });

  it('uploads a document as multipart and announces one over 50 MB with where it is archived', async () => {
    const s = (session = await TelegramSession.open());
    const bytes = Buffer.alloc(2 * 1024 * 1024, 7);
    bytes.write('%PDF-1.7', 0);
    await s.bot.port.sendDocument(channelId, { filename: 'laporan.pdf', bytes, caption: 'Laporan backup #3' });
    const large = Buffer.alloc(50 * 1024 * 1024 + 1);
    await s.bot.port.sendDocument(channelId, Object.assign({ filename: 'arsip-besar.pdf', bytes: large }, { archivedAt: '/srv/cadang/arsip/2026/arsip-besar.pdf' }));
    await s.settle();
    const [document, notice] = s.api.chat(channelId);
    expect(document!.document!.file_name).toBe('laporan.pdf');
    expect(document!.document!.bytes.equals(bytes)).toBe(true);
    expect(document!.caption).toBe('Laporan backup #3');
    expect(notice!.text).toBe('📎 arsip-besar.pdf (52,4 MB) melebihi batas berkas Telegram (52,4 MB), jadi tidak dikirim di sini.\nDokumen tersimpan di arsip: /srv/cadang/arsip/2026/arsip-besar.pdf');
    expect(s.api.callsOf('sendDocument')).toHaveLength(1);
  });

  it('takes updates by webhook with Telegram\'s secret-token header checked, and never polls', async () => {
    const s = (session = await TelegramSession.open({
      webhookHost: '127.0.0.1',
      configure: (config) => ({ ...config, telegram: { ...config.telegram, webhook: { url: 'https://cadang.contoh.go.id/telegram/masuk', secretToken: 'rahasia-123_ABC', port: 0 } } }),
    }));
    expect(s.api.webhook).toEqual({ url: 'https://cadang.contoh.go.id/telegram/masuk', secretToken: 'rahasia-123_ABC' });
    const hook = s.bot.webhook!;
    expect(hook.path).toBe('/telegram/masuk');
    const siti = s.user('Siti Rahmawati');
    const update = (id: number, text: string) => JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: siti.id, type: 'private', first_name: 'Siti' }, from: { ...siti, is_bot: false }, text } });
    const post = (body: string, secret?: string) => fetch(`http://127.0.0.1:${hook.port}${hook.path}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    });
    expect((await post(update(1, '/bantuan'), 'salah')).status).toBe(403);
    expect((await post(update(2, '/bantuan'))).status).toBe(403);
    await s.settle();
    expect(s.api.callsOf('sendMessage')).toHaveLength(0);
    expect(s.logs.filter((entry) => entry.message.includes('webhook request refused'))).toHaveLength(2);
    expect((await post(update(3, '/bantuan'), 'rahasia-123_ABC')).status).toBe(200);
    await s.settle();
    expect(s.sinceMark()).toContain('── Siti Rahmawati ──\nCadang — layanan backup server sesuai SOP.');
    expect(s.api.callsOf('getUpdates')).toHaveLength(0);
  });

  it('shows backup progress as one message edited in place, no more often than the edit gap', async () => {
    const s = (session = await TelegramSession.open({ flood: flood10x, limits: limits10x }));
    const rudi = String(s.user('Rudi Hermawan').id);
    const total = 2_000_000_000;
    const shown: Array<Promise<void>> = [];
    for (let tick = 0; tick <= 40; tick++) {
      const done = (total * tick) / 40;
      shown.push(s.bot.showProgress(rudi, { id: 'job-7', label: 'simpeg-db', phase: tick < 40 ? 'dump' : 'done', bytesDone: done, bytesTotal: total, rateBytesPerSecond: 50_000_000, etaSeconds: (total - done) / 50_000_000 }));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await Promise.all(shown);
    await s.settle();
    const messages = s.api.chat(rudi);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe('⚙️ Backup simpeg-db\nTahap: selesai\n▓▓▓▓▓▓▓▓▓▓ 100 %\nUkuran: 2,00 GB dari 2,00 GB');
    const edits = s.api.callsOf('editMessageText').filter((call) => call.status === 200);
    expect(edits.length).toBeGreaterThanOrEqual(3);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil((41 * 40) / 300) + 2);
    for (let index = 1; index < edits.length; index++) expect(edits[index]!.at - edits[index - 1]!.at).toBeGreaterThanOrEqual(295);
    expect(s.api.rateLimited).toBe(0);
    // The same state again changes nothing and sends nothing.
    await s.bot.showProgress(rudi, { id: 'job-8', label: 'x', phase: 'dump', bytesDone: 1 });
    await s.bot.showProgress(rudi, { id: 'job-8', label: 'x', phase: 'dump', bytesDone: 1 });
    await s.settle();
    expect(s.api.callsOf('editMessageText').filter((call) => call.status === 200)).toHaveLength(edits.length);
  });
});

describe('failures, told apart', () => {
  it('a refusal from Telegram (a person who never opened the bot) is logged as refused; the milestone still reaches the channel', async () => {
    const s = (session = await TelegramSession.open({ unlinked: [] }));
    // Bambang is linked but never opened a chat with the bot: Telegram answers 403.
    const bambang = (await s.core.service.directory.findPeople('Bambang'))[0]!;
    await s.core.service.directory.linkAccount('telegram', '999999', bambang.id, 'test');
    await submitted(s);
    const refusal = s.logs.find((entry) => entry.level === 'error' && entry.message.includes('delivering cards of #1 on telegram failed for one recipient'));
    expect(String(refusal?.detail?.error)).toBe("TelegramRefusedError: Telegram refused sendMessage: 403 Forbidden: bot can't initiate conversation with a user");
    expect(s.api.chat(channelId)[0]!.text).toContain('📥');
  });

  it('a network failure is retried; when it lasts, it is logged as unreachable', async () => {
    const s = (session = await TelegramSession.open());
    s.api.dropNext('sendMessage', 2);
    const help = await s.type('Siti Rahmawati', '/bantuan');
    expect(help).toContain('Cadang — layanan backup server sesuai SOP.');
    expect(help).toContain('/daftar NIP — menghubungkan akun Telegram ini');
    expect(help).not.toContain('/as NAMA'); // the terminal's own commands stay in the terminal
    expect(s.api.callsOf('sendMessage').filter((call) => call.status === 200)).toHaveLength(1);
    s.api.dropNext('sendMessage', 10);
    expect(await s.type('Siti Rahmawati', '/bantuan')).toBe('');
    const logged = s.logs.find((entry) => entry.message.startsWith('telegram: telegram-unreachable'));
    expect(logged?.detail).toMatchObject({ method: 'sendMessage', chatId: String(s.user('Siti Rahmawati').id), userId: String(s.user('Siti Rahmawati').id) });
  });

  it('our own failure: the user gets a clear Indonesian sentence, the log gets the detail', async () => {
    const s = (session = await TelegramSession.open());
    s.core.service.pendingFor = async () => {
      throw new Error('database is locked');
    };
    const out = await s.type('Dewi Lestari', '/tugas');
    expect(out).toContain('── Dewi Lestari ──\nMaaf, terjadi kesalahan di Cadang saat memproses pesan Anda. Kesalahan sudah dicatat; coba lagi, dan hubungi admin Cadang bila berulang.');
    const logged = s.logs.find((entry) => entry.level === 'error');
    expect(logged?.message).toBe('telegram: telegram-handler-failed: Handling a Telegram update failed: database is locked');
    expect(logged?.detail).toMatchObject({ chatId: String(s.user('Dewi Lestari').id), userId: String(s.user('Dewi Lestari').id) });
    expect(String(logged?.detail?.stack)).toContain('database is locked');
  });
});
