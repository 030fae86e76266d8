/**
 * A local HTTP server that speaks enough of the Slack Web API for the real Bolt app (and its
 * @slack/web-api client) to run against it: auth.test, conversations.open, chat.postMessage,
 * chat.update, chat.postEphemeral, views.open, views.update, views.publish, users.info, and the
 * external upload flow (files.getUploadURLExternal, the POST of the bytes to the upload URL,
 * files.completeUploadExternal). It records every call, refuses what Slack refuses (a wrong
 * token, blocks over Block Kit's limits, an expired or reused trigger id, a message that does not
 * exist, an upload never sent), and answers HTTP 429 with Retry-After when a test asks for it or
 * when the app posts faster than a channel's flood limit.
 *
 * For Socket Mode it answers apps.connections.open (app-level token) with a ws:// URL on the same
 * port and speaks just enough WebSocket (RFC 6455 text frames, ping, close) to say hello, send
 * envelopes and collect their acks (`socketMode.send`).
 *
 * `SignedRequests` plays Slack's side of interactivity: it posts correctly signed slash commands,
 * block_actions and view_submission payloads to the app's endpoint, with trigger ids this server
 * then accepts for views.open.
 */
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Bucket } from '../telegram/fake-bot-api.js';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** When the request arrived, and the HTTP status answered (0: the connection was cut). */
  at: number;
  status: number;
  /** Slack's `error` when it answered ok: false. */
  error?: string | undefined;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string | undefined;
}

type Block = Record<string, unknown> & { type: string };

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
  edits: number;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  blocks: Block[];
  at: number;
}

export interface FakeView {
  id: string;
  hash: string;
  /** The user the modal was opened for (the trigger's user), or whose App Home it is. */
  userId: string;
  view: Block & { callback_id?: string; private_metadata?: string; blocks: Block[]; title?: { text: string } };
  updates: number;
}

export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes?: Buffer | undefined;
  channel?: string | undefined;
  title?: string | undefined;
  initialComment?: string | undefined;
  completed: boolean;
}

/** A channel's flood limit: messages a second and the burst tolerated (Slack: about one a second). */
export interface FloodLimit {
  perSecond: number;
  burst: number;
}

class Refusal extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, SlackMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, FakeView>();
  readonly homes = new Map<string, FakeView>();
  readonly uploads = new Map<string, FakeUpload>();
  readonly users = new Map<string, FakeSlackUser>();
  /** 429 answers given, forced or from the flood limit. */
  rateLimited = 0;
  /** How long a trigger id is accepted by views.open (Slack: 3 s). */
  triggerLifetimeMs = 3000;
  readonly teamId = 'T0CADANG';
  readonly botUserId = 'UCADANGBOT';
  private readonly triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private readonly forced = new Map<string, number[]>();
  private readonly buckets = new Map<string, Bucket>();
  private nextTs = 1;
  private nextId = 1;

  /** The Socket Mode side: the app's WebSocket connection, once it has opened one. */
  readonly socketMode = new FakeSocketMode();
  readonly appToken = 'xapp-1-ACADANG-cadang-test-app-token';

  private constructor(private readonly server: Server, readonly token: string, readonly baseUrl: string, private readonly flood: FloodLimit | undefined) {
    server.on('upgrade', (request, socket: Socket) => this.socketMode.accept(request, socket));
  }

  /** Starts the server on 127.0.0.1 and a random port. `flood` turns a per-channel flood limit on for chat.postMessage. */
  static async start(options: { token?: string; flood?: FloodLimit } = {}): Promise<FakeSlackApi> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const api = new FakeSlackApi(server, options.token ?? 'xoxb-cadang-test-token', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options.flood);
    server.on('request', (request, response) => void api.serve(request, response));
    return api;
  }

  /** What the app is given as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async close(): Promise<void> {
    this.socketMode.close();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closing;
  }

  // ── What a test does ─────────────────────────────────────────────────────────────────────

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /** A trigger id, as Slack puts in an interaction; views.open accepts it once, within 3 s. */
  issueTrigger(userId: string): string {
    const id = `${this.nextId++}.${Date.now()}.trigger${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, { userId, issuedAt: Date.now(), used: false });
    return id;
  }

  /** The next `count` calls of `method` are answered HTTP 429 with `Retry-After: retryAfter`. */
  failNext(method: string, count: number, retryAfter = 1): void {
    const list = this.forced.get(method) ?? [];
    for (let index = 0; index < count; index++) list.push(retryAfter);
    this.forced.set(method, list);
  }

  /** The DM channel the app gets for a user from conversations.open. */
  dmOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  messagesIn(channel: string): SlackMessage[] {
    return this.messages.get(channel) ?? [];
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The newest modal opened or updated for a user. */
  lastViewOf(userId: string): FakeView | undefined {
    return [...this.views.values()].filter((view) => view.userId === userId).at(-1);
  }

  /** The newest message in a channel with a button labelled `label` (or starting with it). */
  withButton(channel: string, label: string): SlackMessage | undefined {
    return this.messagesIn(channel).filter((message) => buttonsOf(message.blocks).some((button) => buttonText(button).startsWith(label))).at(-1);
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

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', this.baseUrl);
    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(url.pathname);
    if (upload) return this.receiveUpload(upload[1]!, body, request, response);
    const match = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (!match || request.method !== 'POST') return send(response, 404, { ok: false, error: 'unknown_method' });
    const method = match[1]!;
    const params = parseParams(request.headers['content-type'] ?? '', body);
    const call: RecordedCall = { method, params, at: Date.now(), status: 200 };
    this.calls.push(call);
    const auth = request.headers.authorization ?? (params.token ? `Bearer ${String(params.token)}` : '');
    if (method === 'apps.connections.open') {
      // The one method that takes the app-level token, not the bot token.
      if (auth !== `Bearer ${this.appToken}`) return this.refuse(response, call, new Refusal('invalid_auth'));
      return send(response, 200, { ok: true, url: `${this.baseUrl.replace('http:', 'ws:')}/socket` });
    }
    if (auth !== `Bearer ${this.token}`) return this.refuse(response, call, new Refusal('invalid_auth'));
    const forced = this.forced.get(method)?.shift();
    if (forced !== undefined) return this.tooMany(response, call, forced);
    try {
      if (method === 'chat.postMessage' && this.flood) {
        const channel = String(params.channel);
        let bucket = this.buckets.get(channel);
        if (!bucket) {
          bucket = new Bucket(this.flood.burst, this.flood.perSecond / 1000);
          this.buckets.set(channel, bucket);
        }
        const wait = bucket.take(Date.now());
        if (wait > 0) return this.tooMany(response, call, Math.max(1, Math.ceil(wait / 1000)));
      }
      const result = this.run(method, params);
      send(response, 200, { ok: true, ...result });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.refuse(response, call, error);
    }
  }

  private refuse(response: ServerResponse, call: RecordedCall, refusal: Refusal): void {
    // Slack answers refusals with HTTP 200 and ok: false.
    call.error = refusal.error;
    send(response, 200, { ok: false, error: refusal.error });
  }

  private tooMany(response: ServerResponse, call: RecordedCall, retryAfter: number): void {
    this.rateLimited++;
    call.status = 429;
    call.error = 'ratelimited';
    response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
    response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
  }

  private run(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { url: 'https://cadang-uji.slack.com/', team: 'Cadang Uji', user: 'cadang', team_id: this.teamId, user_id: this.botUserId, bot_id: 'BCADANG' };
      case 'conversations.open': {
        const user = String(params.users ?? '');
        if (!this.users.has(user)) throw new Refusal('user_not_found');
        return { channel: { id: this.dmOf(user) } };
      }
      case 'users.info': {
        const user = this.users.get(String(params.user));
        if (!user) throw new Refusal('user_not_found');
        return { user: { id: user.id, name: user.name.toLowerCase().replace(/\W+/g, '.'), real_name: user.name, profile: { real_name: user.name, ...(user.email ? { email: user.email } : {}) } } };
      }
      case 'chat.postMessage':
        return this.postMessage(params);
      case 'chat.update':
        return this.update(params);
      case 'chat.postEphemeral': {
        const channel = this.checkChannel(params.channel);
        const blocks = checkBlocks(params.blocks, 50);
        const text = String(params.text ?? '');
        if (text === '' && blocks.length === 0) throw new Refusal('no_text');
        this.ephemerals.push({ channel, user: String(params.user), text, blocks, at: Date.now() });
        return { message_ts: this.ts() };
      }
      case 'views.open':
        return this.openView(params);
      case 'views.update': {
        const known = this.views.get(String(params.view_id));
        if (!known) throw new Refusal('not_found');
        known.view = checkView(params.view, 'modal');
        known.updates++;
        known.hash = `h${this.nextId++}`;
        return { view: this.wireView(known) };
      }
      case 'views.publish': {
        const user = String(params.user_id);
        if (!this.users.has(user)) throw new Refusal('user_not_found');
        const home: FakeView = { id: `VH${this.nextId++}`, hash: `h${this.nextId++}`, userId: user, view: checkView(params.view, 'home'), updates: 0 };
        this.homes.set(user, home);
        return { view: this.wireView(home) };
      }
      case 'files.getUploadURLExternal': {
        const filename = String(params.filename ?? '');
        const length = Number(params.length);
        if (!filename || !Number.isInteger(length) || length <= 0) throw new Refusal('invalid_arguments');
        const fileId = `F${String(this.nextId++).padStart(8, '0')}`;
        this.uploads.set(fileId, { fileId, filename, length, completed: false });
        return { upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        return this.completeUpload(params);
      default:
        throw new Refusal('unknown_method');
    }
  }

  private ts(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(this.nextTs++).padStart(6, '0')}`;
  }

  private checkChannel(value: unknown): string {
    const channel = String(value ?? '');
    if (!/^[CDG][A-Z0-9]+$/.test(channel)) throw new Refusal('channel_not_found');
    if (channel.startsWith('D') && !this.users.has(`U${channel.slice(1)}`)) throw new Refusal('channel_not_found');
    return channel;
  }

  private postMessage(params: Record<string, unknown>): Record<string, unknown> {
    const channel = this.checkChannel(params.channel);
    const blocks = checkBlocks(params.blocks, 50);
    const text = String(params.text ?? '');
    if (text === '' && blocks.length === 0) throw new Refusal('no_text');
    const message: SlackMessage = { channel, ts: this.ts(), text, blocks, edits: 0 };
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
    return { channel, ts: message.ts, message: { type: 'message', text, blocks, ts: message.ts, bot_id: 'BCADANG' } };
  }

  private update(params: Record<string, unknown>): Record<string, unknown> {
    const channel = this.checkChannel(params.channel);
    const message = this.messagesIn(channel).find((candidate) => candidate.ts === String(params.ts));
    if (!message) throw new Refusal('message_not_found');
    if (params.blocks !== undefined) message.blocks = checkBlocks(params.blocks, 50);
    if (params.text !== undefined) message.text = String(params.text);
    message.edits++;
    return { channel, ts: message.ts, text: message.text };
  }

  private openView(params: Record<string, unknown>): Record<string, unknown> {
    const trigger = this.triggers.get(String(params.trigger_id ?? ''));
    if (!trigger) throw new Refusal('invalid_trigger_id');
    if (trigger.used || Date.now() - trigger.issuedAt > this.triggerLifetimeMs) throw new Refusal('expired_trigger_id');
    const view = checkView(params.view, 'modal');
    trigger.used = true;
    const opened: FakeView = { id: `V${String(this.nextId++).padStart(8, '0')}`, hash: `h${this.nextId++}`, userId: trigger.userId, view, updates: 0 };
    this.views.set(opened.id, opened);
    return { view: this.wireView(opened) };
  }

  private wireView(view: FakeView): Record<string, unknown> {
    return { id: view.id, hash: view.hash, team_id: this.teamId, ...view.view, state: { values: {} } };
  }

  private receiveUpload(fileId: string, body: Buffer, request: IncomingMessage, response: ServerResponse): void {
    const call: RecordedCall = { method: 'upload', params: { fileId, bytes: body.length }, at: Date.now(), status: 200 };
    this.calls.push(call);
    const upload = this.uploads.get(fileId);
    if (!upload || request.method !== 'POST') {
      call.status = 404;
      response.writeHead(404).end('not found');
      return;
    }
    if (body.length !== upload.length) {
      call.status = 400;
      response.writeHead(400).end(`length ${body.length} differs from the announced ${upload.length}`);
      return;
    }
    upload.bytes = body;
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
  }

  private completeUpload(params: Record<string, unknown>): Record<string, unknown> {
    const files = (typeof params.files === 'string' ? JSON.parse(params.files) : params.files) as Array<{ id: string; title?: string }> | undefined;
    if (!Array.isArray(files) || files.length === 0) throw new Refusal('invalid_arguments');
    const channel = params.channel_id === undefined ? undefined : this.checkChannel(params.channel_id);
    const done = files.map((file) => {
      const upload = this.uploads.get(file.id);
      if (!upload) throw new Refusal('file_not_found');
      if (!upload.bytes) throw new Refusal('file_upload_not_found');
      upload.completed = true;
      upload.channel = channel;
      upload.title = file.title;
      upload.initialComment = params.initial_comment === undefined ? undefined : String(params.initial_comment);
      return { id: upload.fileId, name: upload.filename, title: file.title ?? upload.filename, size: upload.length };
    });
    return { files: done };
  }
}

/**
 * Slack's Socket Mode server, as far as Cadang needs it: the WebSocket handshake, a `hello`, the
 * envelopes a test sends, and the app's acks (`{ envelope_id, payload? }`), matched by id.
 */
export class FakeSocketMode {
  private socket: Socket | undefined;
  private buffered = Buffer.alloc(0);
  private nextEnvelope = 1;
  private readonly waiting = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  private connectedWaiters: Array<() => void> = [];
  /** Every ack received, in order. */
  readonly acks: Array<{ envelope_id: string; payload?: unknown }> = [];

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Resolves once the app has connected and been greeted. */
  whenConnected(): Promise<void> {
    return this.connected ? Promise.resolve() : new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  accept(request: IncomingMessage, socket: Socket): void {
    const key = request.headers['sec-websocket-key'];
    if (request.url !== '/socket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
    });
    this.frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: 'ACADANG' } })));
    for (const wake of this.connectedWaiters.splice(0)) wake();
  }

  /** Sends an envelope (`slash_commands`, `interactive`, `events_api`) and resolves with the app's ack. */
  send(type: string, payload: unknown): Promise<{ envelope_id: string; payload?: unknown }> {
    if (!this.connected) throw new Error('the app has not connected by Socket Mode');
    const envelopeId = `env-${this.nextEnvelope++}`;
    const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve) => this.waiting.set(envelopeId, resolve));
    this.frame(0x1, Buffer.from(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' })));
    return acked;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private frame(opcode: number, payload: Buffer): void {
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x80 | opcode, length])
      : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const big = Buffer.alloc(8); big.writeBigUInt64BE(BigInt(length)); return big; })()]);
    this.socket?.write(Buffer.concat([header, payload]));
  }

  /** Reads the client's (masked) frames: text acks, pings answered with pongs, a close answered with a close. */
  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (this.buffered.length < 2) return;
      const opcode = this.buffered[0]! & 0x0f;
      let length = this.buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffered.length < 4) return;
        length = this.buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffered.length < 10) return;
        length = Number(this.buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (this.buffered[1]! & 0x80) !== 0;
      const mask = masked ? this.buffered.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (this.buffered.length < offset + length) return;
      const payload = Buffer.from(this.buffered.subarray(offset, offset + length));
      if (mask) for (let index = 0; index < payload.length; index++) payload[index]! ^= mask[index % 4]!;
      this.buffered = this.buffered.subarray(offset + length);
      if (opcode === 0x9) this.frame(0xa, payload);
      else if (opcode === 0x8) {
        this.frame(0x8, payload.subarray(0, 2));
        this.socket?.end();
      } else if (opcode === 0x1) {
        const ack = JSON.parse(payload.toString('utf8')) as { envelope_id: string; payload?: unknown };
        this.acks.push(ack);
        this.waiting.get(ack.envelope_id)?.(ack);
        this.waiting.delete(ack.envelope_id);
      }
    }
  }
}

// ── Block Kit checks (the limits Slack enforces that Cadang can reach) ──────────────────────────

function refuseBlocks(reason: string): never {
  throw new Refusal(`invalid_blocks: ${reason}`);
}

function textOf(value: unknown): string {
  return String((value as { text?: unknown } | undefined)?.text ?? '');
}

function checkBlocks(raw: unknown, max: number): Block[] {
  if (raw === undefined) return [];
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Block[];
  if (!Array.isArray(blocks)) refuseBlocks('blocks must be an array');
  if (blocks.length > max) refuseBlocks(`more than ${max} blocks`);
  const actionIds = new Set<string>();
  for (const block of blocks) {
    if (block.type === 'section' && textOf(block.text).length > 3000) refuseBlocks('section text over 3000 characters');
    if (block.type === 'actions') {
      const elements = block.elements as Block[];
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) refuseBlocks('actions block needs 1 to 25 elements');
      for (const element of elements) {
        if (element.type !== 'button') continue;
        if (textOf(element.text).length > 75) refuseBlocks('button text over 75 characters');
        const actionId = String(element.action_id ?? '');
        if (actionId.length === 0 || actionId.length > 255) refuseBlocks('action_id must have 1 to 255 characters');
        if (String(element.value ?? '').length > 2000) refuseBlocks('button value over 2000 characters');
        if (actionIds.has(actionId)) refuseBlocks(`duplicate action_id ${actionId}`);
        actionIds.add(actionId);
      }
    }
  }
  return blocks;
}

function checkView(raw: unknown, type: 'modal' | 'home'): FakeView['view'] {
  const view = (typeof raw === 'string' ? JSON.parse(raw) : raw) as FakeView['view'];
  if (!view || view.type !== type) throw new Refusal('invalid_arguments');
  if (type === 'modal' && (!view.title || textOf(view.title).length > 24)) throw new Refusal('invalid_arguments: title must have at most 24 characters');
  checkBlocks(view.blocks, 100);
  for (const block of view.blocks) {
    if (block.type === 'input' && (!block.label || !block.element || textOf(block.label).length > 2000)) throw new Refusal('invalid_arguments: input block needs a label and an element');
    const element = block.element as { options?: Array<{ text?: unknown }>; type?: string } | undefined;
    const options = element?.options ?? [];
    const limit = element?.type === 'checkboxes' || element?.type === 'radio_buttons' ? 10 : 100;
    if (options.length > limit) throw new Refusal(`invalid_arguments: more than ${limit} options`);
    if (options.some((option) => textOf(option.text).length > 75)) throw new Refusal('invalid_arguments: option text over 75 characters');
  }
  return view;
}

export function buttonsOf(blocks: Block[]): Block[] {
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements as Block[]).filter((element) => element.type === 'button'));
}

export function buttonText(button: Block): string {
  return textOf(button.text);
}

/** The plain text of a message's sections, as a user reads it. */
export function sectionText(blocks: Block[]): string {
  return blocks.filter((block) => block.type === 'section').map((block) => textOf(block.text)).join('');
}

// ── Slack's side of interactivity: signed requests to the app ──────────────────────────────────

export interface SignedOptions {
  /** Seconds since the epoch put in X-Slack-Request-Timestamp (default now). */
  timestamp?: number;
  /** Signs with this secret instead of the right one. */
  secret?: string;
  /** Sends X-Slack-Retry-Num (and reason http_timeout), as Slack does on a redelivery. */
  retryNum?: number;
}

export interface SignedResponse {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the whole answer. */
  ms: number;
}

/** `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret: Slack's request signature. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class SignedRequests {
  constructor(readonly endpoint: string, private readonly signingSecret: string, private readonly api: FakeSlackApi) {}

  /** Posts a form-encoded body (interactivity, commands) or a JSON one (the Events API) to the app's endpoint, signed. */
  async post(form: Record<string, string> | { json: unknown }, options: SignedOptions = {}): Promise<SignedResponse> {
    const isJson = 'json' in form;
    const body = isJson ? JSON.stringify(form.json) : new URLSearchParams(form as Record<string, string>).toString();
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': isJson ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? this.signingSecret, timestamp, body),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const started = performance.now();
    const response = await fetch(this.endpoint, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, body: text, ms: performance.now() - started };
  }

  /** An Events API delivery (`event_callback`) of `event`, e.g. `app_home_opened`. */
  event(event: Record<string, unknown>, options: SignedOptions = {}): Promise<SignedResponse> {
    return this.post({ json: {
      token: 'legacy-verification-token', team_id: this.api.teamId, api_app_id: 'ACADANG', type: 'event_callback', event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1000)}`,
      event_time: Math.floor(Date.now() / 1000), authorizations: [{ team_id: this.api.teamId, user_id: this.api.botUserId, is_bot: true }], event,
    } }, options);
  }

  /** A slash command typed by `userId` (in their DM with the app unless `channel` says otherwise). */
  slashCommand(userId: string, text: string, options: SignedOptions & { command?: string; channel?: string; triggerId?: string } = {}): Promise<SignedResponse> & { triggerId: string } {
    const triggerId = options.triggerId ?? this.api.issueTrigger(userId);
    const sent = this.post({
      token: 'legacy-verification-token', team_id: this.api.teamId, team_domain: 'cadang-uji', channel_id: options.channel ?? this.api.dmOf(userId), channel_name: 'directmessage',
      user_id: userId, user_name: userId.toLowerCase(), command: options.command ?? '/backup', text, api_app_id: 'ACADANG', is_enterprise_install: 'false',
      response_url: `${this.api.baseUrl}/response/${triggerId}`, trigger_id: triggerId,
    }, options);
    return Object.assign(sent, { triggerId });
  }

  /** A tap by `userId` on the button of `message` whose text starts with `label`. */
  blockAction(userId: string, message: SlackMessage, label: string, options: SignedOptions & { triggerId?: string } = {}): Promise<SignedResponse> & { triggerId: string } {
    const button = buttonsOf(message.blocks).find((candidate) => buttonText(candidate).startsWith(label));
    if (!button) throw new Error(`no button "${label}" on message ${message.ts}: ${JSON.stringify(buttonsOf(message.blocks).map(buttonText))}`);
    const triggerId = options.triggerId ?? this.api.issueTrigger(userId);
    const payload = {
      type: 'block_actions', api_app_id: 'ACADANG', token: 'legacy-verification-token', trigger_id: triggerId, is_enterprise_install: false,
      team: { id: this.api.teamId, domain: 'cadang-uji' }, user: { id: userId, username: userId.toLowerCase(), team_id: this.api.teamId },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: 'directmessage' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: `${this.api.baseUrl}/response/${triggerId}`,
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'actions-0', value: button.value, text: button.text, action_ts: `${Date.now() / 1000}` }],
    };
    return Object.assign(this.post({ payload: JSON.stringify(payload) }, options), { triggerId });
  }

  /** `userId` submits the modal `view` with these values (`values[block_id][action_id]`, as Slack sends them). */
  viewSubmission(userId: string, view: FakeView, values: Record<string, Record<string, Record<string, unknown>>>, options: SignedOptions = {}): Promise<SignedResponse> {
    const payload = {
      type: 'view_submission', api_app_id: 'ACADANG', token: 'legacy-verification-token', trigger_id: this.api.issueTrigger(userId), is_enterprise_install: false,
      team: { id: this.api.teamId, domain: 'cadang-uji' }, user: { id: userId, username: userId.toLowerCase(), team_id: this.api.teamId },
      view: {
        id: view.id, team_id: this.api.teamId, type: 'modal', callback_id: view.view.callback_id, private_metadata: view.view.private_metadata ?? '',
        hash: view.hash, title: view.view.title, blocks: view.view.blocks, state: { values }, app_id: 'ACADANG', bot_id: 'BCADANG',
      },
      response_urls: [],
    };
    return this.post({ payload: JSON.stringify(payload) }, options);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form-encoded (the web client's way; JSON-valued fields such as blocks and view stay strings, parsed where used) or JSON. */
function parseParams(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
