import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { translateUpdate } from '../../../src/bots/telegram/translate-update.js';

const from = { id: 42, is_bot: false, first_name: 'Siti', last_name: 'Rahmawati', username: 'siti' };
const privateChat = { id: 42, type: 'private' as const, first_name: 'Siti' };

describe('translateUpdate: Telegram updates into the core\'s inbound events', () => {
  it('a private text becomes a text event with a delivery id a redelivery repeats', () => {
    const update = { update_id: 1, message: { message_id: 7, date: 0, chat: privateChat, from, text: '/backup' } } as Update;
    expect(translateUpdate(update, '123')).toEqual({
      kind: 'event', senderName: 'Siti Rahmawati (@siti)',
      event: { type: 'text', platform: 'telegram', chatId: '42', userId: '42', deliveryId: 'msg-123-42-7', text: '/backup' },
    });
    expect(translateUpdate({ ...update, update_id: 99 } as Update, '123')).toEqual(translateUpdate(update, '123'));
  });

  it('a tap becomes a button event naming the message it was on', () => {
    const update = { update_id: 2, callback_query: { id: 'q1', from, chat_instance: 'c', data: 'd:abc:1:0', message: { message_id: 9, date: 0, chat: privateChat, text: 'kartu' } } } as Update;
    expect(translateUpdate(update, '123')).toMatchObject({ kind: 'event', event: { type: 'button', chatId: '42', userId: '42', deliveryId: 'cbq-q1', data: 'd:abc:1:0', messageId: '9' } });
  });

  it('group commands, group chatter, non-text, inline taps and oversized data are told apart', () => {
    const group = { id: -100, type: 'supergroup' as const, title: 'Grup' };
    expect(translateUpdate({ update_id: 3, message: { message_id: 1, date: 0, chat: group, from, text: '/status' } } as Update, '1')).toEqual({ kind: 'group-command', chatId: '-100' });
    expect(translateUpdate({ update_id: 4, message: { message_id: 1, date: 0, chat: group, from, text: 'halo' } } as Update, '1')).toEqual({ kind: 'ignored' });
    expect(translateUpdate({ update_id: 5, message: { message_id: 1, date: 0, chat: privateChat, from, sticker: {} } } as unknown as Update, '1')).toEqual({ kind: 'unsupported', chatId: '42' });
    expect(translateUpdate({ update_id: 6, callback_query: { id: 'q', from, chat_instance: 'c', inline_message_id: 'i', data: 'x' } } as Update, '1')).toEqual({ kind: 'ignored' });
    expect(translateUpdate({ update_id: 7, callback_query: { id: 'q', from, chat_instance: 'c', data: 'x'.repeat(65), message: { message_id: 1, date: 0, chat: privateChat } } } as Update, '1')).toEqual({ kind: 'ignored' });
    expect(translateUpdate({ update_id: 8, edited_message: { message_id: 1, date: 0, edit_date: 0, chat: privateChat, from, text: 'x' } } as Update, '1')).toEqual({ kind: 'ignored' });
  });
});
