/**
 * The two ports the service declares and the outside implements: a `Notifier` for every chat
 * platform (terminal, Telegram, Slack) and a `JobQueue` for long work. The service imports no
 * adapter; `src/main.ts` wires them.
 */
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import type { InstanceState } from '../workflow/types.js';
import type { JobRecord, NewJob } from '../storage/job-repository.js';
import type { RemindEffect, ScheduleReminderEffect, TransitionEffect } from '../storage/outbox-repository.js';

/** A run as an effect concerns it: its current state and the definition it runs under. */
export interface RunContext {
  instance: InstanceState;
  definition: WorkflowDefinition;
}

/** The chat effects a notifier carries out: cards, closing decided cards, notices, milestones. */
export type ChatEffect = Exclude<TransitionEffect, { type: "start-task" | "render-document" }>;

/** A reminder or escalation as the notifier receives it. */
export type ReminderNotice = Omit<RemindEffect, 'type'>;

/** The officer's reminder of a scheduled backup, as the notifier receives it. */
export type ScheduleReminderNotice = Omit<ScheduleReminderEffect, 'type'>;

/** A rendered document to post, with where it is archived (for files too large to send). */
export interface DocumentToPost {
  filename: string;
  bytes: Uint8Array;
  caption: string;
  archivedAt: string;
}

/** Whom a document or notice goes to: the requester, the holders of some roles, the channel. */
export interface Audience {
  requester?: boolean | undefined;
  roles?: string[] | undefined;
  channel?: boolean | undefined;
}

/**
 * One chat platform's outbound side. Every method is safe to call again with the same arguments
 * after a crash (at-least-once delivery): a repeated card is harmless, a lost one is not.
 */
export interface Notifier {
  readonly platform: string;
  /** Carries out one chat effect of a committed transition. Throws when the platform failed (it is retried). */
  deliver(effect: ChatEffect, run: RunContext): Promise<void>;
  /** Posts an issued document to its audience; a recipient who cannot be reached is reported, not thrown. */
  postDocument(run: RunContext, document: DocumentToPost, audience: Audience): Promise<void>;
  /** Shows a running job's progress to the step's role holders as one message edited in place. */
  progress(run: RunContext, stepId: string, text: string, final: boolean): Promise<void>;
  /**
   * Reminds the holders of `notice.role` that a step waits (before its limit), or escalates to them
   * once it passed; each recipient reads it in their own language. Unreachable recipients are logged.
   */
  remind(run: RunContext, notice: ReminderNotice): Promise<void>;
  /** Tells the administrators (and the channel) something that needs a person: a parked effect, an undeliverable document. */
  alertAdministrators(text: string): Promise<void>;
  /** Reminds the holders of `notice.role` of a scheduled backup the working day before, each in their own language. */
  remindSchedule(notice: ScheduleReminderNotice): Promise<void>;
  /** Posts a text (the weekly summary) to the platform's channel; nothing when it has none. */
  postToChannel(text: string): Promise<void>;
}

export type JobKind = 'backup' | 'render-documents' | 'render-document';

/**
 * Where jobs wait until a worker on the right host takes them. On SQLite (the embedded default)
 * jobs are rows the running process claims; on PostgreSQL, pg-boss carries them between hosts.
 * Either way the job row in Cadang's database holds its state, heartbeat, progress and result.
 */
export interface JobQueue {
  /** Stores a job unless one with its key exists (a relay repeated after a crash makes no second job). */
  enqueue(job: NewJob): Promise<void>;
  /** Takes the next due job of these queues for this worker, or null. */
  claim(queues: string[], workerId: string): Promise<JobRecord | null>;
  /** A claimed job has ended (its row says how); a transport that tracks jobs of its own closes it. */
  finished(job: JobRecord): Promise<void>;
  /**
   * Offers again a job whose row has waited `queued` far too long: a process that took it from the
   * transport and died before claiming the row leaves it there (the claim decides, so a second
   * offer is harmless). A transport that offers rows directly needs nothing here.
   */
  reoffer?(job: JobRecord): Promise<void>;
  close(): Promise<void>;
}
