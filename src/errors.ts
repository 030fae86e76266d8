/**
 * An error Cadang expects and can explain: it carries a stable code, the context it happened in
 * (request id, target, chat …) and a sentence for the user. Adapters show `message` to the user
 * and log `code` and `context`.
 */
export class CadangError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CadangError';
  }
}

export function isCadangError(error: unknown): error is CadangError {
  return error instanceof CadangError;
}
