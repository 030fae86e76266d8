// The local fake Bot API server (test/bots/telegram/fake-bot-api.ts) in a worker thread, and the
// handle the benchmarks use to drive it from the bot's side. In its own thread the server's clock
// and flood limits do not wait for the bot's event loop (as Telegram's would not), so the times it
// records (an update handed over, a message accepted) are what a user would see.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FakeBotApi, type FakeUser, type FloodLimits } from '../../test/bots/telegram/fake-bot-api.js';

type Button = { text: string; callback_data: string };

/** One accepted sendMessage, as the benchmarks look for it. */
export interface SentMessage {
  chatId: string;
  text: string;
  at: number;
}

/** Every call since some time, reduced to what the benchmarks report. */
export interface Collected {
  sends: SentMessage[];
  /** When getUpdates handed each update over (ms since the epoch, the server's clock). */
  delivered: Record<number, number>;
  /** When each callback query was answered. */
  answered: Record<string, number>;
  rateLimited: number;
  counts: Record<string, number>;
}

export interface TapRequest {
  user: FakeUser;
  chatId: string;
  messageId: number;
  data: string;
}

/** A message to wait for: sent to `chatId` after `since`, its text containing every one of `includes`. */
export interface SendPattern {
  chatId: string;
  includes: string[];
  since: number;
}

interface WorkerSettings {
  role: 'cadang-fake-bot-api';
  flood: FloodLimits | null;
}

async function serveInWorker(settings: WorkerSettings): Promise<void> {
  const api = await FakeBotApi.start(settings.flood ? { flood: settings.flood } : {});
  const matches = (pattern: SendPattern) => api.calls.find((call) => call.method === 'sendMessage' && call.status === 200 && call.at >= pattern.since
    && String(call.params.chat_id) === pattern.chatId && pattern.includes.every((part) => String(call.params.text).includes(part)));
  const handlers: Record<string, (args: any) => unknown> = {
    meet: (users: FakeUser[]) => users.forEach((user) => api.meet(user)),
    addChannel: (chatId: string) => api.addChannel(chatId),
    seed: ({ chatId, text, buttons }: { chatId: string; text: string; buttons: Button[][] }) => api.seedMessage(chatId, text, buttons).message_id,
    tapMany: (taps: TapRequest[]) => taps.map((tap) => {
      const message = api.chat(tap.chatId).find((candidate) => candidate.message_id === tap.messageId)!;
      const query = api.tapData(tap.user, message, tap.data);
      return { query, update: api.updates.at(-1)!.update.update_id };
    }),
    /** When getUpdates handed this update to the bot, waiting for it if need be. */
    deliveredAt: (update: number) => api.waitFor(() => api.deliveredAt(update), `update ${update} to be taken`),
    /** When the server accepted the first message matching each pattern, waiting for them (null: not within the timeout). */
    waitForSends: async ({ patterns, timeoutMs }: { patterns: SendPattern[]; timeoutMs: number }) => Promise.all(patterns.map((pattern) =>
      api.waitFor(() => matches(pattern)?.at, 'a message', timeoutMs).catch(() => null))),
    rateLimited: () => api.rateLimited,
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
export class RemoteBotApi {
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

  /** Starts the server in a worker thread; `flood` turns Telegram-like flood limits on (429 answers). */
  static async start(flood?: FloodLimits): Promise<RemoteBotApi> {
    const settings: WorkerSettings = { role: 'cadang-fake-bot-api', flood: flood ?? null };
    // tsx's loader does not reach worker threads on Node 20 by itself: register it first.
    const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`, { eval: true, workerData: settings });
    const { token, apiRoot } = await new Promise<{ token: string; apiRoot: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new RemoteBotApi(worker, token, apiRoot);
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

if (!isMainThread && (workerData as WorkerSettings | undefined)?.role === 'cadang-fake-bot-api') await serveInWorker(workerData as WorkerSettings);
