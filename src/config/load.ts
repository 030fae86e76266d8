import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { CadangError } from '../errors.js';
import { defineMessages, type Locale, parseLocale } from '../i18n/messages.js';
import { configSchema, type CadangConfig } from './schema.js';

/** One problem in the configuration: where (file:line and path, or the environment variable) and what. */
export interface ConfigProblem {
  where: string;
  message: string;
}

const messages = defineMessages(
  {
    notFound: (file: string) => `berkas konfigurasi ${file} tidak ditemukan (CADANG_CONFIG). Periksa jalurnya atau hapus variabel itu untuk memakai bawaan`,
    yaml: (detail: string) => `bukan YAML yang sah: ${detail}`,
    invalid: (count: number) => `Konfigurasi tidak sah (${count} masalah):`,
    notAMapping: () => 'isi berkas harus berupa pemetaan YAML (kunci: nilai), seperti config/sample.yaml',
  },
  {
    notFound: (file: string) => `configuration file ${file} not found (CADANG_CONFIG). Check the path, or unset the variable to use the defaults`,
    yaml: (detail: string) => `not valid YAML: ${detail}`,
    invalid: (count: number) => `Invalid configuration (${count} problems):`,
    notAMapping: () => 'the file must hold a YAML mapping (key: value), like config/sample.yaml',
  },
);

/** Environment variables that override the file, mapped to their place in the configuration. */
const environmentOverrides: Array<[string, string[]]> = [
  ['DATABASE_URL', ['database', 'url']],
  ['CADANG_LOCALE', ['locale']],
  ['TELEGRAM_BOT_TOKEN', ['telegram', 'token']],
  ['TELEGRAM_API_ROOT', ['telegram', 'apiRoot']],
  ['TELEGRAM_CHANNEL_ID', ['telegram', 'channelId']],
  ['SLACK_BOT_TOKEN', ['slack', 'botToken']],
  ['SLACK_SIGNING_SECRET', ['slack', 'signingSecret']],
  ['SLACK_APP_TOKEN', ['slack', 'appToken']],
  ['SLACK_API_URL', ['slack', 'apiUrl']],
  ['SLACK_CHANNEL_ID', ['slack', 'channelId']],
];

export interface LoadedConfig {
  config: CadangConfig;
  /** The file it came from; relative paths in it (SOP files, CSVs) are relative to its folder. */
  file: string;
  /** True when no configuration was given and the sample organisation is used. */
  sample: boolean;
}

/** The sample organisation, used when neither CADANG_CONFIG nor ./cadang.yaml exists. */
export const sampleConfigFile = fileURLToPath(new URL('../../config/sample.yaml', import.meta.url));

/**
 * Reads the configuration: the YAML file named by CADANG_CONFIG, else ./cadang.yaml if it exists,
 * else the sample organisation; then the environment on top. Throws a CadangError (code `config-invalid`) listing every
 * problem with its file, line and path, and how to fix it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const locale: Locale = parseLocale(env.CADANG_LOCALE);
  const text = messages(locale);
  const named = env.CADANG_CONFIG ? resolve(cwd, env.CADANG_CONFIG) : null;
  const file = named ?? (existsSync(resolve(cwd, 'cadang.yaml')) ? resolve(cwd, 'cadang.yaml') : sampleConfigFile);
  if (named && !existsSync(named)) throw invalid(locale, [{ where: 'CADANG_CONFIG', message: text.notFound(named) }]);

  let raw: Record<string, unknown> = {};
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw invalid(locale, document.errors.map((error) => ({ where: `${file}:${lineCounter.linePos(error.pos[0]).line}`, message: text.yaml(error.message) })));
  }
  const parsedYaml: unknown = document.toJS();
  if (parsedYaml !== null && parsedYaml !== undefined && (typeof parsedYaml !== 'object' || Array.isArray(parsedYaml))) {
    throw invalid(locale, [{ where: file, message: text.notAMapping() }]);
  }
  raw = (parsedYaml as Record<string, unknown> | null) ?? {};
  for (const [name, path] of environmentOverrides) {
    if (env[name] !== undefined && env[name] !== '') setAt(raw, path, env[name]);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const fromEnv = environmentOverrides.find(([name, target]) => target.join('.') === path.join('.') && env[name] !== undefined);
      const node = document.getIn(issue.path as never, true) as { range?: [number, number] } | undefined;
      const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
      const where = fromEnv ? fromEnv[0] : `${file}${line} ${formatPath(path)}`;
      return { where, message: issue.message };
    });
    throw invalid(locale, problems);
  }
  return { config: parsed.data, file, sample: file === sampleConfigFile };
}

function invalid(locale: Locale, problems: ConfigProblem[]): CadangError {
  const lines = problems.map((problem) => `  - ${problem.where}: ${problem.message}`);
  return new CadangError('config-invalid', [messages(locale).invalid(problems.length), ...lines].join('\n'), { problems });
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function formatPath(path: string[]): string {
  return path.map((key, index) => (/^\d+$/.test(key) ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}
