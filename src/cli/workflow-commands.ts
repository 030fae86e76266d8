import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CadangError } from '../errors.js';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';

/**
 * What the commands use, imported when a command runs: registering them (and `--help`) loads
 * neither zod nor yaml nor the CSV parser (start time).
 */
async function load() {
  const [{ parsePeopleCsv }, { readDefinitionFile }, { formatTrail }, { listPeople, savePeople }, { loadDefinition }, { findInstance, listOverdueSteps, listTrail }, { textOf }, { roleTitle }, { stepById }, { formatWibDateTime }] = await Promise.all([
    import('../people/import-csv.js'),
    import('../service/definitions.js'),
    import('../service/trail-format.js'),
    import('../storage/people-repository.js'),
    import('../storage/definition-repository.js'),
    import('../storage/workflow-repository.js'),
    import('../workflow/form-fields.js'),
    import('../workflow/labels.js'),
    import('../workflow/engine.js'),
    import('../workflow/wib.js'),
  ]);
  return { parsePeopleCsv, readDefinitionFile, formatTrail, listPeople, savePeople, loadDefinition, findInstance, listOverdueSteps, listTrail, textOf, roleTitle, stepById, formatWibDateTime };
}

/** `cadang sop …`, `cadang request …`, `cadang people …`: the workflow side of the CLI. */
export function registerWorkflowCommands(program: Command, ctx: CliContext): void {
  const t = cliMessages(ctx.locale);
  const sop = program.command('sop').description(t.sopDescription());
  sop
    .command('validate')
    .argument('<files...>', t.sopFiles())
    .description(t.sopValidateDescription())
    .action(async (files: string[]) => {
      const { readDefinitionFile } = await load();
      let failed = false;
      for (const file of files) {
        const check = readDefinitionFile(file, ctx.locale);
        if (check.ok) ctx.print(t.sopValid(file, check.definition.key, check.definition.version, check.definition.steps.length));
        else {
          failed = true;
          ctx.print(t.sopInvalid(file, check.problems.length));
          for (const problem of check.problems) ctx.print(`  - ${problem.path}: ${problem.message}`);
        }
      }
      if (failed) process.exitCode = 1;
    });

  const request = program.command('request').description(t.requestDescription());
  request
    .command('show')
    .argument('<id>', t.requestId())
    .description(t.requestShowDescription())
    .action((reference: string) =>
      ctx.withDatabase(async (db, config) => {
        const { findInstance, loadDefinition, stepById, textOf, roleTitle, formatTrail, listTrail } = await load();
        const instance = await findInstance(db, config.organisation.id, reference);
        if (!instance) throw new CadangError('unknown-request', t.unknownRequest(reference));
        const definition = (await ctx.definitions()).version(instance.definitionKey, instance.definitionVersion)
          ?? (await loadDefinition(db, instance.organisationId, instance.definitionKey, instance.definitionVersion));
        if (!definition) throw new CadangError('unknown-sop', t.unknownRequest(reference));
        const step = instance.currentStep ? stepById(definition, instance.currentStep) : null;
        ctx.print(`#${instance.number} ${textOf(definition.title, ctx.locale)} (${instance.id})`);
        ctx.print(step && step.kind !== 'end' ? t.waitingAt(`${step.number}. ${textOf(step.title, ctx.locale)}`, roleTitle(definition, step.role, ctx.locale)) : t.finishedWith(String(instance.outcome ?? '-')));
        for (const line of formatTrail(await listTrail(db, instance.id), definition, ctx.locale)) ctx.print(line);
      }),
    );
  request
    .command('overdue')
    .description(t.overdueDescription())
    .action(() =>
      ctx.withDatabase(async (db) => {
        const { listOverdueSteps, formatWibDateTime } = await load();
        const now = new Date();
        const overdue = await listOverdueSteps(db, now);
        if (overdue.length === 0) return ctx.print(t.noneOverdue());
        for (const step of overdue) {
          const late = Math.round((now.getTime() - step.dueAt.getTime()) / 60_000);
          ctx.print(t.overdueLine(step.number, step.definitionKey, step.stepId, formatWibDateTime(step.dueAt), Math.floor(late / 60), late % 60));
        }
      }),
    );

  const people = program.command('people').description(t.peopleDescription());
  people
    .command('import')
    .argument('<file>', t.csvFile())
    .description(t.importDescription())
    .action((file: string) =>
      ctx.withDatabase(async (db, config) => {
        const { parsePeopleCsv, savePeople } = await load();
        const roles = (await ctx.definitions()).roles();
        const { people: good, problems } = parsePeopleCsv(readFileSync(file, 'utf8'), roles, ctx.locale);
        await savePeople(db, config.organisation.id, good.map((person) => ({ ...person, locale: person.locale ?? config.locale })));
        ctx.print(t.imported(good.length));
        for (const problem of problems) ctx.print(`  - ${file}:${problem.line} ${problem.field}: ${problem.message}`);
        if (problems.length > 0) process.exitCode = 1;
      }),
    );
  people
    .command('list')
    .description(t.peopleListDescription())
    .action(() =>
      ctx.withDatabase(async (db, config) => {
        const { listPeople } = await load();
        for (const person of await listPeople(db, config.organisation.id)) ctx.print(`${person.nip}  ${person.name}  ${person.roles.join(', ')}`);
      }),
    );

  program
    .command('migrate')
    .description(t.migrateDescription())
    .action(() => ctx.withDatabase(async () => ctx.print(t.migrated())));
}
