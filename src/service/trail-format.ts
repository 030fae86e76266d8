import type { Locale } from '../i18n/messages.js';
import type { TrailEntry } from '../storage/workflow-repository.js';
import { requesterRole, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { textOf } from '../workflow/form-fields.js';
import { roleTitle } from '../workflow/labels.js';
import { formatWibDateTime } from '../workflow/wib.js';

const words = {
  id: { start: 'Dimulai', refused: 'DITOLAK SISTEM', reason: 'Alasan', anOf: 'a.n.', system: 'Sistem', task: 'Hasil tugas', filedBy: 'diajukan oleh', filedFor: 'untuk' },
  en: { start: 'Started', refused: 'REFUSED', reason: 'Reason', anOf: 'on behalf of', system: 'System', task: 'Task result', filedBy: 'filed by', filedFor: 'for' },
};

/** Formats a person as the trail and documents name them: "Name (NIP …, Role) a.n. Principal (NIP …)". */
export function formatActor(entry: Pick<TrailEntry, 'actorName' | 'actorNip' | 'actorRole' | 'onBehalfOfName' | 'onBehalfOfNip'>, definition: WorkflowDefinition, locale: Locale): string {
  const w = words[locale];
  const role = entry.actorRole && entry.actorRole !== 'system' ? roleTitle(definition, entry.actorRole, locale) : '';
  const details = [entry.actorNip ? `NIP ${entry.actorNip}` : '', role].filter(Boolean).join(', ');
  const who = `${entry.actorName ?? w.system}${details ? ` (${details})` : ''}`;
  return entry.onBehalfOfName ? `${who} ${w.anOf} ${entry.onBehalfOfName} (NIP ${entry.onBehalfOfNip})` : who;
}

/** The label of what an entry did: the choice's label, or the task outcome. */
export function formatChoice(entry: Pick<TrailEntry, 'stepId' | 'choice' | 'type'>, definition: WorkflowDefinition, locale: Locale): string {
  const step = definition.steps.find((candidate) => candidate.id === entry.stepId);
  if (step?.kind === 'human') {
    const choice = step.choices.find((candidate) => candidate.id === entry.choice);
    if (choice) return textOf(choice.label, locale);
  }
  return entry.choice ?? '';
}

/** One line per event, in order, times in WIB: the audit trail as people read it. */
export function formatTrail(entries: TrailEntry[], definition: WorkflowDefinition, locale: Locale): string[] {
  const w = words[locale];
  return entries.map((entry) => {
    const at = formatWibDateTime(entry.at);
    const step = definition.steps.find((candidate) => candidate.id === entry.stepId);
    const where = step ? `[${step.number}] ${textOf(step.title, locale)}` : '';
    // On the requester's own step "on behalf of" can only mean a request filed for another employee.
    const filedFor = step?.kind === 'human' && step.role === requesterRole && entry.onBehalfOfName !== null;
    const who = filedFor
      ? `${w.filedBy} ${formatActor({ ...entry, onBehalfOfName: null, onBehalfOfNip: null }, definition, locale)} ${w.filedFor} ${entry.onBehalfOfName} (NIP ${entry.onBehalfOfNip})`
      : formatActor(entry, definition, locale);
    if (entry.type === 'start') return `${at}  ${w.start} — ${who}`;
    const what = entry.type === 'task-result' ? `${w.task}: ${entry.choice}` : formatChoice(entry, definition, locale);
    const reason = entry.reason ? ` — ${w.reason}: ${entry.reason}` : '';
    const refused = entry.accepted ? '' : ` — ${w.refused}: ${entry.refusal}`;
    return `${at}  ${where} — ${who} — ${what}${reason}${refused}`;
  });
}
