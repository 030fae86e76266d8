import type { Locale } from '../i18n/messages.js';
import { requestJobCancel } from '../storage/job-repository.js';
import { findPersonById, resolveActor, rolesOf, type PersonRecord } from '../storage/people-repository.js';
import type { Database } from '../storage/database.js';
import { loadDefinition, saveDefinition } from '../storage/definition-repository.js';
import {
  commitTransition, createInstance, findDecision, findEventByKey, findInstanceOfEvent, listTrail, listWaitingFor, loadInstance, recordAction, recordRefusal, VersionConflict, type EventActor,
} from '../storage/workflow-repository.js';
import { requesterRole, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { buildCalendar, type WorkCalendar } from '../workflow/calendar.js';
import { startInstance, stepById, transition } from '../workflow/engine.js';
import { checkForm } from '../workflow/form-fields.js';
import { formatWibDate } from '../workflow/wib.js';
import type { Actor, ChoiceInputs, Effect, InstanceState, RefusalCode, WorkflowInput } from '../workflow/types.js';
import type { DefinitionRegistry } from './definitions.js';
import { createDirectory, type Directory } from './directory.js';
import { serviceMessages } from './messages.js';
import { defaultSchedulePolicy, type SchedulePolicy } from './schedule-policy.js';
import { actorName } from './trail-format.js';

/** What became of an event offered to the service. */
export type EventOutcome =
  | { status: 'accepted'; instance: InstanceState; effects: Effect[] }
  /** The same delivery (same idempotency key) was already handled; nothing changed. */
  | { status: 'duplicate'; instance: InstanceState }
  | { status: 'refused'; code: RefusalCode | 'unknown-instance' | 'unknown-sop'; instance: InstanceState | null; decidedBy?: { name: string; at: Date; system: boolean } | undefined; detail?: Record<string, unknown> | undefined };


export interface StartRunOptions {
  cards?: boolean | undefined;
  targets?: readonly string[] | undefined;
  note?: string | undefined;
}

export interface DecisionRequest {
  instanceId: string;
  stepId: string;
  choiceId: string;
  person: PersonRecord;
  reason?: string | undefined;
  inputs?: ChoiceInputs | undefined;
  form?: Record<string, string> | undefined;
  /** Filing a request for another employee: the trail says "filed by the person for this one". */
  filedFor?: { name: string; nip: string } | undefined;
  /** Unique per delivery: a retried delivery carries the same key and changes nothing. */
  key: string;
  at?: Date | undefined;
}

const maxAttempts = 8;

/**
 * The workflow service: reads a run, asks the pure engine what an event does, stores the result
 * with optimistic concurrency, and hands the effects to the runner. Double taps, concurrent
 * approvers and retried deliveries all end in exactly one transition.
 */
export class WorkflowService {
  private readonly committedListeners: Array<() => void> = [];
  /** What the chat layer may read and keep (people, runs, chat state), without a database client. */
  readonly directory: Directory;
  /** How the organisation runs its Jadwal Backup (config `schedules:`). */
  readonly schedules: SchedulePolicy;

  constructor(
    readonly db: Database,
    readonly definitions: DefinitionRegistry,
    readonly organisationId: string,
    readonly locale: Locale = 'id',
    private readonly clock: () => Date = () => new Date(),
    /** Who may file a request for another employee (config `onBehalfRoles`); everyone else files for themselves. */
    private readonly policy: { onBehalfRoles?: readonly string[] | undefined; schedules?: Partial<SchedulePolicy> | undefined } = {},
    /** Due times, reminders and "time left" count in this calendar; wall-clock time unless the organisation configures working time. */
    readonly calendar: WorkCalendar = buildCalendar({ mode: 'wall-clock' }),
  ) {
    this.directory = createDirectory(db, organisationId, () => this.now());
    this.schedules = { ...defaultSchedulePolicy, ...policy.schedules };
  }

  /**
   * Called after every commit: the effects are already stored in the outbox with the decision,
   * so the dispatcher only needs waking (it would find them at its next poll anyway).
   */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  private committed(): void {
    for (const listener of this.committedListeners) listener();
  }

  private readonly scheduleListeners: Array<() => void> = [];

  /** Called when a schedule is added or changed in this process (the scheduler looks again at once). */
  onSchedulesChanged(listener: () => void): void {
    this.scheduleListeners.push(listener);
  }

  schedulesChanged(): void {
    for (const listener of this.scheduleListeners) listener();
  }

  /** The role that acts on the run's current step: null at a system step and at the end. */
  roleOfCurrentStep(definition: WorkflowDefinition, instance: InstanceState): string | null {
    return instance.currentStep && instance.status !== 'finished' ? this.roleOfStep(definition, instance.currentStep) : null;
  }

  private roleOfStep(definition: WorkflowDefinition, stepId: string): string | null {
    const step = stepById(definition, stepId);
    return step.kind === 'human' ? step.role : null;
  }

  now(): Date {
    return this.clock();
  }

  /** Stores the loaded definitions so runs can always find the version they started under. */
  async registerDefinitions(): Promise<void> {
    for (const definition of this.definitions.all()) await saveDefinition(this.db, this.organisationId, definition, 'config');
  }

  async definitionOf(instance: Pick<InstanceState, 'organisationId' | 'definitionKey' | 'definitionVersion'>): Promise<WorkflowDefinition> {
    const known = this.definitions.version(instance.definitionKey, instance.definitionVersion)
      ?? (await loadDefinition(this.db, instance.organisationId, instance.definitionKey, instance.definitionVersion));
    if (!known) throw new Error(`SOP ${instance.definitionKey} v${instance.definitionVersion} is not known`);
    return known;
  }

  /**
   * Starts a run of an SOP. `requester` is null for runs the schedule starts. `cards: false`
   * stores no card for the start step (the requester submitting at once would only see it closed).
   * `targets` are registered targets the run starts with (a schedule's), `note` says in the trail
   * why it started (the schedule and its firing time).
   */
  async start(definitionKey: string, requester: PersonRecord | null, key: string, options: StartRunOptions = {}): Promise<EventOutcome> {
    const definition = this.definitions.latestOf(definitionKey);
    if (!definition) return { status: 'refused', code: 'unknown-sop', instance: null };
    const existing = await findEventByKey(this.db, key);
    if (existing) {
      const instance = await this.instanceOfEvent(key);
      if (instance) return { status: 'duplicate', instance };
    }
    const at = this.now();
    const created = await createInstance(
      this.db,
      this.organisationId,
      (number, id) => startInstance(definition, { id, organisationId: this.organisationId, number, requesterId: requester?.id ?? null, at, calendar: this.calendar, targets: options.targets }),
      {
        actor: requester ? personActor(requester, requesterRole) : systemActor, key, at, reason: options.note,
        currentRole: this.roleOfStep(definition, definition.start),
        carryOut: (effects) => (options.cards === false ? effects.filter((effect) => effect.type !== 'request-decision') : effects),
      },
    );
    this.committed();
    return { status: 'accepted', instance: created.instance, effects: created.effects };
  }

  /** A requester submits a filled form: starts the run and takes its submit-form choice in one go. */
  async submitRequest(definitionKey: string, requester: PersonRecord, form: Record<string, string>, key: string): Promise<EventOutcome> {
    const definition = this.definitions.latestOf(definitionKey);
    if (!definition) return { status: 'refused', code: 'unknown-sop', instance: null };
    const startStep = stepById(definition, definition.start);
    const submit = startStep.kind === 'human' ? startStep.choices.find((choice) => choice.kind === 'submit-form') : undefined;
    if (!submit) return { status: 'refused', code: 'unknown-choice', instance: null };
    // Check the form before anything is stored, so a refused form leaves no half-started run.
    const problems = definition.form ? checkForm(definition.form, form, this.locale, formatWibDate(this.now())) : {};
    const nipField = definition.form?.fields.find((field) => field.type === 'nip');
    const filedFor = nipField && form[nipField.name] && form[nipField.name]!.replace(/\D/g, '') !== requester.nip ? { name: form.nama ?? '', nip: form[nipField.name]! } : undefined;
    if (filedFor && !problems[nipField!.name]) {
      const roles = await rolesOf(this.db, requester.id, this.now());
      if (!roles.some((role) => this.policy.onBehalfRoles?.includes(role))) problems[nipField!.name] = serviceMessages(this.locale).notOwnNip(requester.nip);
    }
    if (Object.keys(problems).length > 0) return { status: 'refused', code: 'form-invalid', instance: null, detail: { problems } };
    // The requester is the one acting, so the start step's card would only be sent to be closed.
    const started = await this.start(definitionKey, requester, `${key}:start`, { cards: false });
    if (started.status === 'refused') return started;
    return this.decide({ instanceId: started.instance.id, stepId: definition.start, choiceId: submit.id, person: requester, form, filedFor, key: `${key}:submit` });
  }

  /** A person takes a choice on a step. Only the step's role holders (or delegates) may. */
  async decide(request: DecisionRequest): Promise<EventOutcome> {
    return this.apply(request.instanceId, request.key, async (instance, definition, at) => {
      const step = instance.currentStep ? stepById(definition, instance.currentStep) : null;
      const role = step && step.kind !== 'end' ? step.role : null;
      const actor = await this.actorFor(request.person, role, instance, at);
      const input: WorkflowInput = {
        type: 'choose', stepId: request.stepId, choiceId: request.choiceId, reason: request.reason, inputs: request.inputs, form: request.form, at,
        actor: actor ?? { personId: request.person.id, name: request.person.name, nip: request.person.nip, role: '' },
      };
      const columns = actor ? actorColumns(actor) : personActor(request.person, null);
      return { input, actor: request.filedFor ? { ...columns, onBehalfOf: request.filedFor } : columns };
    });
  }

  /**
   * Cadang itself takes a choice on a human step, as the organisation configured (the automatic
   * order of a scheduled backup). The trail names the system as the actor, with `reason`.
   */
  async decideAsSystem(request: { instanceId: string; stepId: string; choiceId: string; reason: string; key: string }): Promise<EventOutcome> {
    return this.apply(request.instanceId, request.key, async (_instance, definition, at) => ({
      input: {
        type: 'choose', stepId: request.stepId, choiceId: request.choiceId, reason: request.reason, at,
        // The system acts in the step's role; the organisation's configuration is its authority.
        actor: { personId: 'system', name: systemActor.name ?? '', nip: '', role: this.roleOfStep(definition, request.stepId) ?? '' },
      },
      actor: systemActor,
    }));
  }

  /** The executor or document renderer reports how a system step ended. */
  async reportTaskResult(instanceId: string, stepId: string, outcome: string, summary: string | undefined, detail: unknown, key: string): Promise<EventOutcome> {
    return this.apply(instanceId, key, async (_instance, _definition, at) => ({
      input: { type: 'task-result', stepId, outcome, summary, detail, at },
      actor: systemActor,
    }));
  }

  /** Read, decide, write; on a concurrent write, read again and decide again (the second read sees the step decided). */
  private async apply(
    instanceId: string,
    key: string,
    prepare: (instance: InstanceState, definition: WorkflowDefinition, at: Date) => Promise<{ input: WorkflowInput; actor: EventActor }>,
  ): Promise<EventOutcome> {
    for (let attempt = 1; ; attempt++) {
      const instance = await loadInstance(this.db, instanceId);
      if (!instance) return { status: 'refused', code: 'unknown-instance', instance: null };
      if (await findEventByKey(this.db, key)) return { status: 'duplicate', instance };
      const definition = await this.definitionOf(instance);
      const at = this.now();
      const { input, actor } = await prepare(instance, definition, at);
      const result = transition(definition, instance, input, this.calendar);
      if (!result.ok) {
        const choice = input.type === 'choose' ? input.choiceId : input.outcome;
        await recordRefusal(this.db, { instanceId, stepId: input.stepId, choice, code: result.refusal.code, actor, key, at, reason: input.type === 'choose' ? input.reason : null });
        const decision = result.refusal.code === 'stale-step' || result.refusal.code === 'finished' ? await findDecision(this.db, instanceId, input.stepId) : null;
        return {
          status: 'refused', code: result.refusal.code, instance, detail: result.refusal.detail,
          decidedBy: decision ? { name: actorName(decision, this.locale), at: decision.at, system: decision.actorRole === 'system' } : undefined,
        };
      }
      try {
        const currentRole = this.roleOfCurrentStep(definition, result.instance);
        await commitTransition(this.db, { before: instance, after: result.instance, currentRole, effects: result.effects, record: result.record, actor, key, at });
      } catch (error) {
        if (error instanceof VersionConflict && attempt < maxAttempts) continue;
        if (error instanceof VersionConflict) throw new Error(`instance ${instanceId} kept changing; gave up after ${maxAttempts} attempts`);
        const duplicate = await findEventByKey(this.db, key);
        if (duplicate) return { status: 'duplicate', instance: (await loadInstance(this.db, instanceId))! };
        throw error;
      }
      this.committed();
      return { status: 'accepted', instance: result.instance, effects: result.effects };
    }
  }

  /**
   * Asks the running backup of a run to stop (the cancel button on its progress message,
   * `/batal N`). Only a holder of the system step's role (or a delegate) may; the request is in the
   * trail, and the worker (on whatever host) stops the tools it started within a heartbeat.
   */
  async cancelJobs(instance: InstanceState, person: PersonRecord, key: string): Promise<'cancelling' | 'nothing-running' | 'not-allowed'> {
    const definition = await this.definitionOf(instance);
    const step = instance.currentStep ? stepById(definition, instance.currentStep) : null;
    if (!step || step.kind !== 'system') return 'nothing-running';
    const actor = await this.actorFor(person, step.role, instance, this.now());
    if (!actor) {
      // A cancel tap by someone who does not hold the step's role is refused and recorded like any other.
      await recordRefusal(this.db, { instanceId: instance.id, stepId: step.id, choice: 'cancel-requested', code: 'wrong-role', actor: personActor(person, null), key, at: this.now() });
      return 'not-allowed';
    }
    const asked = await requestJobCancel(this.db, instance.id, `${person.name} (${person.nip})`);
    if (asked === 0) return 'nothing-running';
    await recordAction(this.db, { instanceId: instance.id, stepId: step.id, type: 'cancel-requested', actor: actorColumns(actor), key, at: this.now() });
    return 'cancelling';
  }

  /** Whether a person may act on the run's current step now (as holder, delegate or requester). */
  async mayAct(instance: InstanceState, person: PersonRecord): Promise<boolean> {
    if (!instance.currentStep || instance.status === 'finished') return false;
    const step = stepById(await this.definitionOf(instance), instance.currentStep);
    return step.kind === 'human' && (await this.actorFor(person, step.role, instance, this.now())) !== null;
  }

  /**
   * Whether a person may see a run and its trail: its requester, whoever acted in it (or was
   * acted for), whoever may act on its current step, and holders of `adminRoles`. Everyone else
   * is told the run does not exist, so its number reveals nothing.
   */
  async mayRead(instance: InstanceState, person: PersonRecord, adminRoles: readonly string[]): Promise<boolean> {
    if (instance.requesterId === person.id) return true;
    const roles = await rolesOf(this.db, person.id, this.now());
    if (roles.some((role) => adminRoles.includes(role))) return true;
    const definition = await this.definitionOf(instance);
    const current = this.roleOfCurrentStep(definition, instance);
    if (current && (await this.actorFor(person, current, instance, this.now()))) return true;
    const trail = await listTrail(this.db, instance.id);
    return trail.some((entry) => entry.accepted && (entry.actorPersonId === person.id || (entry.onBehalfOfNip !== null && entry.onBehalfOfNip === person.nip)));
  }

  /**
   * Open runs whose current step waits for this person (as holder, delegate or requester), a page
   * at a time: one indexed query over the current step's role, however many runs are open.
   */
  async pendingFor(person: PersonRecord, page: { after?: number | undefined; take?: number | undefined } = {}): Promise<InstanceState[]> {
    const roles = await rolesOf(this.db, person.id, this.now());
    return listWaitingFor(this.db, this.organisationId, { roles, requesterRole, requesterId: person.id }, { after: page.after, take: page.take ?? 10 });
  }

  private async actorFor(person: PersonRecord, role: string | null, instance: InstanceState, at: Date): Promise<Actor | null> {
    if (role === null) return null;
    if (role === requesterRole) return person.id === instance.requesterId ? { personId: person.id, name: person.name, nip: person.nip, role } : null;
    return resolveActor(this.db, person, role, at);
  }

  private async instanceOfEvent(key: string): Promise<InstanceState | null> {
    return findInstanceOfEvent(this.db, key);
  }

  async person(id: string): Promise<PersonRecord | null> {
    return findPersonById(this.db, id);
  }
}

const systemActor: EventActor = { personId: null, name: 'Sistem Cadang', nip: null, role: 'system' };

function personActor(person: PersonRecord, role: string | null): EventActor {
  return { personId: person.id, name: person.name, nip: person.nip, role };
}

function actorColumns(actor: Actor): EventActor {
  return { personId: actor.personId, name: actor.name, nip: actor.nip, role: actor.role, onBehalfOf: actor.onBehalfOf };
}
