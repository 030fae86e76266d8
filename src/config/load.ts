import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CadangError } from '../errors.js';
import { defineMessages, type Locale } from '../i18n/messages.js';
import { checkPersonEntry, type FieldProblem } from '../people/person-entry.js';
import { schemaErrorMap, translateSchemaMessage } from '../workflow/schema-messages.js';
import { configSchema, personEntrySchema, type CadangConfig } from './schema.js';
import { configSchemaTwins } from './schema-twins.js';
import { readYaml } from './yaml-file.js';
import { mergeHolidays, readHolidayFiles } from './holidays.js';
import { configFileOf, resolveLocale, sampleConfigFile } from './locale.js';
import { environmentOverrides, setAt } from './config-file.js';

/** One problem in the configuration: where (file:line and path, or the environment variable) and what. */
export interface ConfigProblem {
  where: string;
  message: string;
}

const messages = defineMessages(
  {
    notFound: (file: string) => `berkas konfigurasi ${file} tidak ditemukan (CADANG_CONFIG). Periksa jalurnya atau hapus variabel itu untuk memakai bawaan`,
    invalid: (count: number) => `Konfigurasi tidak sah (${count} masalah):`,
    notAMapping: () => 'isi berkas harus berupa pemetaan YAML (kunci: nilai), seperti config/sample.yaml',
  },
  {
    notFound: (file: string) => `configuration file ${file} not found (CADANG_CONFIG). Check the path, or unset the variable to use the defaults`,
    invalid: (count: number) => `Invalid configuration (${count} ${count === 1 ? 'problem' : 'problems'}):`,
    notAMapping: () => 'the file must hold a YAML mapping (key: value), like config/sample.yaml',
  },
);

export interface LoadedConfig {
  config: CadangConfig;
  /** The file it came from; relative paths in it (SOP files, CSVs) are relative to its folder. */
  file: string;
  /** True when no configuration was given and the sample organisation is used. */
  sample: boolean;
  /** Where a value is, for problems found after loading: "file:line people[3].nip" (or the environment variable). */
  where?: (path: Array<string | number>) => string;
}

/** The sample organisation, used when neither CADANG_CONFIG nor ./cadang.yaml exists. */
export { resolveLocale, sampleConfigFile };

export interface LoadConfigOptions {
  /**
   * False: the files in `calendar.holidayFiles` are neither read nor checked, so
   * `calendar.holidays` holds only the configuration's own entries. For short commands that
   * never consult the calendar (`cadang targets list`): parsing the shipped holiday list cost
   * such a command ~15 ms of its 300 ms start budget. Default true.
   */
  holidayFiles?: boolean;
}

/**
 * Reads the configuration: the YAML file named by CADANG_CONFIG, else ./cadang.yaml if it exists,
 * else the sample organisation; then the environment on top. Throws a CadangError (code `config-invalid`) listing every
 * problem with its file, line and path, and how to fix it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), options: LoadConfigOptions = {}): LoadedConfig {
  const locale = resolveLocale(env, cwd);
  const text = messages(locale);
  const { named, file } = configFileOf(env, cwd);
  if (named && !existsSync(named)) throw invalid(locale, [{ where: 'CADANG_CONFIG', message: text.notFound(named) }]);

  const yaml = readYaml(readFileSync(file, 'utf8'), locale);
  if (yaml.problems.length > 0) throw invalid(locale, yaml.problems.map((problem) => ({ where: `${file}:${problem.line}`, message: problem.message })));
  const parsedYaml: unknown = yaml.document.toJS();
  if (parsedYaml !== null && parsedYaml !== undefined && (typeof parsedYaml !== 'object' || Array.isArray(parsedYaml))) {
    throw invalid(locale, [{ where: file, message: text.notAMapping() }]);
  }
  const raw = (parsedYaml as Record<string, unknown> | null) ?? {};
  for (const [name, path] of environmentOverrides) {
    if (env[name] !== undefined && env[name] !== '') setAt(raw, path, env[name]);
  }
  const where = (path: Array<string | number>): string => {
    const fromEnv = environmentOverrides.find(([name, target]) => target.join('.') === path.join('.') && env[name] !== undefined && env[name] !== '');
    if (fromEnv) return fromEnv[0];
    const line = yaml.lineOf(path);
    return `${file}${line ? `:${line}` : ''} ${formatPath(path.map(String))}`;
  };
  // jitless: the configuration is parsed once per process, and compiling zod's fast path for each
  // object schema (new Function) cost a short command more than it saved.
  const parsed = configSchema.safeParse(raw, { error: schemaErrorMap(locale), jitless: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      return { where: where(path), message: translateSchemaMessage(issue.message, locale, configSchemaTwins) };
    });
    // People are checked one by one at start (a bad entry is reported, the good ones saved); when
    // the file is refused, their problems belong in the same list, so one edit fixes them all.
    const people = Array.isArray(raw.people) ? raw.people : [];
    people.forEach((entry, index) => {
      for (const problem of personProblems(entry, locale)) problems.push({ where: where(['people', index, problem.field]), message: problem.message });
    });
    throw invalid(locale, problems.sort((a, b) => compareWhere(a.where, b.where)));
  }
  const config = parsed.data;
  if (options.holidayFiles === false) return { config, file, sample: file === sampleConfigFile, where };
  const holidayFiles = readHolidayFiles(config.calendar.holidayFiles, dirname(file), locale);
  if (holidayFiles.problems.length > 0) throw invalid(locale, holidayFiles.problems);
  config.calendar.holidays = mergeHolidays(holidayFiles.holidays, config.calendar.holidays);
  return { config, file, sample: file === sampleConfigFile, where };
}

/** The domain problems of one person entry that has the right shape (NIP, mobile, email); roles are checked when the SOPs are loaded. */
function personProblems(entry: unknown, locale: Locale): FieldProblem[] {
  const shaped = personEntrySchema.safeParse(entry);
  if (!shaped.success) return [];
  const check = checkPersonEntry(shaped.data, new Set(shaped.data.roles), locale);
  return check.ok ? [] : check.problems;
}

/** File order: by line number when both have one, so the list reads top to bottom. */
function compareWhere(a: string, b: string): number {
  const line = (where: string) => Number(/:(\d+)(?: |$)/.exec(where)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return line(a) - line(b);
}

function invalid(locale: Locale, problems: ConfigProblem[]): CadangError {
  const lines = problems.map((problem) => `  - ${problem.where}: ${problem.message}`);
  return new CadangError('config-invalid', [messages(locale).invalid(problems.length), ...lines].join('\n'), { problems });
}


function formatPath(path: string[]): string {
  return path.map((key, index) => (/^\d+$/.test(key) ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}
