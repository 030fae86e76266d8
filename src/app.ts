import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from './config/load.js';
import type { CadangConfig } from './config/schema.js';
import type { Locale } from './i18n/messages.js';
import { checkPersonEntry, type CheckedPerson } from './people/person-entry.js';
import { peopleMessages } from './people/messages.js';
import { DefinitionRegistry } from './service/definitions.js';
import { assertLetterheads } from './service/documents/letterheads.js';
import { WorkflowService } from './service/workflow-service.js';
import { openDatabase, type OpenedDatabase } from './storage/database.js';
import { ensureOrganisation, saveDelegations, savePeople } from './storage/people-repository.js';

export interface CadangCore {
  config: CadangConfig;
  database: OpenedDatabase;
  service: WorkflowService;
  /** Problems found in the people and delegations of the configuration (the good entries were saved). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * Opens everything the service and the CLI share: the database (migrated), the SOP definitions,
 * the organisation and its people from the configuration, and the workflow service.
 */
export async function openCore(loaded: LoadedConfig, options: { clock?: () => Date } = {}): Promise<CadangCore> {
  const { config } = loaded;
  const locale: Locale = config.locale;
  const definitions = DefinitionRegistry.load(config.sops, dirname(loaded.file), locale);
  assertLetterheads(config.reports, definitions.all(), locale, loaded.file);
  const database = await openDatabase({ url: resolveSqliteUrl(config.database.url, loaded) });
  const service = new WorkflowService(database.db, definitions, config.organisation.id, locale, options.clock);
  await ensureOrganisation(database.db, config.organisation);
  await service.registerDefinitions();
  const warnings = await syncPeople(service, config, definitions.roles(), locale);
  return { config, database, service, warnings, close: () => database.close() };
}

/** A relative SQLite path in a configuration file is relative to the working directory, as users expect from `./data`. */
function resolveSqliteUrl(url: string, _loaded: LoadedConfig): string {
  if (!url.startsWith('file:') || url === 'file::memory:') return url;
  return `file:${resolve(url.slice('file:'.length))}`;
}

async function syncPeople(service: WorkflowService, config: CadangConfig, roles: Set<string>, locale: Locale): Promise<string[]> {
  const text = peopleMessages(locale);
  const good: CheckedPerson[] = [];
  const warnings: string[] = [];
  config.people.forEach((entry, index) => {
    const check = checkPersonEntry(entry, roles, locale);
    // A person without a language of their own speaks the organisation's.
    if (check.ok) good.push({ ...check.person, locale: check.person.locale ?? config.locale });
    else warnings.push(...check.problems.map((problem) => `${text.entry(index)}.${problem.field}: ${problem.message}`));
  });
  await savePeople(service.db, service.organisationId, good);
  const unknown = await saveDelegations(service.db, service.organisationId, config.delegations);
  warnings.push(...unknown.map((nip) => `delegations: ${text.unknownPerson(nip)}`));
  return warnings;
}
