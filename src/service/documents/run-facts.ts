/**
 * What the documents are built from: one run's state, its accepted trail and its definition,
 * with the parts of the configuration that documents need. Loaded once per document batch.
 */
import type { CadangConfig } from '../../config/schema.js';
import { CadangError } from '../../errors.js';
import type { Locale } from '../../i18n/messages.js';
import type { Database } from '../../storage/database.js';
import { findPersonById, type PersonRecord } from '../../storage/people-repository.js';
import { loadDefinition } from '../../storage/definition-repository.js';
import { findInstance, listTrail, type TrailEntry } from '../../storage/workflow-repository.js';
import type { ChoiceDefinition, WorkflowDefinition } from '../../workflow/definition-schema.js';
import type { InstanceState } from '../../workflow/types.js';
import type { DefinitionRegistry } from '../definitions.js';
import { documentMessages, type DocumentMessages } from './messages.js';

/** The configuration the documents read: organisation, Daftar Backup, reports, language. */
export type DocumentsConfig = Pick<CadangConfig, 'organisation' | 'backup' | 'reports' | 'locale'>;

export interface RunFacts {
  db: Database;
  instance: InstanceState;
  definition: WorkflowDefinition;
  /** Accepted events only, oldest first: refused taps never reach a document. */
  trail: TrailEntry[];
  config: DocumentsConfig;
  locale: Locale;
  msg: DocumentMessages;
  /** Every SOP the organisation runs (roles of one SOP may matter in another's documents). */
  definitions: WorkflowDefinition[];
  /** The person who started a request; null for scheduled runs. */
  requester: PersonRecord | null;
  /** "Now" for documents issued at this moment. */
  now: Date;
}

/** Reads a run by id or number ("12", "#12") with its trail and definition; throws a CadangError if either is unknown. */
export async function loadRunFacts(
  db: Database,
  definitions: Pick<DefinitionRegistry, 'version' | 'all'>,
  config: DocumentsConfig,
  reference: string,
  options: { locale?: Locale | undefined; now?: Date | undefined } = {},
): Promise<RunFacts> {
  const locale = options.locale ?? config.locale;
  const msg = documentMessages(locale);
  const instance = await findInstance(db, config.organisation.id, reference);
  if (!instance) throw new CadangError('documents.unknown_run', msg.unknownRun(reference), { reference });
  const definition = definitions.version(instance.definitionKey, instance.definitionVersion)
    ?? (await loadDefinition(db, instance.organisationId, instance.definitionKey, instance.definitionVersion));
  if (!definition) {
    throw new CadangError('documents.unknown_sop', msg.unknownSop(instance.definitionKey, instance.definitionVersion), { instanceId: instance.id });
  }
  const trail = (await listTrail(db, instance.id)).filter((entry) => entry.accepted);
  const requester = instance.requesterId ? await findPersonById(db, instance.requesterId) : null;
  return { db, instance, definition, definitions: definitions.all(), trail, config, locale, msg, requester, now: options.now ?? new Date() };
}

/** The choice an accepted decision took, as the definition describes it. */
export function choiceOf(definition: WorkflowDefinition, entry: Pick<TrailEntry, 'stepId' | 'choice'>): ChoiceDefinition | undefined {
  const step = definition.steps.find((candidate) => candidate.id === entry.stepId);
  return step?.kind === 'human' ? step.choices.find((choice) => choice.id === entry.choice) : undefined;
}

/** People's decisions (not the start, not task results), oldest first. */
export function decisionsOf(facts: RunFacts): TrailEntry[] {
  return facts.trail.filter((entry) => entry.type === 'choose' && entry.actorNip);
}

/** The parsed payload of a decision ({form, inputs}); null when it carried none. */
export function payloadOf(entry: TrailEntry): { form?: Record<string, string>; inputs?: { targets?: string[]; medium?: string } } | null {
  if (!entry.payload) return null;
  try {
    return JSON.parse(entry.payload) as { form?: Record<string, string>; inputs?: { targets?: string[]; medium?: string } };
  } catch {
    return null;
  }
}

/** When a step was last entered, if ever. */
export function enteredAt(facts: RunFacts, stepId: string | undefined): Date | undefined {
  const at = stepId ? facts.instance.stepEnteredAt[stepId] : undefined;
  return at ? new Date(at) : undefined;
}
