#!/usr/bin/env node
// The `cadang` command line. Each area registers its own commands; configuration and the
// database are opened only by the commands that need them.
import { dirname } from 'node:path';
import { Command } from 'commander';
import { DefinitionRegistry } from '../service/definitions.js';
import { openDatabase } from '../storage/database.js';
import { loadConfig } from '../config/load.js';
import { isCadangError } from '../errors.js';
import { parseLocale } from '../i18n/messages.js';
import { createLogger, setRootLogger } from '../log/logger.js';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';
import { registerWorkflowCommands } from './workflow-commands.js';
import { registerReportCommands } from './report-commands.js';
import { createDocumentInputLoader } from './document-input.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerRuntimeCommands } from './runtime-commands.js';

const locale = parseLocale(process.env.CADANG_LOCALE);
// A command prints its own result; log lines below warn would only crowd it (LOG_LEVEL overrides).
setRootLogger(createLogger({ defaultLevel: 'warn' }));
const context: CliContext = {
  locale,
  loadConfig: async () => loadConfig().config,
  async withDatabase(work) {
    const { config } = loadConfig();
    const database = await openDatabase({ url: config.database.url });
    try {
      return await work(database.db, config);
    } finally {
      await database.close();
    }
  },
  async definitions() {
    const loaded = loadConfig();
    return DefinitionRegistry.load(loaded.config.sops, dirname(loaded.file), locale);
  },
  print: (text) => console.log(text),
};

const program = new Command('cadang').description(cliMessages(locale).program());
registerWorkflowCommands(program, context);
registerReportCommands(program, context, { loadInput: createDocumentInputLoader(context) });
registerBackupCommands(program, context);
registerRuntimeCommands(program, context);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(isCadangError(error) ? error.message : error);
  process.exitCode = 1;
});
