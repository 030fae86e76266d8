import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from './config/load.js';
import { calendarSettingsOf, type CadangConfig } from './config/schema.js';
import { buildCalendar } from './workflow/calendar.js';
import type { Locale } from './i18n/messages.js';
import { checkPersonEntry, type CheckedPerson } from './people/person-entry.js';
import { peopleMessages } from './people/messages.js';
import { findTarget, loadTargets, reconcileUnattachedJobs } from './backup/index.js';
import { serviceMessages } from './service/messages.js';
import { createPrismaJobStore, listStoredTargets } from './storage/backup-repository.js';
import { createPgBossJobQueue } from './storage/pg-boss-job-queue.js';
import { createBackupJobHandler } from './service/backup-task.js';
import { createDatabaseJobQueue } from './service/database-job-queue.js';
import { DefinitionRegistry } from './service/definitions.js';
import { createDocumentRunners } from './service/documents/index.js';
import { assertLetterheads } from './service/documents/letterheads.js';
import { createJobPlanner, mainQueue } from './service/job-planner.js';
import { silentLog, type Log } from './service/log.js';
import type { Notifier } from './service/ports.js';
import { Runtime, type RuntimeTiming } from './service/runtime.js';
import type { JobHandlers } from './service/worker.js';
import { WorkflowService } from './service/workflow-service.js';
import { openDatabase, type OpenedDatabase } from './storage/database.js';
import { ensureOrganisation, saveDelegations, savePeople } from './storage/people-repository.js';
import { seedSchedules } from './storage/schedule-repository.js';
import { configuredSchedules } from './service/schedule-seed.js';
import { assertScheduleEditorRoles } from './service/schedule-policy.js';

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
  assertScheduleEditorRoles(config.schedules.editorRoles, definitions.roles(), locale, (path) => loaded.where?.(path) ?? path.join('.'));
  const database = await openDatabase({ url: resolveSqliteUrl(config.database.url, loaded) });
  // The Jadwal Backup's policy (config `schedules:`); a schedule may name only registered targets.
  const schedules = {
    editorRoles: config.schedules.editorRoles, autoOrder: config.schedules.autoOrder,
    registeredTargets: async () => (await registeredTargets(config, database.db)).map((target) => target.name),
  };
  const service = new WorkflowService(database.db, definitions, config.organisation.id, locale, options.clock, { onBehalfRoles: config.onBehalfRoles, schedules }, buildCalendar(calendarSettingsOf(config)));
  await ensureOrganisation(database.db, config.organisation);
  await service.registerDefinitions();
  await seedSchedules(database.db, config.organisation.id, configuredSchedules(config.backup), () => service.now());
  const warnings = await syncPeople(service, loaded, definitions.roles(), locale);
  return { config, database, service, warnings, close: () => database.close() };
}

/** The Daftar Backup: the configured targets and those registered in the database. */
async function registeredTargets(config: CadangConfig, db: OpenedDatabase['db']) {
  return (await loadTargets(config.backup, await listStoredTargets(db, config.organisation.id))).targets;
}

/** A relative SQLite path in a configuration file is relative to the working directory, as users expect from `./data`. */
function resolveSqliteUrl(url: string, _loaded: LoadedConfig): string {
  if (!url.startsWith('file:') || url === 'file::memory:') return url;
  return `file:${resolve(url.slice('file:'.length))}`;
}

async function syncPeople(service: WorkflowService, { config, where }: LoadedConfig, roles: Set<string>, locale: Locale): Promise<string[]> {
  const text = peopleMessages(locale);
  const good: CheckedPerson[] = [];
  const warnings: string[] = [];
  config.people.forEach((entry, index) => {
    const check = checkPersonEntry(entry, roles, locale);
    // A person without a language of their own speaks the organisation's.
    if (check.ok) good.push({ ...check.person, locale: check.person.locale ?? config.locale });
    else warnings.push(...check.problems.map((problem) => `${where?.(['people', index, problem.field]) ?? `${text.entry(index)}.${problem.field}`}: ${problem.message}`));
  });
  await savePeople(service.db, service.organisationId, good);
  const unknown = await saveDelegations(service.db, service.organisationId, config.delegations);
  warnings.push(...unknown.map((nip) => `delegations: ${text.unknownPerson(nip)}`));
  return warnings;
}

export interface RuntimeParts {
  /** One per chat platform running in this process (none in a `cadang worker`). */
  notifiers: Notifier[];
  /** The job queues this process works: `['main']` in the service, the `--queue` names in a worker. */
  queues: string[];
  log?: Log | undefined;
  timing?: Partial<RuntimeTiming> | undefined;
  /** Replace a job kind's handler (tests use a stand-in for the backup). */
  handlers?: JobHandlers | undefined;
  /** Where documents are archived, if not the configured folder (tests). */
  reports?: CadangConfig['reports'] | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * Job timing from the environment, for crash tests and slow links: `CADANG_JOB_SILENT_AFTER_MS`
 * (a running job silent this long is interrupted), `CADANG_JOB_HEARTBEAT_MS` and
 * `CADANG_JOB_RECOVERY_MS`. Unset or invalid values keep the defaults.
 */
export function runtimeTimingFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RuntimeTiming> {
  const timing: Partial<RuntimeTiming> = {};
  const read = (name: string): number | undefined => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const silentAfterMs = read('CADANG_JOB_SILENT_AFTER_MS');
  const heartbeatMs = read('CADANG_JOB_HEARTBEAT_MS');
  const recoveryMs = read('CADANG_JOB_RECOVERY_MS');
  if (silentAfterMs !== undefined) timing.silentAfterMs = silentAfterMs;
  if (heartbeatMs !== undefined) timing.heartbeatMs = heartbeatMs;
  if (recoveryMs !== undefined) timing.recoveryMs = recoveryMs;
  return timing;
}

/**
 * Wires what carries out committed decisions in this process: the job queue of the database's
 * kind, the backup and document job handlers, and the runtime (dispatcher, worker, recovery).
 * Call `start()` on the result; `stop()` before closing the core.
 */
export function createRuntime(core: CadangCore, parts: RuntimeParts): Runtime {
  const { config, service } = core;
  const db = core.database.db;
  const log = parts.log ?? silentLog;
  const targets = () => registeredTargets(config, db);
  const placement = {
    async workerOf(name: string) {
      const target = findTarget(await targets(), name);
      return target ? { queue: target.worker ?? mainQueue, retries: target.retries } : null;
    },
  };
  const documents = createDocumentRunners({ service, config: { ...config, reports: parts.reports ?? config.reports }, log: log.child({ part: 'documents' }) });
  const store = createPrismaJobStore(db);
  const handlers: JobHandlers = {
    backup: createBackupJobHandler({ config: config.backup, store, targets, locale: service.locale, env: parts.env }),
    'render-documents': documents.renderTask,
    'render-document': documents.documents,
    ...parts.handlers,
  };
  return new Runtime({
    service, db, notifiers: parts.notifiers, planJobs: createJobPlanner(placement),
    // SQLite: jobs are rows this process claims. PostgreSQL: pg-boss carries them to workers on other hosts.
    jobs: core.database.provider === 'postgresql' ? createPgBossJobQueue(db, config.database.url, (error) => log.error({ err: error }, 'job queue error')) : createDatabaseJobQueue(db),
    handlers, log, queues: parts.queues, timing: { scheduleGraceMs: config.schedules.graceMinutes * 60_000, ...parts.timing }, reminders: config.reminders,
    summary: { settings: config.summary, media: config.backup.media },
    recoverAlso: async () => void (await reconcileUnattachedJobs(store, config.backup, serviceMessages(service.locale).processStopped())),
  });
}
