/** `cadang sop validate FILE…` and `cadang sop list`: SOP definitions from the command line. */
import { basename, relative } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';
import { formatTable } from './table.js';

export function registerSopCommands(program: Command, ctx: CliContext): void {
  const t = cliMessages(ctx.locale);
  const sop = program.command('sop').description(t.sopDescription());
  sop
    .command('validate')
    .argument('<files...>', t.sopFiles())
    .description(t.sopValidateDescription())
    .action(async (files: string[]) => {
      // Imported when the command runs, not for `--help` (start time).
      const [{ readDefinitionFile }, { textOf }] = await Promise.all([import('../service/definitions.js'), import('../workflow/form-fields.js')]);
      let failed = false;
      for (const file of files) {
        const check = readDefinitionFile(file, ctx.locale);
        if (check.ok) ctx.print(t.sopValid(file, textOf(check.definition.title, ctx.locale), check.definition.document.number, check.definition.version, check.definition.steps.length));
        else {
          failed = true;
          ctx.print(t.sopInvalid(file, check.problems.length));
          for (const problem of check.problems) ctx.print(t.sopProblem(problem.line ? `${file}:${problem.line}` : file, problem.path, problem.message));
        }
      }
      if (failed) process.exitCode = 1;
    });

  sop
    .command('list')
    .description(t.sopListDescription())
    .option('--json', t.jsonOption())
    .action(async (flags: { json?: boolean }) => {
      const [registry, { textOf }] = await Promise.all([ctx.definitions(), import('../workflow/form-fields.js')]);
      const rows = registry.loaded().map((definition) => {
        const source = registry.sourceOf(definition);
        return {
          key: definition.key,
          number: definition.document.number,
          title: textOf(definition.title, ctx.locale),
          institution: definition.document.institution,
          version: definition.version,
          steps: definition.steps.length,
          builtin: source?.builtin ?? false,
          // A built-in SOP is named by its source in the repository, also when the compiled copy in dist/ was read.
          file: source?.builtin && source.file ? `src/workflow/builtin/${basename(source.file)}` : (source?.file ?? null),
        };
      });
      if (flags.json) return ctx.print(JSON.stringify(rows, null, 2));
      // A path inside the working folder is shown relative to it, as the configuration writes it.
      const shown = (file: string | null) => (file === null ? '-' : file.startsWith(process.cwd()) ? relative(process.cwd(), file) : file);
      const table = formatTable(
        t.sopListHeaders(),
        rows.map((row) => [row.number, row.title, row.institution, String(row.version), String(row.steps), row.builtin ? t.builtin(shown(row.file)) : shown(row.file)]),
      );
      for (const line of table) ctx.print(line);
    });
}
