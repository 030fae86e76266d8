/**
 * The Telegram adapter: telegraf updates in, the chat core's messages out. `startTelegramBot`
 * is what `npm start` calls when a bot token is configured.
 */
export { startTelegramBot, telegramLogOf, defaultAdminRoles, type TelegramBot, type TelegramBotOptions, type TelegramLog } from './telegram-bot.js';
export { TelegramPort, telegramDocumentLimit } from './telegram-port.js';
export { telegramRateLimits, type TelegramRateLimits } from './outbound-queue.js';
export { renderProgress, type ProgressReport } from './progress.js';
export { splitMessageText, telegramTextLimit } from './split-text.js';
export { callbackDataLimit, isValidCallbackData } from './keyboard.js';
