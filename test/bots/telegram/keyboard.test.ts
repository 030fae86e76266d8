import { describe, expect, it } from 'vitest';
import { decodeButton, encodeButton } from '../../../src/bots/callback-data.js';
import { decodeLinkButton, encodeLinkButton } from '../../../src/bots/telegram/account-linking.js';
import { callbackDataLimit, isValidCallbackData, renderInlineKeyboard } from '../../../src/bots/telegram/keyboard.js';

describe('callback data (Telegram takes 1 to 64 bytes)', () => {
  it('the longest button data the core makes fits: a decision names run, step and choice by id', () => {
    const data = encodeButton({ kind: 'decide', instanceId: '123e4567-e89b-12d3-a456-426614174000', stepIndex: 99, choiceIndex: 99 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(callbackDataLimit);
    expect(decodeButton(data)).toEqual({ kind: 'decide', instanceId: '123e4567-e89b-12d3-a456-426614174000', stepIndex: 99, choiceIndex: 99 });
    const link = encodeLinkButton(true, '9'.repeat(20));
    expect(Buffer.byteLength(link)).toBeLessThanOrEqual(callbackDataLimit);
    expect(decodeLinkButton(link)).toEqual({ approve: true, userId: '9'.repeat(20) });
    expect(decodeLinkButton('tl:x:1')).toBeUndefined();
  });

  it('counts bytes, not characters', () => {
    expect(isValidCallbackData('a'.repeat(64))).toBe(true);
    expect(isValidCallbackData('a'.repeat(65))).toBe(false);
    expect(isValidCallbackData('é'.repeat(32))).toBe(true); // 64 bytes
    expect(isValidCallbackData('é'.repeat(33))).toBe(false); // 33 characters, 66 bytes
    expect(isValidCallbackData('')).toBe(false);
  });

  it('renders rows as an inline keyboard and refuses data Telegram would refuse, before sending', () => {
    expect(renderInlineKeyboard([[{ label: 'Setujui', data: 'd:x:1:0' }, { label: 'Tolak', data: 'd:x:1:1' }], []])).toEqual({
      inline_keyboard: [[{ text: 'Setujui', callback_data: 'd:x:1:0' }, { text: 'Tolak', callback_data: 'd:x:1:1' }]],
    });
    expect(renderInlineKeyboard(undefined)).toEqual({ inline_keyboard: [] });
    expect(() => renderInlineKeyboard([[{ label: 'Terlalu panjang', data: 'x'.repeat(65) }]])).toThrow(/65 bytes; Telegram takes 1 to 64/);
  });
});
