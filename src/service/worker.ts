import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../storage/database.js';
import { finishJob, heartbeatJob, jobsOfKey, setJobProgress, type JobRecord } from '../storage/job-repository.js';
import { loadInstance } from '../storage/workflow-repository.js';
import type { Log } from './log.js';
import { serviceMessages } from './messages.js';
import type { JobKind, JobQueue, RunContext } from './ports.js';
import type { WorkflowService } from './workflow-service.js';

/** How a job ended, as its handler reports it. */
export interface JobOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  result: unknown;
  reason?: string | undefined;
}

/** What a job handler gets: the job, its run, a signal that aborts on cancel or loss, and a progress line. */
export interface JobContext {
  job: JobRecord;
  run: RunContext;
  signal: AbortSignal;
  progress(text: string): void;
  log: Log;
}

/** The outcome a system step reports when all its jobs have ended. */
export interface StepResult {
  outcome: string;
  summary: string;
  detail: unknown;
}

/** One kind of job: how to run it, and (for a system step) how its jobs add up to the step's outcome. */
export interface JobHandler {
  run(context: JobContext): Promise<JobOutcome>;
  /** Null for a job that is not a system step (a document a choice produces). */
  complete?(jobs: JobRecord[], run: RunContext): StepResult;
}

export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

export interface WorkerOptions {
  service: WorkflowService;
  db: Database;
  queue: JobQueue;
  /** The queues this worker takes jobs from (`main` in the service process). */
  queues: string[];
  handlers: JobHandlers;
  log: Log;
  /** Jobs run at once (different targets), default 2. */
  concurrency?: number | undefined;
  heartbeatMs?: number | undefined;
  pollMs?: number | undefined;
  clock?: (() => Date) | undefined;
  /** Called after this worker reported a step's result (the service process wakes its dispatcher). */
  onStepReported?: (() => void) | undefined;
}

/** The outbox key a job was made for: its key up to the first "#". */
export function outboxKeyOf(job: Pick<JobRecord, 'key'>): string {
  return job.key.split('#')[0]!;
}

/**
 * Takes jobs of its queues and runs them, on the main service process or on `cadang worker` on
 * another host. While a job runs the worker sends heartbeats through the database; a cancel asked
 * for in chat reaches it there and aborts the tools it started. The outcome is stored with the
 * job, and when every job of a step has ended the step's result is reported as an event.
 */
export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly clock: () => Date;

  constructor(private readonly options: WorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    void this.poll();
  }

  /** A job was queued in this process: look at once instead of at the next poll. */
  wake(): void {
    if (!this.stopped) void this.poll();
  }

  /** Stops taking jobs; running jobs are aborted (their tools stopped) and end as cancelled with the reason. */
  async stop(reason = 'stopping'): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const { abort } of this.active.values()) abort.abort(new Error(reason));
    await Promise.allSettled([...this.active.values()].map(({ done }) => done));
  }

  /** The jobs running in this worker now: alive whatever their heartbeat says (recovery must not take them). */
  activeJobIds(): ReadonlySet<string> {
    return new Set(this.active.keys());
  }

  /** Waits until no job runs in this worker (tests). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map(({ done }) => done));
  }

  private polling = false;

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      while (!this.stopped && this.active.size < (this.options.concurrency ?? 2)) {
        const job = await this.options.queue.claim(this.options.queues, this.id);
        if (!job) break;
        const abort = new AbortController();
        const done = this.run(job, abort).finally(() => {
          this.active.delete(job.id);
          this.wake();
        });
        this.active.set(job.id, { abort, done });
      }
    } catch (error) {
      this.options.log.error({ err: error }, 'claiming a job failed');
    } finally {
      this.polling = false;
      clearTimeout(this.timer);
      if (!this.stopped) this.timer = setTimeout(() => void this.poll(), this.options.pollMs ?? 1000);
    }
  }

  private async run(job: JobRecord, abort: AbortController): Promise<void> {
    const { db, log: rootLog } = this.options;
    const instance = job.instanceId ? await loadInstance(db, job.instanceId) : null;
    const log = rootLog.child({ run: instance?.number, job: job.id, kind: job.kind });
    const handler = this.options.handlers[job.kind as JobKind];
    const text = serviceMessages(this.options.service.locale);
    if (!instance || !handler) {
      await finishJob(db, job.id, this.id, { status: 'failed', result: null, reason: !instance ? 'unknown-run' : `no handler for ${job.kind}`, at: this.clock() });
      return;
    }
    const run: RunContext = { instance, definition: await this.options.service.definitionOf(instance) };
    const heartbeat = setInterval(() => void this.beat(job, abort, log), this.options.heartbeatMs ?? 2000);
    let lastProgress = 0;
    let pendingProgress: string | undefined;
    const writeProgress = (line: string) => void setJobProgress(db, job.id, line, this.clock()).catch((error: unknown) => log.warn({ err: error }, 'storing progress failed'));
    const progress = (line: string) => {
      // The chat edits at most every few seconds; the database need not hear more often than once a second.
      pendingProgress = line;
      if (Date.now() - lastProgress < 1000) return;
      lastProgress = Date.now();
      pendingProgress = undefined;
      writeProgress(line);
    };
    let outcome: JobOutcome;
    log.info({}, 'job started');
    try {
      if (job.cancelRequested) abort.abort(new Error(text.cancelled(job.cancelledBy ?? '-')));
      outcome = await handler.run({ job, run, signal: abort.signal, progress, log });
    } catch (error) {
      log.error({ err: error }, 'job failed with an internal error');
      outcome = { status: 'failed', result: null, reason: text.jobCrashed(error instanceof Error ? error.message : String(error)) };
    } finally {
      clearInterval(heartbeat);
    }
    if (pendingProgress !== undefined) writeProgress(pendingProgress);
    const ended = await finishJob(db, job.id, this.id, { ...outcome, at: this.clock() });
    await this.options.queue.finished(job).catch((error: unknown) => log.warn({ err: error }, 'closing the job in the queue failed'));
    log.info({ status: outcome.status, reason: outcome.reason }, 'job ended');
    // A job declared interrupted meanwhile is recovery's to report.
    if (ended) await completeStep(this.options.service, db, job, this.options.handlers, log).then((reported) => reported && this.options.onStepReported?.());
  }

  private async beat(job: JobRecord, abort: AbortController, log: Log): Promise<void> {
    try {
      const state = await heartbeatJob(this.options.db, job.id, this.id, this.clock());
      if (state.lost) {
        log.warn({}, 'job was taken from this worker (declared interrupted); stopping its tools');
        abort.abort(new Error('lost'));
      } else if (state.cancelRequested && !abort.signal.aborted) {
        abort.abort(new Error(serviceMessages(this.options.service.locale).cancelled(state.cancelledBy ?? '-')));
      }
    } catch (error) {
      log.warn({ err: error }, 'heartbeat failed');
    }
  }
}

/**
 * When every job made for a system step has ended (the newest attempt per queue), adds their
 * results up and reports the step's outcome. The event key is the outbox key, so two workers
 * finishing at once, or recovery repeating this, report it once. Returns whether it reported.
 */
export async function completeStep(service: WorkflowService, db: Database, job: JobRecord, handlers: JobHandlers, log: Log): Promise<boolean> {
  const handler = handlers[job.kind as JobKind];
  if (!handler?.complete || !job.instanceId || !job.stepId) return false;
  const outboxKey = outboxKeyOf(job);
  const newest = new Map<string, JobRecord>();
  for (const sibling of await jobsOfKey(db, outboxKey)) newest.set(sibling.queue, sibling);
  const jobs = [...newest.values()];
  if (jobs.some((sibling) => sibling.status === 'queued' || sibling.status === 'running')) return false;
  const instance = await loadInstance(db, job.instanceId);
  if (!instance || instance.currentStep !== job.stepId) return false;
  const run = { instance, definition: await service.definitionOf(instance) };
  const result = handler.complete(jobs, run);
  const outcome = await service.reportTaskResult(instance.id, job.stepId, result.outcome, result.summary, result.detail, `task:${outboxKey}`);
  log.info({ outcome: result.outcome, status: outcome.status }, 'step result reported');
  return outcome.status === 'accepted';
}
