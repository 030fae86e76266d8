// Benchmark: 200 concurrent requests through the real telegraf bot against the local fake Bot API
// server, which enforces Telegram's flood limits (30 messages/s overall, about 1/s per private
// chat with short bursts, 20/min per group or channel) and answers 429 when they are exceeded.
// Measures the time from a tap arriving at the bot (getUpdates handing it over) to the next
// card being sent (the server accepting its sendMessage), and counts the 429s provoked.
//
//   npm run bench:telegram [-- --requests 200 --scenario both|fan-out|fan-in]
//
// The fake server runs in a worker thread (bench/support/remote-bot-api.ts), so its clock and its
// flood limits do not wait for the bot's event loop (as Telegram's would not).
//
// fan-out: Kabag TU taps "Kirim balasan ke pemohon" on 200 cards at once; each next card goes
//          to a different requester (bound by the global 30/s).
// fan-in:  200 requesters tap "Kirim" on their filled forms at once; every next card goes to the
//          one Ka. PPIKSN (bound by 1 message/s in one chat: the last card waits ~200 s).
import { parseArgs } from 'node:util';
import { encodeButton } from '../src/bots/callback-data.js';
import { renderCard } from '../src/bots/cards.js';
import { saveConversation } from '../src/bots/conversation.js';
import type { PersonRecord } from '../src/service/directory.js';
import { telegramFloodLimits, type FakeUser } from '../test/bots/telegram/fake-bot-api.js';
import type { Collected } from './support/remote-bot-api.js';
import { percentile } from './support/stats.js';
import { openTelegramBench, type TelegramBench } from './support/telegram-bench.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' }, scenario: { type: 'string', default: 'both' } } });
const count = Number(values.requests);

/** The sample organisation with `count` requesters, Telegram's flood limits on the server and Telegram's pacing in the bot. */
function open(): Promise<TelegramBench> {
  return openTelegramBench({ flood: telegramFloodLimits, requesters: count });
}

function formOf(person: PersonRecord): Record<string, string> {
  return { tanggal: '2026-11-23', satker: 'Biro Umum', nama: person.name, nomor_hp: '+6281234567890', nip: person.nip, email: person.email!, nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Uji beban sistem' };
}

/** Median and 99th percentile of a list of ms. */
function summary(values: number[]): string {
  const at = (q: number) => percentile(values, q);
  return `median ${(at(0.5) / 1000).toFixed(2)} s, p99 ${(at(0.99) / 1000).toFixed(2)} s, max ${(at(1) / 1000).toFixed(2)} s`;
}

interface Tap {
  update: number;
  query: string;
  /** Finds the next card this tap should cause among the messages sent. */
  isNextCard(send: { chatId: string; text: string }): boolean;
}

/** Taps all at once, waits until every tap's next card is sent, and prints the figures. */
async function measure(label: string, bench: TelegramBench, taps: Array<{ user: FakeUser; chatId: string; messageId: number; data: string; isNextCard: Tap['isNextCard'] }>): Promise<void> {
  const { api } = bench;
  await api.call('resetRateLimited');
  const started = Date.now();
  const sent = await api.call<Array<{ query: string; update: number }>>('tapMany', taps.map(({ user, chatId, messageId, data }) => ({ user, chatId, messageId, data })));
  let collected: Collected;
  let cards: Array<number | undefined>;
  let found = 0;
  let lastProgress = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    collected = await api.call<Collected>('collect', started);
    cards = taps.map((tap) => collected.sends.find((send) => tap.isNextCard(send))?.at);
    const now = cards.filter((at) => at !== undefined).length;
    if (now > found) [found, lastProgress] = [now, Date.now()];
    if (now === taps.length) break;
    // A card that has not come 30 s after the last one came is not coming.
    if (Date.now() - lastProgress > 30_000) break;
  }
  const arrived = cards.flatMap((at, index) => (at === undefined ? [] : [{ at, ...sent[index]! }]));
  const seconds = ((Math.max(...arrived.map(({ at }) => at)) - started) / 1000).toFixed(1);
  const latencies = arrived.map(({ at, update }) => at - collected.delivered[update]!);
  const answers = sent.map(({ update, query }) => collected.answered[query]! - collected.delivered[update]!);
  console.log(`\n${label}`);
  console.log(`  ${taps.length} taps → ${arrived.length} next cards, the last ${seconds} s after the taps${arrived.length < taps.length ? ` (${taps.length - arrived.length} never sent: see the errors below)` : ''}`);
  console.log(`  tap arriving → next card sent:           ${summary(latencies)}`);
  console.log(`  tap arriving → callback query answered:  ${summary(answers)}`);
  console.log(`  Bot API calls meanwhile: ${Object.entries(collected.counts).map(([method, n]) => `${method} ${n}`).join(', ')}`);
  console.log(`  429 answers provoked: ${collected.rateLimited}`);
  const paced = (collected.counts.sendMessage ?? 0) + (collected.counts.editMessageText ?? 0) + (collected.counts.editMessageReplyMarkup ?? 0);
  console.log(`  (Telegram's 30 messages/s cap alone needs ${(paced / 30).toFixed(1)} s for the ${paced} messages and edits sent by the time the last card went out)`);
}

/** Kabag TU decides 200 requests at once; each next card goes to its own requester. */
async function fanOut(): Promise<void> {
  const bench = await open();
  const { api, core, bot } = bench;
  const { service } = core;
  const [bambang, dewi, sri] = [await bench.person('Bambang'), await bench.person('Dewi'), await bench.person('Sri Wahyuni')];
  // Bring every request to step 8 (Kabag TU) through the service with a runtime that has no chat
  // (the path where Kabid PJKKD rejects), then give Sri her cards as the bot would have sent them.
  const seeding = await bench.startRuntime([]);
  const definition = service.definitions.latestOf('sop_b_backup_server')!;
  const stepIndex = definition.steps.findIndex((step) => step.id === 'balasan_kabag_tu');
  const sriChat = String(bench.userOf(sri).id);
  // Numbers are taken one request at a time (concurrent creations retry on a taken number); the
  // rest runs ten at a time.
  const instances: string[] = [];
  for (const [index, { person }] of bench.requesters.entries()) {
    const submitted = await service.submitRequest('sop_b_backup_server', person, formOf(person), `bench-submit-${index}`);
    if (submitted.status !== 'accepted') throw new Error(`submit ${index}: ${submitted.status}`);
    instances.push(submitted.instance.id);
  }
  const seedOne = async (index: number) => {
    const { user } = bench.requesters[index]!;
    const id = instances[index]!;
    await service.decide({ instanceId: id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: bambang, key: `bench-d-${index}` });
    const rejected = await service.decide({ instanceId: id, stepId: 'seleksi_kabid', choiceId: 'tolak', reason: 'Uji beban sistem', person: dewi, key: `bench-t-${index}` });
    if (rejected.status !== 'accepted') throw new Error(`reject ${index}: ${rejected.status}`);
    const card = await renderCard(service, definition, rejected.instance, 'id');
    const data = encodeButton({ kind: 'decide', instanceId: id, stepIndex, choiceIndex: 0 });
    const messageId = await api.call<number>('seed', { chatId: sriChat, text: card.text, buttons: [[{ text: 'Kirim balasan ke pemohon', callback_data: data }]] });
    await service.directory.messages.remember({ platform: 'telegram', chatId: sriChat, messageId: String(messageId), instanceId: id, stepId: 'balasan_kabag_tu', purpose: 'card' });
    const number = rejected.instance.number;
    return {
      user: bench.userOf(sri), chatId: sriChat, messageId, data,
      isNextCard: (send: { chatId: string; text: string }) => send.chatId === String(user.id) && send.text.includes(`#${number}\n`) && send.text.includes('Langkah 9'),
    };
  };
  const taps = [];
  for (let start = 0; start < count; start += 10) {
    taps.push(...(await Promise.all(Array.from({ length: Math.min(10, count - start) }, (_, offset) => seedOne(start + offset)))));
  }
  // The seeded effects are carried out (with no chat: marked done) before the bot's runtime starts.
  await seeding.settle();
  await seeding.stop();
  await bench.startRuntime([bot.notifier]);
  await measure(`fan-out: ${count} cards tapped at once by Kabag TU; each next card goes to a different requester`, bench, taps);
  await bench.close();
  report(bench);
}

/** 200 requesters send their filled forms at once; every next card goes to the one Ka. PPIKSN. */
async function fanIn(): Promise<void> {
  const bench = await open();
  const { api, core, bot } = bench;
  const { service } = core;
  await bench.startRuntime([bot.notifier]);
  const bambangChat = String(bench.userOf(await bench.person('Bambang')).id);
  const send = encodeButton({ kind: 'form', action: 'send', value: 0 });
  const taps = [];
  for (const { person, user } of bench.requesters) {
    // Each has filled the form and sees the summary (the form lives in the database).
    await saveConversation(service.directory.chatState, 'telegram', String(user.id), { kind: 'form', definitionKey: 'sop_b_backup_server', answers: formOf(person), field: null, returnToSummary: false });
    const messageId = await api.call<number>('seed', { chatId: String(user.id), text: '📄 Periksa permohonan Anda sebelum dikirim', buttons: [[{ text: 'Kirim', callback_data: send }]] });
    taps.push({
      user, chatId: String(user.id), messageId, data: send,
      isNextCard: (sent: { chatId: string; text: string }) => sent.chatId === bambangChat && sent.text.includes(`Pemohon: ${person.name} (`),
    });
  }
  await measure(`fan-in: ${count} requesters tap "Kirim" at once; every next card goes to the one Ka. PPIKSN`, bench, taps);
  await bench.close();
  report(bench);
}

function report(bench: TelegramBench): void {
  const left = bench.logged.find((message) => message.includes('still queued'));
  if (left) console.log(`  when the bench stopped: ${left.replace('telegram: stopped with ', '')} (milestones for the channel at 20 a minute, confirmations to the one tapper at 1 a second)`);
  const errors = bench.logged.filter((message) => !message.includes('still queued') && !message.startsWith('telegram: 429') && !message.includes('unreachable'));
  if (errors.length > 0) console.log(`  errors: ${errors.length}: ${[...new Set(errors)].join('; ')}`);
}

console.log(`Telegram bot against the local Bot API server (Telegram's flood limits enforced), ${count} concurrent requests`);
if (values.scenario === 'both' || values.scenario === 'fan-out') await fanOut();
if (values.scenario === 'both' || values.scenario === 'fan-in') await fanIn();
process.exit(0);
