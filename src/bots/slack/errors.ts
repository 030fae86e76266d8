import { webApi } from '@slack/bolt';
import { CadangError } from '../../errors.js';
import type { FailureClassifier } from '../telegram/outbound-queue.js';

/**
 * Three causes, as the style guide asks: Slack refused a call (`ok: false` with an error such as
 * `channel_not_found`, `expired_trigger_id`, or an HTTP 4xx), the network or Slack's servers failed
 * (no answer, a reset connection, a 5xx), or our own handler threw (wrapped with the payload it
 * was handling).
 */
export class SlackRefusedError extends CadangError {
  constructor(readonly method: string, readonly slackError: string, context: Record<string, unknown>, cause: unknown) {
    super('slack-refused', `Slack refused ${method}: ${slackError}`, { method, slackError, ...context }, { cause });
    this.name = 'SlackRefusedError';
  }
}

export class SlackUnreachableError extends CadangError {
  constructor(readonly method: string, context: Record<string, unknown>, cause: unknown) {
    super('slack-unreachable', `Slack could not be reached for ${method}: ${(cause as Error)?.message ?? String(cause)}`, { method, ...context }, { cause });
    this.name = 'SlackUnreachableError';
  }
}

export class SlackHandlerError extends CadangError {
  constructor(context: Record<string, unknown>, cause: unknown) {
    super('slack-handler-failed', `Handling a Slack interaction failed: ${(cause as Error)?.message ?? String(cause)}`, context, { cause });
    this.name = 'SlackHandlerError';
  }
}

/**
 * Seconds Slack asked us to wait. The web client is built with `rejectRateLimitedCalls: true`, so
 * a 429 reaches us as WebAPIRateLimitedError with Retry-After, and our queue (not the client's
 * own paused queue, which would reorder nothing but also pace nothing per channel) waits it out.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof webApi.WebAPIRateLimitedError)) return undefined;
  return Number.isFinite(error.retryAfter) && error.retryAfter >= 0 ? error.retryAfter : 1;
}

/** True for failures worth retrying: no answer, a dropped connection, a 5xx from Slack or the upload host. */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof webApi.WebAPIRequestError) return true;
  if (error instanceof webApi.WebAPIHTTPError) return error.statusCode >= 500;
  if (error instanceof UploadHttpError) return error.status >= 500;
  const name = (error as { name?: string })?.name;
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  return name === 'AbortError' || (error instanceof TypeError && /fetch failed/i.test(error.message)) || (typeof code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR)/.test(code));
}

/** The POST of a file's bytes to the upload URL answered with an HTTP error. */
export class UploadHttpError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`upload answered HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = 'UploadHttpError';
  }
}

/** Turns a failed call into one of the two platform errors; anything else is returned as is. */
export function classifyApiFailure(error: unknown, method: string, context: Record<string, unknown>): unknown {
  if (error instanceof SlackRefusedError || error instanceof SlackUnreachableError) return error;
  if (isNetworkFailure(error)) return new SlackUnreachableError(method, context, error);
  if (error instanceof webApi.WebAPIPlatformError) return new SlackRefusedError(method, error.data.error, context, error);
  if (error instanceof webApi.WebAPIHTTPError) return new SlackRefusedError(method, `HTTP ${error.statusCode}`, context, error);
  if (error instanceof webApi.WebAPIRateLimitedError) return new SlackRefusedError(method, `ratelimited (${error.retryAfter} s)`, context, error);
  if (error instanceof UploadHttpError) return new SlackRefusedError(method, `HTTP ${error.status}`, context, error);
  return error;
}

export const slackFailures: FailureClassifier = { retryAfterOf, isNetworkFailure, classify: classifyApiFailure };

/** The `error` string of a refused call (`expired_trigger_id`, `channel_not_found` …), if it was one. */
export function slackErrorOf(error: unknown): string | undefined {
  if (error instanceof SlackRefusedError) return error.slackError;
  if (error instanceof webApi.WebAPIPlatformError) return error.data.error;
  return undefined;
}
