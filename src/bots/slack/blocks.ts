import type { types } from '@slack/bolt';
import type { Button, OutboundMessage } from '../port.js';

export type KnownBlock = types.KnownBlock;

/**
 * Block Kit's limits that Cadang's messages can reach: a section's text, a button's text and
 * value, buttons per actions block (Slack now takes 25; 5 keeps a card readable on a phone), and
 * blocks per message. The fallback `text` (notifications, screen readers) is kept short too.
 */
export const blockLimits = {
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  buttonsPerActions: 5,
  blocks: 50,
  fallbackText: 3000,
} as const;

/** What chat.postMessage / chat.update get for one message. */
export interface SlackMessageBody {
  text: string;
  blocks: KnownBlock[];
}

/** Shortens to `limit` characters with an ellipsis. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * Splits a text into pieces of at most `limit` characters, at line breaks where possible, else at
 * spaces, else hard (one very long word).
 */
export function splitSectionText(text: string, limit: number = blockLimits.sectionText): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = window.lastIndexOf('\n') > limit / 2 ? window.lastIndexOf('\n') : window.lastIndexOf(' ') > limit / 2 ? window.lastIndexOf(' ') : limit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Slack reads &, < and > in a message's `text` as markup (links, mentions); a user's typed reason must show as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A button as Block Kit: `action_id` and `value` both carry the port's button data (a short id
 * naming what the button does, never state), so a tap reads it back from either.
 */
export function renderButton(button: Button): types.Button {
  return { type: 'button', text: { type: 'plain_text', text: truncate(button.label, blockLimits.buttonText), emoji: true }, action_id: button.data.slice(0, blockLimits.actionId), value: button.data.slice(0, blockLimits.buttonValue) };
}

/**
 * Renders a chat message as Block Kit: the text as section blocks (3000 characters each), then the
 * buttons in actions blocks of at most five. The core lays buttons out one per row (Telegram's
 * habit); Slack shows an actions block as one wrapping row, so rows are joined. A message never
 * exceeds 50 blocks: text beyond that is cut with an ellipsis, buttons are always kept.
 */
export function renderMessage(message: OutboundMessage): SlackMessageBody {
  const text = message.text.trim().length > 0 ? message.text : '…';
  const buttons = (message.buttons ?? []).flat();
  const actions: KnownBlock[] = [];
  for (let index = 0; index < buttons.length; index += blockLimits.buttonsPerActions) {
    actions.push({ type: 'actions', block_id: `actions-${index / blockLimits.buttonsPerActions}`, elements: buttons.slice(index, index + blockLimits.buttonsPerActions).map(renderButton) });
  }
  const room = Math.max(1, blockLimits.blocks - actions.length);
  // Sections are plain text: names, NIPs and reasons show exactly as typed, with no mrkdwn surprises.
  let pieces = splitSectionText(text);
  if (pieces.length > room) pieces = [...pieces.slice(0, room - 1), truncate(pieces[room - 1]!, blockLimits.sectionText - 1) + '…'];
  const sections: KnownBlock[] = pieces.map((piece) => ({ type: 'section', text: { type: 'plain_text', text: piece, emoji: true } }));
  return { text: escapeMrkdwn(truncate(text, blockLimits.fallbackText)), blocks: [...sections, ...actions].slice(0, blockLimits.blocks) };
}
