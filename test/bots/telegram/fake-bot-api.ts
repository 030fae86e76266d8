/**
 * A local HTTP server that speaks enough of the Telegram Bot API for the real telegraf to run
 * against it: getMe, getUpdates (long polling), sendMessage, editMessageText,
 * editMessageReplyMarkup, answerCallbackQuery, sendDocument (multipart upload), setWebhook,
 * deleteWebhook, setMyCommands. It records every call, lets a test inject updates (a user typing,
 * a user tapping a button), answers 429 with retry_after when a test asks for it or when the
 * bot exceeds the flood limits it is given, and refuses what Telegram refuses (texts over 4096
 * characters, callback data over 64 bytes, editing to the same content, chats the bot cannot
 * write to).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
}

interface InlineButton {
  text: string;
  callback_data: string;
}

export interface StoredMessage {
  message_id: number;
  chatId: string;
  text?: string | undefined;
  caption?: string | undefined;
  buttons: InlineButton[][];
  document?: { file_name: string; file_size: number; mime_type: string; bytes: Buffer } | undefined;
  /** When it was sent, and when last edited (ms since the epoch). */
  sentAt: number;
  editedAt?: number | undefined;
  edits: number;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** When the request arrived and the HTTP status answered. */
  at: number;
  status: number;
  /** The message it created or changed, if any. */
  messageId?: number | undefined;
}

/** Telegram-like flood limits; a call over them is answered 429 with retry_after. */
export interface FloodLimits {
  /** Messages (sends and edits) per second across all chats, and the burst allowed. */
  globalPerSecond: number;
  globalBurst: number;
  /** Messages per second to one private chat, and the burst allowed. */
  privatePerSecond: number;
  privateBurst: number;
  /** Messages per minute to one group or channel, and the burst allowed. */
  groupPerMinute: number;
  groupBurst: number;
  /** Least time between two edits of one message. */
  editGapMs: number;
}

/** Telegram's published limits, with the short bursts Telegram tolerates. */
export const telegramFloodLimits: FloodLimits = { globalPerSecond: 30, globalBurst: 30, privatePerSecond: 1, privateBurst: 3, groupPerMinute: 20, groupBurst: 3, editGapMs: 2500 };

interface PendingUpdate {
  update: Record<string, unknown> & { update_id: number };
  /** When getUpdates handed it to the bot. */
  deliveredAt?: number | undefined;
}

export class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly capacity: number, private readonly perMs: number) {
    this.tokens = capacity;
  }
  /** Takes a token, or says how many ms until one is there. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.perMs);
  }
}

class ApiRefusal extends Error {
  constructor(readonly status: number, readonly description: string, readonly parameters?: Record<string, unknown>) {
    super(description);
  }
}

const messageMethods = new Set(['sendMessage', 'sendDocument']);
const editMethods = new Set(['editMessageText', 'editMessageReplyMarkup']);

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly updates: PendingUpdate[] = [];
  readonly messages = new Map<string, StoredMessage[]>();
  /** 429 answers given, forced or from the flood limits. */
  rateLimited = 0;
  webhook: { url: string; secretToken?: string | undefined } | undefined;
  readonly bot = { id: 0, is_bot: true, first_name: 'Cadang', username: 'CadangUjiBot' };
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Set<string>();
  private readonly forced = new Map<string, Array<{ retryAfter: number }>>();
  private readonly delays = new Map<string, number>();
  private readonly dropped = new Map<string, number>();
  private readonly callbackQueries = new Map<string, { answeredAt?: number | undefined; chatId: string }>();
  private readonly waiters = new Set<() => void>();
  private readonly globalBucket: Bucket | undefined;
  private readonly chatBuckets = new Map<string, Bucket>();
  private nextUpdate = 700_000;
  private nextMessage = 1;
  private nextQuery = 1;
  private closed = false;

  private constructor(private readonly server: Server, readonly token: string, readonly apiRoot: string, private readonly flood: FloodLimits | undefined) {
    this.bot.id = Number(token.split(':')[0]);
    this.globalBucket = flood ? new Bucket(flood.globalBurst, flood.globalPerSecond / 1000) : undefined;
  }

  /** Starts the server on 127.0.0.1 and a random port. `flood` turns Telegram-like flood limits on. */
  static async start(options: { token?: string; flood?: FloodLimits } = {}): Promise<FakeBotApi> {
    const token = options.token ?? '123456789:TEST-token_for-the-fake-bot-api';
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const api = new FakeBotApi(server, token, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options.flood);
    server.on('request', (request, response) => void api.serve(request, response));
    return api;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closing;
  }

  // ── What a test does ─────────────────────────────────────────────────────────────────────

  /** A user who has opened a private chat with the bot (the bot may write to them). */
  meet(user: FakeUser): void {
    this.users.set(String(user.id), user);
  }

  /** A group or channel the bot is a member of. */
  addChannel(chatId: string): void {
    this.channels.add(chatId);
  }

  /** The next `count` calls of `method` are answered 429 with `retryAfter` seconds. */
  failNext(method: string, count: number, retryAfter = 1): void {
    const list = this.forced.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push({ retryAfter });
    this.forced.set(method, list);
  }

  /** The next `count` calls of `method` get no answer: the connection is cut (a failed network). */
  dropNext(method: string, count: number): void {
    this.dropped.set(method, (this.dropped.get(method) ?? 0) + count);
  }

  /** Answers every call of `method` only after `ms` (a slow Telegram). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** A message the bot sent before this server started (for benchmarks that begin mid-way). */
  seedMessage(chatId: string, text: string, buttons: Array<Array<{ text: string; callback_data: string }>>): StoredMessage {
    const stored: StoredMessage = { message_id: this.nextMessage++, chatId, text, caption: undefined, buttons, document: undefined, sentAt: Date.now(), edits: 0 };
    const list = this.messages.get(chatId) ?? [];
    list.push(stored);
    this.messages.set(chatId, list);
    return stored;
  }

  /** A user types `text` in their private chat with the bot. */
  sendText(user: FakeUser, text: string): number {
    this.meet(user);
    const messageId = this.nextMessage++;
    return this.push({
      message: { message_id: messageId, date: nowSeconds(), chat: { id: user.id, type: 'private', first_name: user.first_name }, from: { ...user, is_bot: false }, text },
    });
  }

  /** A user sends something that is not text (a sticker). */
  sendSticker(user: FakeUser): number {
    this.meet(user);
    return this.push({
      message: { message_id: this.nextMessage++, date: nowSeconds(), chat: { id: user.id, type: 'private', first_name: user.first_name }, from: { ...user, is_bot: false }, sticker: { file_id: 'x', width: 1, height: 1 } },
    });
  }

  /** Someone types `text` in a group. */
  sendGroupText(chatId: number, user: FakeUser, text: string): number {
    return this.push({
      message: { message_id: this.nextMessage++, date: nowSeconds(), chat: { id: chatId, type: 'supergroup', title: 'Grup' }, from: { ...user, is_bot: false }, text },
    });
  }

  /** A user taps the button labelled `label` (or whose label starts with it) on `message`; returns the callback query id. */
  tap(user: FakeUser, message: StoredMessage, label: string): string {
    const button = message.buttons.flat().find((candidate) => candidate.text === label) ?? message.buttons.flat().find((candidate) => candidate.text.startsWith(label));
    if (!button) throw new Error(`no button "${label}" on message ${message.message_id}: ${JSON.stringify(message.buttons)}`);
    return this.tapData(user, message, button.callback_data);
  }

  /** A tap carrying any data (a forged or outdated button). */
  tapData(user: FakeUser, message: StoredMessage, data: string): string {
    const id = `cbq${this.nextQuery++}`;
    this.callbackQueries.set(id, { chatId: message.chatId });
    this.push({
      callback_query: {
        id, from: { ...user, is_bot: false }, chat_instance: `ci-${message.chatId}`, data,
        message: { message_id: message.message_id, date: nowSeconds(), chat: { id: Number(message.chatId), type: 'private', first_name: user.first_name }, from: this.bot, text: message.text ?? '', reply_markup: { inline_keyboard: message.buttons } },
      },
    });
    return id;
  }

  /** When the bot answered a callback query (undefined: not yet). */
  answeredAt(queryId: string): number | undefined {
    return this.callbackQueries.get(queryId)?.answeredAt;
  }

  /** When getUpdates handed an update to the bot. */
  deliveredAt(updateId: number): number | undefined {
    return this.updates.find((pending) => pending.update.update_id === updateId)?.deliveredAt;
  }

  /** True once the bot has asked for updates past `updateId` (telegraf does so after handling a batch). */
  confirmed(updateId: number): boolean {
    return this.confirmedOffset > updateId;
  }

  /** Messages in a chat, as they look now (edits applied). */
  chat(chatId: string | number): StoredMessage[] {
    return this.messages.get(String(chatId)) ?? [];
  }

  /** The newest message in a chat that has a button labelled `label` (or starting with it). */
  withButton(chatId: string | number, label: string): StoredMessage | undefined {
    return this.chat(chatId).filter((message) => message.buttons.flat().some((button) => button.text === label || button.text.startsWith(label))).at(-1);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Polls `probe` every 5 ms until it returns something other than undefined or false. */
  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ── The server ───────────────────────────────────────────────────────────────────────────

  private confirmedOffset = 0;

  private push(body: Record<string, unknown>): number {
    const update = { update_id: this.nextUpdate++, ...body };
    this.updates.push({ update });
    for (const wake of this.waiters) wake();
    return update.update_id;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
    const body = await readBody(request);
    if (!match) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    const params = await parseParams(request.headers['content-type'] ?? '', body);
    const call: RecordedCall = { method, params, at: Date.now(), status: 200 };
    this.calls.push(call);
    if (token !== this.token) return this.answer(response, call, new ApiRefusal(401, 'Unauthorized'));
    const drops = this.dropped.get(method) ?? 0;
    if (drops > 0) {
      this.dropped.set(method, drops - 1);
      call.status = 0;
      request.socket.destroy();
      return;
    }
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      const forced = this.forced.get(method)?.shift();
      if (forced) throw this.tooMany(forced.retryAfter);
      const result = await this.run(method, params, call, response);
      this.answer(response, call, undefined, result);
    } catch (error) {
      if (!(error instanceof ApiRefusal)) throw error;
      this.answer(response, call, error);
    }
  }

  private answer(response: ServerResponse, call: RecordedCall, refusal: ApiRefusal | undefined, result?: unknown): void {
    if (response.destroyed) return;
    if (!refusal) return send(response, 200, { ok: true, result });
    call.status = refusal.status;
    // Telegram answers refusals with the same status in the HTTP line and the body.
    send(response, refusal.status, { ok: false, error_code: refusal.status, description: refusal.description, ...(refusal.parameters ? { parameters: refusal.parameters } : {}) });
  }

  private tooMany(retryAfter: number): ApiRefusal {
    this.rateLimited++;
    return new ApiRefusal(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }

  private async run(method: string, params: Record<string, unknown>, call: RecordedCall, response: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.bot;
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'setWebhook':
        this.webhook = { url: String(params.url), secretToken: params.secret_token as string | undefined };
        return true;
      case 'setMyCommands':
        return true;
      case 'getUpdates':
        return this.getUpdates(params, response);
      case 'answerCallbackQuery': {
        const query = this.callbackQueries.get(String(params.callback_query_id));
        if (!query || query.answeredAt !== undefined) throw new ApiRefusal(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        query.answeredAt = Date.now();
        return true;
      }
      case 'sendMessage':
      case 'sendDocument':
        return this.sendMessage(method, params, call);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, params, call);
      default:
        throw new ApiRefusal(404, 'Not Found: method not found');
    }
  }

  private async getUpdates(params: Record<string, unknown>, response: ServerResponse): Promise<unknown[]> {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Number(params.limit ?? 100));
    const timeout = Number(params.timeout ?? 0);
    // As Telegram: asking with an offset confirms every update below it, and confirmed updates are gone.
    if (offset > this.confirmedOffset) this.confirmedOffset = offset;
    const ready = () => this.updates.filter((pending) => pending.update.update_id >= this.confirmedOffset).slice(0, limit);
    let batch = ready();
    if (batch.length === 0 && timeout > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeout * 1000);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        const wake = () => {
          this.waiters.delete(wake);
          response.off('close', wake);
          done();
        };
        this.waiters.add(wake);
        // The bot hung up (telegraf aborts its long poll when it stops).
        response.once('close', wake);
      });
      batch = ready();
    }
    const now = Date.now();
    for (const pending of batch) pending.deliveredAt ??= now;
    return batch.map((pending) => pending.update);
  }

  private checkChat(chatId: string): void {
    if (chatId.startsWith('-') || chatId.startsWith('@')) {
      if (!this.channels.has(chatId)) throw new ApiRefusal(400, 'Bad Request: chat not found');
    } else if (!this.users.has(chatId)) {
      throw new ApiRefusal(403, "Forbidden: bot can't initiate conversation with a user");
    }
  }

  private checkFlood(chatId: string, kind: 'message' | 'edit', message?: StoredMessage): void {
    const flood = this.flood;
    if (!flood) return;
    const now = Date.now();
    if (kind === 'message') {
      const group = chatId.startsWith('-') || chatId.startsWith('@');
      let bucket = this.chatBuckets.get(chatId);
      if (!bucket) {
        bucket = group ? new Bucket(flood.groupBurst, flood.groupPerMinute / 60_000) : new Bucket(flood.privateBurst, flood.privatePerSecond / 1000);
        this.chatBuckets.set(chatId, bucket);
      }
      const wait = bucket.take(now);
      if (wait > 0) throw this.tooMany(Math.max(1, Math.ceil(wait / 1000)));
    } else if (message?.editedAt !== undefined && now - message.editedAt < flood.editGapMs) {
      throw this.tooMany(Math.max(1, Math.ceil((flood.editGapMs - (now - message.editedAt)) / 1000)));
    }
    const wait = this.globalBucket!.take(now);
    if (wait > 0) throw this.tooMany(Math.max(1, Math.ceil(wait / 1000)));
  }

  private sendMessage(method: string, params: Record<string, unknown>, call: RecordedCall): unknown {
    const chatId = String(params.chat_id);
    this.checkChat(chatId);
    const buttons = checkMarkup(params.reply_markup);
    let text: string | undefined;
    let document: StoredMessage['document'];
    if (method === 'sendMessage') {
      text = String(params.text ?? '');
      if (text.trim().length === 0) throw new ApiRefusal(400, 'Bad Request: message text is empty');
      if (text.length > 4096) throw new ApiRefusal(400, 'Bad Request: message is too long');
    } else {
      const file = params.document;
      if (!(file instanceof FakeFile)) throw new ApiRefusal(400, 'Bad Request: there is no document in the request');
      if (file.bytes.length > 50 * 1024 * 1024) throw new ApiRefusal(413, 'Request Entity Too Large');
      document = { file_name: file.name, file_size: file.bytes.length, mime_type: file.type, bytes: file.bytes };
    }
    const caption = params.caption === undefined ? undefined : String(params.caption);
    if (caption !== undefined && caption.length > 1024) throw new ApiRefusal(400, 'Bad Request: message caption is too long');
    this.checkFlood(chatId, 'message');
    const stored: StoredMessage = { message_id: this.nextMessage++, chatId, text, caption, buttons, document, sentAt: Date.now(), edits: 0 };
    const list = this.messages.get(chatId) ?? [];
    list.push(stored);
    this.messages.set(chatId, list);
    call.messageId = stored.message_id;
    return this.wire(stored);
  }

  private edit(method: string, params: Record<string, unknown>, call: RecordedCall): unknown {
    const chatId = String(params.chat_id);
    const message = this.chat(chatId).find((candidate) => candidate.message_id === Number(params.message_id));
    if (!message) throw new ApiRefusal(400, 'Bad Request: message to edit not found');
    const buttons = params.reply_markup === undefined && method === 'editMessageText' ? [] : checkMarkup(params.reply_markup);
    const text = method === 'editMessageText' ? String(params.text ?? '') : message.text;
    if (text !== undefined && text.length > 4096) throw new ApiRefusal(400, 'Bad Request: message is too long');
    if (text === message.text && JSON.stringify(buttons) === JSON.stringify(message.buttons)) {
      throw new ApiRefusal(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    this.checkFlood(chatId, 'edit', message);
    message.text = text;
    message.buttons = buttons;
    message.editedAt = Date.now();
    message.edits++;
    call.messageId = message.message_id;
    return this.wire(message);
  }

  private wire(message: StoredMessage): unknown {
    const chatId = Number(message.chatId);
    const chat = message.chatId.startsWith('-') ? { id: chatId, type: 'channel', title: 'Kanal' } : { id: chatId, type: 'private', first_name: this.users.get(message.chatId)?.first_name ?? '' };
    return {
      message_id: message.message_id, date: nowSeconds(), chat, from: this.bot,
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.caption !== undefined ? { caption: message.caption } : {}),
      ...(message.document ? { document: { file_id: `doc-${message.message_id}`, file_unique_id: `u${message.message_id}`, file_name: message.document.file_name, file_size: message.document.file_size, mime_type: message.document.mime_type } } : {}),
      ...(message.buttons.length > 0 ? { reply_markup: { inline_keyboard: message.buttons } } : {}),
    };
  }
}

/** An uploaded file from a multipart request. */
export class FakeFile {
  constructor(readonly name: string, readonly type: string, readonly bytes: Buffer) {}
}

function checkMarkup(markup: unknown): InlineButton[][] {
  if (markup === undefined) return [];
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as { inline_keyboard?: InlineButton[][] };
  const rows = parsed.inline_keyboard ?? [];
  for (const button of rows.flat()) {
    const bytes = Buffer.byteLength(button.callback_data ?? '', 'utf8');
    if (bytes < 1 || bytes > 64) throw new ApiRefusal(400, 'Bad Request: BUTTON_DATA_INVALID');
    if (!button.text) throw new ApiRefusal(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
  }
  return rows;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of request) chunks.push(chunk as Buffer);
  } catch {
    // The bot hung up (an aborted long poll): nothing to read.
  }
  return Buffer.concat(chunks);
}

/** JSON, url-encoded or multipart (files become FakeFile; JSON-valued fields stay strings as Telegram sends them). */
async function parseParams(contentType: string, body: Buffer): Promise<Record<string, unknown>> {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const params: Record<string, unknown> = {};
    for (const [key, value] of form) {
      params[key] = typeof value === 'string' ? value : new FakeFile(value.name, value.type, Buffer.from(await value.arrayBuffer()));
    }
    return params;
  }
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
