import { Input, type Telegram } from 'telegraf';
import type { Locale } from '../../i18n/messages.js';
import { formatBytes } from '../../reports/format.js';
import type { ChatPort, OutboundDocument, OutboundMessage, SentMessage } from '../port.js';
import { hasButtons, renderInlineKeyboard } from './keyboard.js';
import { MessageEditor } from './message-editor.js';
import { telegramMessages } from './messages.js';
import { OutboundQueue, telegramRateLimits, type TelegramRateLimits } from './outbound-queue.js';
import { splitMessageText, telegramTextLimit, truncateText } from './split-text.js';

/** Telegram's limit on a document a bot uploads through the public Bot API (a self-hosted server takes 2000 MB). */
export const telegramDocumentLimit = 50 * 1024 * 1024;
/** Telegram's limit on a document's caption. */
export const telegramCaptionLimit = 1024;


export interface TelegramPortOptions {
  limits?: TelegramRateLimits | undefined;
  maxDocumentBytes?: number | undefined;
  locale: Locale;
  /** A message sent in the background (nobody awaited it) finally failed. */
  onBackgroundFailure(error: unknown, chatId: string): void;
  /** Telegram answered 429; the call will be repeated after `seconds`. */
  onRateLimited?: ((lane: string, method: string, seconds: number) => void) | undefined;
}

const noPreview = { link_preview_options: { is_disabled: true } };

/**
 * The Telegram side of the chat port. Every call goes through the outbound queue (per-chat order
 * and pace, a global rate, 429s waited out); edits go through the editor (one per 3 s per message,
 * unchanged ones skipped); long texts are split at 4096 characters; documents are real multipart
 * uploads up to 50 MB.
 *
 * A message to a person's private chat resolves once Telegram has it, with its real id (a card
 * or a progress message is kept by id to be edited later). A message to a group or channel (the
 * milestones, documents for the archive channel) resolves as soon as it is queued, with a
 * stand-in id that `edit` still understands: a channel takes 20 messages a minute and the
 * workflow must not wait for it. Its order in the channel is kept all the same, and a final
 * failure goes to `onBackgroundFailure`. A message with buttons is always awaited.
 */
export class TelegramPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly queue: OutboundQueue;
  readonly editor: MessageEditor;
  private readonly limits: TelegramRateLimits;
  private readonly maxDocumentBytes: number;
  private readonly pending = new Map<string, Promise<string>>();
  private nextStandIn = 0;

  constructor(private readonly telegram: Telegram, private readonly options: TelegramPortOptions) {
    this.limits = options.limits ?? telegramRateLimits;
    this.maxDocumentBytes = options.maxDocumentBytes ?? telegramDocumentLimit;
    this.queue = new OutboundQueue(this.limits, options.onRateLimited);
    this.editor = new MessageEditor(this.queue, this.limits.editGapMs, async (chatId, messageId, content, textChanged) => {
      if (textChanged) await this.telegram.editMessageText(chatId, Number(messageId), undefined, content.text!, { reply_markup: content.markup, ...noPreview });
      else await this.telegram.editMessageReplyMarkup(chatId, Number(messageId), undefined, content.markup);
    });
  }

  async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
    const markup = renderInlineKeyboard(message.buttons);
    const pieces = splitMessageText(message.text.length > 0 ? message.text : '…');
    const withButtons = hasButtons(markup);
    const delivery = this.queue.inLane(chatId, this.gapOf(chatId), async (paced) => {
      let messageId = '';
      for (const [index, piece] of pieces.entries()) {
        const last = index === pieces.length - 1;
        const sent = await paced('sendMessage', () => this.telegram.sendMessage(chatId, piece, { ...(last && withButtons ? { reply_markup: markup } : {}), ...noPreview }));
        messageId = String(sent.message_id);
      }
      this.editor.remember(chatId, messageId, { text: pieces.at(-1), markup });
      return messageId;
    });
    if (withButtons || !isGroupChat(chatId)) return { chatId, messageId: await delivery };
    return this.inBackground(chatId, delivery);
  }

  /** Edits a message in place; a text too long for one message is shortened (an edit cannot be split). */
  async edit(target: SentMessage, message: OutboundMessage): Promise<void> {
    const markup = renderInlineKeyboard(message.buttons);
    const messageId = await this.resolve(target.messageId);
    await this.editor.edit(target.chatId, messageId, { text: truncateText(message.text.length > 0 ? message.text : '…', telegramTextLimit), markup });
  }

  /** Removes a message's buttons and leaves its text (a form question once it is answered). */
  async removeButtons(chatId: string, messageId: string): Promise<void> {
    await this.editor.edit(chatId, await this.resolve(messageId), { text: undefined, markup: { inline_keyboard: [] } });
  }

  async sendDocument(chatId: string, document: OutboundDocument): Promise<SentMessage> {
    const size = document.bytes.byteLength;
    if (size > this.maxDocumentBytes) {
      const t = telegramMessages(this.options.locale);
      const archivedAt = document.archivedAt;
      return this.send(chatId, { text: t.documentTooLarge(document.filename, formatBytes(size, this.options.locale), formatBytes(this.maxDocumentBytes, this.options.locale), archivedAt) });
    }
    const bytes = Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.bytes.byteLength);
    const caption = document.caption ? truncateText(document.caption, telegramCaptionLimit) : undefined;
    const delivery = this.queue.inLane(chatId, this.gapOf(chatId), async (paced) => {
      // A fresh upload on every attempt: a retried call sends the whole file again.
      const sent = await paced('sendDocument', () => this.telegram.sendDocument(chatId, Input.fromBuffer(bytes, document.filename), caption ? { caption } : {}));
      return String(sent.message_id);
    });
    if (!isGroupChat(chatId)) return { chatId, messageId: await delivery };
    return this.inBackground(chatId, delivery);
  }

  /** Resolves once every queued call is done. */
  async drain(): Promise<void> {
    // An edit waiting out its 3 s is in the editor, not yet in the queue: wait for both.
    for (;;) {
      await this.queue.idle();
      if (this.queue.size === 0 && this.editor.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private inBackground(chatId: string, delivery: Promise<string>): SentMessage {
    const standIn = `queued-${++this.nextStandIn}`;
    this.pending.set(standIn, delivery);
    delivery.then(
      () => this.forgetOld(),
      (error: unknown) => {
        this.pending.delete(standIn);
        this.options.onBackgroundFailure(error, chatId);
      },
    );
    return { chatId, messageId: standIn };
  }

  private async resolve(messageId: string): Promise<string> {
    const pending = this.pending.get(messageId);
    return pending ? pending : messageId;
  }

  /** Stand-in ids are kept for the latest 10 000 background messages (a progress message is edited long after). */
  private forgetOld(): void {
    if (this.pending.size <= 10_000) return;
    for (const key of this.pending.keys()) {
      if (this.pending.size <= 9_000) break;
      this.pending.delete(key);
    }
  }

  private gapOf(chatId: string): number {
    return isGroupChat(chatId) ? this.limits.groupChatGapMs : this.limits.privateChatGapMs;
  }
}

/** Groups and channels have negative ids (or an @username); users' private chats positive ones. */
function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-') || chatId.startsWith('@');
}
