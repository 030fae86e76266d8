/**
 * The logging surface the service needs: the project's pino logger (src/log) satisfies it, and
 * tests can pass a silent one. Fields such as `run` (the request number) and `job` ride on
 * child loggers, so every line of a run carries them.
 */
export interface Log {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Log;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLog: Log = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLog,
};
