/**
 * Who signs a document, read from the SOP and the trail rather than written per SOP, so a new
 * SOP definition gets its signature blocks without new code:
 * - the officer holds the role of the backup step (Petugas Backup Data; Administrator);
 * - the corrector is the first other role on the way on from the backup (Korektor; Kasubbid Komdat);
 * - the head ("Mengetahui,") is the next role after that (Kabid PJKKD), or else the role that
 *   orders runs of the SOP (Kepala PTID).
 */
import { CadangError } from '../../errors.js';
import { holdersOfRole } from '../../storage/people-repository.js';
import type { TrailEntry } from '../../storage/workflow-repository.js';
import type { PersonInput, SignerInput } from '../../reports/types.js';
import { requesterRole, type StepDefinition, type SystemStep, type WorkflowDefinition } from '../../workflow/definition-schema.js';
import { roleTitle } from '../../workflow/labels.js';
import type { Locale } from '../../i18n/messages.js';
import type { SignerRolesConfig } from '../../reports/config.js';
import { choiceOf, decisionsOf, type RunFacts } from './run-facts.js';

export interface SignerRoles {
  officer: string;
  corrector?: string | undefined;
  head?: string | undefined;
}

/** The SOP's backup step (a system step with task "backup"), if it has one. */
export function findBackupStep(definition: WorkflowDefinition): SystemStep | undefined {
  return definition.steps.find((step): step is SystemStep => step.kind === 'system' && step.task === 'backup');
}

/**
 * Works out the officer, corrector and head roles of an SOP by walking on from its backup step;
 * `configured` (reports.sops.<key>.signers) names any of them outright.
 */
export function findSignerRoles(definition: WorkflowDefinition, configured?: SignerRolesConfig): SignerRoles | undefined {
  const backup = findBackupStep(definition);
  if (!backup) return configured?.officer ? { officer: configured.officer, corrector: configured.corrector, head: configured.head } : undefined;
  const later = rolesAfter(definition, backup).filter((role) => role !== backup.role && role !== requesterRole);
  const fallbackHead = definition.startedBy !== requesterRole && definition.startedBy !== backup.role ? definition.startedBy : undefined;
  const corrector = configured?.corrector ?? later[0];
  return { officer: configured?.officer ?? backup.role, corrector, head: configured?.head ?? later[1] ?? (fallbackHead !== corrector ? fallbackHead : undefined) };
}

/** The signer roles of a run's SOP, with the configuration's choice for that SOP. */
export function signerRolesOf(facts: Pick<RunFacts, 'definition' | 'config'>): SignerRoles | undefined {
  return findSignerRoles(facts.definition, facts.config.reports.sops[facts.definition.key]?.signers);
}

/** The distinct roles of the human steps met when every step goes its forward way (succeeded; approve, forward …). */
function rolesAfter(definition: WorkflowDefinition, from: StepDefinition): string[] {
  const roles: string[] = [];
  const seen = new Set<string>([from.id]);
  let step: StepDefinition | undefined = nextForward(definition, from);
  while (step && !seen.has(step.id)) {
    seen.add(step.id);
    if (step.kind === 'human' && !roles.includes(step.role)) roles.push(step.role);
    step = nextForward(definition, step);
  }
  return roles;
}

/** Choice kinds that send a run back or stop it. */
const negativeKinds = new Set(['reject', 'return', 'postpone']);

function nextForward(definition: WorkflowDefinition, step: StepDefinition): StepDefinition | undefined {
  const next = step.kind === 'system' ? step.outcomes.succeeded
    : step.kind === 'human' ? step.choices.find((choice) => !negativeKinds.has(choice.kind))?.next
    : undefined;
  return next ? definition.steps.find((candidate) => candidate.id === next) : undefined;
}

/** A person as the trail recorded them: their name, NIP and the role they acted in; a delegate signs "Plh." the role. */
export function personOfEntry(entry: TrailEntry, definition: WorkflowDefinition, locale: Locale): PersonInput {
  const title = roleTitle(definition, entry.actorRole ?? '', locale);
  return {
    name: entry.actorName ?? '',
    nip: entry.actorNip ?? '',
    title,
    // Cadang's delegations are acting officials (Plh./Plt.), who sign as "Plh. <role>".
    ...(entry.onBehalfOfName ? { onBehalfOf: { title, name: entry.onBehalfOfName, nip: entry.onBehalfOfNip ?? undefined, mode: 'plh' as const } } : {}),
  };
}

/**
 * The signature block of a role: the person who last acted in it, approved at their latest
 * decision made at or after `since` if that decision goes forward (a decision before the
 * document's content existed, or a return, does not approve it: that block reads "not yet approved"). With nobody in the trail, the one current
 * holder of the role is named, unapproved; with none or several, there is no block.
 */
export async function findSigner(facts: RunFacts, role: string | undefined, since: Date | undefined): Promise<SignerInput | undefined> {
  if (!role) return undefined;
  const acted = decisionsOf(facts).filter((entry) => entry.actorRole === role);
  const last = acted.at(-1);
  if (last) {
    const latest = acted.filter((entry) => entry.actorNip === last.actorNip && (!since || entry.at >= since)).at(-1);
    // A return or rejection is no approval, and it withdraws any approval before it.
    const approval = latest && !negativeKinds.has(choiceOf(facts.definition, latest)?.kind ?? '') ? latest : undefined;
    return { person: personOfEntry(last, facts.definition, facts.locale), ...(approval ? { approvedAt: approval.at } : {}) };
  }
  const holders = await holdersOfRole(facts.db, facts.instance.organisationId, role, facts.now);
  const [holder] = holders;
  if (holders.length !== 1 || !holder) return undefined;
  return { person: { name: holder.name, nip: holder.nip, title: roleTitle(facts.definition, role, facts.locale) } };
}

/** Like {@link findSigner}, for a block the document cannot do without. */
export async function requireSigner(facts: RunFacts, role: string, since: Date | undefined): Promise<SignerInput> {
  const signer = await findSigner(facts, role, since);
  if (!signer) {
    const title = roleTitle(facts.definition, role, facts.locale);
    throw new CadangError('documents.no_signer', facts.msg.noSigner(title, facts.instance.number), { instanceId: facts.instance.id, role });
  }
  return signer;
}
