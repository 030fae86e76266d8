import type { z } from 'zod';
import type { Locale } from '../i18n/messages.js';
import { definitionSchema, requesterRole, stepSchema, type StepDefinition, type WorkflowDefinition } from './definition-schema.js';
import { parseWorkLimit } from './duration.js';
import { definitionSchemaTwins, schemaErrorMap, translateSchemaMessage } from './schema-messages.js';
import { validationMessages } from './validate-messages.js';

/** Where in a definition a problem is: keys and indexes, as in the YAML (`['steps', 3, 'role']`). */
export type DefinitionPath = Array<string | number>;

/**
 * One problem in an SOP definition: where it is (`path`, such as `steps[3] (seleksi_kabid).choices[1].next`;
 * `at`, the same as keys and indexes, for finding its line in a file) and what to do.
 */
export interface DefinitionProblem {
  path: string;
  at: DefinitionPath;
  message: string;
  /** The line in the file, when the definition was read from one. */
  line?: number;
}

export type DefinitionCheck = { ok: true; definition: WorkflowDefinition } | { ok: false; problems: DefinitionProblem[] };

/** A waiting step's role is reminded at most this often: a shorter interval would only be noise. */
const minRemindEveryMinutes = 30;

/** Kinds of choice that must always carry a reason (the SOP's "reject with a reason"). */
const kindsNeedingReason = new Set(['reject', 'return', 'postpone']);

/**
 * Checks an SOP definition: its shape, then its meaning (roles, reachability, a way out of every
 * step, choices that lead somewhere). Returns every problem at once, never only the first: a
 * shape error does not hide a wrong role, and a wrong role does not hide an unreachable step.
 */
export function validateDefinition(input: unknown, locale: Locale = 'id'): DefinitionCheck {
  const text = validationMessages(locale);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ path: '(root)', at: [], message: text.notAnObject() }] };
  const parsed = definitionSchema.safeParse(input, { error: schemaErrorMap(locale) });
  if (!parsed.success) {
    const problems = describeShapeProblems(input, parsed.error, locale);
    return { ok: false, problems: [...problems, ...checkMeaningOfRawInput(input, locale)] };
  }
  const problems = checkMeaning(parsed.data, locale);
  return problems.length > 0 ? { ok: false, problems: problems.map((problem) => withPath(problem, parsed.data)) } : { ok: true, definition: parsed.data };
}

function describeShapeProblems(input: object, error: z.ZodError, locale: Locale): DefinitionProblem[] {
  const text = validationMessages(locale);
  return error.issues.map((issue) => {
    const at = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const field = String(at.at(-1) ?? '');
    const isMissing = issue.code === 'invalid_type' && valueAt(input, at) === undefined;
    if (isMissing && field === 'timeLimit') return withPath({ at, message: text.missingTimeLimit() }, input);
    return withPath({ at, message: translateSchemaMessage(issue.message, locale, definitionSchemaTwins) }, input);
  });
}

/**
 * A file with shape errors may also have meaning errors (a wrong role two steps further on); the
 * author should see both in one run. Checks what it can on the raw input and keeps whatever it
 * found before it meets a part too malformed to read.
 */
function checkMeaningOfRawInput(input: unknown, locale: Locale): DefinitionProblem[] {
  const raw = input as Partial<WorkflowDefinition> | null;
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.steps) || typeof raw.roles !== 'object' || raw.roles === null) return [];
  const problems: Array<Omit<DefinitionProblem, 'path'>> = [];
  // Reachability follows the steps' edges; when a step is too malformed to read its edges, the
  // graph is unknown and the graph checks would only guess.
  const stepsReadable = raw.steps.every((step) => stepSchema.safeParse(step).success);
  try {
    checkMeaning(raw as WorkflowDefinition, locale, problems, stepsReadable);
  } catch {
    // The malformed part was already reported as a shape problem.
  }
  return problems.map((problem) => withPath(problem, input));
}

function checkMeaning(definition: WorkflowDefinition, locale: Locale, problems: Array<Omit<DefinitionProblem, 'path'>> = [], graph = true): Array<Omit<DefinitionProblem, 'path'>> {
  const text = validationMessages(locale);
  const add = (at: DefinitionPath, message: string) => problems.push({ at, message });
  const stepIds = definition.steps.map((step) => step.id);
  const known = new Set(stepIds);
  const knownList = stepIds.join(', ');
  const roles = new Set([...Object.keys(definition.roles), requesterRole]);
  const roleList = [...roles].join(', ');

  stepIds.forEach((id, index) => {
    if (stepIds.indexOf(id) !== index) add(['steps', index, 'id'], text.duplicateStep(id));
  });
  if (!known.has(definition.start)) add(['start'], text.unknownStart(definition.start, knownList));
  if (!roles.has(definition.startedBy)) add(['startedBy'], text.unknownRole(definition.startedBy, roleList));
  if (!definition.steps.some((step) => step.kind === 'end')) add(['steps'], text.noEnd());

  const startStep = definition.steps.find((step) => step.id === definition.start);
  if (startStep && startStep.kind !== 'human') add(['start'], text.startMustBeHuman());
  if (definition.form && startStep?.kind === 'human' && !startStep.choices.some((choice) => choice.kind === 'submit-form')) {
    add(['form'], text.formNeedsSubmit());
  }
  const formFields = new Set(definition.form?.fields.map((field) => field.name) ?? []);
  definition.form?.atLeastOneOf?.forEach((group, groupIndex) =>
    group.forEach((name, nameIndex) => {
      if (!formFields.has(name)) add(['form', 'atLeastOneOf', groupIndex, nameIndex], text.unknownFormField(name));
    }),
  );

  definition.steps.forEach((step, index) => {
    const at: DefinitionPath = ['steps', index];
    if (step.kind === 'end') return;
    if (!roles.has(step.role)) add([...at, 'role'], text.unknownRole(step.role, roleList));
    // The requester is no one's superior, so escalateTo names one of the definition's own roles.
    if (step.escalateTo !== undefined && !Object.hasOwn(definition.roles, step.escalateTo)) {
      add([...at, 'escalateTo'], text.unknownRole(step.escalateTo, Object.keys(definition.roles).join(', ')));
    }
    const every = step.remindEvery === undefined ? undefined : parseWorkLimit(step.remindEvery);
    if (every && every.days === 0 && every.minutes < minRemindEveryMinutes) add([...at, 'remindEvery'], text.remindEveryTooShort(step.remindEvery!, minRemindEveryMinutes));
    if (step.deadlineFrom !== undefined && !stepIds.slice(0, index).includes(step.deadlineFrom)) {
      add([...at, 'deadlineFrom'], text.deadlineFromUnknown(step.deadlineFrom));
    }
    if (step.kind === 'human') {
      const choiceIds = step.choices.map((choice) => choice.id);
      step.choices.forEach((choice, choiceIndex) => {
        const choiceAt: DefinitionPath = [...at, 'choices', choiceIndex];
        if (choiceIds.indexOf(choice.id) !== choiceIndex) add([...choiceAt, 'id'], text.duplicateChoice(choice.id));
        if (!known.has(choice.next)) add([...choiceAt, 'next'], text.leadsNowhere(choice.next, knownList));
        (choice.notify ?? []).forEach((role, roleIndex) => {
          if (!roles.has(role)) add([...choiceAt, 'notify', roleIndex], text.unknownRole(role, roleList));
        });
        if (kindsNeedingReason.has(choice.kind) && choice.reason !== undefined && choice.reason !== 'required') {
          add([...choiceAt, 'reason'], text.reasonRequired(choice.kind));
        }
      });
    } else if (step.kind === 'system') {
      const entries = Object.entries(step.outcomes);
      if (entries.length === 0) add([...at, 'outcomes'], text.noOutcomes());
      else if (!('succeeded' in step.outcomes) || !('failed' in step.outcomes)) add([...at, 'outcomes'], text.missingSucceeded());
      for (const [outcome, next] of entries) {
        if (!known.has(next)) add([...at, 'outcomes', outcome], text.leadsNowhere(next, knownList));
      }
    }
  });
  if (!graph) return problems;

  // The graph as written: an edge to a step that does not exist leads nowhere (reported above),
  // so the steps behind it are reported as they stand too, in the same run.
  const reachable = reachableFrom(definition, [definition.start]);
  const canFinish = stepsThatCanReachEnd(definition);
  definition.steps.forEach((step, index) => {
    if (!reachable.has(step.id)) add(['steps', index], text.unreachable(step.id));
    else if (!canFinish.has(step.id)) add(['steps', index], text.noWayOut(step.id));
  });
  return problems;
}

function withPath(problem: Omit<DefinitionProblem, 'path'>, input: unknown): DefinitionProblem {
  return { path: formatPath(problem.at, input), ...problem };
}

/** The steps a step can lead to directly. */
export function nextStepsOf(step: StepDefinition): string[] {
  if (step.kind === 'human') return step.choices.map((choice) => choice.next);
  if (step.kind === 'system') return Object.values(step.outcomes);
  return [];
}

function reachableFrom(definition: WorkflowDefinition, starts: string[]): Set<string> {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) queue.push(...nextStepsOf(step));
  }
  return seen;
}

function stepsThatCanReachEnd(definition: WorkflowDefinition): Set<string> {
  const ends = definition.steps.filter((step) => step.kind === 'end').map((step) => step.id);
  const canFinish = new Set(ends);
  let grew = true;
  while (grew) {
    grew = false;
    for (const step of definition.steps) {
      if (!canFinish.has(step.id) && nextStepsOf(step).some((next) => canFinish.has(next))) {
        canFinish.add(step.id);
        grew = true;
      }
    }
  }
  return canFinish;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `steps[3] (seleksi_kabid).choices[0].next`: indexes plus the step id, so a reader finds it in the file. */
export function formatPath(path: DefinitionPath, input: unknown): string {
  let out = '';
  path.forEach((key, index) => {
    if (typeof key === 'number') {
      out += `[${key}]`;
      const item = valueAt(input, path.slice(0, index + 1));
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === 'string') out += ` (${id})`;
    } else out += out === '' ? String(key) : `.${String(key)}`;
  });
  return out || '(root)';
}
