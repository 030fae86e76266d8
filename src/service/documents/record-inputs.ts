/**
 * The inputs of the backup records: berita acara, laporan (backup report) and ceklis, built
 * from a run's trail, its backup result and the Daftar Backup. Nothing is invented: a copy the
 * executor did not report is not listed, a signer who has not approved is printed as such.
 */
import { CadangError } from '../../errors.js';
import type { UnnumberedInput } from '../../reports/issue.js';
import type { ApprovalInput, BeritaAcaraInput, ChecklistInput, SignerInput } from '../../reports/types.js';
import { requesterRole } from '../../workflow/definition-schema.js';
import { textOf } from '../../workflow/form-fields.js';
import { kindOf, readBackupRecord, type BackupRecord } from './backup-result.js';
import { describeRequester, requestedAt } from './request-facts.js';
import { choiceOf, decisionsOf, enteredAt, payloadOf, type RunFacts } from './run-facts.js';
import { findBackupStep, findSigner, personOfEntry, requireSigner, signerRolesOf } from './signers.js';

type ChecklistEntryInput = ChecklistInput['entries'][number];
type ReferenceInput = BeritaAcaraInput['reference'];

/** Berita Acara Pelaksanaan Backup Data of a run whose backup step has reported. */
export async function buildBeritaAcaraInput(facts: RunFacts, issuedAt: Date): Promise<UnnumberedInput<'berita-acara'>> {
  const backup = requireBackup(facts);
  return {
    reference: referenceOf(facts),
    ...orderOf(facts),
    performedAt: backup.items.length > 0 ? undefined : backup.startedAt,
    issuedAt,
    items: backup.items,
    notes: backup.notes,
    ...(await signersOf(facts, backup.startedAt, reviewedSince(facts, backup))),
  };
}

/** Laporan Pelaksanaan Backup Data: the same facts plus failures and the decisions that led to the run. */
export async function buildBackupReportInput(facts: RunFacts, issuedAt: Date): Promise<UnnumberedInput<'backup-report'>> {
  const backup = requireBackup(facts);
  return {
    reference: referenceOf(facts),
    ...orderOf(facts),
    issuedAt,
    items: backup.items,
    failures: backup.failures,
    approvals: approvalsOf(facts),
    notes: backup.notes,
    ...(await signersOf(facts, backup.startedAt, reviewedSince(facts, backup))),
  };
}

/**
 * From when a corrector's or head's approval counts for the berita acara and laporan: from the
 * latest making of the documents (SOP A step 9), so an approval of an earlier draft does not sign
 * a new one; without such a step, from the backup.
 */
function reviewedSince(facts: RunFacts, backup: BackupRecord): Date {
  const render = facts.definition.steps.find((step) => step.kind === 'system' && step.task === 'render-documents');
  const made = enteredAt(facts, render?.id);
  return made && made > backup.startedAt ? made : backup.startedAt;
}

/**
 * Ceklis Backup Data: the targets as first prepared, as corrected (a return by the corrector and
 * a new list), and as filled once the backup has reported.
 */
export async function buildChecklistInput(facts: RunFacts, issuedAt: Date): Promise<UnnumberedInput<'checklist'>> {
  const submissions = decisionsOf(facts).filter((entry) => payloadOf(entry)?.inputs?.targets?.length);
  const first = submissions[0];
  const final = facts.instance.data.targets;
  if (!first || final.length === 0) throw new CadangError('documents.no_targets', facts.msg.noTargets(facts.instance.number), { instanceId: facts.instance.id });
  const prepared = payloadOf(first)?.inputs?.targets ?? [];
  const lastSubmission = submissions.at(-1)!;
  const decisions = decisionsOf(facts);
  // The corrections of the list are the returns between its first and its last submission (a later return concerns the report).
  const returns = decisions.filter((entry) => entry.at >= first.at && entry.at <= lastSubmission.at && choiceOf(facts.definition, entry)?.kind === 'return' && entry.reason);
  const correctionNote = returns.length > 0 ? facts.msg.correctionNote(returns.map((entry) => entry.reason).join('; ')) : undefined;
  const backup = readBackupRecord(facts);
  const roles = signerRolesOf(facts);
  const filled = backup !== undefined && decisions.some((entry) => entry.actorRole === roles?.officer && entry.at >= backup.startedAt && entry.stepId !== findBackupStep(facts.definition)?.id);
  const corrected = decisions.some((entry) => entry.id > lastSubmission.id && choiceOf(facts.definition, entry)?.kind === 'approve');

  const names = [...final, ...prepared.filter((name) => !final.includes(name))];
  const medium = facts.instance.data.medium;
  const entries = names.map((name): ChecklistEntryInput => {
    const copy = backup?.items.find((item) => item.targetName === name);
    const failure = backup?.failures.find((item) => item.targetName === name);
    const correction = !prepared.includes(name) ? { action: 'added' as const, note: correctionNote }
      : !final.includes(name) ? { action: 'removed' as const, note: correctionNote }
      : undefined;
    const result = !backup || !final.includes(name) ? undefined
      : copy ? { status: 'done' as const, sizeBytes: copy.sizeBytes, finishedAt: new Date(copy.finishedAt) }
      : failure ? { status: 'failed' as const, reason: failure.reason }
      : { status: 'not-done' as const, reason: backup.standIn ? facts.msg.notCopied() : undefined };
    return {
      targetName: name,
      kind: copy?.kind ?? kindOf(facts, facts.config.backup.targets, name, undefined),
      placement: (copy?.mediumLabel ?? medium) ? 'external' : 'internal',
      ...((copy?.mediumLabel ?? medium) ? { mediumLabel: copy?.mediumLabel ?? medium } : {}),
      ...(copy ? { location: copy.location } : {}),
      prepared: prepared.includes(name),
      ...(correction ? { correction } : {}),
      ...(result ? { result } : {}),
    };
  });
  // The checklist exists from its first submission: approvals from then on sign it.
  const signers = await signersOf(facts, first.at);
  return {
    reference: referenceOf(facts),
    scheduledFor: orderOf(facts).order?.at ?? first.at,
    stage: filled ? 'filled' : corrected ? 'corrected' : 'prepared',
    issuedAt,
    entries,
    ...signers,
  };
}

function requireBackup(facts: RunFacts): BackupRecord {
  if (!findBackupStep(facts.definition)) {
    throw new CadangError('documents.no_backup_step', facts.msg.noBackupStep(textOf(facts.definition.title, facts.locale)), { instanceId: facts.instance.id });
  }
  const backup = readBackupRecord(facts);
  if (!backup) throw new CadangError('documents.backup_not_run', facts.msg.backupNotRun(facts.instance.number), { instanceId: facts.instance.id });
  return backup;
}

/** A request (with its requester) or a scheduled run (named after its SOP). */
export function referenceOf(facts: RunFacts): ReferenceInput {
  const { instance, definition, msg } = facts;
  const requester = definition.startedBy === requesterRole ? describeRequester(facts) : undefined;
  if (requester) {
    return {
      kind: 'request',
      id: instance.id,
      requestNumber: msg.requestNumber(instance.number),
      requester: requester.person,
      ...(requester.satker ? { satker: requester.satker } : {}),
      requestedAt: requestedAt(facts),
    };
  }
  return { kind: 'scheduled-run', id: instance.id, title: msg.runTitle(textOf(definition.title, facts.locale), instance.number) };
}

/** Who ordered a scheduled run, from the decision at its start step (SOP A step 1). */
function orderOf(facts: RunFacts): { order?: { person: ReturnType<typeof personOfEntry>; at: Date } } {
  if (facts.definition.startedBy === requesterRole) return {};
  const order = decisionsOf(facts).find((entry) => entry.stepId === facts.definition.start);
  return order ? { order: { person: personOfEntry(order, facts.definition, facts.locale), at: order.at } } : {};
}

/** Every decision by a person, oldest first, under its choice's label. */
function approvalsOf(facts: RunFacts): ApprovalInput[] {
  return decisionsOf(facts).map((entry) => {
    const choice = choiceOf(facts.definition, entry);
    return {
      person: personOfEntry(entry, facts.definition, facts.locale),
      at: entry.at,
      choice: choice ? textOf(choice.label, facts.locale) : (entry.choice ?? '-'),
      ...(entry.reason ? { note: entry.reason } : {}),
    };
  });
}

async function signersOf(facts: RunFacts, since: Date, reviewSince: Date = since): Promise<{ officer: SignerInput; corrector?: SignerInput; head?: SignerInput }> {
  const roles = signerRolesOf(facts);
  if (!roles) throw new CadangError('documents.no_backup_step', facts.msg.noBackupStep(textOf(facts.definition.title, facts.locale)), { instanceId: facts.instance.id });
  const [officer, corrector, head] = await Promise.all([requireSigner(facts, roles.officer, since), findSigner(facts, roles.corrector, reviewSince), findSigner(facts, roles.head, reviewSince)]);
  return { officer, ...(corrector ? { corrector } : {}), ...(head ? { head } : {}) };
}
