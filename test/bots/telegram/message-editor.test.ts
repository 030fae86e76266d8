import { TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageEditor, type MessageContent } from '../../../src/bots/telegram/message-editor.js';
import { OutboundQueue, telegramRateLimits } from '../../../src/bots/telegram/outbound-queue.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const none = { inline_keyboard: [] };
const text = (value: string): MessageContent => ({ text: value, markup: none });

function editor(fail?: (content: MessageContent) => unknown) {
  const applied: Array<{ at: number; message: string; text: string | undefined; textChanged: boolean }> = [];
  const instance = new MessageEditor(new OutboundQueue(telegramRateLimits), 3000, async (_chat, message, content, textChanged) => {
    applied.push({ at: Date.now(), message, text: content.text, textChanged });
    if (fail) fail(content);
  });
  return { instance, applied };
}

describe('MessageEditor: at most one edit per 3 s per message, latest wins, unchanged skipped', () => {
  it('sends the first edit at once and only the latest of a burst 3 s later; every caller is answered', async () => {
    const { instance, applied } = editor();
    const edits = ['10 %', '20 %', '30 %', '40 %', '50 %'].map((value) => instance.edit('1', '7', text(value)));
    await vi.advanceTimersByTimeAsync(3100);
    await Promise.all(edits);
    expect(applied.map(({ at, text: shown }) => [Math.round(at / 100) * 100, shown])).toEqual([[0, '10 %'], [3000, '50 %']]);
  });

  it('a steady stream of progress makes at most one edit per 3 s', async () => {
    const { instance, applied } = editor();
    for (let tick = 1; tick <= 100; tick++) {
      void instance.edit('1', '7', text(`${tick} %`));
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(3100);
    expect(applied.length).toBeLessThanOrEqual(5);
    for (let index = 1; index < applied.length; index++) expect(applied[index]!.at - applied[index - 1]!.at).toBeGreaterThanOrEqual(3000);
    expect(applied.at(-1)!.text).toBe('100 %');
  });

  it('skips an edit that changes nothing, and changes only the buttons when only they differ', async () => {
    const { instance, applied } = editor();
    const card = { text: 'Kartu', markup: { inline_keyboard: [[{ text: 'Setujui', callback_data: 'd:1:1:0' }]] } };
    instance.remember('1', '7', card);
    await instance.edit('1', '7', card);
    expect(applied).toEqual([]);
    const removing = instance.edit('1', '7', { text: undefined, markup: none });
    await vi.advanceTimersByTimeAsync(10);
    await removing;
    expect(applied).toEqual([{ at: 0, message: '7', text: undefined, textChanged: false }]);
    await instance.edit('1', '7', { text: 'Kartu', markup: none });
    expect(applied).toHaveLength(1);
  });

  it('treats Telegram\'s "message is not modified" as done, and other messages do not wait', async () => {
    const notModified = new TelegramError({ error_code: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same' });
    const { instance, applied } = editor((content) => { if (content.text === 'sama') throw notModified; });
    const first = instance.edit('1', '7', text('sama'));
    const other = instance.edit('1', '8', text('lain'));
    await vi.advanceTimersByTimeAsync(100);
    await expect(first).resolves.toBeUndefined();
    await expect(other).resolves.toBeUndefined();
    expect(applied.map(({ message }) => message)).toEqual(['7', '8']);
  });

  it('passes a refusal on to every caller of that edit', async () => {
    const { instance } = editor(() => { throw new TelegramError({ error_code: 400, description: 'Bad Request: message to edit not found' }); });
    const edit = instance.edit('1', '9', text('x'));
    const outcome = edit.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(String(await outcome)).toContain('message to edit not found');
  });
});
