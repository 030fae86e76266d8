import type { TelegramRateLimits } from '../telegram/outbound-queue.js';

/** Slack's rate tiers, per method and workspace: calls a minute, and the burst Slack tolerates. */
export interface Tier {
  perMinute: number;
  burst: number;
}

/**
 * How fast Cadang talks to Slack. The queue's fields keep their meaning (a lane per channel, one
 * per message for edits): `privateChatGapMs`/`groupChatGapMs` are Slack's "one message a second
 * per channel" for chat.postMessage; `editGapMs` keeps progress edits of one message at one per
 * 3 s; `globalPerSecond` is only a safety cap, since Slack limits methods, not the app. `tiers`
 * holds the method tiers of Slack's documentation, and `methodTier` which method is in which.
 */
export interface SlackRateLimits extends TelegramRateLimits {
  tiers: Record<'tier2' | 'tier3' | 'tier4', Tier>;
}

export const slackRateLimits: SlackRateLimits = {
  globalPerSecond: 20,
  privateChatGapMs: 1000,
  groupChatGapMs: 1000,
  editGapMs: 3000,
  networkRetries: 3,
  networkRetryDelayMs: 1000,
  maxRateLimitRetries: 10,
  tiers: {
    tier2: { perMinute: 20, burst: 5 },
    tier3: { perMinute: 50, burst: 10 },
    tier4: { perMinute: 100, burst: 20 },
  },
};

/**
 * The tier of each method Cadang calls. chat.postMessage has its own per-channel limit, kept by
 * the lanes. views.open is not held back: its trigger id lives 3 s, so waiting for a token would
 * only let it expire; if Slack answers 429 the modal cannot open in time anyway, and the user is
 * told to try again.
 */
export const methodTier: Record<string, keyof SlackRateLimits['tiers'] | undefined> = {
  'chat.update': 'tier3',
  'conversations.open': 'tier3',
  'chat.postEphemeral': 'tier4',
  'views.update': 'tier4',
  'views.publish': 'tier4',
  'users.info': 'tier4',
  'files.getUploadURLExternal': 'tier4',
  'files.completeUploadExternal': 'tier4',
};

/**
 * One token bucket per method: a call waits for a token of its method's tier. A 429 still may
 * come (another app on the same token, a stricter workspace); the queue then waits Retry-After.
 */
export class TierGate {
  private readonly buckets = new Map<string, { tokens: number; last: number; tail: Promise<void> }>();

  constructor(private readonly limits: SlackRateLimits, private readonly now: () => number = Date.now, private readonly sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))) {}

  /** Resolves when `method` may be called; calls of one method pass in the order they asked. */
  slot(method: string): Promise<void> {
    const name = methodTier[method];
    if (!name) return Promise.resolve();
    const tier = this.limits.tiers[name];
    let bucket = this.buckets.get(method);
    if (!bucket) {
      bucket = { tokens: tier.burst, last: this.now(), tail: Promise.resolve() };
      this.buckets.set(method, bucket);
    }
    const owned = bucket;
    const turn = owned.tail.then(async () => {
      const perMs = tier.perMinute / 60_000;
      for (;;) {
        const now = this.now();
        owned.tokens = Math.min(tier.burst, owned.tokens + (now - owned.last) * perMs);
        owned.last = now;
        if (owned.tokens >= 1) {
          owned.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil((1 - owned.tokens) / perMs));
      }
    });
    owned.tail = turn;
    return turn;
  }
}
