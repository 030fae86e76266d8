import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Database } from '../storage/database.js';
import { listProgressToRelay, markProgressRelayed } from '../storage/job-repository.js';
import { claimOutbox, markDelivered, markOutboxDone, markOutboxFailed, type OutboxEntry, type OutboxKind } from '../storage/outbox-repository.js';
import { loadInstance } from '../storage/workflow-repository.js';
import type { Log } from './log.js';
import { serviceMessages } from './messages.js';
import type { ChatEffect, JobQueue, Notifier, RunContext } from './ports.js';
import type { JobPlanner } from './job-planner.js';
import type { WorkflowService } from './workflow-service.js';

export interface DispatcherOptions {
  service: WorkflowService;
  db: Database;
  notifiers: Notifier[];
  jobs: JobQueue;
  planJobs: JobPlanner;
  log: Log;
  /** How often other processes' rows, retries and job progress are looked for (ms). */
  pollMs?: number | undefined;
  /** Attempts before an effect is parked and reported. */
  maxAttempts?: number | undefined;
  clock?: (() => Date) | undefined;
}

const leaseMs = 60_000;
/**
 * What a process with no chat platform (`cadang worker`) takes from the outbox: only effects that
 * become jobs. Chat effects wait for a process that can deliver them; taking them here would mark
 * cards done that nobody was shown.
 */
const jobEffects: OutboxKind[] = ['start-task', 'render-document'];
const batchSize = 100;

/** Seconds before attempt n+1: 1, 2, 4 … capped at five minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Drains the outbox: every effect a committed transition stored is carried out at least once.
 * Chat effects go to each platform's notifier (a platform that already did its part is skipped on
 * a retry), system tasks and documents go to the job queue. A failing effect is retried with
 * back-off and, when it keeps failing, parked and reported to the administrators: never dropped.
 * Runs are independent; within one run, effects keep their order, cards first.
 */
export class Dispatcher {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts polling; `wake()` makes a pass at once. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.pass().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 500);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** A transition was committed in this process: carry out its effects now, not at the next poll. */
  wake(): void {
    if (!this.stopped) void this.pass();
  }

  /** One pass over due rows and job progress; concurrent calls share one pass and ask for another. */
  pass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drainOnce();
          await this.relayProgress();
        } while (this.again);
      } catch (error) {
        this.options.log.error({ err: error }, 'dispatcher pass failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** For tests and the CLI: passes until nothing due is left (retries scheduled later are not waited for). */
  async drain(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const handled = await this.drainOnce();
      await this.relayProgress();
      if (handled === 0) return;
    }
  }

  private async drainOnce(): Promise<number> {
    const { db } = this.options;
    const entries = await claimOutbox(db, this.owner, this.clock(), leaseMs, batchSize, this.options.notifiers.length > 0 ? undefined : jobEffects);
    const byRun = new Map<string, OutboxEntry[]>();
    for (const entry of entries) byRun.set(entry.instanceId, [...(byRun.get(entry.instanceId) ?? []), entry]);
    await Promise.all([...byRun.values()].map(async (runEntries) => {
      for (const entry of runEntries) await this.carryOut(entry);
    }));
    return entries.length;
  }

  private async carryOut(entry: OutboxEntry): Promise<void> {
    const { db, log } = this.options;
    const entryLog = log.child({ effect: entry.key, kind: entry.effect.type });
    try {
      const run = await this.runContext(entry.instanceId);
      const effect = entry.effect;
      if (effect.type === 'start-task' || effect.type === 'render-document') {
        if (run) for (const job of await this.options.planJobs(entry.key, effect, run)) await this.options.jobs.enqueue(job);
      } else if (effect.type === 'alert') {
        await this.eachNotifier(entry, (notifier) => notifier.alertAdministrators(effect.text));
      } else if (effect.type === 'schedule-reminder') {
        await this.eachNotifier(entry, (notifier) => notifier.remindSchedule(effect));
      } else if (effect.type === 'channel-post') {
        await this.eachNotifier(entry, (notifier) => notifier.postToChannel(effect.text));
      } else if (effect.type === 'remind') {
        // A reminder for a step the run has left (someone acted meanwhile) says nothing true any more.
        if (run && run.instance.currentStep === effect.stepId) await this.eachNotifier(entry, (notifier) => notifier.remind(run, effect));
      } else if (effect.type === 'post-document') {
        const bytes = new Uint8Array(await readFile(effect.path));
        if (run) await this.eachNotifier(entry, (notifier) => notifier.postDocument(run, { filename: effect.filename, caption: effect.caption, archivedAt: effect.path, bytes }, effect.audience));
      } else if (run && !isStaleCard(effect, run)) {
        await this.eachNotifier(entry, (notifier) => notifier.deliver(effect, run));
      }
      await markOutboxDone(db, entry.id, this.clock());
    } catch (error) {
      const attempts = entry.attempts + 1;
      const park = attempts >= (this.options.maxAttempts ?? 8);
      const message = error instanceof Error ? error.message : String(error);
      await markOutboxFailed(db, entry.id, { attempts, nextAttemptAt: new Date(this.clock().getTime() + backoffMs(attempts)), error: message, park });
      if (park) {
        entryLog.error({ err: error, attempts }, 'effect parked after repeated failures');
        await this.alertParked(entry, message);
      } else {
        entryLog.warn({ err: error, attempts }, 'effect failed; retrying later');
      }
    }
  }

  /** Each platform carries out the effect once; the ones that did are remembered, so a retry repeats only the others. */
  private async eachNotifier(entry: OutboxEntry, act: (notifier: Notifier) => Promise<void>): Promise<void> {
    const delivered = new Set(entry.delivered);
    const failures: unknown[] = [];
    await Promise.all(this.options.notifiers.filter((notifier) => !delivered.has(notifier.platform)).map(async (notifier) => {
      try {
        await act(notifier);
        delivered.add(notifier.platform);
      } catch (error) {
        failures.push(error);
      }
    }));
    if (failures.length > 0) {
      await markDelivered(this.options.db, entry.id, [...delivered]);
      entry.delivered = [...delivered];
      throw failures[0];
    }
  }

  private async alertParked(entry: OutboxEntry, message: string): Promise<void> {
    const run = await this.runContext(entry.instanceId).catch(() => null);
    const text = serviceMessages(this.options.service.locale).parked(run?.instance.number ?? null, message);
    await Promise.allSettled(this.options.notifiers.map((notifier) => notifier.alertAdministrators(text)));
  }

  private async runContext(instanceId: string): Promise<RunContext | null> {
    const instance = await loadInstance(this.options.db, instanceId);
    if (!instance) return null;
    return { instance, definition: await this.options.service.definitionOf(instance) };
  }

  /** Shows the latest progress of running jobs: the worker that runs them may be on another host. */
  private async relayProgress(): Promise<void> {
    const { db } = this.options;
    for (const job of await listProgressToRelay(db)) {
      const run = job.instanceId ? await this.runContext(job.instanceId) : null;
      if (run && job.stepId && job.progress) {
        const final = job.status !== 'running' && job.status !== 'queued';
        await Promise.allSettled(this.options.notifiers.map((notifier) => notifier.progress(run, job.stepId!, job.progress!, final)));
      }
      await markProgressRelayed(db, job.id, job.progressAt ?? this.clock());
    }
  }
}

/** A card for a step the run has already left (a fast approver, a replayed row) is not sent. */
function isStaleCard(effect: ChatEffect, run: RunContext): boolean {
  return effect.type === 'request-decision' && run.instance.currentStep !== effect.stepId;
}
