/**
 * `cadang request overdue`: open steps past their due time, told in people and roles
 * ("#2 Layanan Backup Server — 2. Mendisposisikan … — Ka. PPIKSN (Ir. Bambang Hartono), terlambat
 * 2 jam 17 menit"), or as JSON for monitoring.
 */
import type { Locale } from '../i18n/messages.js';
import type { DefinitionRegistry } from '../service/definitions.js';
import type { Database } from '../storage/database.js';
import { loadDefinition } from '../storage/definition-repository.js';
import { findPersonById, holdersOfRole } from '../storage/people-repository.js';
import { listOverdueSteps, loadInstance } from '../storage/workflow-repository.js';
import { requesterRole } from '../workflow/definition-schema.js';
import { textOf } from '../workflow/form-fields.js';
import { roleTitle } from '../workflow/labels.js';
import { formatWibDateTime } from '../workflow/wib.js';
import { cliMessages } from './messages.js';

/** One overdue step; the JSON shape of `--json` (keys are stable, times ISO 8601 UTC). */
export interface OverdueEntry {
  number: number;
  instanceId: string;
  sop: { key: string; version: number; title: string };
  step: { id: string; number: string; title: string };
  role: { key: string; title: string };
  people: Array<{ name: string; nip: string }>;
  enteredAt: string;
  dueAt: string;
  minutesLate: number;
}

/** The overdue steps of one organisation at `now`, oldest due first, with the people who may act. */
export async function collectOverdue(db: Database, definitions: Pick<DefinitionRegistry, 'version'>, organisationId: string, now: Date, locale: Locale): Promise<OverdueEntry[]> {
  const entries: OverdueEntry[] = [];
  for (const due of await listOverdueSteps(db, now)) {
    const instance = await loadInstance(db, due.instanceId);
    if (!instance || instance.organisationId !== organisationId) continue;
    const definition = definitions.version(instance.definitionKey, instance.definitionVersion)
      ?? (await loadDefinition(db, organisationId, instance.definitionKey, instance.definitionVersion));
    const step = definition?.steps.find((candidate) => candidate.id === due.stepId);
    const role = step && step.kind !== 'end' ? step.role : requesterRole;
    // The requester's step is theirs alone; any other step belongs to whoever holds its role now.
    const requester = role === requesterRole && instance.requesterId ? await findPersonById(db, instance.requesterId) : null;
    const people = role === requesterRole ? (requester ? [requester] : []) : await holdersOfRole(db, organisationId, role, now);
    entries.push({
      number: instance.number,
      instanceId: instance.id,
      sop: { key: instance.definitionKey, version: instance.definitionVersion, title: definition ? textOf(definition.title, locale) : instance.definitionKey },
      step: { id: due.stepId, number: step?.number ?? '', title: step ? textOf(step.title, locale) : due.stepId },
      role: { key: role, title: definition ? roleTitle(definition, role, locale) : role },
      people: people.map((person) => ({ name: person.name, nip: person.nip })),
      enteredAt: due.enteredAt.toISOString(),
      dueAt: due.dueAt.toISOString(),
      minutesLate: Math.floor((now.getTime() - due.dueAt.getTime()) / 60_000),
    });
  }
  return entries;
}

/** The line a person reads for one overdue step. */
export function formatOverdue(entry: OverdueEntry, locale: Locale): string {
  const t = cliMessages(locale);
  const people = entry.people.length > 0 ? entry.people.map((person) => person.name).join(', ') : t.nobodyHolds();
  const step = entry.step.number ? `${entry.step.number}. ${entry.step.title}` : entry.step.title;
  return t.overdueLine(entry.number, entry.sop.title, step, entry.role.title, people, t.late(entry.minutesLate), formatWibDateTime(new Date(entry.dueAt)));
}
