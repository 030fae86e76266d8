/**
 * The Slack adapter: Bolt interactions in, the chat core's messages out. `startSlackApp` is what
 * `npm start` calls when a bot token is configured.
 */
export { startSlackApp, slackLogOf, type SlackApp, type SlackAppOptions, type SlackLog } from './slack-app.js';
export { SlackPort } from './slack-port.js';
export { slackRateLimits, type SlackRateLimits } from './rate-limits.js';
export { renderMessage, blockLimits } from './blocks.js';
