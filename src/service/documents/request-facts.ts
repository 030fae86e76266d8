/**
 * The facts of a request (SOP B): the form's answers read by field type, not by field name, so
 * an institution's own request form works too; the requester; the date of the request; the head
 * of the requester's work unit, who signs the paper form.
 */
import { listPeople } from '../../storage/people-repository.js';
import type { PersonInput } from '../../reports/types.js';
import type { FormFieldType } from '../../workflow/definition-schema.js';
import { textOf } from '../../workflow/form-fields.js';
import { requesterRole } from '../../workflow/definition-schema.js';
import { decisionsOf, type RunFacts } from './run-facts.js';
import type { TrailEntry } from '../../storage/workflow-repository.js';

/** The answer of the form's first field of a type ("nip", "satker" …), or undefined when empty. */
export function formAnswer(facts: RunFacts, type: FormFieldType): string | undefined {
  const field = facts.definition.form?.fields.find((candidate) => candidate.type === type);
  const value = field ? facts.instance.data.form[field.name]?.trim() : undefined;
  return value ? value : undefined;
}

/** The requester as the form names them (else as registered), with their satker, phone and email. */
export function describeRequester(facts: RunFacts): { person: PersonInput; satker?: string | undefined; phone?: string | undefined; email?: string | undefined } | undefined {
  const name = formAnswer(facts, 'person-name') ?? facts.requester?.name;
  const nip = formAnswer(facts, 'nip') ?? facts.requester?.nip;
  if (!name || !nip) return undefined;
  return {
    person: { name, nip, title: facts.msg.requesterTitle() },
    satker: formAnswer(facts, 'satker') ?? facts.requester?.satker ?? undefined,
    phone: formAnswer(facts, 'mobile') ?? facts.requester?.mobile ?? undefined,
    email: formAnswer(facts, 'email') ?? facts.requester?.email ?? undefined,
  };
}

/** The requester's submission of the form (the decision at the start step). */
export function submissionOf(facts: RunFacts): TrailEntry | undefined {
  return decisionsOf(facts).find((entry) => entry.stepId === facts.definition.start && entry.actorRole === requesterRole);
}

/** The date the request bears: the form's date field, else when it was submitted. */
export function requestedAt(facts: RunFacts): Date {
  const written = formAnswer(facts, 'date');
  // Noon WIB: the same calendar day in WIB, WITA and WIT, whichever zone the documents print in.
  if (written && /^\d{4}-\d{2}-\d{2}$/.test(written)) return new Date(`${written}T12:00:00+07:00`);
  return submissionOf(facts)?.at ?? new Date(facts.instance.stepEnteredAt[facts.definition.start] ?? facts.now);
}

/** What the request asks to back up, one line per filled field of the "at least one of" groups ("Nama Server: srv-simpeg"). */
export function requestSubjects(facts: RunFacts): Array<{ name: string; label: string; value: string }> {
  const form = facts.definition.form;
  if (!form) return [];
  const names = [...new Set(form.atLeastOneOf.flat())];
  return names.flatMap((name) => {
    const field = form.fields.find((candidate) => candidate.name === name);
    const value = facts.instance.data.form[name]?.trim();
    return field && value ? [{ name, label: textOf(field.label, facts.locale), value }] : [];
  });
}

const unitHeadTitle = /^(kepala (pusat|biro)|inspektur)\b/i;

/**
 * The head (Kepala Pusat/Biro/Insp) of a work unit: a registered person of that satker holding a
 * role whose title or note names the head of a centre, bureau or inspectorate ("Kepala Pusat
 * Teknologi Informasi dan Data"). Undefined when there is not exactly one.
 */
export async function findUnitHead(facts: RunFacts, satker: string): Promise<PersonInput | undefined> {
  const headRoles = new Map<string, string>();
  for (const definition of [facts.definition, ...facts.definitions]) {
    for (const [role, spec] of Object.entries(definition.roles)) {
      const words = [textOf(spec.title, 'id'), spec.note ?? ''];
      if (words.some((text) => unitHeadTitle.test(text.trim()))) headRoles.set(role, textOf(spec.title, facts.locale));
    }
  }
  const people = await listPeople(facts.db, facts.instance.organisationId);
  const heads = people.filter((person) => person.satker === satker && person.roles.some((role) => headRoles.has(role)));
  const [head] = heads;
  if (heads.length !== 1 || !head) return undefined;
  return { name: head.name, nip: head.nip, title: headRoles.get(head.roles.find((role) => headRoles.has(role))!)! };
}
