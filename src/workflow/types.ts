import type { ChoiceInput, Outcome, SystemTask } from './definition-schema.js';

/** Who acted: the person, and the role they acted in. A delegate (Plh./Plt.) acts "a.n." a principal. */
export interface Actor {
  personId: string;
  name: string;
  nip: string;
  role: string;
  onBehalfOf?: { personId: string; name: string; nip: string } | undefined;
}

/** What a request carries besides its position: the form, the mapped targets, the chosen medium, task results. */
export interface InstanceData {
  form: Record<string, string>;
  targets: string[];
  medium?: string | undefined;
  /** The last result of each system step, by step id (e.g. backup copies, document numbers). */
  taskResults: Record<string, { outcome: string; summary?: string | undefined; detail?: unknown }>;
}

export type InstanceStatus = 'open' | 'finished';

/** The current state of one SOP run. Derived from its events; `version` counts accepted events. */
export interface InstanceState {
  id: string;
  organisationId: string;
  number: number;
  definitionKey: string;
  definitionVersion: number;
  status: InstanceStatus;
  outcome: Outcome | null;
  currentStep: string | null;
  requesterId: string | null;
  data: InstanceData;
  /** When each step was last entered (ISO time); deadlines that span steps count from here. */
  stepEnteredAt: Record<string, string>;
  version: number;
}

/** An event offered to the engine. */
export type WorkflowInput =
  | {
      type: 'choose';
      stepId: string;
      choiceId: string;
      actor: Actor;
      reason?: string | undefined;
      inputs?: ChoiceInputs | undefined;
      /** The form's answers, with a submit-form choice on a step of an SOP that has a form. */
      form?: Record<string, string> | undefined;
      at: Date;
    }
  | {
      type: 'task-result';
      stepId: string;
      outcome: string;
      summary?: string | undefined;
      detail?: unknown;
      at: Date;
    };

export interface ChoiceInputs {
  targets?: string[] | undefined;
  medium?: string | undefined;
  document?: string | undefined;
}

/** Milestones announced in the institution's channel. */
export type Milestone = 'received' | 'decided' | 'task-started' | 'task-finished' | 'finished';

/** What the runner must do after a transition. Data only: the engine runs none of it. */
export type Effect =
  | { type: 'request-decision'; stepId: string; role: string }
  | { type: 'close-cards'; stepId: string; choiceId: string | null; actorName: string | null; at: Date }
  | { type: 'set-deadline'; stepId: string; dueAt: Date }
  | { type: 'close-deadline'; stepId: string }
  | { type: 'start-task'; stepId: string; task: SystemTask }
  | { type: 'render-document'; document: string; stepId: string }
  | { type: 'inform-requester'; stepId: string; choiceId: string | null; outcome: string | null }
  | { type: 'announce'; milestone: Milestone; stepId: string }
  | { type: 'finished'; outcome: Outcome | null };

/** Why the engine refused an event. The service turns each into a sentence for the user. */
export type RefusalCode =
  | 'finished'
  | 'stale-step'
  | 'unknown-choice'
  | 'wrong-role'
  | 'reason-required'
  | 'reason-too-short'
  | 'reason-too-long'
  | 'input-required'
  | 'form-invalid'
  | 'not-a-system-step'
  | 'unknown-outcome';

export interface Refusal {
  code: RefusalCode;
  /** Extra facts for the message: the missing input, the form's problems by field … */
  detail?: Record<string, unknown>;
}

/** The event to append to the audit trail for an accepted transition. */
export interface TrailRecord {
  type: WorkflowInput['type'];
  stepId: string;
  choice: string;
  reason: string | null;
  payload: Record<string, unknown> | null;
}

export type TransitionResult =
  | { ok: true; instance: InstanceState; effects: Effect[]; record: TrailRecord }
  | { ok: false; refusal: Refusal };

export type { ChoiceInput };
