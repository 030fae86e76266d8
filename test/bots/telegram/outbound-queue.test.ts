import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelegramRefusedError, TelegramUnreachableError } from '../../../src/bots/telegram/errors.js';
import { OutboundQueue, telegramRateLimits } from '../../../src/bots/telegram/outbound-queue.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const tooMany = (seconds: number) => new TelegramError({ error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });

/** Sends one call in `lane`; records when it ran. */
function sendIn(queue: OutboundQueue, lane: string, log: Array<[string, number]>, name: string, outcome: () => unknown = () => name, gapMs = 1000) {
  return queue.inLane(lane, gapMs, (paced) => paced('sendMessage', async () => {
    log.push([name, Date.now()]);
    return outcome();
  }));
}

describe('OutboundQueue: Telegram\'s pace per chat and overall, 429s waited out', () => {
  it('keeps a private chat to one message a second, in order, without holding up other chats', async () => {
    const queue = new OutboundQueue(telegramRateLimits);
    const log: Array<[string, number]> = [];
    const done = Promise.all([sendIn(queue, 'A', log, 'a1'), sendIn(queue, 'A', log, 'a2'), sendIn(queue, 'A', log, 'a3'), sendIn(queue, 'B', log, 'b1')]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(log).toEqual([['a1', 0], ['b1', 34], ['a2', 1000], ['a3', 2000]].map(([name, at]) => [name, expect.closeTo(at as number, -1)]));
  });

  it('sends no more than 30 messages a second across chats', async () => {
    const queue = new OutboundQueue(telegramRateLimits);
    const log: Array<[string, number]> = [];
    const done = Promise.all(Array.from({ length: 90 }, (_, index) => sendIn(queue, `chat-${index}`, log, `m${index}`)));
    await vi.advanceTimersByTimeAsync(5000);
    await done;
    const times = log.map(([, at]) => at);
    for (const start of times) expect(times.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(30);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(2900);
  });

  it('on 429 waits retry_after in that chat, repeats the same call, and keeps the chat\'s order', async () => {
    const limited: string[] = [];
    const queue = new OutboundQueue(telegramRateLimits, (lane, method, seconds) => limited.push(`${lane} ${method} ${seconds}`));
    const log: Array<[string, number]> = [];
    let first = true;
    const a1 = sendIn(queue, 'A', log, 'a1', () => {
      if (first) {
        first = false;
        throw tooMany(5);
      }
      return 'a1';
    });
    const a2 = sendIn(queue, 'A', log, 'a2');
    const b1 = sendIn(queue, 'B', log, 'b1');
    await vi.advanceTimersByTimeAsync(7000);
    expect(await Promise.all([a1, a2, b1])).toEqual(['a1', 'a2', 'b1']);
    expect(log.map(([name, at]) => `${name}@${Math.round(at / 100) * 100}`)).toEqual(['a1@0', 'b1@0', 'a1@5000', 'a2@6000']);
    expect(queue.stats.rateLimited).toBe(1);
    expect(limited).toEqual(['A sendMessage 5']);
  });

  it('retries a failed network with growing delays, then reports "unreachable"; a refusal is not retried', async () => {
    const queue = new OutboundQueue(telegramRateLimits);
    const log: Array<[string, number]> = [];
    const network = Object.assign(new Error('request to http://x failed, reason: connect ECONNREFUSED'), { name: 'FetchError', code: 'ECONNREFUSED' });
    const failing = sendIn(queue, 'A', log, 'net', () => { throw network; });
    const caught = failing.catch((error: unknown) => error);
    const refused = sendIn(queue, 'B', log, 'bad', () => { throw new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }); }).catch((error: unknown) => error);
    const after = sendIn(queue, 'B', log, 'next');
    await vi.advanceTimersByTimeAsync(10_000);
    const unreachable = await caught;
    expect(unreachable).toBeInstanceOf(TelegramUnreachableError);
    expect((unreachable as TelegramUnreachableError).code).toBe('telegram-unreachable');
    expect(log.filter(([name]) => name === 'net').map(([, at]) => Math.round(at / 100) * 100)).toEqual([0, 1000, 3000, 7000]);
    expect(queue.stats.networkRetries).toBe(3);
    const refusal = await refused;
    expect(refusal).toBeInstanceOf(TelegramRefusedError);
    expect((refusal as TelegramRefusedError).context).toMatchObject({ method: 'sendMessage', errorCode: 403, lane: 'B' });
    expect(await after).toBe('next');
    expect(log.filter(([name]) => name === 'bad')).toHaveLength(1);
  });

  it('idle() resolves when every lane is empty', async () => {
    const queue = new OutboundQueue(telegramRateLimits);
    const log: Array<[string, number]> = [];
    void sendIn(queue, 'A', log, 'a1');
    void sendIn(queue, 'A', log, 'a2');
    let idle = false;
    void queue.idle().then(() => { idle = true; });
    await vi.advanceTimersByTimeAsync(500);
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    expect(idle).toBe(true);
    expect(queue.size).toBe(0);
  });
});
