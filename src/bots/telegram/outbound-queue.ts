import { classifyApiFailure, isNetworkFailure, retryAfterOf } from './errors.js';

/**
 * How fast Cadang talks to Telegram. The defaults are Telegram's published limits, as grammY's
 * throttler also reads them: about 30 messages a second in all, one a second in a private chat,
 * 20 a minute in a group or channel; we keep edits of one message at most one per 3 seconds.
 */
export interface TelegramRateLimits {
  /** API calls that count as messages (send, edit) per second, across all chats. */
  globalPerSecond: number;
  /** Least time between two messages sent to one private chat. */
  privateChatGapMs: number;
  /** Least time between two messages sent to one group or channel. */
  groupChatGapMs: number;
  /** Least time between two edits of one message. */
  editGapMs: number;
  /** Retries of a call whose network failed (or got a 5xx), with doubling delays. */
  networkRetries: number;
  networkRetryDelayMs: number;
  /** How many 429 answers one call may get before it gives up. */
  maxRateLimitRetries: number;
}

export const telegramRateLimits: TelegramRateLimits = {
  globalPerSecond: 30,
  privateChatGapMs: 1000,
  groupChatGapMs: 3000,
  editGapMs: 3000,
  networkRetries: 3,
  networkRetryDelayMs: 1000,
  maxRateLimitRetries: 10,
};

/**
 * How a platform's failed calls are read: the seconds a 429 asks to wait (undefined for any other
 * failure), whether a failure is the network's (worth retrying), and the error to throw at last.
 * Telegram's is the default; the Slack adapter passes its own.
 */
export interface FailureClassifier {
  retryAfterOf(error: unknown): number | undefined;
  isNetworkFailure(error: unknown): boolean;
  classify(error: unknown, method: string, context: Record<string, unknown>): unknown;
}

export const telegramFailures: FailureClassifier = { retryAfterOf, isNetworkFailure, classify: classifyApiFailure };

/** Makes one API call paced and retried; `method` names it in errors. */
export type PacedCall = <T>(method: string, call: () => Promise<T>) => Promise<T>;

export interface QueueStats {
  /** API calls made (retries included). */
  calls: number;
  /** 429 answers received (each was waited out and retried). */
  rateLimited: number;
  /** Calls repeated after a network failure or a 5xx. */
  networkRetries: number;
}

interface Lane {
  tail: Promise<unknown>;
  /** The earliest time the lane's next call may start (its gap, or a 429's retry_after). */
  nextAt: number;
  pending: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbound queue: one FIFO lane per key (a chat, or one message for its edits), each paced
 * by its own gap, all sharing one global rate. A 429 answer pauses the lane for Telegram's
 * retry_after and repeats the same call, so nothing is dropped and a chat's order is kept.
 *
 * Written here rather than taken from npm: p-queue has neither keyed lanes nor retry_after, and
 * Bottleneck (unchanged since 2019) retries a failed job outside its key's order; what we need
 * is about 100 lines.
 */
export class OutboundQueue {
  readonly stats: QueueStats = { calls: 0, rateLimited: 0, networkRetries: 0 };
  private readonly lanes = new Map<string, Lane>();
  private readonly gateWaiters: Array<() => void> = [];
  private gateLastAt = Number.NEGATIVE_INFINITY;
  private gateTimer: NodeJS.Timeout | undefined;
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly limits: TelegramRateLimits = telegramRateLimits,
    private readonly onRateLimited: (key: string, method: string, seconds: number) => void = () => {},
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
    private readonly failures: FailureClassifier = telegramFailures,
  ) {}

  /**
   * Runs `work` in the lane `key` after everything queued there before it. Each call it makes
   * through `paced` waits for the lane's gap (`gapMs` after the previous call) and, when
   * `global`, for a slot of the global rate.
   */
  inLane<T>(key: string, gapMs: number, work: (paced: PacedCall) => Promise<T>, options: { global?: boolean } = {}): Promise<T> {
    const lane = this.laneOf(key);
    const global = options.global ?? true;
    lane.pending++;
    this.pending++;
    const paced: PacedCall = (method, call) => this.paced(key, lane, gapMs, global, method, call);
    const run = lane.tail.then(() => work(paced));
    lane.tail = run.catch(() => undefined);
    return run.finally(() => this.settled(lane));
  }

  /** Resolves when every lane is empty. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Calls waiting or running, across all lanes. */
  get size(): number {
    return this.pending;
  }

  private laneOf(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), nextAt: 0, pending: 0 };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async paced<T>(key: string, lane: Lane, gapMs: number, global: boolean, method: string, call: () => Promise<T>): Promise<T> {
    let limited = 0;
    let networkFailures = 0;
    for (;;) {
      await this.waitUntil(lane.nextAt);
      if (global) await this.globalSlot();
      this.stats.calls++;
      try {
        const result = await call();
        lane.nextAt = Date.now() + gapMs;
        return result;
      } catch (error) {
        const retryAfter = this.failures.retryAfterOf(error);
        if (retryAfter !== undefined && limited < this.limits.maxRateLimitRetries) {
          limited++;
          this.stats.rateLimited++;
          this.onRateLimited(key, method, retryAfter);
          lane.nextAt = Date.now() + retryAfter * 1000;
          continue;
        }
        if (retryAfter === undefined && this.failures.isNetworkFailure(error) && networkFailures < this.limits.networkRetries) {
          lane.nextAt = Date.now() + this.limits.networkRetryDelayMs * 2 ** networkFailures;
          networkFailures++;
          this.stats.networkRetries++;
          continue;
        }
        lane.nextAt = Date.now() + gapMs;
        throw this.failures.classify(error, method, { lane: key });
      }
    }
  }

  /**
   * Waits for a slot of the global rate. Slots are handed out one at a time, each at least
   * 1000/rate ms (rounded up) after the previous one *was taken*, in the order asked: when the
   * event loop stalls, the waiting calls do not leave in a burst when it frees up.
   */
  private globalSlot(): Promise<void> {
    return new Promise((resolve) => {
      this.gateWaiters.push(resolve);
      this.pumpGate();
    });
  }

  private pumpGate(): void {
    if (this.gateTimer || this.gateWaiters.length === 0) return;
    const spacing = Math.ceil(1000 / this.limits.globalPerSecond);
    const wait = this.gateLastAt + spacing - Date.now();
    if (wait <= 0) {
      this.gateLastAt = Date.now();
      this.gateWaiters.shift()!();
      if (this.gateWaiters.length > 0) this.gateTimer = setTimeout(() => this.reopenGate(), spacing);
      return;
    }
    this.gateTimer = setTimeout(() => this.reopenGate(), wait);
  }

  private reopenGate(): void {
    this.gateTimer = undefined;
    this.pumpGate();
  }

  private async waitUntil(at: number): Promise<void> {
    const wait = at - Date.now();
    if (wait > 0) await this.sleep(wait);
  }

  private settled(lane: Lane): void {
    lane.pending--;
    this.pending--;
    // Forget quiet lanes once there are many (one per message edited adds up), keeping any
    // whose gap or pause has not yet run out.
    if (lane.pending === 0 && this.lanes.size > 1000) {
      const now = Date.now();
      for (const [other, candidate] of this.lanes) if (candidate.pending === 0 && candidate.nextAt <= now) this.lanes.delete(other);
    }
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
