import type { types, webApi } from '@slack/bolt';
import { MessageEditor } from '../telegram/message-editor.js';
import { OutboundQueue, type PacedCall } from '../telegram/outbound-queue.js';
import type { ChatPort, InboundEvent, OutboundDocument, OutboundMessage, SentMessage } from '../port.js';
import { renderMessage, truncate, type KnownBlock } from './blocks.js';
import { slackFailures, UploadHttpError } from './errors.js';
import { slackRateLimits, TierGate, type SlackRateLimits } from './rate-limits.js';

/** Slack's limit on a file comment shown with an upload (the message text limit is far higher; keep it readable). */
export const initialCommentLimit = 3000;

export interface SlackPortOptions {
  limits?: SlackRateLimits | undefined;
  /** Slack answered 429; the call will be repeated after `seconds`. */
  onRateLimited?: ((lane: string, method: string, seconds: number) => void) | undefined;
  /** Posts a file's bytes to the upload URL (default: the global fetch). */
  fetch?: typeof fetch | undefined;
}

/**
 * The Slack side of the chat port, over the Bolt app's web client (built with
 * `rejectRateLimitedCalls: true` and no retries of its own, so every 429 and network failure comes
 * here). Every call goes through the outbound queue: one FIFO lane per chat (Slack's one message a
 * second per channel), the method's rate tier, and a 429's Retry-After waited out by repeating the
 * same call, so nothing is dropped or reordered. Edits go through the editor (one per 3 s per
 * message, unchanged ones skipped, only the latest kept).
 *
 * A chat id is a user id (U…/W…: their DM, opened once with conversations.open) or a channel id
 * (C…/G…/D…). A sent message keeps the chat id it was sent to and its `ts` as message id.
 */
export class SlackPort implements ChatPort {
  readonly platform = 'slack' as const;
  readonly queue: OutboundQueue;
  readonly editor: MessageEditor<KnownBlock[]>;
  private readonly limits: SlackRateLimits;
  private readonly tiers: TierGate;
  private readonly dms = new Map<string, Promise<string>>();
  private readonly fetch: typeof fetch;

  constructor(private readonly client: webApi.WebClient, options: SlackPortOptions = {}) {
    this.limits = options.limits ?? slackRateLimits;
    this.tiers = new TierGate(this.limits);
    this.fetch = options.fetch ?? fetch;
    this.queue = new OutboundQueue(this.limits, options.onRateLimited, undefined, slackFailures);
    this.editor = new MessageEditor<KnownBlock[]>(this.queue, this.limits.editGapMs, async (channel, ts, content) => {
      await this.tiers.slot('chat.update');
      await this.client.chat.update({ channel, ts, text: content.text ?? '', blocks: content.markup });
    }, undefined, () => 'chat.update');
  }

  async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
    const body = renderMessage(message);
    const { channel, ts } = await this.queue.inLane(chatId, this.gapOf(chatId), async (paced) => {
      const channel = await this.channelOf(chatId);
      const sent = await this.call(paced, 'chat.postMessage', () => this.client.chat.postMessage({ channel, text: body.text, blocks: body.blocks, unfurl_links: false, unfurl_media: false }));
      return { channel, ts: String(sent.ts) };
    });
    this.editor.remember(channel, ts, { text: body.text, markup: body.blocks });
    return { chatId, messageId: ts };
  }

  /** Replaces a message's text and buttons with chat.update; no buttons removes them (a decided card). */
  async edit(target: SentMessage, message: OutboundMessage): Promise<void> {
    const body = renderMessage(message);
    const channel = await this.channelOf(target.chatId);
    await this.editor.edit(channel, target.messageId, { text: body.text, markup: body.blocks });
  }

  /**
   * Uploads a document with Slack's external upload flow, all three calls in the chat's lane (so
   * the file lands in order with the messages around it), each retried on its own after a 429:
   * files.getUploadURLExternal, the POST of the bytes, files.completeUploadExternal sharing it in
   * the channel with the caption as its comment. The message id is the file id.
   */
  async sendDocument(chatId: string, document: OutboundDocument): Promise<SentMessage> {
    const bytes = Buffer.from(document.bytes.buffer, document.bytes.byteOffset, document.bytes.byteLength);
    const fileId = await this.queue.inLane(chatId, this.gapOf(chatId), async (paced) => {
      const channel = await this.channelOf(chatId);
      const target = await this.call(paced, 'files.getUploadURLExternal', () => this.client.files.getUploadURLExternal({ filename: document.filename, length: bytes.byteLength }));
      const uploadUrl = String(target.upload_url);
      const fileId = String(target.file_id);
      await this.call(paced, 'upload', () => this.upload(uploadUrl, bytes, document.filename));
      await this.call(paced, 'files.completeUploadExternal', () => this.client.files.completeUploadExternal({
        files: [{ id: fileId, title: document.filename }],
        channel_id: channel,
        ...(document.caption ? { initial_comment: truncate(document.caption, initialCommentLimit) } : {}),
      }));
      return fileId;
    });
    return { chatId, messageId: fileId };
  }

  /** A message only `userId` sees, in `channel` (a refusal, a hint): chat.postEphemeral. */
  async sendEphemeral(channel: string, userId: string, message: OutboundMessage): Promise<void> {
    const body = renderMessage(message);
    await this.queue.inLane(`ephemeral:${userId}`, 0, (paced) => this.call(paced, 'chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user: userId, text: body.text, blocks: body.blocks })));
  }

  /** A refused tap: an ephemeral message in the channel (or DM) where the tap happened, seen only by the tapper. */
  async refuseTap(event: InboundEvent & { type: 'button' }, message: OutboundMessage): Promise<void> {
    await this.sendEphemeral(event.tappedIn ?? (await this.channelOf(event.chatId)), event.userId, message);
  }

  /** Opens a modal. A trigger id lives 3 s, so this skips the chat lanes (never waits behind messages). */
  async openView(triggerId: string, view: types.View): Promise<string> {
    const opened = await this.queue.inLane(`view:${triggerId}`, 0, (paced) => this.call(paced, 'views.open', () => this.client.views.open({ trigger_id: triggerId, view })), { global: false });
    return String(opened.view?.id ?? '');
  }

  async updateView(viewId: string, view: types.View): Promise<void> {
    await this.queue.inLane(`view:${viewId}`, 0, (paced) => this.call(paced, 'views.update', () => this.client.views.update({ view_id: viewId, view })));
  }

  /** Shows `view` as the user's App Home tab. */
  async publishHome(userId: string, view: types.HomeView): Promise<void> {
    await this.queue.inLane(`home:${userId}`, 0, (paced) => this.call(paced, 'views.publish', () => this.client.views.publish({ user_id: userId, view })));
  }

  /** A user's profile (name, email), for linking a Slack account to a person. */
  async userInfo(userId: string): Promise<{ id: string; name: string; email: string | undefined }> {
    const info = await this.queue.inLane(`users:${userId}`, 0, (paced) => this.call(paced, 'users.info', () => this.client.users.info({ user: userId })));
    const user = info.user;
    return { id: userId, name: user?.real_name ?? user?.profile?.real_name ?? user?.name ?? userId, email: user?.profile?.email ?? undefined };
  }

  /** Resolves once every queued call and waiting edit is done. */
  async drain(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      if (this.queue.size === 0 && this.editor.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The channel to post to: a user's DM (opened once, then remembered), or the channel itself. */
  async channelOf(chatId: string): Promise<string> {
    if (!isPerson(chatId)) return chatId;
    let known = this.dms.get(chatId);
    if (!known) {
      // Its own lane: the chat's lane gap (one message a second) need not follow an open.
      known = this.queue.inLane(`open:${chatId}`, 0, (paced) => this.call(paced, 'conversations.open', () => this.client.conversations.open({ users: chatId })).then((opened) => String(opened.channel?.id)));
      this.dms.set(chatId, known);
      known.catch(() => this.dms.delete(chatId));
    }
    return known;
  }

  /** A person's DM or a channel: each has its own gap between messages. */
  private gapOf(chatId: string): number {
    return isPerson(chatId) ? this.limits.privateChatGapMs : this.limits.groupChatGapMs;
  }

  private call<T>(paced: PacedCall, method: string, call: () => Promise<T>): Promise<T> {
    return paced(method, async () => {
      await this.tiers.slot(method);
      return call();
    });
  }

  private async upload(url: string, bytes: Buffer, filename: string): Promise<void> {
    const response = await this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    const text = await response.text();
    if (response.status !== 200) throw new UploadHttpError(response.status, `${filename}: ${text}`);
  }
}

/** User ids start with U (or W in Enterprise Grid); channels with C, G or D. */
function isPerson(chatId: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(chatId);
}
