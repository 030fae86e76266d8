/**
 * The language everything is said in before the configuration is read. Kept apart from load.ts
 * (zod and every schema) so the CLI can settle its language, and print its help, without loading
 * them (start time).
 */
import { readFileSync } from 'node:fs';
import { defaultLocale, parseLocale, type Locale } from '../i18n/messages.js';
import { configFileOf, quickLocale, sampleConfigFile } from './config-file.js';
import { readYaml } from './yaml-file.js';

export { configFileOf, sampleConfigFile };

/**
 * The language of everything Cadang prints before and while it reads its configuration:
 * CADANG_LOCALE, else the file's `locale:` (read without checking the rest), else Indonesian.
 */
export function resolveLocale(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Locale {
  return quickLocale(env, cwd) ?? parsedLocale(env, cwd);
}

function parsedLocale(env: NodeJS.ProcessEnv, cwd: string): Locale {
  try {
    // readYaml keeps what it could read of a broken file, so its syntax errors are worded in its own language.
    const value: unknown = readYaml(readFileSync(configFileOf(env, cwd).file, 'utf8'), defaultLocale).document.get('locale');
    return typeof value === 'string' ? parseLocale(value) : defaultLocale;
  } catch {
    return defaultLocale;
  }
}
