/**
 * Which configuration file applies, and the language everything is said in before it is read.
 * Kept apart from load.ts (zod and every schema) so the CLI can settle its language, and print its
 * help, without loading them (start time).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { defaultLocale, parseLocale, type Locale } from '../i18n/messages.js';

/** The sample organisation, used when neither CADANG_CONFIG nor ./cadang.yaml exists. */
export const sampleConfigFile = fileURLToPath(new URL('../../config/sample.yaml', import.meta.url));

/** Which file the configuration comes from: CADANG_CONFIG, else ./cadang.yaml, else the sample. */
export function configFileOf(env: NodeJS.ProcessEnv, cwd: string): { named: string | null; file: string } {
  const named = env.CADANG_CONFIG ? resolve(cwd, env.CADANG_CONFIG) : null;
  return { named, file: named ?? (existsSync(resolve(cwd, 'cadang.yaml')) ? resolve(cwd, 'cadang.yaml') : sampleConfigFile) };
}

/**
 * The language of everything Cadang prints before and while it reads its configuration:
 * CADANG_LOCALE, else the file's `locale:` (read without checking the rest), else Indonesian.
 * Cheap, so the CLI can pick the language of its help before building the program.
 */
export function resolveLocale(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Locale {
  if (env.CADANG_LOCALE) return parseLocale(env.CADANG_LOCALE);
  try {
    // parseDocument keeps what it could read of a broken file, so its syntax errors are worded in its own language.
    const value: unknown = parseDocument(readFileSync(configFileOf(env, cwd).file, 'utf8')).get('locale');
    return typeof value === 'string' ? parseLocale(value) : defaultLocale;
  } catch {
    // A missing or broken file is reported, in the default language, by loadConfig.
    return defaultLocale;
  }
}

