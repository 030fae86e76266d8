/**
 * Which configuration file applies, and its language when that can be told without a YAML parser.
 * Imports no parser, so the CLI can settle the language of its help cheaply (start time);
 * locale.ts does the rest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLocale, parseLocale, type Locale } from '../i18n/messages.js';

/** The sample organisation, used when neither CADANG_CONFIG nor ./cadang.yaml exists. */
export const sampleConfigFile = fileURLToPath(new URL('../../config/sample.yaml', import.meta.url));

/** Environment variables that override the file, mapped to their place in the configuration. */
export const environmentOverrides: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['DATABASE_URL', ['database', 'url']],
  ['CADANG_LOCALE', ['locale']],
  ['CADANG_CALENDAR_MODE', ['calendar', 'mode']],
  ['TELEGRAM_BOT_TOKEN', ['telegram', 'token']],
  ['TELEGRAM_API_ROOT', ['telegram', 'apiRoot']],
  ['TELEGRAM_CHANNEL_ID', ['telegram', 'channelId']],
  ['SLACK_BOT_TOKEN', ['slack', 'botToken']],
  ['SLACK_SIGNING_SECRET', ['slack', 'signingSecret']],
  ['SLACK_APP_TOKEN', ['slack', 'appToken']],
  ['SLACK_API_URL', ['slack', 'apiUrl']],
  ['SLACK_CHANNEL_ID', ['slack', 'channelId']],
];

/** The overrides `env` sets (an empty value sets nothing), with their values. */
export function presentOverrides(env: NodeJS.ProcessEnv): Array<{ name: string; path: readonly string[]; value: string }> {
  return environmentOverrides.flatMap(([name, path]) => (env[name] !== undefined && env[name] !== '' ? [{ name, path, value: env[name] }] : []));
}

/** Sets `value` at `path` in `target`, making the objects on the way. */
export function setAt(target: object, path: readonly string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** The lists Cadang ships (config/holidays-2026-2027.yaml), for a configuration copied elsewhere from the sample. */
const shippedFolder = fileURLToPath(new URL('../../config/', import.meta.url));

/** A holiday file's path: relative to the configuration's folder; a bare file name not found there may name a list Cadang ships. */
export function locateHolidayFile(name: string, baseDirectory: string): string {
  const beside = resolve(baseDirectory, name);
  if (existsSync(beside) || name !== basename(name)) return beside;
  const shipped = join(shippedFolder, name);
  return existsSync(shipped) ? shipped : beside;
}

/** Which file the configuration comes from: CADANG_CONFIG, else ./cadang.yaml, else the sample. */
export function configFileOf(env: NodeJS.ProcessEnv, cwd: string): { named: string | null; file: string } {
  const named = env.CADANG_CONFIG ? resolve(cwd, env.CADANG_CONFIG) : null;
  return { named, file: named ?? (existsSync(resolve(cwd, 'cadang.yaml')) ? resolve(cwd, 'cadang.yaml') : sampleConfigFile) };
}

// `locale: id` on a line of its own at the top level, a plain or quoted word, maybe a comment.
const plainLocaleLine = /^locale:[ \t]*(["']?)([A-Za-z_-]+)\1[ \t]*(?:#.*)?$/m;

/**
 * The `locale:` of configuration text when the text states it plainly, as config/sample.yaml
 * does, or has no such key at all (then the default); undefined when only a YAML parser can tell
 * (flow style at the top, several documents, the key twice, an unusual value).
 */
export function plainLocaleOf(text: string): Locale | undefined {
  if (!text.includes('locale')) return defaultLocale;
  if (/^(?:---|\.\.\.|%|[{[])/m.test(text) || (text.match(/^locale\b/gm) ?? []).length !== 1) return undefined;
  const value = plainLocaleLine.exec(text)?.[2];
  return value === undefined ? undefined : parseLocale(value);
}

/**
 * The language before the configuration is read, when it takes no YAML parser: CADANG_LOCALE, a
 * plain `locale:` line (or none) in the file, or the default when the file cannot be read (loadConfig
 * reports that). Undefined when the file must be parsed (locale.ts resolveLocale does).
 */
export function quickLocale(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Locale | undefined {
  if (env.CADANG_LOCALE) return parseLocale(env.CADANG_LOCALE);
  try {
    return plainLocaleOf(readFileSync(configFileOf(env, cwd).file, 'utf8'));
  } catch {
    return defaultLocale;
  }
}
