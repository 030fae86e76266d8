import type { Locale } from '../i18n/messages.js';
import type { TrailEntry } from '../storage/workflow-repository.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { textOf } from '../workflow/form-fields.js';
import { roleTitle } from '../workflow/labels.js';
import { formatWibDateTime } from '../workflow/wib.js';

const words = {
  id: { start: 'Dimulai', refused: 'DITOLAK SISTEM', reason: 'Alasan', anOf: 'a.n.', system: 'Sistem', task: 'Hasil tugas', reminded: 'Pengingat dikirim kepada', escalated: 'Eskalasi dikirim kepada' },
  en: { start: 'Started', refused: 'REFUSED', reason: 'Reason', anOf: 'on behalf of', system: 'System', task: 'Task result', reminded: 'Reminder sent to', escalated: 'Escalation sent to' },
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
    const who = formatActor(entry, definition, locale);
    if (entry.type === 'start') return `${at}  ${w.start} — ${who}`;
    const what = entry.type === 'task-result' ? `${w.task}: ${entry.choice}`
      // A reminder's or escalation's `choice` is the role it went to.
      : entry.type === 'reminded' || entry.type === 'escalated' ? `${w[entry.type]} ${entry.choice ? roleTitle(definition, entry.choice, locale) : ''}`
      : formatChoice(entry, definition, locale);
    const reason = entry.reason ? ` — ${w.reason}: ${entry.reason}` : '';
    const refused = entry.accepted ? '' : ` — ${w.refused}: ${entry.refusal}`;
    return `${at}  ${where} — ${who} — ${what}${reason}${refused}`;
  });
}
