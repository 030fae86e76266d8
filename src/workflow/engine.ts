import type { ChoiceDefinition, StepDefinition, WorkflowDefinition } from './definition-schema.js';
import { requesterRole } from './definition-schema.js';
import { addWorkingTime, type WorkCalendar } from './calendar.js';
import { dueTimeAfter, parseTimeLimit } from './duration.js';
import { checkForm } from './form-fields.js';
import { checkReason, DEFAULT_REASON_RULE } from './reason.js';
import type { Actor, ChoiceInputs, Effect, InstanceState, TransitionResult, WorkflowInput } from './types.js';
import { formatWibDate } from './wib.js';

export interface StartOptions {
  id: string;
  organisationId: string;
  number: number;
  requesterId: string | null;
  at: Date;
  /** The organisation's calendar for due times; wall-clock time without one. */
  calendar?: WorkCalendar | undefined;
  /** Registered targets the run starts with (a schedule's); the step that asks for targets offers them ticked. */
  targets?: readonly string[] | undefined;
}

/**
 * Creates a new SOP run at the definition's start step. This is a pure function: it returns the
 * effects (ask the start role for a decision, set its due time) without running them.
 */
export function startInstance(definition: WorkflowDefinition, options: StartOptions): { instance: InstanceState; effects: Effect[] } {
  const instance: InstanceState = {
    id: options.id,
    organisationId: options.organisationId,
    number: options.number,
    definitionKey: definition.key,
    definitionVersion: definition.version,
    status: 'open',
    outcome: null,
    currentStep: null,
    requesterId: options.requesterId,
    data: { form: {}, targets: [...(options.targets ?? [])], taskResults: {} },
    stepEnteredAt: {},
    version: 0,
  };
  return enterStep(definition, instance, stepById(definition, definition.start), options.at, options.calendar);
}

/**
 * Applies one event to a run: `transition(definition, instance, event) → { instance, effects }`.
 * This is a pure function that does not execute effects and does not mutate its arguments; a
 * refused event returns why instead. The caller has already resolved which role the actor holds.
 */
export function transition(definition: WorkflowDefinition, instance: InstanceState, input: WorkflowInput, calendar?: WorkCalendar): TransitionResult {
  if (instance.status === 'finished') return { ok: false, refusal: { code: 'finished' } };
  if (input.stepId !== instance.currentStep) return { ok: false, refusal: { code: 'stale-step' } };
  const step = stepById(definition, input.stepId);
  return input.type === 'choose' ? choose(definition, instance, step, input, calendar) : finishTask(definition, instance, step, input, calendar);
}

function choose(
  definition: WorkflowDefinition,
  instance: InstanceState,
  step: StepDefinition,
  input: Extract<WorkflowInput, { type: 'choose' }>,
  calendar: WorkCalendar | undefined,
): TransitionResult {
  if (step.kind !== 'human') return { ok: false, refusal: { code: 'stale-step' } };
  const choice = step.choices.find((candidate) => candidate.id === input.choiceId);
  if (!choice) return { ok: false, refusal: { code: 'unknown-choice', detail: { choices: step.choices.map((c) => c.id) } } };
  if (!actorMayAct(step.role, input.actor, instance)) return { ok: false, refusal: { code: 'wrong-role', detail: { role: step.role } } };
  const reason = input.reason?.trim() || null;
  if (needsReason(choice) && !reason) return { ok: false, refusal: { code: 'reason-required' } };
  if (reason) {
    // A reason may end up in an official letter: "." or an essay is refused with the rule.
    const check = checkReason(reason, definition.reasons ?? DEFAULT_REASON_RULE);
    if (!check.ok) return { ok: false, refusal: { code: check.code, detail: { ...check.detail } } };
  }
  const missing = (choice.inputs ?? []).find((name) => isMissingInput(name, input.inputs));
  if (missing) return { ok: false, refusal: { code: 'input-required', detail: { input: missing } } };

  const data = { ...instance.data, taskResults: { ...instance.data.taskResults } };
  if (choice.kind === 'submit-form' && definition.form && step.id === definition.start) {
    const answers = input.form ?? {};
    const problems = checkForm(definition.form, answers, 'id', formatWibDate(input.at), definition.reasons);
    if (Object.keys(problems).length > 0) return { ok: false, refusal: { code: 'form-invalid', detail: { problems } } };
    data.form = { ...answers };
  }
  if (input.inputs?.targets) data.targets = [...input.inputs.targets];
  if (input.inputs?.medium) data.medium = input.inputs.medium;

  const decided: InstanceState = { ...instance, data, outcome: choice.outcome ?? instance.outcome };
  const next = stepById(definition, choice.next);
  const leaving: Effect[] = [
    { type: 'close-deadline', stepId: step.id },
    { type: 'close-cards', stepId: step.id, choiceId: choice.id, actorName: input.actor.name, at: input.at },
    { type: 'announce', milestone: step.id === definition.start ? 'received' : 'decided', stepId: step.id },
  ];
  if (choice.document) leaving.push({ type: 'render-document', document: choice.document, stepId: step.id });
  for (const role of choice.notify ?? []) leaving.push({ type: 'inform-role', role, stepId: step.id, choiceId: choice.id });
  if (instance.requesterId && step.role !== requesterRole) {
    leaving.push({ type: 'inform-requester', stepId: step.id, choiceId: choice.id, outcome: choice.outcome ?? null });
  }
  const entered = enterStep(definition, decided, next, input.at, calendar);
  return {
    ok: true,
    instance: entered.instance,
    effects: [...leaving, ...entered.effects],
    record: {
      type: 'choose',
      stepId: step.id,
      choice: choice.id,
      reason,
      payload: payloadOf(input),
    },
  };
}

function finishTask(
  definition: WorkflowDefinition,
  instance: InstanceState,
  step: StepDefinition,
  input: Extract<WorkflowInput, { type: 'task-result' }>,
  calendar: WorkCalendar | undefined,
): TransitionResult {
  if (step.kind !== 'system') return { ok: false, refusal: { code: 'not-a-system-step' } };
  const nextId = step.outcomes[input.outcome];
  if (!nextId) return { ok: false, refusal: { code: 'unknown-outcome', detail: { outcomes: Object.keys(step.outcomes) } } };
  const result = { outcome: input.outcome, summary: input.summary, detail: input.detail };
  const withResult: InstanceState = {
    ...instance,
    data: { ...instance.data, taskResults: { ...instance.data.taskResults, [step.id]: result } },
  };
  const entered = enterStep(definition, withResult, stepById(definition, nextId), input.at, calendar);
  return {
    ok: true,
    instance: entered.instance,
    effects: [
      { type: 'close-deadline', stepId: step.id },
      { type: 'announce', milestone: 'task-finished', stepId: step.id },
      // A requester whose backup did not succeed hears it, and what happens next.
      ...(instance.requesterId && input.outcome !== 'succeeded' ? [{ type: 'inform-requester', stepId: step.id, choiceId: null, outcome: input.outcome } as const] : []),
      ...entered.effects,
    ],
    record: { type: 'task-result', stepId: step.id, choice: input.outcome, reason: input.summary ?? null, payload: input.detail === undefined ? null : { detail: input.detail } },
  };
}

/** Moves a run into a step: due time, who is asked, the task that starts, or the end. */
function enterStep(definition: WorkflowDefinition, instance: InstanceState, step: StepDefinition, at: Date, calendar: WorkCalendar | undefined): { instance: InstanceState; effects: Effect[] } {
  const entered: InstanceState = {
    ...instance,
    currentStep: step.kind === 'end' ? null : step.id,
    status: step.kind === 'end' ? 'finished' : 'open',
    stepEnteredAt: { ...instance.stepEnteredAt, [step.id]: at.toISOString() },
    version: instance.version + 1,
  };
  if (step.kind === 'end') {
    return { instance: entered, effects: [{ type: 'finished', outcome: entered.outcome }, { type: 'announce', milestone: 'finished', stepId: step.id }] };
  }
  const effects: Effect[] = [];
  const countFrom = step.deadlineFrom ? entered.stepEnteredAt[step.deadlineFrom] : undefined;
  const from = countFrom ? new Date(countFrom) : at;
  // Working time when the organisation counts it ("1 (Satu) Hari" is a working day), else elapsed time.
  const dueAt = calendar ? addWorkingTime(from, step.timeLimit, calendar) : dueTimeAfter(from, parseTimeLimit(step.timeLimit)!);
  if (dueAt) effects.push({ type: 'set-deadline', stepId: step.id, dueAt });
  if (step.kind === 'human') effects.push({ type: 'request-decision', stepId: step.id, role: step.role });
  else effects.push({ type: 'start-task', stepId: step.id, task: step.task }, { type: 'announce', milestone: 'task-started', stepId: step.id });
  return { instance: entered, effects };
}

/** Finds a step; definitions are validated, so a missing step is a programming error. */
export function stepById(definition: WorkflowDefinition, id: string): StepDefinition {
  const step = definition.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`SOP ${definition.key} has no step "${id}"`);
  return step;
}

function actorMayAct(role: string, actor: Actor, instance: InstanceState): boolean {
  if (role === requesterRole) return actor.personId === instance.requesterId;
  return actor.role === role;
}

/** Whether a choice must carry a reason: as the definition says, else always for reject, return and postpone. */
export function needsReason(choice: ChoiceDefinition): boolean {
  if (choice.reason) return choice.reason === 'required';
  return choice.kind === 'reject' || choice.kind === 'return' || choice.kind === 'postpone';
}

function isMissingInput(name: string, inputs: ChoiceInputs | undefined): boolean {
  if (name === 'targets') return !inputs?.targets || inputs.targets.length === 0;
  if (name === 'medium') return !inputs?.medium;
  return !inputs?.document;
}

function payloadOf(input: Extract<WorkflowInput, { type: 'choose' }>): Record<string, unknown> | null {
  const payload: Record<string, unknown> = {};
  if (input.form) payload.form = input.form;
  if (input.inputs) payload.inputs = input.inputs;
  return Object.keys(payload).length > 0 ? payload : null;
}
