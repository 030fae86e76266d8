// What the Telegram benchmarks share: the sample organisation on a fresh database, the real
// telegraf bot against the fake Bot API server in its worker thread, every person with a
// Telegram account, and runtimes (dispatcher, worker, recovery) started and stopped at will.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { startTelegramBot, type TelegramBot, type TelegramBotOptions } from '../../src/bots/telegram/index.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { PersonRecord } from '../../src/service/directory.js';
import type { Notifier } from '../../src/service/ports.js';
import type { Runtime } from '../../src/service/runtime.js';
import type { FakeUser, FloodLimits } from '../../test/bots/telegram/fake-bot-api.js';
import { createStandInBackup } from '../../test/support/stand-in-tasks.js';
import { RemoteBotApi } from './remote-bot-api.js';

export const channelId = '-1009876543210';

/** Telegram's limits' shape, a hundred times faster: the same figures as test/bots/telegram/telegram-harness.ts `fastLimits`. */
export const fastLimits = { globalPerSecond: 1000, privateChatGapMs: 10, groupChatGapMs: 30, editGapMs: 30, networkRetryDelayMs: 20 };

export interface TelegramBenchOptions {
  /** A database URL; default a fresh SQLite file in a temporary folder. */
  databaseUrl?: string | undefined;
  /** Flood limits the server enforces (429 answers); none by default. */
  flood?: FloodLimits | undefined;
  /** The bot's own pacing; Telegram's by default. */
  limits?: TelegramBotOptions['limits'];
  /** Extra requesters to create, each with a Telegram account (ids from 100000). */
  requesters?: number | undefined;
}

export interface TelegramBench {
  api: RemoteBotApi;
  core: CadangCore;
  bot: TelegramBot;
  requesters: Array<{ person: PersonRecord; user: FakeUser }>;
  /** What the bot logged: warnings (429s, a backlog left at stop) and errors. */
  logged: string[];
  /** A person of the sample organisation by (part of) their name. */
  person(name: string): Promise<PersonRecord>;
  /** The person's Telegram user, which is also their private chat's id. */
  userOf(person: PersonRecord): FakeUser;
  /** A started runtime for this process's queue with these notifiers (none: effects are marked done unseen); `close` stops it if the bench did not. */
  startRuntime(notifiers: Notifier[]): Promise<Runtime>;
  close(): Promise<void>;
}

export async function openTelegramBench(options: TelegramBenchOptions = {}): Promise<TelegramBench> {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-bench-telegram-'));
  const api = await RemoteBotApi.start(options.flood);
  await api.call('addChannel', channelId);
  const core = await openCore(loadConfig({
    CADANG_CONFIG: sampleConfigFile, DATABASE_URL: options.databaseUrl ?? `file:${join(dir, 'cadang.db')}`, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_CHANNEL_ID: channelId,
  }));
  const { directory } = core.service;
  const users = new Map<string, FakeUser>();
  const staff = (await directory.listPeople()).sort((a, b) => a.nip.localeCompare(b.nip));
  for (const [index, person] of staff.entries()) {
    const user: FakeUser = { id: 5001 + index, first_name: person.name.split(' ')[0]! };
    users.set(person.id, user);
    await directory.linkAccount('telegram', String(user.id), person.id, 'bench');
  }
  const requesters: TelegramBench['requesters'] = [];
  for (let index = 0; index < (options.requesters ?? 0); index++) {
    const user: FakeUser = { id: 100_000 + index, first_name: `Pemohon${index}` };
    const person = await core.database.db.person.create({
      data: { id: `bench-${index}`, organisationId: core.service.organisationId, name: `Pemohon ${String(index).padStart(3, '0')}`, nip: `199001012015011${String(index).padStart(3, '0')}`, email: `p${index}@contoh.go.id`, mobile: '+6281234567890', satker: 'Biro Umum' },
    });
    await directory.linkAccount('telegram', String(user.id), person.id, 'bench');
    users.set(person.id, user);
    requesters.push({ person, user });
  }
  await api.call('meet', [...users.values()]);
  const logged: string[] = [];
  const bot = await startTelegramBot({
    service: core.service, config: core.config, limits: options.limits,
    log: { info: () => {}, warn: (message) => logged.push(message), error: (message) => logged.push(message) },
  });
  await bot.settled();
  const runtimes = new Set<Runtime>();
  return {
    api, core, bot, requesters, logged,
    async person(name) {
      const found = (await directory.findPeople(name))[0];
      if (!found) throw new Error(`no person "${name}" in the sample organisation`);
      return found;
    },
    userOf(person) {
      const user = users.get(person.id);
      if (!user) throw new Error(`${person.name} has no Telegram account in the bench`);
      return user;
    },
    async startRuntime(notifiers) {
      const runtime = createRuntime(core, {
        notifiers, queues: ['main'],
        reports: { ...core.config.reports, archiveFolder: join(dir, 'archive') },
        handlers: { backup: createStandInBackup(core.service.locale) },
      });
      runtimes.add(runtime);
      await runtime.start();
      return runtime;
    },
    async close() {
      // Stopping a runtime twice is harmless.
      for (const runtime of runtimes) await runtime.stop();
      await bot.stop({ drainMs: 0 });
      await api.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
