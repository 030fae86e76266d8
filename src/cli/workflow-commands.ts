import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CadangError } from '../errors.js';
import type { AccountLinkEntry } from '../storage/account-link-repository.js';
import type { CliContext } from './context.js';
import { cliMessages } from './messages.js';

/** What the actions use, imported when one runs, not for `--help` (start time). */
async function load() {
  const [csv, trail, people, definitions, workflow, form, labels, engine, overdue, links, wib, table] = await Promise.all([
    import('../people/import-csv.js'), import('../service/trail-format.js'), import('../storage/people-repository.js'),
    import('../storage/definition-repository.js'), import('../storage/workflow-repository.js'), import('../workflow/form-fields.js'),
    import('../workflow/labels.js'), import('../workflow/engine.js'), import('./overdue.js'),
    import('../storage/account-link-repository.js'), import('../workflow/wib.js'), import('./table.js'),
  ]);
  return { ...csv, ...trail, ...people, ...definitions, ...workflow, ...form, ...labels, ...engine, ...overdue, ...links, ...wib, ...table };
}

/** `cadang request …`, `cadang people …`, `cadang migrate`: the workflow side of the CLI. */
export function registerWorkflowCommands(program: Command, ctx: CliContext): void {
  const t = cliMessages(ctx.locale);
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
        ctx.print(step && step.kind !== 'end' ? t.waitingAt(`${step.number}. ${textOf(step.title, ctx.locale)}`, roleTitle(definition, step.role, ctx.locale)) : t.finishedWith(t.outcomes[instance.outcome ?? 'none'] ?? t.outcomes.none!));
        for (const line of formatTrail(await listTrail(db, instance.id), definition, ctx.locale)) ctx.print(line);
      }),
    );
  request
    .command('overdue')
    .description(t.overdueDescription())
    .option('--json', t.jsonOption())
    .action((flags: { json?: boolean }) =>
      ctx.withDatabase(async (db, config) => {
        const { collectOverdue, formatOverdue } = await load();
        const overdue = await collectOverdue(db, await ctx.definitions(), config.organisation.id, new Date(), ctx.locale);
        if (flags.json) return ctx.print(JSON.stringify(overdue, null, 2));
        if (overdue.length === 0) return ctx.print(t.noneOverdue());
        for (const entry of overdue) ctx.print(formatOverdue(entry, ctx.locale));
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
        const { roleTitle, listPeople } = await load();
        const definitions = (await ctx.definitions()).all();
        // A role is shown by its title in the SOP that defines it ("Kabid PJKKD"), not by its key.
        const title = (role: string) => {
          const definition = definitions.find((candidate) => role in candidate.roles);
          return definition ? roleTitle(definition, role, ctx.locale) : role;
        };
        for (const person of await listPeople(db, config.organisation.id)) ctx.print(`${person.nip}  ${person.name}  ${person.roles.map(title).join(', ')}`.trimEnd());
      }),
    );
  people
    .command('links')
    .description(t.linksDescription())
    .option('--json', t.jsonOption())
    .action((flags: { json?: boolean }) =>
      ctx.withDatabase(async (db) => {
        const { pendingLinkRequests, listLinkEvents, findPersonById, formatWibDateTime, formatTable } = await load();
        const [pending, history] = await Promise.all([pendingLinkRequests(db), listLinkEvents(db, { take: 50 })]);
        if (flags.json) return ctx.print(JSON.stringify({ pending, history }, null, 2));
        const names = new Map<string, string>();
        const personOf = async (id: string | null) => {
          if (!id) return '-';
          if (!names.has(id)) {
            const person = await findPersonById(db, id);
            names.set(id, person ? `${person.name} (NIP ${person.nip})` : id);
          }
          return names.get(id)!;
        };
        const rows = async (entries: AccountLinkEntry[]) => Promise.all(entries.map(async (entry) => [
          formatWibDateTime(entry.at), entry.platform, entry.userId, t.linkActions[entry.action] ?? entry.action, t.linkVia[entry.via] ?? entry.via,
          await personOf(entry.personId), entry.actorName ? `${entry.actorName}${entry.actorNip ? ` (NIP ${entry.actorNip})` : ''}` : '-', entry.detail ?? '',
        ]));
        ctx.print(pending.length > 0 ? t.linksPending() : t.linksNonePending());
        if (pending.length > 0) for (const line of formatTable(t.linksHeaders(), await rows(pending))) ctx.print(`  ${line}`);
        ctx.print(history.length > 0 ? t.linksHistory() : t.linksNone());
        if (history.length > 0) for (const line of formatTable(t.linksHeaders(), await rows(history))) ctx.print(`  ${line}`);
      }),
    );

  program
    .command('migrate')
    .description(t.migrateDescription())
    .action(() => ctx.withDatabase(async () => ctx.print(t.migrated())));
}
