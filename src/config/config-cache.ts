/**
 * The command line's cache of the checked configuration. Reading the YAML and checking it with
 * zod (whose schemas alone take ~30 ms to build) cost each command about 60 ms of its start; a
 * command whose configuration, holiday files and environment are as last time reads the result
 * of that check instead. This module imports neither a parser nor zod (start time).
 *
 * Kept only for the compiled command line (scripts/build.js sets CADANG_BUILD), in
 * dist/config-cache/, which every build deletes. An entry is used only when everything the check
 * read is the same: the build, Node's version, the working folder, the configuration text, every
 * holiday file it names (found the same way again) and the environment overrides.
 *
 * Secrets are never written. Values from the environment are stored as a reference to their
 * variable and taken from it again (only when the check kept them unchanged); a configuration
 * that holds a secret itself (a token, a signing secret, a password, a URL with a password) is
 * not cached at all. Files are 0600 in a 0700 folder: the configuration names people.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { LoadConfigOptions } from './load.js';
import type { CadangConfig } from './schema.js';
import { configFileOf, locateHolidayFile, presentOverrides, setAt } from './config-file.js';

/** The build's start time, set by scripts/build.js in the compiled command line only. */
declare const CADANG_BUILD: string | undefined;

/** Where the compiled command line keeps its entries (dist/config-cache/), and for which build. */
export interface ConfigCacheLocation {
  folder: string;
  build: string;
}

const compiledCache: ConfigCacheLocation | undefined = typeof CADANG_BUILD === 'string' ? { folder: fileURLToPath(new URL('../config-cache/', import.meta.url)), build: CADANG_BUILD } : undefined;

/** A key named like a secret; `passwordEnv` and `passwordFile` are references, not secrets. */
const secretKey = /(token|secret|password)$/i;
/** A URL with a password in it (postgresql://user:password@host/db). */
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i;

interface Entry {
  config: CadangConfig;
  /** Each holiday file as found when the entry was written, with its text's digest. */
  holidayFiles: Array<{ name: string; path: string; digest: string }>;
  /** Places in `config` that hold an environment variable's value, not stored. */
  fromEnvironment: Array<{ name: string; path: readonly string[] }>;
}

export interface CheckedConfig {
  config: CadangConfig;
  /** The file it came from; relative paths in it are relative to its folder. */
  file: string;
}

/**
 * The checked configuration (as config/load.ts `loadConfig` gives it): from the cache when
 * nothing it depends on changed, else checked anew (and then kept, when that is allowed).
 * Problems are thrown exactly as loadConfig throws them: a broken file is never cached.
 */
export async function loadCheckedConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  options: LoadConfigOptions = {},
  cache: ConfigCacheLocation | undefined = compiledCache,
): Promise<CheckedConfig> {
  const { file } = configFileOf(env, cwd);
  const text = readText(file);
  const overrides = presentOverrides(env);
  const entryFile =
    cache === undefined || text === undefined
      ? undefined
      : join(cache.folder, `${digest(JSON.stringify([cache.build, process.version, cwd, file, text, options.holidayFiles !== false, overrides.map(({ name, value }) => [name, value])]))}.bin`);
  const cached = entryFile === undefined ? undefined : readEntry(entryFile, env, file);
  if (cached) return { config: cached, file };

  const { loadConfig } = await import('./load.js');
  const loaded = loadConfig(env, cwd, options);
  if (entryFile !== undefined) writeEntry(entryFile, loaded.config, overrides, options.holidayFiles === false ? [] : loaded.config.calendar.holidayFiles, file);
  return { config: loaded.config, file: loaded.file };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

function readEntry(entryFile: string, env: NodeJS.ProcessEnv, configFile: string): CadangConfig | undefined {
  let entry: Entry;
  try {
    entry = v8.deserialize(readFileSync(entryFile)) as Entry;
  } catch {
    return undefined;
  }
  if (typeof entry?.config !== 'object' || !Array.isArray(entry.holidayFiles) || !Array.isArray(entry.fromEnvironment)) return undefined;
  for (const holiday of entry.holidayFiles) {
    const path = locateHolidayFile(holiday.name, dirname(configFile));
    const text = readText(path);
    if (path !== holiday.path || text === undefined || digest(text) !== holiday.digest) return undefined;
  }
  for (const { name, path } of entry.fromEnvironment) setAt(entry.config, path, env[name]);
  return entry.config;
}

function writeEntry(entryFile: string, config: CadangConfig, overrides: ReturnType<typeof presentOverrides>, holidayFileNames: readonly string[], configFile: string): void {
  const stored = structuredClone(config) as unknown as Record<string, unknown>;
  // An environment value the check changed (trimmed, made a number) could not be put back as read.
  for (const { path, value } of overrides) {
    if (valueAt(stored, path) !== value) return;
    setAt(stored, path, undefined);
  }
  if (holdsSecret(stored)) return;
  const holidayFiles: Entry['holidayFiles'] = [];
  for (const name of holidayFileNames) {
    const path = locateHolidayFile(name, dirname(configFile));
    const text = readText(path);
    if (text === undefined) return;
    holidayFiles.push({ name, path, digest: digest(text) });
  }
  const entry: Entry = { config: stored as unknown as CadangConfig, holidayFiles, fromEnvironment: overrides.map(({ name, path }) => ({ name, path })) };
  const partial = `${entryFile}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(entryFile), { recursive: true, mode: 0o700 });
    writeFileSync(partial, v8.serialize(entry), { mode: 0o600 });
    renameSync(partial, entryFile);
  } catch {
    // A read-only install or a full disk: the next command checks the file again, only slower.
    rmSync(partial, { force: true });
  }
}

/** True when a value under a secret's name, or a URL with a password, is anywhere in `value`. */
function holdsSecret(value: unknown, key = ''): boolean {
  if (typeof value === 'string') return (secretKey.test(key) && value !== '') || urlWithPassword.test(value);
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item));
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([name, item]) => holdsSecret(item, name));
  return false;
}

function valueAt(target: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = target;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}
