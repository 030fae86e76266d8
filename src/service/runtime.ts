import type { Database } from '../storage/database.js';
import { countLiveJobs } from '../storage/job-repository.js';
import { countDueEffects } from '../storage/outbox-repository.js';
import { Dispatcher } from './dispatcher.js';
import type { JobPlanner } from './job-planner.js';
import type { Log } from './log.js';
import type { JobQueue, Notifier } from './ports.js';
import { serviceMessages } from './messages.js';
import { ReminderLoop, type ReminderLoopSettings } from './reminder-loop.js';
import { ScheduleLoop } from './schedule-loop.js';
import { SummaryLoop, type SummaryLoopSettings } from './summary-loop.js';
import { DEFAULT_REMINDER_SETTINGS } from '../workflow/reminders.js';
import { fillCurrentRoles, recoverJobs, reportFinishedSteps } from './recovery.js';
import { Worker, type JobHandlers } from './worker.js';
import type { WorkflowService } from './workflow-service.js';

export interface RuntimeOptions {
  service: WorkflowService;
  db: Database;
  notifiers: Notifier[];
  jobs: JobQueue;
  planJobs: JobPlanner;
  handlers: JobHandlers;
  log: Log;
  /** More to recover at start and on every pass (the executor's records of killed CLI runs). */
  recoverAlso?: (() => Promise<void>) | undefined;
  /** The queues this process works (`['main']` in the service; none for a process that only dispatches). */
  queues: string[];
  timing?: Partial<RuntimeTiming> | undefined;
  /** When steps' role holders are reminded and their superiors told (the `reminders:` configuration). */
  reminders?: ReminderLoopSettings | undefined;
  /** The weekly summary to the channel (the `summary:` configuration) and the media it judges; none without it. */
  summary?: { settings: SummaryLoopSettings; media: ReadonlyArray<{ label: string; capacityBytes: number }> } | undefined;
}

export interface RuntimeTiming {
  /** Dispatcher poll (other processes' rows, retries, progress). */
  pollMs: number;
  heartbeatMs: number;
  /** A running job silent this long is declared interrupted. */
  silentAfterMs: number;
  /** How often recovery looks for silent jobs while running. */
  recoveryMs: number;
  /** How often the reminder loop looks for due reminders and escalations. */
  reminderMs: number;
  /** The longest sleep of the scheduler between firings. */
  scheduleMs: number;
  /** A firing found later than this was missed while Cadang was down (started late or reported). */
  scheduleGraceMs: number;
}

const defaultTiming: RuntimeTiming = { pollMs: 500, heartbeatMs: 2000, silentAfterMs: 30_000, recoveryMs: 10_000, reminderMs: 30_000, scheduleMs: 60_000, scheduleGraceMs: 5 * 60_000 };

/**
 * Job and outbox timing (claims, heartbeats, silence, back-off) runs on the wall clock, never on
 * the workflow's clock, which tests and replays set to other times.
 *
 * Everything that carries out committed decisions in one process: the dispatcher (outbox →
 * notifiers and the job queue), a worker for this process's queues, recovery (silent jobs,
 * unreported steps) at start and every few seconds, the reminder loop (due times → reminders
 * and escalations in the outbox) and the scheduler (the Jadwal Backup starts SOP A). Nothing here holds state only in memory: a
 * process started after a crash finds all of it in the database.
 */
export class Runtime {
  readonly dispatcher: Dispatcher;
  readonly worker: Worker | undefined;
  readonly reminders: ReminderLoop;
  readonly schedules: ScheduleLoop;
  readonly summary: SummaryLoop | undefined;
  private readonly timing: RuntimeTiming;
  private recoveryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RuntimeOptions) {
    this.timing = { ...defaultTiming, ...options.timing };
    const { service, db, log } = options;
    this.dispatcher = new Dispatcher({ service, db, notifiers: options.notifiers, jobs: options.jobs, planJobs: options.planJobs, log: log.child({ part: 'dispatcher' }), pollMs: this.timing.pollMs });
    this.worker = options.queues.length > 0
      ? new Worker({
        service, db, queue: options.jobs, queues: options.queues, handlers: options.handlers, log: log.child({ part: 'worker' }),
        heartbeatMs: this.timing.heartbeatMs, pollMs: this.timing.pollMs * 2, onStepReported: () => this.dispatcher.wake(),
      })
      : undefined;
    this.reminders = new ReminderLoop({
      service, settings: options.reminders ?? DEFAULT_REMINDER_SETTINGS, log: log.child({ part: 'reminders' }), intervalMs: this.timing.reminderMs, onQueued: () => this.dispatcher.wake(),
    });
    this.schedules = new ScheduleLoop({ service, log: log.child({ part: 'schedules' }), intervalMs: this.timing.scheduleMs, graceMs: this.timing.scheduleGraceMs, onStarted: () => this.dispatcher.wake() });
    this.summary = options.summary
      ? new SummaryLoop({ service, ...options.summary, log: log.child({ part: 'summary' }), intervalMs: this.timing.reminderMs, onQueued: () => this.dispatcher.wake() })
      : undefined;
    service.onCommitted(() => this.dispatcher.wake());
    service.onSchedulesChanged(() => this.schedules.wake());
  }

  /** Recovers what a previous process left, then starts dispatching and working. */
  async start(): Promise<void> {
    await this.recover();
    this.dispatcher.start();
    this.worker?.start();
    this.reminders.start();
    this.schedules.start();
    this.summary?.start();
    const loop = () => {
      this.recoveryTimer = setTimeout(() => void this.recover().finally(loop), this.timing.recoveryMs);
    };
    loop();
  }

  /** One recovery pass (also run at start): silent jobs interrupted, unreported steps reported. */
  async recover(): Promise<void> {
    const { service, db, handlers, log } = this.options;
    try {
      await fillCurrentRoles(service, db);
      await this.options.recoverAlso?.();
      await recoverJobs({
        service, db, handlers, log, silentAfterMs: this.timing.silentAfterMs, now: new Date(), jobs: this.options.jobs, liveJobs: this.worker?.activeJobIds(),
      });
      const stuck = await reportFinishedSteps({ service, db, handlers, log, now: new Date() });
      if (stuck.length > 0) log.error({ runs: stuck }, 'runs at a system step have no job and no waiting effect');
    } catch (error) {
      log.error({ err: error }, 'recovery failed');
    }
  }

  /** Runs everything due until quiet: the dispatcher drained, no job running or queued here (tests, CLI). */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await this.dispatcher.drain();
      this.worker?.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await this.worker?.idle();
      await this.dispatcher.drain();
      if (!(await this.busy())) return;
    }
  }

  private async busy(): Promise<boolean> {
    const { db } = this.options;
    const [effects, jobs] = await Promise.all([countDueEffects(db, new Date()), countLiveJobs(db, this.options.queues)]);
    return effects + jobs > 0;
  }

  async stop(): Promise<void> {
    clearTimeout(this.recoveryTimer);
    await this.reminders.stop();
    await this.schedules.stop();
    await this.summary?.stop();
    // Running jobs are cancelled with the reason (their tools stopped, partial copies removed).
    await this.worker?.stop(serviceMessages(this.options.service.locale).processStopped());
    await this.dispatcher.stop();
    await this.options.jobs.close();
  }
}
