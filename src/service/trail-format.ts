import type { Locale } from '../i18n/messages.js';
import type { TrailEntry } from '../storage/workflow-repository.js';
import { requesterRole, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { textOf } from '../workflow/form-fields.js';
import { roleTitle } from '../workflow/labels.js';
import { formatWibDateTime } from '../workflow/wib.js';

const words = {
  id: { start: 'Dimulai', refused: 'DITOLAK SISTEM', reason: 'Alasan', anOf: 'a.n.', system: 'Sistem Cadang', task: 'Hasil tugas', filedBy: 'diajukan oleh', filedFor: 'untuk', reminded: 'Pengingat dikirim kepada', escalated: 'Eskalasi dikirim kepada' },
  en: { start: 'Started', refused: 'REFUSED', reason: 'Reason', anOf: 'on behalf of', system: 'Cadang system', task: 'Task result', filedBy: 'filed by', filedFor: 'for', reminded: 'Reminder sent to', escalated: 'Escalation sent to' },
};

/** How a system step ended, in words (the outcome names of SOP definitions and of the backup executor). */
const outcomeWords: Record<Locale, Record<string, string>> = {
  id: { succeeded: 'berhasil', failed: 'gagal', 'medium-absent': 'media penyimpanan tidak terpasang', 'not-enough-room': 'ruang media tidak cukup', cancelled: 'dibatalkan', 'cancel-requested': 'pembatalan backup diminta' },
  en: { succeeded: 'completed', failed: 'failed', 'medium-absent': 'the storage medium is not attached', 'not-enough-room': 'not enough room on the medium', cancelled: 'cancelled', 'cancel-requested': 'backup cancellation asked' },
};

/** Why the system refused an attempt, in words (the engine's refusal codes). */
const refusalWords: Record<Locale, Record<string, string>> = {
  id: {
    finished: 'permohonan sudah selesai', 'stale-step': 'langkah sudah diputuskan', 'unknown-choice': 'pilihan tidak ada pada langkah ini',
    'wrong-role': 'tidak memegang peran langkah ini', 'reason-required': 'alasan wajib diisi', 'reason-too-short': 'alasan terlalu pendek',
    'reason-too-long': 'alasan terlalu panjang', 'input-required': 'masukan belum lengkap', 'form-invalid': 'formulir belum benar',
    'not-a-system-step': 'langkah ini dikerjakan orang', 'unknown-outcome': 'hasil tugas tidak dikenal',
  },
  en: {
    finished: 'the request is finished', 'stale-step': 'the step was already decided', 'unknown-choice': 'no such choice at this step',
    'wrong-role': 'does not hold the role of this step', 'reason-required': 'a reason is required', 'reason-too-short': 'the reason is too short',
    'reason-too-long': 'the reason is too long', 'input-required': 'an input is missing', 'form-invalid': 'the form is not filled in correctly',
    'not-a-system-step': 'this step is done by a person', 'unknown-outcome': 'unknown task outcome',
  },
};

/** A system step's outcome as people say it ("berhasil", "media penyimpanan tidak terpasang"). */
export function outcomeWord(outcome: string, locale: Locale): string {
  return outcomeWords[locale][outcome] ?? outcome.replace(/[-_]/g, ' ');
}

/** A refusal code as people say it. */
export function refusalWord(code: string, locale: Locale): string {
  return refusalWords[locale][code] ?? code.replace(/[-_]/g, ' ');
}

/** Who acted, by name: the system in the reader's language. */
export function actorName(entry: Pick<TrailEntry, 'actorName' | 'actorRole'>, locale: Locale): string {
  return entry.actorRole === 'system' || entry.actorName === null ? words[locale].system : entry.actorName;
}

/** Formats a person as the trail and documents name them: "Name (NIP …, Role) a.n. Principal (NIP …)". */
export function formatActor(entry: Pick<TrailEntry, 'actorName' | 'actorNip' | 'actorRole' | 'onBehalfOfName' | 'onBehalfOfNip'>, definition: WorkflowDefinition, locale: Locale): string {
  const w = words[locale];
  const role = entry.actorRole && entry.actorRole !== 'system' ? roleTitle(definition, entry.actorRole, locale) : '';
  const details = [entry.actorNip ? `NIP ${entry.actorNip}` : '', role].filter(Boolean).join(', ');
  const who = `${actorName(entry, locale)}${details ? ` (${details})` : ''}`;
  return entry.onBehalfOfName ? `${who} ${w.anOf} ${entry.onBehalfOfName} (NIP ${entry.onBehalfOfNip})` : who;
}

/** The label of what an entry did: the choice's label, or the task outcome. */
export function formatChoice(entry: Pick<TrailEntry, 'stepId' | 'choice' | 'type'>, definition: WorkflowDefinition, locale: Locale): string {
  const step = definition.steps.find((candidate) => candidate.id === entry.stepId);
  if (step?.kind === 'human') {
    const choice = step.choices.find((candidate) => candidate.id === entry.choice);
    if (choice) return textOf(choice.label, locale);
  }
  return entry.choice ? outcomeWord(entry.choice, locale) : '';
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
    if (entry.type === 'start') return `${at}  ${w.start} — ${who}${entry.reason ? ` — ${entry.reason}` : ''}`;
    const what = entry.type === 'task-result' ? `${w.task}: ${formatChoice(entry, definition, locale)}`
      // A reminder's or escalation's `choice` is the role it went to.
      : entry.type === 'reminded' || entry.type === 'escalated' ? `${w[entry.type]} ${entry.choice ? roleTitle(definition, entry.choice, locale) : ''}`
      : formatChoice(entry, definition, locale);
    const reason = entry.reason ? ` — ${w.reason}: ${entry.reason}` : '';
    const refused = entry.accepted ? '' : ` — ${w.refused}: ${refusalWord(entry.refusal ?? '', locale)}`;
    return `${at}  ${where} — ${who} — ${what}${reason}${refused}`;
  });
}
