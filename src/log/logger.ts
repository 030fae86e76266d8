/**
 * The one structured logger (pino). Every layer may import this module, so it imports nothing from
 * the project. A line is JSON (one object per line, for journald, Loki, `jq`) unless it goes to a
 * terminal, where pino-pretty makes it readable. Lines of one request or one job carry `run` (the
 * request number people see, e.g. 12) and `job` (the job id): use `withContext`.
 *
 * Environment: LOG_LEVEL (fatal, error, warn, info, debug, trace or silent; default info, and
 * silent under a test runner unless set), LOG_FORMAT (json or pretty; default: pretty on a
 * terminal, JSON otherwise). Lines go to stderr: stdout belongs to the CLI's output and the
 * terminal chat, and `cadang … > file` must not collect log lines.
 */
import { createRequire } from 'node:module';
import type { DestinationStream, Logger } from 'pino';

// pino and pino-pretty (CommonJS) are required when the first logger is built, not when this
// module is imported: together they cost a short CLI command ~70 ms it mostly never needs.
const requirePackage = createRequire(import.meta.url);

export type { Logger };

/** What ties a line to the work it is about. Both are optional: a job may have no run. */
export interface LogContext {
  /** The request number people see (`/status 12`). */
  run?: number;
  /** The job id (a backup job, a rendering job). */
  job?: string;
}

export interface CreateLoggerOptions {
  /** Where LOG_LEVEL and LOG_FORMAT are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where lines are written (default: stderr). A test passes a stream it reads back. */
  destination?: DestinationStream;
  /** The level when LOG_LEVEL is unset (default info). A CLI command, which prints its own result, uses warn. */
  defaultLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Whether the output is a terminal (default: stderr.isTTY); decides pretty vs JSON when LOG_FORMAT is unset. */
  isTty?: boolean;
}

const levels: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Field names whose values never reach a log line, at the top of a line or up to three objects
 * deep (e.g. `{ config: { telegram: { token } } }`). A line with such a field shows `[redacted]`.
 */
export const secretFieldNames: readonly string[] = [
  'password', 'passwd', 'token', 'secret', 'secretToken', 'botToken', 'appToken', 'signingSecret',
  'clientSecret', 'apiKey', 'authorization', 'cookie', 'passphrase', 'privateKey',
];

const redactPaths = secretFieldNames.flatMap((name) => [name, `*.${name}`, `*.*.${name}`, `*.*.*.${name}`]);

/** Under vitest (or NODE_ENV=test) nothing is logged unless LOG_LEVEL asks for it. */
function underTest(env: NodeJS.ProcessEnv): boolean {
  return env.VITEST !== undefined || env.NODE_ENV === 'test';
}

/**
 * Builds a logger from the environment. The level comes from LOG_LEVEL; an unknown value falls
 * back to info and says so in the first line, rather than stopping the service over a log setting.
 * Both outputs write synchronously, so a short-lived CLI process loses no line when it exits.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const requested = env.LOG_LEVEL?.trim().toLowerCase();
  const unknownLevel = requested !== undefined && requested !== '' && !levels.includes(requested);
  const level = requested && !unknownLevel ? requested : underTest(env) ? 'silent' : options.defaultLevel ?? 'info';
  const format = env.LOG_FORMAT?.trim().toLowerCase();
  const tty = options.isTty ?? process.stderr.isTTY === true;
  const pretty = format === 'pretty' || (format !== 'json' && tty);
  const { pino } = requirePackage('pino') as typeof import('pino');
  // pino-pretty as a stream in this thread, not a worker transport: nothing is left in a worker's
  // buffer when a CLI process exits.
  const destination = pretty
    ? (requirePackage('pino-pretty') as typeof import('pino-pretty')).PinoPretty({ destination: options.destination ?? 2, sync: true, colorize: tty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
    : options.destination ?? pino.destination({ dest: 2, sync: true });
  const logger = pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An Error under `err` or `error` becomes type, message, stack and its own fields (a CadangError's code and context).
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  }, destination);
  if (unknownLevel) logger.warn({ LOG_LEVEL: env.LOG_LEVEL, allowed: levels }, 'LOG_LEVEL is not a known level; logging at info');
  return logger;
}

let root: Logger | (() => Logger) | undefined;

/** The process's logger, built from process.env on first use unless an entry point set it. */
export function rootLogger(): Logger {
  if (typeof root === 'function') root = root();
  root ??= createLogger();
  return root;
}

/**
 * Lets an entry point (the service, the CLI, a worker) choose the process's logger before any line
 * is written: a logger, or a function that builds it when it is first needed (the CLI, whose
 * commands mostly log nothing).
 */
export function setRootLogger(logger: Logger | (() => Logger)): void {
  root = logger;
}

/**
 * A child logger whose every line carries the run number and the job id that are given. A field
 * the parent already carries with the same value is not bound again (pino would repeat the key);
 * bind each field once along a chain of children.
 */
export function withContext(logger: Logger, context: LogContext): Logger {
  const bound = logger.bindings();
  const bindings: Record<string, unknown> = {};
  if (context.run !== undefined && bound.run !== context.run) bindings.run = context.run;
  if (context.job !== undefined && bound.job !== context.job) bindings.job = context.job;
  return Object.keys(bindings).length === 0 ? logger : logger.child(bindings);
}
