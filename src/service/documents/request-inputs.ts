/**
 * The inputs of a request's papers (SOP B): the Formulir Backup Server (FM 001) as submitted and
 * decided by the Administrator, and the reply letter from the Kabag TU to the requester.
 */
import { createDocumentRepository } from '../../storage/document-repository.js';
import { CadangError } from '../../errors.js';
import type { UnnumberedInput } from '../../reports/issue.js';
import type { SignerInput } from '../../reports/types.js';
import { requesterRole, type HumanStep } from '../../workflow/definition-schema.js';
import { roleTitle } from '../../workflow/labels.js';
import { readBackupRecord } from './backup-result.js';
import { describeRequester, findUnitHead, requestedAt, requestSubjects, submissionOf } from './request-facts.js';
import { choiceOf, decisionsOf, type RunFacts } from './run-facts.js';
import { personOfEntry, requireSigner } from './signers.js';

/** The document name a choice carries (`document: balasan`) when it sends the reply. */
export const replyDocument = 'balasan';

/** Formulir Backup Server (FM 001): the form's answers, the unit head, and the Administrator's Ditindaklanjuti/Ditunda. */
export async function buildRequestFormInput(facts: RunFacts): Promise<UnnumberedInput<'request-form'>> {
  const requester = requireRequester(facts);
  const satker = requester.satker ?? '';
  // The unit head signs the memo on paper and is often not a Cadang user: then the block stays blank.
  const unitHead = await findUnitHead(facts, satker);
  return {
    requestId: facts.msg.requestId(facts.instance.number, facts.instance.id),
    submittedAt: requestedAt(facts),
    satker,
    requester: { name: requester.person.name, nip: requester.person.nip, phone: requester.phone ?? '', email: requester.email ?? '' },
    targets: formTargets(facts),
    ...(unitHead ? { unitHead: { person: unitHead } } : {}),
    ...(submissionOf(facts) ? { requesterApprovedAt: submissionOf(facts)!.at } : {}),
    ...administratorDecision(facts),
  };
}

/** Balasan permohonan: approved (with the report and copies) or not (with the reason), signed by the one who sent it. */
export async function buildReplyLetterInput(facts: RunFacts, issuedAt: Date): Promise<UnnumberedInput<'reply-letter'>> {
  const requester = requireRequester(facts);
  const { instance, definition, msg } = facts;
  if (!instance.outcome) throw new CadangError('documents.undecided', msg.undecided(instance.number), { instanceId: instance.id });
  const approved = instance.outcome === 'approved';
  const signer = await replySigner(facts);
  const report = approved ? await createDocumentRepository(facts.db).latest(instance.id, 'backup-report', { status: 'final' }) : undefined;
  const signerRole = replyStep(facts)?.role;
  const copies = [...new Set(decisionsOf(facts).map((entry) => entry.actorRole ?? '').filter((role) => role && role !== requesterRole && role !== signerRole))]
    .map((role) => roleTitle(definition, role, facts.locale));
  return {
    issuedAt,
    recipient: { person: requester.person, ...(requester.satker ? { satker: requester.satker } : {}) },
    request: {
      id: instance.id,
      number: msg.requestNumber(instance.number),
      submittedAt: requestedAt(facts),
      subjects: requestSubjects(facts).map((subject) => msg.subject(subject.label, subject.value)),
    },
    outcome: approved ? 'approved' : 'rejected',
    ...(approved ? {} : { reason: refusalReason(facts) }),
    ...(report?.number ? { reportNumber: report.number } : {}),
    items: approved ? (readBackupRecord(facts)?.items ?? []) : [],
    signer,
    copies,
  };
}

function requireRequester(facts: RunFacts): NonNullable<ReturnType<typeof describeRequester>> {
  const requester = facts.definition.startedBy === requesterRole ? describeRequester(facts) : undefined;
  if (!requester) throw new CadangError('documents.not_a_request', facts.msg.notARequest(facts.instance.number), { instanceId: facts.instance.id });
  return requester;
}

/** Server, application and folder of the paper form, from the "at least one of" fields (by name, else in order). */
function formTargets(facts: RunFacts): { server?: string; application?: string; folder?: string } {
  const slots = { server: /server/i, application: /aplikasi|application|app/i, folder: /folder|direktori|directory/i } as const;
  const targets: { server?: string; application?: string; folder?: string } = {};
  const unmatched: string[] = [];
  for (const subject of requestSubjects(facts)) {
    const slot = (Object.keys(slots) as Array<keyof typeof slots>).find((key) => slots[key].test(subject.name) && !targets[key]);
    if (slot) targets[slot] = subject.value;
    else unmatched.push(subject.value);
  }
  for (const key of ['server', 'application', 'folder'] as const) if (!targets[key] && unmatched.length > 0) targets[key] = unmatched.shift()!;
  return targets;
}

/** The Administrator's decision: the step that may postpone (Ditunda) is the one that decides Ditindaklanjuti/Ditunda. */
function administratorDecision(facts: RunFacts): Pick<UnnumberedInput<'request-form'>, 'decision'> {
  const step = facts.definition.steps.find((candidate): candidate is HumanStep => candidate.kind === 'human' && candidate.choices.some((choice) => choice.kind === 'postpone'));
  const decision = step ? decisionsOf(facts).filter((entry) => entry.stepId === step.id).at(-1) : undefined;
  const kind = decision ? choiceOf(facts.definition, decision)?.kind : undefined;
  if (!decision || (kind !== 'approve' && kind !== 'postpone')) return {};
  return {
    decision: {
      choice: kind === 'approve' ? 'proceed' : 'postpone',
      ...(decision.reason ? { reason: decision.reason } : {}),
      at: decision.at,
      administrator: personOfEntry(decision, facts.definition, facts.locale),
    },
  };
}

function replyStep(facts: RunFacts): HumanStep | undefined {
  return facts.definition.steps.find((step): step is HumanStep => step.kind === 'human' && step.choices.some((choice) => choice.document === replyDocument));
}

/** The one who sent the reply, approved when they sent it; before that, the holder of the role, unapproved. */
async function replySigner(facts: RunFacts): Promise<SignerInput> {
  const step = replyStep(facts);
  const sent = step ? decisionsOf(facts).filter((entry) => entry.stepId === step.id).at(-1) : undefined;
  if (sent) return { person: personOfEntry(sent, facts.definition, facts.locale), approvedAt: sent.at };
  if (!step) throw new CadangError('documents.not_a_request', facts.msg.notARequest(facts.instance.number), { instanceId: facts.instance.id });
  return requireSigner(facts, step.role, facts.now);
}

/** Why the request was not carried out: the reason of the decision that gave the run its outcome. */
function refusalReason(facts: RunFacts): string {
  const decision = decisionsOf(facts).filter((entry) => choiceOf(facts.definition, entry)?.outcome === facts.instance.outcome).at(-1);
  const reason = decision?.reason ?? '-';
  if (facts.instance.outcome !== 'postponed') return reason;
  return facts.msg.postponedBy(roleTitle(facts.definition, decision?.actorRole ?? '', facts.locale), reason);
}
