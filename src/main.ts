#!/usr/bin/env node
// `npm start`: the Cadang service. With a Telegram bot token configured it runs the Telegram bot,
// with a Slack bot token (and a signing secret or an app token) the Slack app; the terminal chat
// runs when no platform is configured, or beside them when started from a terminal.
import { resolve } from 'node:path';
import { createRuntime, openCore, runtimeTimingFromEnv } from './app.js';
import { createLogger, setRootLogger } from './log/logger.js';
import { ConsoleChat } from './bots/console/console-chat.js';
import { startSlackApp } from './bots/slack/index.js';
import { startTelegramBot } from './bots/telegram/index.js';
import { loadConfig } from './config/load.js';
import { isCadangError } from './errors.js';

async function main(): Promise<void> {
  // With the terminal chat on this terminal, routine log lines would bury the conversation.
  const log = createLogger({ defaultLevel: process.stdin.isTTY ? 'warn' : 'info' });
  setRootLogger(log);
  const loaded = loadConfig();
  const core = await openCore(loaded);
  const { config, service } = core;
  if (loaded.sample) console.log(config.locale === 'en' ? 'Using the sample organisation (config/sample.yaml). Set CADANG_CONFIG to use your own.' : 'Memakai organisasi contoh (config/sample.yaml). Atur CADANG_CONFIG untuk konfigurasi Anda sendiri.');
  for (const warning of core.warnings) console.warn(`⚠️ ${warning}`);

  const telegram = config.telegram.token ? await startTelegramBot({ service, config }) : undefined;
  const slack = config.slack.botToken ? await startSlackApp({ service, config }) : undefined;
  const chat = (!telegram && !slack) || process.stdin.isTTY ? new ConsoleChat({
    service,
    input: process.stdin,
    output: process.stdout,
    outbox: resolve('data/outbox'),
    log: (message, error) => log.error({ err: error }, message),
    core: {
      satker: config.satker,
      targets: config.backup.targets,
      media: config.backup.media,
      requestSop: 'sop_b_backup_server',
      orderSop: 'sop_a_backup_terjadwal',
    },
  }) : undefined;
  const notifiers = [chat, telegram, slack].filter((platform) => platform !== undefined).map((platform) => platform.notifier);
  // The service works the main queue; targets with `worker: NAME` wait for `cadang worker --queue NAME`.
  const runtime = createRuntime(core, { notifiers, queues: ['main'], log, timing: runtimeTimingFromEnv() });
  await runtime.start();
  const shutdown = () => void runtime.stop()
    .then(() => Promise.all([telegram?.stop(), slack?.stop()]))
    .then(() => core.close())
    .then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  if (chat) {
    chat.on('close', shutdown);
    await chat.run();
  }
}

main().catch((error: unknown) => {
  console.error(isCadangError(error) ? error.message : error);
  process.exit(1);
});
