/**
 * `cadang doctor [--json]`: the tools found (with versions) and missing (with their Debian
 * package), whether each medium is mounted and each target reachable.
 *
 * Exit codes: 0 when everything the registered targets need is there; 1 when a tool a target
 * needs is missing, a medium a target writes to is absent, or a target cannot be reached (also
 * when the configuration itself is invalid). Monitoring can read `--json` and the exit code.
 */
import type { Command } from 'commander';
import { runDoctor } from '../backup/doctor.js';
import { backupMessages, formatBytes } from '../backup/messages.js';
import { defineMessages } from '../i18n/messages.js';
import { loadRegistry } from './backup-commands.js';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';

/** The exit code when doctor finds a problem. */
export const doctorProblemExitCode = 1;

const messages = defineMessages(
  {
    description: () => 'periksa program, media dan target; keluar dengan kode 1 bila ada yang diperlukan tetapi tidak tersedia',
    notNeeded: () => '(tidak diperlukan target mana pun)',
    healthy: () => 'Semua yang diperlukan target tersedia.',
    unhealthy: (count: number) => `${count} masalah ditemukan.`,
  },
  {
    description: () => 'check tools, media and targets; exits with code 1 when something needed is missing',
    notNeeded: () => '(no target needs it)',
    healthy: () => 'Everything the targets need is in place.',
    unhealthy: (count: number) => `${count} ${count === 1 ? 'problem' : 'problems'} found.`,
  },
);

export function registerDoctorCommand(program: Command, ctx: CliContext): void {
  const d = messages(ctx.locale);
  program
    .command('doctor')
    .description(d.description())
    .option('--json', cliMessages(ctx.locale).jsonOption())
    .action(async (flags: { json?: boolean }) => {
      const config = await ctx.loadConfig();
      // Doctor must also help when the database is down: fall back to the file's targets.
      const registry = await ctx.withDatabase((db) => loadRegistry(db, config)).catch(() => loadRegistry(undefined, config));
      const report = await runDoctor(registry.backup, { locale: ctx.locale });
      if (!report.healthy) process.exitCode = doctorProblemExitCode;
      if (flags.json) {
        ctx.print(JSON.stringify({ ...report, exitCode: report.healthy ? 0 : doctorProblemExitCode, checkedAt: new Date().toISOString() }, null, 2));
        return;
      }
      const m = backupMessages(ctx.locale);
      const unneeded = (present: boolean, neededBy: string[]) => (present || neededBy.length > 0 ? '' : ` ${d.notNeeded()}`);
      ctx.print(m.doctorTools());
      for (const tool of report.tools) {
        ctx.print(`  ${tool.version !== undefined ? m.doctorToolOk(tool.program, tool.version) : `${m.doctorToolMissing(tool.program, tool.debianPackage)}${unneeded(tool.version !== undefined, tool.neededBy)}`}`);
      }
      if (report.media.length > 0) ctx.print(m.doctorMedia());
      for (const medium of report.media) {
        ctx.print(`  ${medium.mounted ? m.mediumMounted(medium.label, formatBytes(medium.freeBytes ?? 0)) : `${m.mediumNotMounted(medium.label)}${unneeded(medium.mounted, medium.neededBy)}`}`);
      }
      if (report.targets.length > 0) ctx.print(m.doctorTargets());
      for (const target of report.targets) ctx.print(`  ${target.reachable ? m.doctorReachable(target.target) : m.doctorUnreachable(target.target, target.problem ?? '')}`);
      const problems = report.tools.filter((tool) => !tool.ok).length + report.media.filter((medium) => !medium.ok).length + report.targets.filter((target) => !target.reachable).length;
      ctx.print(problems === 0 ? d.healthy() : d.unhealthy(problems));
    });
}
