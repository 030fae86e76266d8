import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type AckFn, type Logger as BoltLogger, type types, type ViewResponseAction } from '@slack/bolt';
import type { CadangConfig } from '../../config/schema.js';
import { CadangError } from '../../errors.js';
import { rootLogger, type Logger } from '../../log/logger.js';
import type { WorkflowService } from '../../service/workflow-service.js';
import type { ChatCore } from '../chat-core.js';
import type { ChatNotifier } from '../chat-notifier.js';
import type { TelegramLog } from '../telegram/telegram-bot.js';
import { decodeLinkButton, SlackAccountLinking } from './account-linking.js';
import { SlackHandlerError, SlackRefusedError, SlackUnreachableError, slackErrorOf } from './errors.js';
import { slackMessages } from './messages.js';
import { buildNoticeModal, callbackIds, type ViewStateValues } from './modals.js';
import { slackRateLimits, type SlackRateLimits } from './rate-limits.js';
import { SlackCoreGlue, type CheckedSubmission } from './slack-core-glue.js';
import { SlackPort } from './slack-port.js';
import { translateAction, translateCommand } from './translate.js';

/** Where the adapter writes what happened (the same shape as Telegram's); `detail` carries the context. */
export type SlackLog = TelegramLog;

export interface SlackAppOptions {
  service: WorkflowService;
  config: CadangConfig;
  log?: SlackLog | undefined;
  /** Faster or slower limits than Slack's (tests). */
  limits?: Partial<SlackRateLimits> | undefined;
  /** Interface and port of the HTTP endpoint (default: all interfaces, `slack.port`). */
  host?: string | undefined;
  port?: number | undefined;
  /** Background jobs using the database at once (default 8); modal openings are not counted. */
  concurrency?: number | undefined;
  /** The slash command as named in the app manifest. */
  command?: string | undefined;
  requestSop?: string | undefined;
  orderSop?: string | undefined;
  /** Roles whose holders confirm `/backup daftar` (default: Administrator and Kepala PTID, as on Telegram). */
  adminRoles?: string[] | undefined;
}

export const defaultAdminRoles = ['administrator', 'kepala_ptid'];

export interface SlackApp {
  /** The inbound side of this platform's chat. */
  readonly core: ChatCore;
  /** The outbound side: give it to the dispatcher (`createRuntime`'s `notifiers`) with the other platforms'. */
  readonly notifier: ChatNotifier;
  readonly port: SlackPort;
  readonly app: App;
  /** In HTTP mode: the port the endpoint `/slack/events` listens on. */
  readonly http: { port: number } | undefined;
  /** Milliseconds from an interaction's arrival (signature checked) to its ack, newest last (at most 10 000). */
  readonly ackTimes: number[];
  /** Resolves once no interaction is being handled and nothing is queued or waiting to be edited. */
  settled(): Promise<void>;
  /** Stops taking interactions, finishes those being handled, sends what is queued for at most `drainMs`. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

/** The adapter's log lines through the project's one logger (src/log), detail as fields. */
export function slackLogOf(logger: Logger): SlackLog {
  const bound = logger.child({ platform: 'slack' });
  return {
    info: (message, detail) => bound.info(detail ?? {}, message),
    warn: (message, detail) => bound.warn(detail ?? {}, message),
    error: (message, detail) => bound.error(detail ?? {}, message),
  };
}

/** Bolt's logger, speaking through ours (Bolt's debug chatter is dropped). */
function boltLogger(log: SlackLog): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: () => {},
    info: (...parts: unknown[]) => log.info(`slack (bolt): ${text(parts)}`),
    warn: (...parts: unknown[]) => log.warn(`slack (bolt): ${text(parts)}`),
    error: (...parts: unknown[]) => log.error(`slack (bolt): ${text(parts)}`),
    setLevel: (next: LogLevel) => { level = next; },
    getLevel: () => level,
    setName: () => {},
  };
}

/** Slack's Web API base always ends with a slash (the client appends the method name). */
function apiBase(url: string | undefined): string | undefined {
  return url ? (url.endsWith('/') ? url : `${url}/`) : undefined;
}

/**
 * Starts the Slack app on the real Bolt `App`: the HTTP receiver at `/slack/events` (Slack's
 * signature checked; a timestamp older than five minutes refused with 401), or Socket Mode when
 * an app token is configured. Checks the bot token with auth.test first (Bolt's init).
 *
 * The event flow: (1) Bolt verifies the request; (2) a retry (X-Slack-Retry-Num) is acknowledged
 * and dropped; (3) every interaction is acknowledged at once, except a modal submission, whose
 * fields are checked first so the answer can carry Slack's per-field errors (a pure check, well
 * under Slack's 3 s); (4) the slow work runs after the ack, in the background: a trigger id
 * becomes the delivery id, so a redelivered interaction changes nothing; (5) answers go out
 * through the SlackPort's paced queue.
 */
export async function startSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { service, config } = options;
  const log = options.log ?? slackLogOf(rootLogger());
  const token = config.slack.botToken;
  if (!token) throw new CadangError('slack-no-token', 'Slack bot token is missing: set SLACK_BOT_TOKEN (or slack.botToken in the configuration).');
  const appToken = config.slack.appToken;
  const signingSecret = config.slack.signingSecret;
  if (!appToken && !signingSecret) throw new CadangError('slack-no-secret', 'Slack needs SLACK_SIGNING_SECRET for its HTTP endpoint, or SLACK_APP_TOKEN (xapp-…) for Socket Mode.');
  const limits: SlackRateLimits = { ...slackRateLimits, ...options.limits, tiers: { ...slackRateLimits.tiers, ...options.limits?.tiers } };
  const locale = service.locale;
  const s = slackMessages(locale);
  const logger = boltLogger(log);

  // The web client neither waits out 429s nor retries by itself: the port's queue does both, per
  // channel and in order (the client's own retry pauses every call and knows no channel order).
  const clientOptions = { ...(config.slack.apiUrl ? { slackApiUrl: apiBase(config.slack.apiUrl) } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 30_000 };
  const arrivedAt = () => ({ arrivedAt: performance.now() });
  // Socket Mode's own client (apps.connections.open) goes to the same API base as everything else.
  const receiver = appToken
    ? new SocketModeReceiver({ appToken, logger, installerOptions: { clientOptions }, customPropertiesExtractor: arrivedAt })
    : new HTTPReceiver({ signingSecret: signingSecret!, endpoints: '/slack/events', logger, customPropertiesExtractor: arrivedAt });
  const app = new App({ token, logger, clientOptions, deferInitialization: true, receiver, ...(appToken ? { socketMode: true } : {}) });
  // init() checks the token with auth.test: a wrong token or API base fails here, clearly.
  try {
    await app.init();
  } catch (error) {
    throw new CadangError('slack-start', `Slack app could not start (auth.test failed: ${(error as Error).message}). Check SLACK_BOT_TOKEN and SLACK_API_URL.`, { apiUrl: config.slack.apiUrl }, { cause: error });
  }

  const port = new SlackPort(app.client, {
    limits,
    onRateLimited: (lane, method, seconds) => log.warn(`slack: 429 on ${method}, waiting ${seconds} s`, { lane }),
  });
  const adminRoles = options.adminRoles ?? defaultAdminRoles;
  const glue = new SlackCoreGlue({
    service, port, config, adminRoles,
    requestSop: options.requestSop ?? 'sop_b_backup_server',
    orderSop: options.orderSop ?? 'sop_a_backup_terjadwal',
    log: (message, error) => log.error(message, { error: String(error) }),
  });
  const linking = new SlackAccountLinking({ service, port, adminRoles, log });
  const ackTimes: number[] = [];
  const acked = (context: Record<string, unknown>) => {
    const at = context.arrivedAt;
    if (typeof at !== 'number') return;
    ackTimes.push(performance.now() - at);
    if (ackTimes.length > 10_000) ackTimes.splice(0, ackTimes.length - 10_000);
  };

  /** The one error handler: logs the detail with its context and tells the user a clear sentence (ephemeral when it can). */
  function report(error: unknown, context: { userId?: string | undefined; channelId?: string | undefined; deliveryId?: string | undefined }): void {
    const known = error instanceof CadangError ? error : new SlackHandlerError(context, error);
    const cause = (known.cause ?? error) as Error | undefined;
    log.error(`slack: ${known.code}: ${known.message}`, { ...known.context, ...context, stack: cause?.stack });
    if (!context.userId) return;
    const sentence = known instanceof SlackUnreachableError ? s.failure.network()
      : known instanceof SlackRefusedError ? s.failure.refused()
      : known instanceof SlackHandlerError || known.code.startsWith('slack-') ? s.failure.internal()
      : known.message;
    const telling = context.channelId ? port.sendEphemeral(context.channelId, context.userId, { text: sentence }) : port.send(context.userId, { text: sentence });
    void telling.catch((failure: unknown) => log.error('slack: could not tell the user about an error', { userId: context.userId, error: String(failure) }));
  }
  app.error(async (error) => report(error, {}));

  // Work after the ack runs in the background; a user's commands run in the order they came. At
  // most `concurrency` jobs use the database at once, so a burst of interactions cannot starve the
  // urgent ones: a modal must open within 3 s of its trigger, so work that may open one skips the line.
  const inFlight = new Set<Promise<void>>();
  const userLanes = new Map<string, Promise<void>>();
  let free = options.concurrency ?? 8;
  const waiting: Array<() => void> = [];
  const slot = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  function background(work: () => Promise<void>, context: { userId: string; channelId?: string | undefined; deliveryId: string }, how: { ordered?: boolean; urgent?: boolean } = {}): void {
    // Urgent work (a modal to open) starts at once; the rest on the next turn of the event loop, so
    // requests that have already arrived are read and acknowledged before it takes the loop.
    const run = how.urgent ? work : () => new Promise<void>((resolve) => setImmediate(resolve)).then(slot).then(() => work().finally(release));
    const guarded = () => run().catch((error: unknown) => report(error, context));
    let running: Promise<void>;
    if (how.ordered) {
      running = (userLanes.get(context.userId) ?? Promise.resolve()).then(guarded);
      userLanes.set(context.userId, running);
      void running.finally(() => userLanes.get(context.userId) === running && userLanes.delete(context.userId));
    } else running = guarded();
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  }

  /** An unlinked user used the app: a link request by their profile email (for an admin to confirm), or how to link with their NIP. */
  async function explainUnlinked(userId: string, channelId: string | undefined): Promise<void> {
    const message = { text: await linking.whenUnlinked(userId) };
    if (channelId) await port.sendEphemeral(channelId, userId, message);
    else await port.send(userId, message);
  }

  /** Opens a modal and gives its id; a trigger that expired meanwhile (Slack busy, a 429) gets a sentence instead. */
  async function openModal(triggerId: string, view: types.View, userId: string, channelId: string | undefined): Promise<string | undefined> {
    try {
      return await port.openView(triggerId, view);
    } catch (error) {
      const code = slackErrorOf(error);
      if (code !== 'expired_trigger_id' && !(error instanceof SlackRefusedError && /^ratelimited/.test(error.slackError))) throw error;
      log.warn('slack: a modal could not be opened in time', { userId, error: code ?? String(error) });
      await (channelId ? port.sendEphemeral(channelId, userId, { text: s.modalTooLate() }) : port.send(userId, { text: s.modalTooLate() }));
      return undefined;
    }
  }

  // Retries: Slack redelivers what it thinks went unanswered. Each first delivery was acknowledged
  // at once, so a retry is a duplicate: acknowledge it and do nothing.
  app.use(async (args) => {
    const { context } = args;
    // Socket Mode numbers every delivery (retry_attempt 0 for the first); HTTP sends the header only on a retry.
    if (typeof context.retryNum === 'number' && context.retryNum > 0) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      log.info('slack: a retried delivery was acknowledged and ignored', { retryNum: context.retryNum, retryReason: context.retryReason });
      return;
    }
    await args.next();
  });

  app.command(options.command ?? '/backup', async ({ ack, body, context }) => {
    await ack();
    acked(context);
    const translated = translateCommand(body);
    if (translated.kind === 'ignored') return;
    if (translated.kind === 'open-form') {
      const { userId, channelId, triggerId, deliveryId } = translated;
      // A modal opens at once (the trigger id expires 3 s after the command), then shows the form
      // once the person is looked up: the database is never between the ack and views.open.
      background(async () => {
        const viewId = await openModal(triggerId, buildNoticeModal(s.formTitle(), s.formLoading(), s.close()), userId, channelId);
        if (!viewId) return;
        const person = await glue.person(userId);
        const form = person ? glue.formModal(person) : undefined;
        const t = slackMessages(glue.localeOf(person));
        await port.updateView(viewId, form ?? buildNoticeModal(t.formTitle(), person ? glue.noSopText(person) : await linking.whenUnlinked(userId), t.close()));
      }, { userId, channelId, deliveryId }, { urgent: true });
      return;
    }
    const { event, channelId } = translated;
    background(async () => {
      const person = await glue.person(event.userId);
      if (translated.kind === 'link') return linking.register(event, person, translated.args);
      if (!person) return explainUnlinked(event.userId, channelId);
      await glue.handle(event);
    }, { userId: event.userId, channelId, deliveryId: event.deliveryId }, { ordered: true });
  });

  app.action(/.*/, async ({ ack, body, context }) => {
    await ack();
    acked(context);
    const translated = translateAction(body);
    if (!translated) return;
    const { event, triggerId, channelId } = translated;
    background(async () => {
      const person = await glue.person(event.userId);
      if (decodeLinkButton(event.data)) return linking.tap(event, person, channelId);
      if (!person) return explainUnlinked(event.userId, channelId);
      const origin = { userId: event.userId, channelId };
      const prepared = await glue.prepareTap(person, event.data, origin);
      if (prepared.kind === 'modal') await openModal(triggerId, prepared.view, event.userId, channelId);
      else if (prepared.kind === 'decide') await glue.decide(person, prepared.metadata, undefined, undefined, event.deliveryId, origin);
      else await glue.handle(event);
    }, { userId: event.userId, channelId, deliveryId: event.deliveryId }, { urgent: true });
  });

  /** Answers a modal submission: Slack's per-field errors (the modal stays open, nothing typed is lost), or a plain ack that closes it. */
  async function answerSubmission<T>(ack: AckFn<void> | AckFn<ViewResponseAction>, context: Record<string, unknown>, checked: CheckedSubmission<T>): Promise<T | undefined> {
    await (ack as AckFn<ViewResponseAction>)(checked.ok ? undefined : { response_action: 'errors', errors: checked.errors });
    acked(context);
    return checked.ok ? checked.value : undefined;
  }

  app.view(callbackIds.form, async ({ ack, body, view, context }) => {
    const userId = body.user.id;
    const person = await glue.person(userId);
    const checked = await answerSubmission(ack, context, glue.checkForm(person, view.private_metadata, view.state.values as ViewStateValues));
    if (!checked) return;
    if (!person) return background(() => explainUnlinked(userId, undefined), { userId, deliveryId: `view-${view.id}` });
    background(() => glue.submitForm(person, userId, checked.definitionKey, checked.answers, `view-${view.id}`), { userId, deliveryId: `view-${view.id}` }, { ordered: true });
  });

  const decisionViews = new RegExp(`^(${callbackIds.reason}|${callbackIds.select})$`);
  app.view({ callback_id: decisionViews, type: 'view_submission' }, async ({ ack, body, view, context }) => {
    const userId = body.user.id;
    const person = await glue.person(userId);
    const checked = await answerSubmission(ack, context, glue.checkDecision(person, view.private_metadata, view.state.values as ViewStateValues));
    if (!checked) return;
    const { metadata, reason, inputs } = checked;
    const origin = { userId, channelId: metadata.channel };
    if (!person) return background(() => explainUnlinked(userId, metadata.channel), { userId, deliveryId: `view-${view.id}` });
    background(() => glue.decide(person, metadata, reason, inputs, `view-${view.id}`, origin), { userId, channelId: metadata.channel, deliveryId: `view-${view.id}` });
  });

  app.event('app_home_opened', async ({ event }) => {
    const userId = event.user;
    background(async () => {
      const person = await glue.person(userId);
      await port.publishHome(userId, person ? await glue.homeView(person) : glue.unlinkedHomeView(await linking.whenUnlinked(userId)));
    }, { userId, deliveryId: `home-${event.event_ts}` });
  });

  let http: { port: number } | undefined;
  if (receiver instanceof HTTPReceiver) {
    const server = (await app.start({ port: options.port ?? config.slack.port, ...(options.host ? { host: options.host } : {}) })) as Server;
    http = { port: (server.address() as AddressInfo).port };
    log.info(`slack: taking interactions at http://…:${http.port}/slack/events`);
  } else {
    await app.start();
    log.info('slack: taking interactions by Socket Mode');
  }

  return {
    core: glue.core,
    notifier: glue.notifier,
    port,
    app,
    http,
    ackTimes,
    async settled() {
      do {
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await port.drain();
      } while (inFlight.size > 0);
    },
    async stop({ drainMs = 10_000 } = {}) {
      await app.stop();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        port.drain().then(() => true),
        new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), drainMs); }),
      ]);
      clearTimeout(timer);
      if (!drained) log.warn(`slack: stopped with ${port.queue.size} call(s) still queued`, { drainMs });
    },
  };
}
