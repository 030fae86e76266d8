#!/usr/bin/env node
// The `cadang` command line. Each area registers its own commands; configuration and the
// database are opened only by the commands that need them.
//
// Start time: only commander and the message tables load up front, so `cadang --help` stays
// fast. Configuration (zod, yaml), the database (Prisma), PDF rendering and the backup tools are
// imported inside the commands that use them.
import { dirname } from 'node:path';
import { Command } from 'commander';
import { isCadangError } from '../errors.js';
import { parseLocale } from '../i18n/messages.js';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';
import { registerWorkflowCommands } from './workflow-commands.js';
import { registerReportCommands } from './report-commands.js';
import { createDocumentInputLoader } from './document-input.js';
import { registerBackupCommands } from './backup-commands.js';

const locale = parseLocale(process.env.CADANG_LOCALE);
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

const program = new Command('cadang').description(cliMessages(locale).program());
registerWorkflowCommands(program, context);
registerReportCommands(program, context, { loadInput: createDocumentInputLoader(context) });
registerBackupCommands(program, context);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(isCadangError(error) ? error.message : error);
  process.exitCode = 1;
});
