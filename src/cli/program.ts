import { Command } from 'commander';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';
import { localizeCommander } from './help.js';
import { registerWorkflowCommands } from './workflow-commands.js';
import { registerSopCommands } from './sop-commands.js';
import { registerReportCommands } from './report-commands.js';
import { createDocumentInputLoader } from './document-input.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerRuntimeCommands } from './runtime-commands.js';
import { registerScheduleCommands } from './schedule-commands.js';
import { registerSummaryCommand } from './summary-command.js';

/** The `cadang` program with every command, in the context's language (help included). */
export function buildProgram(ctx: CliContext): Command {
  const program = localizeCommander(new Command('cadang'), ctx.locale).description(cliMessages(ctx.locale).program());
  registerSopCommands(program, ctx);
  registerWorkflowCommands(program, ctx);
  registerReportCommands(program, ctx, { loadInput: createDocumentInputLoader(ctx) });
  registerBackupCommands(program, ctx);
  registerDoctorCommand(program, ctx);
  registerRuntimeCommands(program, ctx);
  registerScheduleCommands(program, ctx);
  registerSummaryCommand(program, ctx);
  return program;
}
