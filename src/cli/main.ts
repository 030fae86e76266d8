#!/usr/bin/env node
// The `cadang` command line. Each area registers its own commands; configuration and the
// database are opened only by the commands that need them. The language is settled first
// (CADANG_LOCALE, else the configuration's `locale:`), so the help is in one language.
import { dirname } from 'node:path';
import { DefinitionRegistry } from '../service/definitions.js';
import { openDatabase } from '../storage/database.js';
import { loadConfig, resolveLocale } from '../config/load.js';
import { isCadangError } from '../errors.js';
import { createLogger, setRootLogger } from '../log/logger.js';
import type { CliContext } from './context.js';
import { buildProgram } from './program.js';

const locale = resolveLocale();
// A command prints its own result; log lines below warn would only crowd it (LOG_LEVEL overrides).
setRootLogger(createLogger({ defaultLevel: 'warn' }));
const context: CliContext = {
  locale,
  loadConfig: async () => (await import('../config/load.js')).loadConfig().config,
  async withDatabase(work) {
    const [{ loadConfig }, { openDatabase }] = await Promise.all([import('../config/load.js'), import('../storage/database.js')]);
    const { config } = loadConfig();
    const database = await openDatabase({ url: config.database.url });
    try {
      return await work(database.db, config);
    } finally {
      await database.close();
    }
  },
  async definitions() {
    const [{ loadConfig }, { DefinitionRegistry }] = await Promise.all([import('../config/load.js'), import('../service/definitions.js')]);
    const loaded = loadConfig();
    return DefinitionRegistry.load(loaded.config.sops, dirname(loaded.file), locale);
  },
  print: (text) => console.log(text),
};

buildProgram(context).parseAsync(process.argv).catch((error: unknown) => {
  console.error(isCadangError(error) ? error.message : error);
  process.exitCode = 1;
});
