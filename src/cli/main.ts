// The `cadang` command line. Each area registers its own commands; configuration and the
// database are opened only by the commands that need them. The language is settled first
// (CADANG_LOCALE, else the configuration's `locale:`), so the help is in one language.
import { dirname } from 'node:path';
import { quickLocale } from '../config/config-file.js';
import { loadCheckedConfig } from '../config/config-cache.js';
import { isCadangError } from '../errors.js';
import { createLogger, setRootLogger } from '../log/logger.js';
import type { LoadConfigOptions } from '../config/load.js';
import type { CadangConfig } from '../config/schema.js';
import type { CliContext } from './context.js';
import type { Locale } from '../i18n/messages.js';
import { buildProgram } from './program.js';

/** What the commands are given: the language, and the configuration and database opened on demand. */
const createContext = (locale: Locale): CliContext => ({
  locale,
  loadConfig: async () => (await loadCheckedConfig()).config,
  async withDatabase(work) {
    const { openDatabase } = await import('../storage/database.js');
    return withOpened(async (url) => {
      const database = await openDatabase({ url });
      return { handle: database.db, close: database.close };
    }, work);
  },
  async withReader(work) {
    const { openDatabaseReader } = await import('../storage/database-reader.js');
    return withOpened(
      async (url) => {
        const reader = await openDatabaseReader(url);
        return { handle: reader, close: reader.close };
      },
      work,
      { holidayFiles: false },
    );
  },
  async definitions() {
    const [loaded, { DefinitionRegistry }] = await Promise.all([loadCheckedConfig(), import('../service/definitions.js')]);
    return DefinitionRegistry.load(loaded.config.sops, dirname(loaded.file), locale);
  },
  print: (text) => console.log(text),
});

/** Loads the configuration, opens its database with `open`, runs `work`, then closes it. */
async function withOpened<H, T>(
  open: (url: string) => Promise<{ handle: H; close: () => Promise<void> }>,
  work: (handle: H, config: CadangConfig) => Promise<T>,
  options?: LoadConfigOptions,
): Promise<T> {
  const { config } = await loadCheckedConfig(process.env, process.cwd(), options);
  const opened = await open(config.database.url);
  try {
    return await work(opened.handle, config);
  } finally {
    await opened.close();
  }
}

// No top-level await: the bundle is CommonJS, so V8 can keep its compiled code (bin/code-cache.js).
async function main(): Promise<void> {
  // A YAML parser loads only when the configuration states its language in an unusual way.
  const locale = quickLocale() ?? (await import('../config/locale.js')).resolveLocale();
  // A command prints its own result; log lines below warn would only crowd it (LOG_LEVEL overrides).
  setRootLogger(() => createLogger({ defaultLevel: 'warn' }));
  await buildProgram(createContext(locale)).parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(isCadangError(error) ? error.message : error);
  process.exitCode = 1;
});
