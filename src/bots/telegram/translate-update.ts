import type { Update } from 'telegraf/types';
import { inboundEventSchema, type InboundEvent } from '../port.js';

/** What an update means to Cadang. */
export type TranslatedUpdate =
  /** A text or a tap in a private chat: for the chat core. `senderName` is the sender's Telegram name, for the admins' link cards. */
  | { kind: 'event'; event: InboundEvent; senderName: string }
  /** A command typed in a group or channel: Cadang answers only in private chats. */
  | { kind: 'group-command'; chatId: string }
  /** A private message that is not text (a photo, a sticker …). */
  | { kind: 'unsupported'; chatId: string }
  /** Nothing for Cadang: group chatter, edits, channel posts, malformed taps. */
  | { kind: 'ignored' };

function nameOf(user: { first_name: string; last_name?: string | undefined; username?: string | undefined }): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return user.username ? `${name} (@${user.username})` : name;
}

/**
 * Translates one Telegram update into Cadang's inbound event, parsed with zod. The delivery id
 * is what a redelivered update repeats and nothing else does: a callback query's own id, or the
 * bot, chat and message ids of a message (message ids never repeat within a chat). Update ids are
 * not used: Telegram may restart them after a quiet week.
 */
export function translateUpdate(update: Update, botId: string): TranslatedUpdate {
  if ('callback_query' in update) {
    const query = update.callback_query;
    const message = query.message;
    if (!message || message.chat.type !== 'private' || !('data' in query) || typeof query.data !== 'string') return { kind: 'ignored' };
    const parsed = inboundEventSchema.safeParse({
      type: 'button', platform: 'telegram', chatId: String(message.chat.id), userId: String(query.from.id),
      deliveryId: `cbq-${query.id}`, data: query.data, messageId: String(message.message_id),
    });
    return parsed.success ? { kind: 'event', event: parsed.data, senderName: nameOf(query.from) } : { kind: 'ignored' };
  }
  if ('message' in update) {
    const message = update.message;
    const chatId = String(message.chat.id);
    const text = 'text' in message ? message.text : undefined;
    if (message.chat.type !== 'private') return text?.startsWith('/') ? { kind: 'group-command', chatId } : { kind: 'ignored' };
    if (text === undefined || !message.from) return { kind: 'unsupported', chatId };
    const parsed = inboundEventSchema.safeParse({
      type: 'text', platform: 'telegram', chatId, userId: String(message.from.id),
      deliveryId: `msg-${botId}-${chatId}-${message.message_id}`, text,
    });
    return parsed.success ? { kind: 'event', event: parsed.data, senderName: nameOf(message.from) } : { kind: 'ignored' };
  }
  return { kind: 'ignored' };
}
