import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Locale } from '../../i18n/messages.js';
import type { FormDefinition, FormField } from '../../workflow/definition-schema.js';
import { checkForm, parseFieldAnswer, textOf } from '../../workflow/form-fields.js';
import { checkReason, DEFAULT_REASON_RULE, explainReason, type ReasonRule } from '../../workflow/reason.js';
import { truncate } from './blocks.js';
import { slackMessages } from './messages.js';

/** The callback ids of Cadang's modals: a view_submission is routed by them. */
export const callbackIds = { form: 'cadang-form', reason: 'cadang-reason', select: 'cadang-select', notice: 'cadang-notice' } as const;

/** Where an input's value sits in `view.state.values[block_id][action_id]`. */
const valueAction = 'value';
export const reasonBlock = 'reason';
export const selectionBlock = 'selection';

/** Slack's limits on a modal: title 24 characters, 100 blocks, option text 75, options per select 100, per checkbox group 10. */
export const modalLimits = { title: 24, label: 2000, optionText: 75, selectOptions: 100, checkboxOptions: 10, metadata: 3000 } as const;

/** What a view_submission's state holds for one input (only the fields Cadang reads). */
export interface StateValue {
  type: string;
  value?: string | null | undefined;
  selected_date?: string | null | undefined;
  selected_option?: { value: string } | null | undefined;
  selected_options?: Array<{ value: string }> | undefined;
}
export type ViewStateValues = Record<string, Record<string, StateValue>>;

const plain = (text: string, limit: number = modalLimits.label): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, limit), emoji: true });

/**
 * A modal that only says something (no submit button): the form while it loads, or why it cannot
 * be shown. `/backup` opens this at once, because a trigger id lives 3 s, and then replaces it.
 */
export function buildNoticeModal(title: string, text: string, close: string): types.ModalView {
  return {
    type: 'modal', callback_id: callbackIds.notice, title: plain(title, modalLimits.title), close: plain(close, 24),
    blocks: [{ type: 'section', text: plain(text, 3000) }],
  };
}

// ── Form FM 001 ────────────────────────────────────────────────────────────────────────────────

export interface FormModalInput {
  definitionKey: string;
  title: string;
  form: FormDefinition;
  locale: Locale;
  /** The configured satker list (a select); empty means a text input. */
  satker: string[];
  /** Values to start from, by field name (the person's own name, NIP …). */
  defaults: Record<string, string | null | undefined>;
  /** Today in WIB, YYYY-MM-DD: the date picker's start. */
  today: string;
}

export const formMetadataSchema = z.object({ definitionKey: z.string().min(1) });

function fieldElement(field: FormField, input: FormModalInput): types.InputBlockElement {
  const initial = input.defaults[field.name] ?? undefined;
  if (field.type === 'date') {
    return { type: 'datepicker', action_id: valueAction, initial_date: /^\d{4}-\d{2}-\d{2}$/.test(initial ?? '') ? initial! : input.today };
  }
  if (field.type === 'satker' && input.satker.length > 0) {
    const options = input.satker.slice(0, modalLimits.selectOptions).map((name, index) => ({ text: plain(name, modalLimits.optionText), value: String(index) }));
    const chosen = input.satker.indexOf(initial ?? '');
    return {
      type: 'static_select', action_id: valueAction, placeholder: plain(slackMessages(input.locale).formSatkerPlaceholder()), options,
      ...(chosen >= 0 && chosen < options.length ? { initial_option: options[chosen]! } : {}),
    };
  }
  return { type: 'plain_text_input', action_id: valueAction, multiline: field.type === 'multiline' || field.type === 'reason', ...(initial ? { initial_value: initial } : {}) };
}

/**
 * Form FM 001 as a modal, built from the SOP's form definition: one input block per field
 * (block_id = the field's name), a date picker for dates, the satker list as a select, text inputs
 * for the rest, prefilled with what Cadang knows of the person. Optional fields are marked so.
 */
export function buildFormModal(input: FormModalInput): types.ModalView {
  const t = slackMessages(input.locale);
  const labels = (group: string[]) => group.map((name) => textOf(input.form.fields.find((field) => field.name === name)?.label ?? name, input.locale)).join(', ');
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: plain(t.formIntro(input.title, input.form.code ?? ''), 3000) },
    ...input.form.fields.map((field): types.InputBlock => ({
      type: 'input', block_id: field.name, label: plain(textOf(field.label, input.locale)), optional: !field.required, element: fieldElement(field, input),
    })),
    ...input.form.atLeastOneOf.map((group): types.ContextBlock => ({ type: 'context', elements: [plain(t.formAtLeastOne(labels(group)), 3000)] })),
  ];
  return {
    type: 'modal', callback_id: callbackIds.form, title: plain(t.formTitle(), modalLimits.title), submit: plain(t.submit(), 24), close: plain(t.close(), 24),
    private_metadata: JSON.stringify({ definitionKey: input.definitionKey }), blocks,
  };
}

/** The answers typed in the form modal, by field name, as the chat form would have them (raw). */
export function readFormAnswers(values: ViewStateValues, form: FormDefinition, satker: string[]): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const field of form.fields) {
    const state = values[field.name]?.[valueAction];
    if (!state) answers[field.name] = '';
    else if (state.type === 'datepicker') answers[field.name] = state.selected_date ?? '';
    else if (state.type === 'static_select') answers[field.name] = satker[Number(state.selected_option?.value)] ?? '';
    else answers[field.name] = state.value ?? '';
  }
  return answers;
}

/**
 * Checks the submitted form with the same checks as the chat form and the engine (checkForm):
 * either the per-block errors for `response_action: 'errors'` (the modal stays open with what was
 * typed), or the answers as they are stored (NIP as 18 digits, mobile as +62…, date as YYYY-MM-DD).
 */
export function validateForm(form: FormDefinition, answers: Record<string, string>, locale: Locale, today: string, reasons?: ReasonRule): { ok: true; answers: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const problems = checkForm(form, answers, locale, today, reasons);
  if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
  const normalized: Record<string, string> = {};
  for (const field of form.fields) {
    const check = parseFieldAnswer(field, answers[field.name] ?? '', locale, today, reasons);
    normalized[field.name] = check.ok ? check.value : (answers[field.name] ?? '');
  }
  return { ok: true, answers: normalized };
}

// ── Decisions: a reason, targets, a medium ─────────────────────────────────────────────────────

export const decisionMetadataSchema = z.object({
  instanceId: z.string().min(1),
  stepId: z.string().min(1),
  choiceId: z.string().min(1),
  /** The card the tap came from (channel and ts), to answer next to it. */
  channel: z.string().optional(),
  /** What the modal asks, so its submission is checked without reading the run again (before the ack). */
  reason: z.enum(['required', 'optional', 'none']).default('optional'),
  /** The SOP's rule for reasons (they go into letters), so a short one is refused in the modal itself. */
  rule: z.object({ minLength: z.number(), minWords: z.number(), maxLength: z.number() }).optional(),
  what: z.enum(['targets', 'medium']).optional(),
});
export type DecisionMetadata = z.input<typeof decisionMetadataSchema>;

export interface DecisionModalInput {
  locale: Locale;
  metadata: DecisionMetadata;
  /** The choice's label ("Tolak (balasan melalui Kabag TU)"), and the run it decides. */
  choiceLabel: string;
  intro: string;
  /** Whether the reason is asked, and whether it must be given. */
  reason: 'required' | 'optional' | 'none';
  /** Targets or a medium to pick first, with their options (name, description). */
  select?: { what: 'targets' | 'medium'; options: Array<{ name: string; description?: string | undefined }>; selected?: readonly string[] | undefined } | undefined;
}

function reasonInput(input: DecisionModalInput): types.InputBlock {
  const t = slackMessages(input.locale);
  return {
    type: 'input', block_id: reasonBlock, label: plain(t.reasonLabel(input.choiceLabel)), optional: input.reason !== 'required',
    element: { type: 'plain_text_input', action_id: valueAction, multiline: true, max_length: 2000 },
  };
}

function selectInput(input: DecisionModalInput): types.InputBlock {
  const t = slackMessages(input.locale);
  const { what, options: choices } = input.select!;
  const few = choices.length <= modalLimits.checkboxOptions;
  const options = choices.slice(0, modalLimits.selectOptions).map((option, index) => ({
    text: plain(option.name, modalLimits.optionText),
    value: String(index),
    ...(few && option.description ? { description: plain(option.description, modalLimits.optionText) } : {}),
  }));
  // Up to ten options show as checkboxes (targets) or radio buttons (a medium); more become a select.
  // Targets the run already has (a schedule's, or earlier picks) start ticked.
  const ticked = options.filter((_option, index) => input.select!.selected?.includes(choices[index]!.name));
  const initial = ticked.length > 0 ? { initial_options: ticked } : {};
  const element: types.InputBlockElement = what === 'targets'
    ? few ? { type: 'checkboxes', action_id: valueAction, options, ...initial } : { type: 'multi_static_select', action_id: valueAction, options, ...initial }
    : few ? { type: 'radio_buttons', action_id: valueAction, options } : { type: 'static_select', action_id: valueAction, options };
  return { type: 'input', block_id: selectionBlock, label: plain(t.selectLabel(what)), element };
}

/**
 * The modal behind a decision button that needs more than a tap: the targets (checkboxes) or the
 * medium (radio buttons) to pick, and the reason when the choice asks for one. Which run, step and
 * choice it decides travel in `private_metadata`.
 */
export function buildDecisionModal(input: DecisionModalInput): types.ModalView {
  const t = slackMessages(input.locale);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: plain(input.intro, 3000) }];
  if (input.select) blocks.push(selectInput(input));
  if (input.reason !== 'none') blocks.push(reasonInput(input));
  const title = input.select ? t.selectTitle(input.select.what) : t.reasonTitle();
  return {
    type: 'modal', callback_id: input.select ? callbackIds.select : callbackIds.reason, title: plain(title, modalLimits.title),
    submit: plain(t.save(), 24), close: plain(t.close(), 24), private_metadata: JSON.stringify(input.metadata), blocks,
  };
}

/**
 * Reads a decision modal's submission: the reason and the picked targets or medium, or the
 * per-block errors when something required is missing.
 */
export function readDecision(values: ViewStateValues, input: Pick<DecisionModalInput, 'locale' | 'reason' | 'select'> & { rule?: ReasonRule | undefined }):
  { ok: true; reason: string | undefined; inputs: { targets: string[] } | { medium: string } | undefined } | { ok: false; errors: Record<string, string> } {
  const t = slackMessages(input.locale);
  const errors: Record<string, string> = {};
  const reason = (values[reasonBlock]?.[valueAction]?.value ?? '').trim();
  if (input.reason === 'required' && reason === '') errors[reasonBlock] = t.reasonRequired();
  else if (reason !== '') {
    // The engine's own rule, checked here too so the modal stays open with what was typed.
    const check = checkReason(reason, input.rule ?? DEFAULT_REASON_RULE);
    if (!check.ok) errors[reasonBlock] = explainReason(check.code, check.detail, input.locale);
  }
  let inputs: { targets: string[] } | { medium: string } | undefined;
  if (input.select) {
    const state = values[selectionBlock]?.[valueAction];
    const picked = [...(state?.selected_options ?? []), ...(state?.selected_option ? [state.selected_option] : [])]
      .map((option) => input.select!.options[Number(option.value)]?.name)
      .filter((name): name is string => name !== undefined);
    if (picked.length === 0) errors[selectionBlock] = t.selectNothing(input.select.what);
    inputs = input.select.what === 'targets' ? { targets: picked } : { medium: picked[0]! };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, reason: reason === '' ? undefined : reason, inputs };
}
