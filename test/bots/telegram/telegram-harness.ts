import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, openCore, type CadangCore } from '../../../src/app.js';
import { startTelegramBot, type TelegramBot, type TelegramBotOptions, type TelegramLog } from '../../../src/bots/telegram/index.js';
import { loadConfig, sampleConfigFile } from '../../../src/config/load.js';
import type { CadangConfig } from '../../../src/config/schema.js';
import type { Runtime } from '../../../src/service/runtime.js';
import type { JobHandlers } from '../../../src/service/worker.js';
import { createStandInBackup } from '../../support/stand-in-tasks.js';
import { openTestDatabase, type TestDatabase } from '../../support/services.js';
import { FakeBotApi, FakeFile, type FakeUser, type FloodLimits, type RecordedCall, type StoredMessage } from './fake-bot-api.js';

/** The institution's milestone channel in the tests. */
export const channelId = '-1001234567890';

/** Limits for the tests: Telegram's shape, a hundred times faster, so a whole SOP takes a second or two. */
export const fastLimits = { globalPerSecond: 1000, privateChatGapMs: 10, groupChatGapMs: 30, editGapMs: 30, networkRetryDelayMs: 20 };

export interface SessionOptions {
  limits?: TelegramBotOptions['limits'];
  flood?: FloodLimits;
  /** People of the sample organisation left without a Telegram account. */
  unlinked?: string[];
  /** Replaces job handlers (the backup is a stand-in unless a test gives one; documents are the real runners). */
  handlers?: JobHandlers;
  /** Changes the configuration before the bot starts (webhook mode …). */
  configure?: (config: CadangConfig) => CadangConfig;
  maxDocumentBytes?: number;
  webhookHost?: string;
}

/**
 * The real telegraf bot on the sample organisation, against a fake Bot API server. Each person
 * of config/sample.yaml gets a Telegram account (ids from 5001), unless left out. `type` and
 * `tap` act as a person and return what the bot sent meanwhile, as a transcript:
 * `── Name ──` for a new message, `── (diperbarui) Name ──` for an edit, buttons as `[label]`.
 */
export class TelegramSession {
  readonly logs: Array<{ level: string; message: string; detail?: Record<string, unknown> | undefined }> = [];
  readonly users = new Map<string, FakeUser>();
  bot!: TelegramBot;
  runtime!: Runtime;
  private mark = 0;
  private readonly archiveFolder = mkdtempSync(join(tmpdir(), 'cadang-archive-'));

  private constructor(readonly api: FakeBotApi, readonly core: CadangCore, private readonly testDb: TestDatabase, private readonly options: SessionOptions) {}

  static async open(options: SessionOptions = {}): Promise<TelegramSession> {
    const testDb = await openTestDatabase('sqlite');
    const api = await FakeBotApi.start({ ...(options.flood ? { flood: options.flood } : {}) });
    api.addChannel(channelId);
    const core = await openCore(loadConfig({
      CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_CHANNEL_ID: channelId,
    }), { clock: () => new Date('2026-11-23T02:00:00Z') });
    const session = new TelegramSession(api, core, testDb, options);
    const people = (await core.service.directory.listPeople()).sort((a, b) => a.nip.localeCompare(b.nip));
    for (const [index, person] of people.entries()) {
      const user: FakeUser = { id: 5001 + index, first_name: person.name.split(' ')[0]!, username: `u${5001 + index}` };
      session.users.set(person.name, user);
      if (options.unlinked?.includes(person.name)) continue;
      await core.service.directory.linkAccount('telegram', String(user.id), person.id, 'test');
      api.meet(user);
    }
    await session.start();
    return session;
  }

  /** Starts (or starts again) the bot on the same database, as after a restart of the process. */
  async start(): Promise<void> {
    const config = this.options.configure ? this.options.configure(this.core.config) : this.core.config;
    const log: TelegramLog = {
      info: (message, detail) => this.logs.push({ level: 'info', message, detail }),
      warn: (message, detail) => this.logs.push({ level: 'warn', message, detail }),
      error: (message, detail) => this.logs.push({ level: 'error', message, detail }),
    };
    this.bot = await startTelegramBot({ service: this.core.service, config, log, limits: this.options.limits ?? fastLimits, maxDocumentBytes: this.options.maxDocumentBytes, webhookHost: this.options.webhookHost });
    // The path a user's tap takes: the outbox, the dispatcher, the job queue and the real document runners.
    this.runtime = createRuntime(this.core, {
      notifiers: [this.bot.notifier], queues: ['main'], timing: { pollMs: 20 },
      reports: { ...this.core.config.reports, archiveFolder: this.archiveFolder },
      handlers: { backup: createStandInBackup(this.core.service.locale), ...this.options.handlers },
    });
    await this.runtime.start();
  }

  async restart(): Promise<void> {
    await this.runtime.stop();
    await this.bot.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.runtime.stop();
    await this.bot.stop();
    await this.api.close();
    await this.core.close();
    await this.testDb.close();
  }

  /** A person of the sample organisation, by (part of) their name; or a stranger. */
  user(name: string): FakeUser {
    const exact = this.users.get(name);
    if (exact) return exact;
    const found = [...this.users.entries()].find(([full]) => full.includes(name));
    if (!found) throw new Error(`no person "${name}"`);
    return found[1];
  }

  /** Types a line as `name` in their private chat and returns what the bot sent meanwhile. */
  async type(name: string | FakeUser, text: string): Promise<string> {
    const user = typeof name === 'string' ? this.user(name) : name;
    return this.handled(this.api.sendText(user, text));
  }

  /** Taps the newest button labelled `label` (or starting with it) in `name`'s chat. */
  async tap(name: string | FakeUser, label: string): Promise<string> {
    const user = typeof name === 'string' ? this.user(name) : name;
    const message = this.api.withButton(user.id, label);
    if (!message) throw new Error(`no button "${label}" in the chat of ${user.first_name}:\n${this.transcript(this.api.calls).slice(-3000)}`);
    return this.tapOn(user, message, label);
  }

  async tapOn(user: FakeUser, message: StoredMessage, label: string): Promise<string> {
    const query = this.api.tap(user, message, label);
    const update = this.api.updates.at(-1)!.update.update_id;
    void query;
    return this.handled(update);
  }

  /** Waits until telegraf has taken the update and the bot has finished everything it caused. */
  async handled(updateId: number): Promise<string> {
    await this.api.waitFor(() => this.api.confirmed(updateId), `update ${updateId} to be taken`);
    await this.settle();
    return this.sinceMark();
  }

  /** Waits until everything the bot and the runtime have to do is done (effects of decisions made outside chat). */
  async settle(): Promise<void> {
    await this.bot.settled();
    await this.runtime.settle();
    await this.bot.settled();
  }

  /** What the bot sent since the last look. */
  sinceMark(): string {
    const calls = this.api.calls.slice(this.mark);
    this.mark = this.api.calls.length;
    return this.transcript(calls);
  }

  /** The newest message in a person's chat. */
  last(name: string): StoredMessage {
    const message = this.api.chat(this.user(name).id).at(-1);
    if (!message) throw new Error(`nothing in the chat of ${name}`);
    return message;
  }

  private whoIs(chatId: string): string {
    if (chatId === channelId) return 'kanal';
    const found = [...this.users.entries()].find(([, user]) => String(user.id) === chatId);
    return found ? found[0] : chatId;
  }

  transcript(calls: RecordedCall[]): string {
    const lines: string[] = [];
    for (const call of calls) {
      if (call.status !== 200) continue;
      const chat = String(call.params.chat_id);
      const markup = call.params.reply_markup === undefined ? undefined : (typeof call.params.reply_markup === 'string' ? JSON.parse(call.params.reply_markup) : call.params.reply_markup) as { inline_keyboard: Array<Array<{ text: string }>> };
      const buttons = (markup?.inline_keyboard ?? []).map((row) => `   ${row.map((button) => `[${button.text}]`).join(' ')}`);
      if (call.method === 'sendMessage') lines.push(`── ${this.whoIs(chat)} ──`, String(call.params.text), ...buttons, '');
      else if (call.method === 'editMessageText') lines.push(`── (diperbarui) ${this.whoIs(chat)} ──`, String(call.params.text), ...buttons, '');
      else if (call.method === 'editMessageReplyMarkup') lines.push(`── (tombol diperbarui) ${this.whoIs(chat)} ──`, ...buttons, '');
      else if (call.method === 'sendDocument') {
        const file = call.params.document as FakeFile;
        lines.push(`── ${this.whoIs(chat)} ──`, `📎 ${file.name} (${file.bytes.length} B)${call.params.caption ? ` — ${String(call.params.caption)}` : ''}`, '');
      }
    }
    return lines.join('\n');
  }
}
