import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import type { CadangConfig } from '../../config/schema.js';
import { CadangError } from '../../errors.js';
import type { WorkflowService } from '../../service/workflow-service.js';
import { decodeButton } from '../callback-data.js';
import { rootLogger, type Logger } from '../../log/logger.js';
import { ChatCore } from '../chat-core.js';
import { ChatNotifier } from '../chat-notifier.js';
import type { InboundEvent } from '../port.js';
import { AccountLinking, decodeLinkButton } from './account-linking.js';
import { TelegramHandlerError, TelegramRefusedError, TelegramUnreachableError } from './errors.js';
import { telegramMessages } from './messages.js';
import { telegramRateLimits, type TelegramRateLimits } from './outbound-queue.js';
import { ProgressBoard, type ProgressReport } from './progress.js';
import { TelegramPort } from './telegram-port.js';
import { translateUpdate, type TranslatedUpdate } from './translate-update.js';

/** Where the adapter writes what happened; `detail` carries the context (chat, update, method …). */
export interface TelegramLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

export interface TelegramBotOptions {
  service: WorkflowService;
  config: CadangConfig;
  log?: TelegramLog | undefined;
  /** Faster or slower limits than Telegram's (tests, a self-hosted Bot API server). */
  limits?: Partial<TelegramRateLimits> | undefined;
  /** Roles whose holders confirm `/daftar` (default: Administrator and Kepala PTID). */
  adminRoles?: string[] | undefined;
  /** Largest document sent as a file (default 50 MB; a self-hosted Bot API server takes 2000 MB). */
  maxDocumentBytes?: number | undefined;
  /** Interface the webhook server listens on (default all). */
  webhookHost?: string | undefined;
  /** The SOP `/backup` starts and the one `/perintah` starts. */
  requestSop?: string | undefined;
  orderSop?: string | undefined;
}

export interface TelegramBot {
  /** The inbound side of this platform's chat. */
  readonly core: ChatCore;
  /** The outbound side: give it to the dispatcher with the other platforms' notifiers. */
  readonly notifier: ChatNotifier;
  readonly port: TelegramPort;
  /** Shows a running backup's progress as one message in `chatId`, edited in place (≤ 1 edit per 3 s). */
  showProgress(chatId: string, report: ProgressReport): Promise<void>;
  /** In webhook mode: the port and path the webhook server listens on. */
  readonly webhook: { port: number; path: string } | undefined;
  /** Resolves once no update is being handled and nothing is queued or waiting to be edited. */
  settled(): Promise<void>;
  /**
   * Stops taking updates, finishes the updates being handled, then sends what is queued for at
   * most `drainMs` (default 10 s: a channel takes 20 messages a minute, a backlog may be long).
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export const defaultAdminRoles = ['administrator', 'kepala_ptid'];
const allowedUpdates = ['message', 'callback_query'] as const;

/** The adapter's log lines through the project's one logger (src/log), detail as fields. */
export function telegramLogOf(logger: Logger): TelegramLog {
  const bound = logger.child({ platform: 'telegram' });
  return {
    info: (message, detail) => bound.info(detail ?? {}, message),
    warn: (message, detail) => bound.warn(detail ?? {}, message),
    error: (message, detail) => bound.error(detail ?? {}, message),
  };
}

/**
 * Starts the Telegram bot: checks the token with getMe, then takes updates by long polling, or by
 * webhook when `telegram.webhook` is configured (Telegram's secret-token header is checked).
 * Resolves once the bot is taking updates.
 *
 * The event flow: (1) telegraf receives an update; (2) a callback query is answered at once;
 * (3) the update becomes a zod-parsed InboundEvent; (4) it is handled in the background (texts and
 * form taps of one chat in order), so a busy chat never holds up the others or the next poll;
 * (5) the chat core decides and answers through the TelegramPort; (6) the port's queue paces
 * every call and waits out 429s.
 */
export async function startTelegramBot(options: TelegramBotOptions): Promise<TelegramBot> {
  const { service, config } = options;
  const log = options.log ?? telegramLogOf(rootLogger());
  const token = config.telegram.token;
  if (!token) throw new CadangError('telegram-no-token', 'Telegram bot token is missing: set TELEGRAM_BOT_TOKEN (or telegram.token in the configuration).');
  const botId = token.split(':')[0] ?? 'bot';
  const locale = service.locale;
  const t = telegramMessages(locale);
  const limits: TelegramRateLimits = { ...telegramRateLimits, ...options.limits };

  const bot = new Telegraf(token, { telegram: { ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}), webhookReply: false } });
  const port = new TelegramPort(bot.telegram, {
    limits,
    maxDocumentBytes: options.maxDocumentBytes,
    locale,
    onBackgroundFailure: (error, chatId) => report(error, { chatId, background: true }),
    onRateLimited: (lane, method, seconds) => log.warn(`telegram: 429 on ${method}, waiting ${seconds} s`, { lane }),
  });
  const senderNames = new Map<string, string>();
  const resolvePerson = (event: InboundEvent) => service.directory.personByAccount('telegram', event.userId);
  const adminRoles = options.adminRoles ?? defaultAdminRoles;
  const linking = new AccountLinking({ service, port, adminRoles, log });
  const notifier = new ChatNotifier({
    service,
    port,
    chatIdOf: (person) => service.directory.accountOf(person.id, 'telegram'),
    channelId: config.telegram.channelId,
    adminRoles,
    log: (message, error) => log.error(message, { error: String(error) }),
  });
  const core = new ChatCore({
    service,
    port,
    notifier,
    resolvePerson,
    satker: config.satker,
    targets: config.backup.targets,
    media: config.backup.media,
    requestSop: options.requestSop ?? 'sop_b_backup_server',
    orderSop: options.orderSop ?? 'sop_a_backup_terjadwal',
    extraHelp: [t.helpLink()],
    extraCommand: async (event, person, command, args) => {
      if (command === '/daftar') {
        await linking.register(event, person, args, senderNames.get(event.deliveryId) ?? '');
        return true;
      }
      if (!person) {
        await linking.explainUnlinked(event);
        return true;
      }
      return false;
    },
  });
  const board = new ProgressBoard(port, locale);

  /** The one error handler: logs the detail with its context and tells the user a clear sentence. */
  function report(error: unknown, context: { chatId?: string | undefined; userId?: string | undefined; deliveryId?: string | undefined; background?: boolean }): void {
    const known = error instanceof CadangError ? error : new TelegramHandlerError(context, error);
    const cause = (known.cause ?? error) as Error | undefined;
    log.error(`telegram: ${known.code}: ${known.message}`, { ...known.context, ...context, stack: cause?.stack });
    if (!context.chatId || context.background) return;
    // A CadangError from the core carries a sentence for the user; the adapter's own are technical.
    const sentence = known instanceof TelegramUnreachableError ? t.failure.network()
      : known instanceof TelegramRefusedError ? t.failure.refused()
      : known instanceof TelegramHandlerError || known.code.startsWith('telegram-') ? t.failure.internal()
      : known.message;
    void port.send(context.chatId, { text: sentence }).catch((failure: unknown) => log.error('telegram: could not tell the user about an error', { chatId: context.chatId, error: String(failure) }));
  }
  bot.catch((error, ctx) => report(error, { chatId: ctx.chat ? String(ctx.chat.id) : undefined, userId: ctx.from ? String(ctx.from.id) : undefined }));

  // Texts and form taps of one chat are handled in order; taps on cards run side by side.
  const chatLanes = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const inOrder = (key: string, work: () => Promise<void>): Promise<void> => {
    const run = (chatLanes.get(key) ?? Promise.resolve()).then(work);
    chatLanes.set(key, run);
    void run.finally(() => chatLanes.get(key) === run && chatLanes.delete(key));
    return run;
  };

  async function handle(translated: TranslatedUpdate & { kind: 'event' }): Promise<void> {
    const { event } = translated;
    if (event.type === 'button' && decodeLinkButton(event.data)) return linking.tap(event, await resolvePerson(event));
    const isCommand = event.type === 'text' && event.text.trim().startsWith('/');
    if (!isCommand && !(await resolvePerson(event))) return linking.explainUnlinked(event);
    senderNames.set(event.deliveryId, translated.senderName);
    try {
      await core.handle(event);
    } finally {
      senderNames.delete(event.deliveryId);
    }
    // A form or selection question is answered once: take its buttons away so an old one cannot be tapped again.
    if (event.type === 'button' && event.messageId && isFormTap(event.data)) await port.removeButtons(event.chatId, event.messageId);
  }

  bot.use(async (ctx) => {
    const update = ctx.update;
    if ('callback_query' in update) {
      // Answered before anything slow, so the button stops spinning at once.
      await port.queue.inLane(`answer:${update.callback_query.id}`, 0, (paced) => paced('answerCallbackQuery', () => ctx.telegram.answerCbQuery(update.callback_query.id)), { global: false })
        .catch((error: unknown) => log.warn('telegram: answering a callback query failed', { error: String(error) }));
    }
    const translated = translateUpdate(update, botId);
    if (translated.kind === 'ignored') return;
    if (translated.kind === 'group-command' || translated.kind === 'unsupported') {
      const text = translated.kind === 'group-command' ? t.privateOnly(ctx.botInfo?.username ?? '') : t.textOnly();
      void port.send(translated.chatId, { text }).catch((error: unknown) => report(error, { chatId: translated.chatId, background: true }));
      return;
    }
    const { event } = translated;
    const work = () => handle(translated).catch((error: unknown) => report(error, { chatId: event.chatId, userId: event.userId, deliveryId: event.deliveryId }));
    const ordered = event.type === 'text' || isFormTap(event.data);
    const running = ordered ? inOrder(event.chatId, work) : work();
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  });

  // Check the token and the API root before anything else: a wrong one fails here, clearly.
  try {
    bot.botInfo = await bot.telegram.getMe();
  } catch (error) {
    throw new CadangError('telegram-start', `Telegram bot could not start (getMe failed: ${(error as Error).message}). Check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT.`, { apiRoot: config.telegram.apiRoot }, { cause: error });
  }
  await bot.telegram.setMyCommands(Object.entries(t.commands).map(([command, description]) => ({ command, description })))
    .catch((error: unknown) => log.warn('telegram: setMyCommands failed', { error: String(error) }));

  let server: Server | undefined;
  let polling: Promise<void> | undefined;
  let webhook: { port: number; path: string } | undefined;
  const hook = config.telegram.webhook;
  if (hook) {
    const path = new URL(hook.url).pathname || '/';
    const callback = bot.webhookCallback(path, { secretToken: hook.secretToken });
    server = createServer((request, response) => {
      void callback(request, response, () => {
        log.warn('telegram: webhook request refused (wrong path, method or secret token)', { url: request.url, from: request.socket.remoteAddress });
        response.statusCode = 403;
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(hook.port, options.webhookHost, () => resolve());
    });
    webhook = { port: (server.address() as AddressInfo).port, path };
    try {
      await bot.telegram.setWebhook(hook.url, { secret_token: hook.secretToken, allowed_updates: [...allowedUpdates] });
    } catch (error) {
      server.close();
      throw new CadangError('telegram-start', `Telegram refused the webhook ${hook.url}: ${(error as Error).message}. Check telegram.webhook (an https address on port 443, 80, 88 or 8443).`, { url: hook.url }, { cause: error });
    }
    log.info(`telegram: @${bot.botInfo.username} takes updates by webhook at ${hook.url} (listening on port ${webhook.port})`);
  } else {
    polling = bot.launch({ allowedUpdates: [...allowedUpdates] });
    polling.catch((error: unknown) => report(error, {}));
    log.info(`telegram: @${bot.botInfo.username} takes updates by long polling`);
  }

  return {
    core,
    notifier,
    port,
    webhook,
    showProgress: (chatId, progress) => board.show(chatId, progress),
    async settled() {
      do {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await port.drain();
      } while (inFlight.size > 0);
    },
    async stop({ drainMs = 10_000 } = {}) {
      if (polling) {
        try {
          bot.stop('cadang stopping');
        } catch {
          // Not polling yet (stopped during start-up): nothing to stop.
        }
        await polling.catch(() => undefined);
      }
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
        await closing;
      }
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        port.drain().then(() => true),
        new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), drainMs); }),
      ]);
      clearTimeout(timer);
      if (!drained) log.warn(`telegram: stopped with ${port.queue.size} message(s) still queued`, { drainMs });
    },
  };
}

/** A tap on a form question, the summary or a selection list (not a decision card). */
function isFormTap(data: string): boolean {
  const kind = decodeButton(data)?.kind;
  return kind === 'form' || kind === 'select';
}
