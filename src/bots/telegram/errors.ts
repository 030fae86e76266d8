import { TelegramError } from 'telegraf';
import { CadangError } from '../../errors.js';

/**
 * Three causes, as the style guide asks: Telegram refused a call (a 4xx answer: bad request,
 * blocked by the user, chat not found …), the network or Telegram's servers failed (no answer,
 * a reset connection, a 5xx), or our own handler threw (wrapped with the update it was handling).
 */
export class TelegramRefusedError extends CadangError {
  constructor(readonly method: string, readonly errorCode: number, readonly description: string, context: Record<string, unknown>, cause: unknown) {
    super('telegram-refused', `Telegram refused ${method}: ${errorCode} ${description}`, { method, errorCode, description, ...context }, { cause });
    this.name = 'TelegramRefusedError';
  }
}

export class TelegramUnreachableError extends CadangError {
  constructor(readonly method: string, context: Record<string, unknown>, cause: unknown) {
    super('telegram-unreachable', `Telegram could not be reached for ${method}: ${(cause as Error)?.message ?? String(cause)}`, { method, ...context }, { cause });
    this.name = 'TelegramUnreachableError';
  }
}

export class TelegramHandlerError extends CadangError {
  constructor(context: Record<string, unknown>, cause: unknown) {
    super('telegram-handler-failed', `Handling a Telegram update failed: ${(cause as Error)?.message ?? String(cause)}`, context, { cause });
    this.name = 'TelegramHandlerError';
  }
}

/** Seconds Telegram asked us to wait (a 429 answer), or undefined for any other failure. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof TelegramError) || error.code !== 429) return undefined;
  const seconds = Number(error.parameters?.retry_after);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

/** True for failures worth retrying: no answer at all, a dropped connection, or a 5xx from Telegram. */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TelegramError) return error.code >= 500;
  const name = (error as { name?: string })?.name;
  const code = (error as { code?: string })?.code;
  return name === 'FetchError' || name === 'AbortError' || (typeof code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR)/.test(code));
}

/** Telegram's answer to an edit that would change nothing; harmless. */
export function isNotModified(error: unknown): boolean {
  return error instanceof TelegramError && error.code === 400 && /message is not modified/i.test(error.description);
}

/** Turns a failed API call into one of the two platform errors; anything else is returned as is. */
export function classifyApiFailure(error: unknown, method: string, context: Record<string, unknown>): unknown {
  if (error instanceof TelegramRefusedError || error instanceof TelegramUnreachableError) return error;
  if (isNetworkFailure(error)) return new TelegramUnreachableError(method, context, error);
  if (error instanceof TelegramError) return new TelegramRefusedError(method, error.code, error.description, context, error);
  return error;
}
