import { z } from 'zod';
import { reasonRuleSchema } from './reason.js';
import { parseTimeLimit, parseWorkLimit } from './duration.js';

/**
 * The workflow definition format: an SOP written as data. Institutions load their own from YAML
 * or JSON; the two seed SOPs ship as built-ins in the same format (src/workflow/builtin/).
 */

/** Text shown to users: Bahasa Indonesia, with an optional English twin. */
export const textSchema = z.union([z.string().min(1), z.object({ id: z.string().min(1), en: z.string().min(1).optional() }).strict()]);
export type Text = z.infer<typeof textSchema>;

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and "_" (e.g. "kabid_pjkkd")');

export const choiceKinds = ['approve', 'reject', 'return', 'postpone', 'forward', 'acknowledge', 'submit-form', 'attach'] as const;
export type ChoiceKind = (typeof choiceKinds)[number];

/** What the actor must supply with a choice, asked in chat before the choice takes effect. */
export const choiceInputs = ['targets', 'medium', 'document'] as const;
export type ChoiceInput = (typeof choiceInputs)[number];

/** The outcome a choice records on the request; the reply letter and berita acara are built from it. */
export const outcomes = ['approved', 'rejected', 'postponed'] as const;
export type Outcome = (typeof outcomes)[number];

export const choiceSchema = z
  .object({
    id: identifier,
    kind: z.enum(choiceKinds),
    label: textSchema,
    next: identifier,
    reason: z.enum(['required', 'optional', 'none']).optional(),
    inputs: z.array(z.enum(choiceInputs)).optional(),
    outcome: z.enum(outcomes).optional(),
    /** A document the choice produces (rendered by the documents layer). */
    document: z.string().optional(),
    /** Roles told of the choice besides the next step's (the SOP says "report to the corrector"). */
    notify: z.array(identifier).optional(),
  })
  .strict();
export type ChoiceDefinition = z.infer<typeof choiceSchema>;

export const systemTasks = ['backup', 'render-documents'] as const;
export type SystemTask = (typeof systemTasks)[number];

/** What `remindEvery` must look like (its Indonesian twin is in schema-messages.ts). */
export const REMIND_EVERY_HINT = 'write the reminder interval such as "1d", "4h" or "1d 4h" (counted in office time in working-time mode)';

const timeLimitSchema = z.string().refine((text) => parseTimeLimit(text) !== undefined, {
  message: 'write a time limit such as "1d", "5h", "30m" or "1d 4h", or "none" when the SOP sets none',
});

/**
 * Who hears when a step's limit passes, and whether its notices wait for office hours. The
 * reminder planner (reminders.ts) reads these; `escalateTo` names a role of the definition.
 */
const escalation = {
  /** The superior told when the limit passes; without it the step's own role is told again. */
  escalateTo: identifier.optional(),
  /** Reminders and escalations go out at any hour instead of waiting for office hours. */
  urgent: z.boolean().optional(),
  /**
   * While the step waits, remind its role every interval ("1d", "4h"), counted in the
   * organisation's calendar: for a wait the SOP sets no limit to (SOP A's storage media request).
   */
  remindEvery: z.string().refine((text) => parseWorkLimit(text) !== undefined, { message: REMIND_EVERY_HINT }).optional(),
};

const baseStep = {
  id: identifier,
  /** The SOP's activity number ("3", "5"), shown on cards and in the trail. */
  number: z.string().min(1),
  title: textSchema,
  note: z.string().optional(),
};

export const humanStepSchema = z
  .object({
    ...baseStep,
    kind: z.literal('human'),
    role: identifier,
    timeLimit: timeLimitSchema,
    /** Count the time limit from when this earlier step was entered (SOP A steps 9–10 share one day). */
    deadlineFrom: identifier.optional(),
    ...escalation,
    choices: z.array(choiceSchema).min(1, 'a human step needs at least one choice, or it can never be left'),
  })
  .strict();

export const systemStepSchema = z
  .object({
    ...baseStep,
    kind: z.literal('system'),
    /** The role that is kept informed and answers for the task (e.g. the Administrator). */
    role: identifier,
    task: z.enum(systemTasks),
    timeLimit: timeLimitSchema,
    deadlineFrom: identifier.optional(),
    ...escalation,
    /** The task's outcome (succeeded, failed, medium-absent, not-enough-room …) → the next step. */
    outcomes: z.record(z.string(), identifier),
  })
  .strict();

export const endStepSchema = z
  .object({
    ...baseStep,
    kind: z.literal('end'),
  })
  .strict();

export const stepSchema = z.discriminatedUnion('kind', [humanStepSchema, systemStepSchema, endStepSchema]);
export type StepDefinition = z.infer<typeof stepSchema>;
export type HumanStep = z.infer<typeof humanStepSchema>;
export type SystemStep = z.infer<typeof systemStepSchema>;

/** `reason`: a reason that goes into official letters, checked by the reason rule (src/workflow/reason.ts). */
export const formFieldTypes = ['date', 'text', 'satker', 'person-name', 'mobile', 'nip', 'email', 'multiline', 'reason'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];

export const formFieldSchema = z
  .object({
    name: identifier,
    label: textSchema,
    type: z.enum(formFieldTypes),
    required: z.boolean().default(true),
    hint: textSchema.optional(),
  })
  .strict();
export type FormField = z.infer<typeof formFieldSchema>;

export const formSchema = z
  .object({
    /** Form number as printed (e.g. "FM 001 SOP 119.002/IF 03 01/ISN 2.2"). */
    code: z.string().optional(),
    fields: z.array(formFieldSchema).min(1),
    /** Groups of fields of which at least one must be filled ("Nama Server / Aplikasi / Folder"). */
    atLeastOneOf: z.array(z.array(identifier).min(2)).default([]),
  })
  .strict();
export type FormDefinition = z.infer<typeof formSchema>;

/** The pseudo-role of the person who started the request. */
export const requesterRole = 'pemohon';

export const definitionSchema = z
  .object({
    key: identifier,
    version: z.number().int().positive(),
    title: textSchema,
    /** The SOP's own document number, revision and issuer, for reports. */
    document: z.object({ number: z.string(), institution: z.string(), revision: z.string().optional() }).strict(),
    /** Who may start one: the requester pseudo-role "pemohon" (anyone) or a named role. */
    startedBy: identifier,
    roles: z.record(identifier, z.object({ title: textSchema, note: z.string().optional() }).strict()),
    form: formSchema.optional(),
    /** Limits for reasons (rejections, returns, the form's reason field); 10 characters, 2 words, 500 at most by default. */
    reasons: reasonRuleSchema.optional(),
    start: identifier,
    steps: z.array(stepSchema).min(2, 'an SOP needs at least a first step and an end step'),
  })
  .strict();
export type WorkflowDefinition = z.infer<typeof definitionSchema>;
