// Benchmark of issue 11's two targets, on SQLite and (when it answers) PostgreSQL. Not a test:
// it prints figures, one line each, then one JSON line for machines.
//
//   npm run bench:dispatch [-- --runs 200 --open 10000 --finished 0 --calls 100 --postgres URL]
//   (PostgreSQL: --postgres URL, else CADANG_BENCH_POSTGRES_URL, else
//    postgresql://postgres@127.0.0.1:5432/postgres if it answers; a scratch database is created
//    and dropped for each part)
//
// a. Tap → next approver's card. The real telegraf bot against the local fake Bot API server (in
//    its worker thread), the runtime with the bot's notifier. Kabid PJKKD taps "Setujui" on one
//    run at a time (each tap alone: the figure is latency, not queueing); the tap makes the card
//    for Kasubbid Komdat and an informational notice to the requester (plus the decided card's
//    edit and a milestone in the channel). Measured on the server's clock: getUpdates handing the
//    callback over → the server accepting the card's sendMessage. Target: p99 under 100 ms.
//    No rate-limit waits: the bot paces as the Telegram tests do (`fastLimits`, Telegram's shape
//    a hundred times faster) and the server enforces flood limits scaled the same way, so a 429
//    would mean the bot's own pacing is wrong (expected: 0).
// b. `/tugas` at scale. 10,000 open SOP B runs, bulk-inserted as copies of real rows; five wait
//    for Kabid PJKKD, the rest for Ka. PPIKSN. `service.pendingFor(person)` (one indexed query,
//    the first page of cards) for a person with cards waiting, one who holds a role with none
//    waiting, and one with thousands waiting. Target: under 50 ms on both databases.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../src/app.js';
import { encodeButton } from '../src/bots/callback-data.js';
import { renderCard } from '../src/bots/cards.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import type { PersonRecord } from '../src/service/directory.js';
import { telegramFloodLimits, type FloodLimits } from '../test/bots/telegram/fake-bot-api.js';
import { createPostgresDatabase, dropPostgresDatabases, postgresUrlFor, probePostgres } from '../test/support/postgres-admin.js';
import { percentile } from './support/stats.js';
import { fastLimits, openTelegramBench } from './support/telegram-bench.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '5' },
    open: { type: 'string', default: '10000' },
    finished: { type: 'string', default: '0' },
    calls: { type: 'string', default: '100' },
    postgres: { type: 'string' },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const openRuns = Number(values.open);
const finishedRuns = Number(values.finished);
const calls = Number(values.calls);
const tapTargetMs = 100;
const pendingTargetMs = 50;

/** Telegram's flood limits a hundred times faster, to match the bot's `fastLimits`. */
const fastFlood: FloodLimits = {
  ...telegramFloodLimits,
  globalPerSecond: telegramFloodLimits.globalPerSecond * 100,
  privatePerSecond: telegramFloodLimits.privatePerSecond * 100,
  groupPerMinute: telegramFloodLimits.groupPerMinute * 100,
  editGapMs: telegramFloodLimits.editGapMs / 100,
};

const sopB = 'sop_b_backup_server';

function formOf(person: PersonRecord): Record<string, string> {
  return { tanggal: '2026-11-23', satker: 'Biro Umum', nama: person.name, nomor_hp: '+6281234567890', nip: person.nip, email: person.email ?? 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Uji beban sistem' };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface TapFigures {
  taps: number;
  cardMedianMs: number;
  cardP99Ms: number;
  cardMaxMs: number;
  noticeMedianMs: number;
  noticeP99Ms: number;
  cardBeforeNotice: number;
  answeredMedianMs: number;
  rateLimited: number;
  met: boolean;
}

/** a. Sequential taps, each making the next approver's card and a notice to the requester. */
async function tapToCard(label: string, databaseUrl: string | undefined): Promise<TapFigures> {
  const bench = await openTelegramBench({ databaseUrl, flood: fastFlood, limits: fastLimits });
  try {
    const { api, core, bot } = bench;
    const { service } = core;
    const [siti, bambang, dewi, agus] = [await bench.person('Siti'), await bench.person('Bambang'), await bench.person('Dewi'), await bench.person('Agus')];
    const [sitiChat, dewiChat, agusChat] = [siti, dewi, agus].map((person) => String(bench.userOf(person).id)) as [string, string, string];
    const definition = service.definitions.latestOf(sopB)!;
    const stepIndex = definition.steps.findIndex((step) => step.id === 'seleksi_kabid');
    const choiceIndex = definition.steps[stepIndex]!.kind === 'human' ? definition.steps[stepIndex]!.choices.findIndex((choice) => choice.id === 'setujui') : -1;

    // Every run is brought to Kabid PJKKD's step by a runtime with no chat (its effects are carried
    // out and marked done), and Dewi gets her card as the bot would have sent it.
    const seeding = await bench.startRuntime([]);
    const cards: Array<{ number: number; messageId: number; data: string }> = [];
    for (let index = 0; index < warmup + runs; index++) {
      const submitted = await service.submitRequest(sopB, siti, formOf(siti), `bench-submit-${index}`);
      if (submitted.status !== 'accepted') throw new Error(`submit ${index}: ${submitted.status}`);
      const disposed = await service.decide({ instanceId: submitted.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: bambang, key: `bench-dispose-${index}` });
      if (disposed.status !== 'accepted') throw new Error(`dispose ${index}: ${disposed.status}`);
      const card = await renderCard(service, definition, disposed.instance, 'id');
      const data = encodeButton({ kind: 'decide', instanceId: disposed.instance.id, stepIndex, choiceIndex });
      const messageId = await api.call<number>('seed', { chatId: dewiChat, text: card.text, buttons: [[{ text: 'Setujui dan disposisikan ke Kasubbid Komdat', callback_data: data }]] });
      await service.directory.messages.remember({ platform: 'telegram', chatId: dewiChat, messageId: String(messageId), instanceId: disposed.instance.id, stepId: 'seleksi_kabid', purpose: 'card' });
      cards.push({ number: disposed.instance.number, messageId, data });
    }
    await seeding.settle();
    await seeding.stop();

    const runtime = await bench.startRuntime([bot.notifier]);
    await api.call('resetRateLimited');
    const card: number[] = [];
    const notice: number[] = [];
    const answered: number[] = [];
    let cardBeforeNotice = 0;
    for (const [index, { number, messageId, data }] of cards.entries()) {
      const since = Date.now();
      const [{ update, query }] = await api.call<[{ query: string; update: number }]>('tapMany', [{ user: bench.userOf(dewi), chatId: dewiChat, messageId, data }]);
      const [cardAt, noticeAt] = await api.call<[number | null, number | null]>('waitForSends', {
        timeoutMs: 10_000,
        patterns: [{ chatId: agusChat, includes: [`#${number}\n`], since }, { chatId: sitiChat, includes: [`#${number}:`], since }],
      });
      if (cardAt === null || noticeAt === null) throw new Error(`run #${number}: the ${cardAt === null ? "Kasubbid's card" : "requester's notice"} was not sent within 10 s`);
      // Everything the tap caused (the decided card's edit, the milestone) ends before the next tap.
      await bot.settled();
      await runtime.settle();
      await bot.settled();
      const { delivered, answered: answers } = await api.call<{ delivered: Record<number, number>; answered: Record<string, number> }>('collect', since);
      if (index < warmup) continue;
      const deliveredAt = delivered[update]!;
      card.push(cardAt - deliveredAt);
      notice.push(noticeAt - deliveredAt);
      if (answers[query] !== undefined) answered.push(answers[query]! - deliveredAt);
      if (cardAt <= noticeAt) cardBeforeNotice++;
    }
    const rateLimited = await api.call<number>('rateLimited');
    const figures: TapFigures = {
      taps: card.length,
      cardMedianMs: percentile(card, 0.5), cardP99Ms: percentile(card, 0.99), cardMaxMs: percentile(card, 1),
      noticeMedianMs: percentile(notice, 0.5), noticeP99Ms: percentile(notice, 0.99),
      cardBeforeNotice, answeredMedianMs: percentile(answered, 0.5), rateLimited,
      met: percentile(card, 0.99) < tapTargetMs,
    };
    console.log(`${label}: tap → next approver's card sent (notice to the requester pending): median ${ms(figures.cardMedianMs)}, p99 ${ms(figures.cardP99Ms)}, max ${ms(figures.cardMaxMs)} over ${figures.taps} taps; target p99 < ${tapTargetMs} ms: ${figures.met ? 'met' : 'NOT met'}`);
    console.log(`${label}: tap → requester's notice sent: median ${ms(figures.noticeMedianMs)}, p99 ${ms(figures.noticeP99Ms)}; card before the notice in ${cardBeforeNotice} of ${figures.taps}; tap → callback answered: median ${ms(figures.answeredMedianMs)}`);
    console.log(`${label}: 429 answers: ${rateLimited} (expected 0)`);
    const errors = bench.logged.filter((message) => !message.includes('still queued'));
    if (errors.length > 0) console.log(`${label}: the bot logged ${errors.length} warnings or errors: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
    return figures;
  } finally {
    await bench.close();
  }
}

interface PendingFigures {
  openRuns: number;
  people: Array<{ name: string; waiting: number; shown: number; medianMs: number; p99Ms: number; met: boolean }>;
}

/** b. `service.pendingFor` with `openRuns` open runs in the database. */
async function pendingAtScale(label: string, databaseUrl: string): Promise<PendingFigures> {
  const core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: databaseUrl }));
  try {
    const { service } = core;
    const db = core.database.db;
    const person = async (name: string) => (await service.directory.findPeople(name))[0]!;
    const [siti, bambang, dewi, agus] = [await person('Siti'), await person('Bambang'), await person('Dewi'), await person('Agus')];
    // Two real runs give the exact rows at Ka. PPIKSN's and at Kabid PJKKD's step (state JSON,
    // version, current role); the rest are copies, inserted in bulk.
    const atKaPpiksn = await service.submitRequest(sopB, siti, formOf(siti), 'bench-template-1');
    const second = await service.submitRequest(sopB, siti, formOf(siti), 'bench-template-2');
    if (atKaPpiksn.status !== 'accepted' || second.status !== 'accepted') throw new Error('seeding the templates failed');
    const atKabid = await service.decide({ instanceId: second.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: bambang, key: 'bench-template-dispose' });
    if (atKabid.status !== 'accepted') throw new Error('seeding the templates failed');
    const [forBambang, forDewi] = await Promise.all([atKaPpiksn, atKabid].map((made) => db.workflowInstance.findUniqueOrThrow({ where: { id: made.instance.id } })));
    // Dewi's few runs are spread over the numbers, so a query that walked the runs in order would show it.
    const dewiEvery = Math.floor(openRuns / 4);
    const seedStart = performance.now();
    const batch = 500;
    for (let number = 3; number <= openRuns; number += batch) {
      const rows = Array.from({ length: Math.min(batch, openRuns - number + 1) }, (_, offset) => {
        const at = number + offset;
        const template = at % dewiEvery === 0 ? forDewi! : forBambang!;
        return { ...template, id: randomUUID(), number: at };
      });
      await db.workflowInstance.createMany({ data: rows });
    }
    // Finished runs are filler rows (no current step or role): only their number matters here.
    for (let number = openRuns + 1; number <= openRuns + finishedRuns; number += batch) {
      const rows = Array.from({ length: Math.min(batch, openRuns + finishedRuns - number + 1) }, (_, offset) => ({ ...forBambang!, id: randomUUID(), number: number + offset, status: 'finished', currentStep: null, currentRole: null }));
      await db.workflowInstance.createMany({ data: rows });
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const open = await db.workflowInstance.count({ where: { status: 'open' } });
    const waiting = async (role: string) => db.workflowInstance.count({ where: { status: 'open', currentRole: role } });
    const people = [
      { who: dewi, waiting: await waiting('kabid_pjkkd') },
      { who: agus, waiting: await waiting('kasubbid_komdat') },
      { who: bambang, waiting: await waiting('ka_ppiksn') },
    ];
    console.log(`${label}: ${open} open runs${finishedRuns > 0 ? ` and ${finishedRuns} finished ones` : ''} seeded in ${seedSeconds.toFixed(1)} s (${people.map(({ who, waiting: n }) => `${n} for ${who.name}`).join(', ')})`);
    const figures: PendingFigures = { openRuns: open, people: [] };
    for (const { who, waiting: n } of people) {
      const timings: number[] = [];
      let shown = 0;
      for (let call = 0; call < warmup + calls; call++) {
        const started = performance.now();
        const page = await service.pendingFor(who, { take: 11 });
        const took = performance.now() - started;
        shown = page.length;
        if (call >= warmup) timings.push(took);
      }
      if (shown !== Math.min(n, 11)) throw new Error(`pendingFor(${who.name}) gave ${shown} runs, expected ${Math.min(n, 11)}`);
      const entry = { name: who.name, waiting: n, shown, medianMs: percentile(timings, 0.5), p99Ms: percentile(timings, 0.99), met: percentile(timings, 0.99) < pendingTargetMs };
      figures.people.push(entry);
      console.log(`${label}: /tugas (service.pendingFor) for ${who.name}, ${n} of ${open} open runs waiting, first page ${shown} rows: median ${ms(entry.medianMs)}, p99 ${ms(entry.p99Ms)} over ${calls} calls; target < ${pendingTargetMs} ms: ${entry.met ? 'met' : 'NOT met'}`);
    }
    return figures;
  } finally {
    await core.close();
  }
}

/** A fresh database for one part: a SQLite file, or a scratch PostgreSQL database; dropped afterwards. */
async function withDatabase<T>(provider: 'sqlite' | 'postgresql', adminUrl: string | undefined, work: (url: string) => Promise<T>): Promise<T> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cadang-bench-dispatch-'));
    try {
      return await work(`file:${join(dir, 'cadang.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const database = `cadang_bench_dispatch_${Date.now()}_${randomUUID().slice(0, 8)}`;
  await createPostgresDatabase(adminUrl!, database);
  try {
    return await work(postgresUrlFor(adminUrl!, database));
  } finally {
    await dropPostgresDatabases(adminUrl!, [database]);
  }
}

const explicitUrl = values.postgres ?? process.env.CADANG_BENCH_POSTGRES_URL;
const adminUrl = explicitUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const unreachable = await probePostgres(adminUrl);
if (unreachable && explicitUrl) throw new Error(`PostgreSQL at ${adminUrl} does not answer: ${unreachable}`);
const providers: Array<'sqlite' | 'postgresql'> = unreachable ? ['sqlite'] : ['sqlite', 'postgresql'];
if (unreachable) console.log(`PostgreSQL: not reachable at ${adminUrl} (${unreachable}); SQLite only`);

console.log(`Targets (issue 11): tap → next approver's card p99 < ${tapTargetMs} ms; /tugas with ${openRuns} open runs < ${pendingTargetMs} ms`);
const results: Record<string, { tap: TapFigures; pending: PendingFigures }> = {};
for (const provider of providers) {
  const label = provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const tap = await withDatabase(provider, adminUrl, (url) => tapToCard(label, url));
  const pending = await withDatabase(provider, adminUrl, (url) => pendingAtScale(label, url));
  results[provider] = { tap, pending };
}
console.log(JSON.stringify({ bench: 'dispatch', targets: { tapP99Ms: tapTargetMs, pendingMs: pendingTargetMs }, runs, openRuns, finishedRuns, calls, results }));
process.exit(0);
