import type { InlineKeyboardMarkup } from 'telegraf/types';
import { CadangError } from '../../errors.js';
import type { Button } from '../port.js';

/** Telegram's limit on a button's callback data, in bytes (UTF-8). */
export const callbackDataLimit = 64;

/** Whether a button's data fits Telegram's callback data: 1 to 64 bytes. */
export function isValidCallbackData(data: string): boolean {
  const bytes = Buffer.byteLength(data, 'utf8');
  return bytes >= 1 && bytes <= callbackDataLimit;
}

/**
 * Renders the port's rows of buttons as an inline keyboard. Throws a CadangError
 * (`telegram-callback-data`) for data Telegram would refuse, before anything is sent: callback
 * data is a short id naming what a button does, never the state itself.
 */
export function renderInlineKeyboard(buttons: Button[][] | undefined): InlineKeyboardMarkup {
  const rows = (buttons ?? []).filter((row) => row.length > 0);
  for (const button of rows.flat()) {
    if (!isValidCallbackData(button.data)) {
      throw new CadangError('telegram-callback-data', `Button "${button.label}" has callback data of ${Buffer.byteLength(button.data, 'utf8')} bytes; Telegram takes 1 to ${callbackDataLimit}.`, { label: button.label, data: button.data });
    }
  }
  return { inline_keyboard: rows.map((row) => row.map((button) => ({ text: button.label, callback_data: button.data }))) };
}

/** True when a keyboard has at least one button. */
export function hasButtons(markup: InlineKeyboardMarkup): boolean {
  return markup.inline_keyboard.some((row) => row.length > 0);
}
