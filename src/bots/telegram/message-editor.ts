import type { InlineKeyboardMarkup } from 'telegraf/types';
import { isNotModified } from './errors.js';
import type { OutboundQueue } from './outbound-queue.js';

/**
 * What a message shows: its text (undefined: leave the text, change only the buttons) and buttons
 * (Telegram's inline keyboard, or another platform's equivalent such as Slack's blocks).
 */
export interface MessageContent<Markup = InlineKeyboardMarkup> {
  text: string | undefined;
  markup: Markup;
}

/** Carries out one edit: `textChanged` false means only the buttons differ from what the message shows. */
export type ApplyEdit<Markup = InlineKeyboardMarkup> = (chatId: string, messageId: string, content: MessageContent<Markup>, textChanged: boolean) => Promise<void>;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface MessageState {
  /** What the message shows, as far as we know (after our send or last edit). */
  shown: { text: string | undefined; markup: string } | undefined;
  lastEditAt: number;
  next: { content: MessageContent<unknown>; waiters: Waiter[] } | undefined;
  draining: boolean;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Edits messages in place without tripping Telegram's limits: at most one edit per message every
 * `gapMs`; while one waits, a newer edit replaces it (only the latest content is sent, and every
 * caller's promise settles when it lands); an edit that changes nothing is skipped; Telegram's
 * "message is not modified" counts as done.
 */
export class MessageEditor<Markup = InlineKeyboardMarkup> {
  private readonly messages = new Map<string, MessageState>();

  constructor(
    private readonly queue: OutboundQueue,
    private readonly gapMs: number,
    private readonly apply: ApplyEdit<Markup>,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
    /** The API method an edit is named by in errors. */
    private readonly methodOf: (textChanged: boolean) => string = (textChanged) => (textChanged ? 'editMessageText' : 'editMessageReplyMarkup'),
  ) {}

  /** Records what a freshly sent message shows, so an edit to the same content is skipped. */
  remember(chatId: string, messageId: string, content: MessageContent<Markup>): void {
    const state = this.stateOf(chatId, messageId);
    state.shown = { text: content.text, markup: JSON.stringify(content.markup) };
  }

  /** Edits a message to show `content`; resolves once it (or a newer edit replacing it) is shown. */
  edit(chatId: string, messageId: string, content: MessageContent<Markup>): Promise<void> {
    const state = this.stateOf(chatId, messageId);
    if (state.next) {
      state.next.content = content;
      return new Promise((resolve, reject) => state.next!.waiters.push({ resolve, reject }));
    }
    if (!state.draining && this.unchanged(state, content)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      state.next = { content, waiters: [{ resolve, reject }] };
      if (!state.draining) void this.drain(chatId, messageId, state);
    });
  }

  /** Messages with an edit waiting or running. */
  get busy(): number {
    let count = 0;
    for (const state of this.messages.values()) if (state.draining) count++;
    return count;
  }

  private unchanged(state: MessageState, content: MessageContent<unknown>): boolean {
    if (!state.shown) return false;
    return (content.text === undefined || content.text === state.shown.text) && JSON.stringify(content.markup) === state.shown.markup;
  }

  private async drain(chatId: string, messageId: string, state: MessageState): Promise<void> {
    state.draining = true;
    try {
      while (state.next) {
        const wait = state.lastEditAt + this.gapMs - Date.now();
        if (wait > 0) await this.sleep(wait);
        const { content, waiters } = state.next;
        state.next = undefined;
        if (this.unchanged(state, content)) {
          for (const waiter of waiters) waiter.resolve();
          continue;
        }
        const textChanged = content.text !== undefined && content.text !== state.shown?.text;
        try {
          await this.queue.inLane(`edit:${chatId}:${messageId}`, 0, (paced) => paced(this.methodOf(textChanged), async () => {
            try {
              await this.apply(chatId, messageId, content as MessageContent<Markup>, textChanged);
            } catch (error) {
              if (!isNotModified(error)) throw error;
            }
          }));
          state.shown = { text: content.text ?? state.shown?.text, markup: JSON.stringify(content.markup) };
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        } finally {
          state.lastEditAt = Date.now();
        }
      }
    } finally {
      state.draining = false;
      this.forgetOldest();
    }
  }

  private stateOf(chatId: string, messageId: string): MessageState {
    const key = `${chatId}:${messageId}`;
    let state = this.messages.get(key);
    if (!state) {
      state = { shown: undefined, lastEditAt: Number.NEGATIVE_INFINITY, next: undefined, draining: false };
      this.messages.set(key, state);
    }
    return state;
  }

  /** Keeps the memory of shown content bounded: forgets the oldest idle messages beyond 10 000. */
  private forgetOldest(): void {
    if (this.messages.size <= 10_000) return;
    for (const [key, state] of this.messages) {
      if (this.messages.size <= 9_000) break;
      if (!state.draining && !state.next && Date.now() - state.lastEditAt > this.gapMs) this.messages.delete(key);
    }
  }
}
