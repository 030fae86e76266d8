// Benchmark: 200 concurrent requests through the real telegraf bot against the local fake Bot API
// server, which enforces Telegram's flood limits (30 messages/s overall, about 1/s per private
// chat with short bursts, 20/min per group or channel) and answers 429 when they are exceeded.
// Measures the time from a tap arriving at the bot (getUpdates handing it over) to the next
// card being sent (the server accepting its sendMessage), and counts the 429s provoked.
//
//   npm run bench:telegram [-- --requests 200 --scenario both|fan-out|fan-in]
//
// The fake server runs in a worker thread, so its clock and its flood limits do not wait for the
// bot's event loop (as Telegram's would not).
//
// fan-out: Kabag TU taps "Kirim balasan ke pemohon" on 200 cards at once; each next card goes
//          to a different requester (bound by the global 30/s).
// fan-in:  200 requesters tap "Kirim" on their filled forms at once; every next card goes to the
//          one Ka. PPIKSN (bound by 1 message/s in one chat: the last card waits ~200 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { createRuntime, openCore, type CadangCore } from '../src/app.js';
import { encodeButton } from '../src/bots/callback-data.js';
import { renderCard } from '../src/bots/cards.js';
import { saveConversation } from '../src/bots/conversation.js';
import { startTelegramBot, type TelegramBot } from '../src/bots/telegram/index.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import type { Notifier } from '../src/service/ports.js';
import type { PersonRecord } from '../src/service/directory.js';
import type { Runtime } from '../src/service/runtime.js';
import { createStandInBackup } from '../test/support/stand-in-tasks.js';
import { FakeBotApi, telegramFloodLimits, type FakeUser } from '../test/bots/telegram/fake-bot-api.js';

const channelId = '-1009876543210';

// ── The server side (worker thread) ─────────────────────────────────────────────────────────

type Button = { text: string; callback_data: string };
interface Collected {
  sends: Array<{ chatId: string; text: string; at: number }>;
  delivered: Record<number, number>;
  answered: Record<string, number>;
  rateLimited: number;
  counts: Record<string, number>;
}

async function serveInWorker(): Promise<void> {
  const api = await FakeBotApi.start({ flood: telegramFloodLimits });
  const handlers: Record<string, (args: any) => unknown> = {
    meet: (users: FakeUser[]) => users.forEach((user) => api.meet(user)),
    addChannel: (chatId: string) => api.addChannel(chatId),
    seed: ({ chatId, text, buttons }: { chatId: string; text: string; buttons: Button[][] }) => api.seedMessage(chatId, text, buttons).message_id,
    tapMany: (taps: Array<{ user: FakeUser; chatId: string; messageId: number; data: string }>) => taps.map((tap) => {
      const message = api.chat(tap.chatId).find((candidate) => candidate.message_id === tap.messageId)!;
      const query = api.tapData(tap.user, message, tap.data);
      return { query, update: api.updates.at(-1)!.update.update_id };
    }),
    resetRateLimited: () => { api.rateLimited = 0; },
    collect: (since: number): Collected => {
      const calls = api.calls.filter((call) => call.at >= since);
      const counts: Record<string, number> = {};
      for (const call of calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
      return {
        sends: calls.filter((call) => call.method === 'sendMessage' && call.status === 200).map((call) => ({ chatId: String(call.params.chat_id), text: String(call.params.text), at: call.at })),
        delivered: Object.fromEntries(api.updates.filter((pending) => pending.deliveredAt !== undefined).map((pending) => [pending.update.update_id, pending.deliveredAt!])),
        answered: Object.fromEntries(calls.filter((call) => call.method === 'answerCallbackQuery' && call.status === 200).map((call) => [String(call.params.callback_query_id), call.at])),
        rateLimited: api.rateLimited,
        counts,
      };
    },
    close: () => api.close(),
  };
  parentPort!.on('message', async ({ id, op, args }: { id: number; op: string; args: unknown }) => {
    try {
      parentPort!.postMessage({ id, result: await handlers[op]!(args) });
    } catch (error) {
      parentPort!.postMessage({ id, error: String(error) });
    }
  });
  parentPort!.postMessage({ token: api.token, apiRoot: api.apiRoot });
}

/** The fake Bot API server in its worker thread, seen from the bot's side. */
class RemoteApi {
  private next = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly worker: Worker, readonly token: string, readonly apiRoot: string) {
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) waiter?.reject(new Error(error));
      else waiter?.resolve(result);
    });
  }

  static async start(): Promise<RemoteApi> {
    // tsx's loader does not reach worker threads on Node 20 by itself: register it first.
    const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`, { eval: true });
    const { token, apiRoot } = await new Promise<{ token: string; apiRoot: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new RemoteApi(worker, token, apiRoot);
  }

  call<T>(op: string, args?: unknown): Promise<T> {
    const id = ++this.next;
    const answer = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    this.worker.postMessage({ id, op, args });
    return answer;
  }

  async close(): Promise<void> {
    await this.call('close');
    await this.worker.terminate();
  }
}

// ── The bot side (main thread) ──────────────────────────────────────────────────────────────

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' }, scenario: { type: 'string', default: 'both' } } });
const count = Number(values.requests);

interface Bench {
  api: RemoteApi;
  core: CadangCore;
  bot: TelegramBot;
  requesters: Array<{ person: PersonRecord; user: FakeUser }>;
  /** What the bot logged: warnings (429s, a backlog left at stop) and errors. */
  logged: string[];
  /** Starts the runtime (outbox dispatcher, job queue) with these notifiers, stopping the one before. */
  run(notifiers: Notifier[]): Promise<void>;
  close(): Promise<void>;
}

async function open(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-bench-telegram-'));
  const api = await RemoteApi.start();
  await api.call('addChannel', channelId);
  const core = await openCore(loadConfig({
    CADANG_CONFIG: sampleConfigFile, DATABASE_URL: `file:${join(dir, 'cadang.db')}`, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_CHANNEL_ID: channelId,
  }));
  const { db, organisationId, directory } = core.service;
  const staff = (await directory.listPeople()).sort((a, b) => a.nip.localeCompare(b.nip));
  for (const [index, person] of staff.entries()) await directory.linkAccount('telegram', String(5001 + index), person.id, 'bench');
  await api.call('meet', staff.map((person, index) => ({ id: 5001 + index, first_name: person.name })));
  const requesters: Bench['requesters'] = [];
  for (let index = 0; index < count; index++) {
    const user: FakeUser = { id: 100_000 + index, first_name: `Pemohon${index}` };
    const person = await db.person.create({
      data: { id: `bench-${index}`, organisationId, name: `Pemohon ${String(index).padStart(3, '0')}`, nip: `199001012015011${String(index).padStart(3, '0')}`, email: `p${index}@contoh.go.id`, mobile: '+6281234567890', satker: 'Biro Umum' },
    });
    await directory.linkAccount('telegram', String(user.id), person.id, 'bench');
    requesters.push({ person, user });
  }
  await api.call('meet', requesters.map(({ user }) => user));
  const logged: string[] = [];
  const bot = await startTelegramBot({
    service: core.service, config: core.config,
    log: { info: () => {}, warn: (message) => logged.push(message), error: (message) => logged.push(message) },
  });
  await bot.settled();
  let runtime: Runtime | undefined;
  return {
    api, core, bot, requesters, logged,
    async run(notifiers) {
      await runtime?.settle();
      await runtime?.stop();
      runtime = createRuntime(core, { notifiers, queues: ['main'], timing: { pollMs: 50 }, handlers: { backup: createStandInBackup(core.service.locale) } });
      await runtime.start();
    },
    async close() {
      await runtime?.stop();
      await bot.stop({ drainMs: 0 });
      await api.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function formOf(person: PersonRecord): Record<string, string> {
  return { tanggal: '2026-11-23', satker: 'Biro Umum', nama: person.name, nomor_hp: '+6281234567890', nip: person.nip, email: person.email!, nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Uji beban sistem' };
}

/** Median and 99th percentile of a list of ms. */
function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `median ${(at(0.5) / 1000).toFixed(2)} s, p99 ${(at(0.99) / 1000).toFixed(2)} s, max ${(sorted.at(-1)! / 1000).toFixed(2)} s`;
}

interface Tap {
  update: number;
  query: string;
  /** Finds the next card this tap should cause among the messages sent. */
  isNextCard(send: { chatId: string; text: string }): boolean;
}

/** Taps all at once, waits until every tap's next card is sent, and prints the figures. */
async function measure(label: string, bench: Bench, taps: Array<{ user: FakeUser; chatId: string; messageId: number; data: string; isNextCard: Tap['isNextCard'] }>): Promise<void> {
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
  const find = async (name: string) => (await service.directory.findPeople(name))[0]!;
  const [bambang, dewi, sri] = [await find('Bambang'), await find('Dewi'), await find('Sri Wahyuni')];
  // Bring every request to step 8 (Kabag TU) through the service with no chat (the path where
  // Kabid PJKKD rejects), then give Sri her cards as the bot would have sent them.
  await bench.run([]);
  const definition = service.definitions.latestOf('sop_b_backup_server')!;
  const stepIndex = definition.steps.findIndex((step) => step.id === 'balasan_kabag_tu');
  const sriChat = (await service.directory.accountOf(sri.id, 'telegram'))!;
  // Numbers are taken one request at a time (concurrent creations retry on a taken number, and
  // give up after five tries); the rest runs ten at a time.
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
      user: { id: Number(sriChat), first_name: 'Sri' }, chatId: sriChat, messageId, data,
      isNextCard: (send: { chatId: string; text: string }) => send.chatId === String(user.id) && send.text.includes(`#${number}\n`) && send.text.includes('Langkah 9'),
    };
  };
  const taps = [];
  for (let start = 0; start < count; start += 10) {
    taps.push(...(await Promise.all(Array.from({ length: Math.min(10, count - start) }, (_, offset) => seedOne(start + offset)))));
  }
  await bench.run([bot.notifier]);
  await measure(`fan-out: ${count} cards tapped at once by Kabag TU; each next card goes to a different requester`, bench, taps);
  await bench.close();
  report(bench);
}

/** 200 requesters send their filled forms at once; every next card goes to the one Ka. PPIKSN. */
async function fanIn(): Promise<void> {
  const bench = await open();
  const { api, core, bot } = bench;
  const { service } = core;
  await bench.run([bot.notifier]);
  const bambang = (await service.directory.findPeople('Bambang'))[0]!;
  const bambangChat = await service.directory.accountOf(bambang.id, 'telegram');
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

function report(bench: Bench): void {
  const left = bench.logged.find((message) => message.includes('still queued'));
  if (left) console.log(`  when the bench stopped: ${left.replace('telegram: stopped with ', '')} (milestones for the channel at 20 a minute, confirmations to the one tapper at 1 a second)`);
  const errors = bench.logged.filter((message) => !message.includes('still queued') && !message.startsWith('telegram: 429') && !message.includes('unreachable'));
  if (errors.length > 0) console.log(`  errors: ${errors.length}: ${[...new Set(errors)].join('; ')}`);
}

if (isMainThread) {
  console.log(`Telegram bot against the local Bot API server (Telegram's flood limits enforced), ${count} concurrent requests`);
  if (values.scenario === 'both' || values.scenario === 'fan-out') await fanOut();
  if (values.scenario === 'both' || values.scenario === 'fan-in') await fanIn();
  process.exit(0);
} else {
  await serveInWorker();
}
