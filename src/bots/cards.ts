import type { Locale } from '../i18n/messages.js';
import type { WorkflowService } from '../service/workflow-service.js';
import type { StepDefinition, WorkflowDefinition } from '../workflow/definition-schema.js';
import { stepById } from '../workflow/engine.js';
import { textOf } from '../workflow/form-fields.js';
import { roleTitle } from '../workflow/labels.js';
import type { InstanceState } from '../workflow/types.js';
import { formatWibDateTime } from '../workflow/wib.js';
import { timeLeft } from '../workflow/calendar.js';
import { encodeButton } from './callback-data.js';
import { actorName, formatChoice } from '../service/trail-format.js';
import { formatTimeLeft } from './reminder-messages.js';
import { chatMessages } from './messages.js';
import type { OutboundMessage } from './port.js';

export { roleTitle };

export function stepTitle(step: StepDefinition, locale: Locale): string {
  return `${step.number}. ${textOf(step.title, locale)}`;
}

/** The lines every card and decided card share: what the run is about. */
async function describeRun(service: WorkflowService, definition: WorkflowDefinition, instance: InstanceState, locale: Locale): Promise<string[]> {
  const t = chatMessages(locale);
  const lines = [t.cardTitle(textOf(definition.title, locale), instance.number)];
  const form = instance.data.form;
  if (form.nama) lines.push(t.cardRequester(form.nama, form.nip ?? '-', form.satker ?? '-'));
  const filer = instance.requesterId && form.nip ? await service.directory.person(instance.requesterId) : null;
  if (filer && filer.nip !== form.nip) lines.push(t.filedFor(filer.name, form.nama ?? form.nip!));
  const fields = definition.form?.fields ?? [];
  const what = ['nama_server', 'nama_aplikasi', 'nama_folder']
    .filter((name) => form[name])
    .map((name) => `${textOf(fields.find((field) => field.name === name)?.label ?? name, locale)} ${form[name]}`);
  if (what.length > 0) lines.push(t.cardWhat(what.join('; ')));
  if (form.alasan) lines.push(t.cardReason(form.alasan));
  if (instance.data.targets.length > 0) lines.push(t.cardTargets(instance.data.targets.join(', ')));
  if (instance.data.medium) lines.push(t.cardMedium(instance.data.medium));
  const lastTask = Object.values(instance.data.taskResults).at(-1);
  if (lastTask?.summary) lines.push(t.cardTask(lastTask.summary));
  const notes = (await service.directory.trail(instance.id)).filter((entry) => entry.accepted && entry.reason);
  const last = notes.at(-1);
  if (last) lines.push(t.cardLastNote(actorName(last, locale), formatChoice(last, definition, locale), last.reason!));
  return lines;
}

/**
 * An approval card: the request summary, the SOP step, the role, the time left, and one button
 * per choice of the step (data names the run, step and choice by position).
 */
export async function renderCard(service: WorkflowService, definition: WorkflowDefinition, instance: InstanceState, locale: Locale): Promise<OutboundMessage> {
  const t = chatMessages(locale);
  const step = stepById(definition, instance.currentStep!);
  const lines = await describeRun(service, definition, instance, locale);
  lines.push('', t.cardStep(step.number, textOf(step.title, locale)));
  if (step.kind !== 'end') lines.push(t.cardRole(roleTitle(definition, step.role, locale)));
  const deadline = await service.directory.openDeadline(instance.id, step.id);
  if (deadline) {
    lines.push(t.cardDue(formatWibDateTime(deadline.dueAt), timeLeftText(service, deadline.dueAt, locale)));
  } else lines.push(t.cardNoDue());
  const stepIndex = definition.steps.indexOf(step);
  const buttons = step.kind === 'human'
    ? step.choices.map((choice, choiceIndex) => [{ label: textOf(choice.label, locale), data: encodeButton({ kind: 'decide', instanceId: instance.id, stepIndex, choiceIndex }) }])
    : [];
  return { text: lines.join('\n'), buttons };
}

/** The time left on a card, counted in the organisation's calendar (working time or elapsed time), as the due time is. */
export function timeLeftText(service: WorkflowService, dueAt: Date, locale: Locale, late = false): string {
  // An escalation goes out at the due time or after: "0 minutes late", never "0 minutes left".
  const left = { ...timeLeft(service.now(), dueAt, service.calendar), ...(late ? { overdue: true } : {}) };
  if (left.workingTime) return formatTimeLeft(left, locale);
  const t = chatMessages(locale);
  const hours = left.days * 24 + left.hours;
  return left.overdue ? t.overdueBy(hours, left.minutes) : t.timeLeft(hours, left.minutes);
}

/** A card after its step is decided: who decided what and when, with no buttons left. */
export function renderDecidedCard(definition: WorkflowDefinition, instance: InstanceState, stepId: string, label: string, who: string, at: string, locale: Locale): OutboundMessage {
  const t = chatMessages(locale);
  const step = stepById(definition, stepId);
  return {
    text: [t.cardTitle(textOf(definition.title, locale), instance.number), t.cardStep(step.number, textOf(step.title, locale)), t.cardDecided(label, who, at)].join('\n'),
    buttons: [],
  };
}
