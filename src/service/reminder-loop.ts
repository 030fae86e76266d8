/**
 * Reminders and escalations from the stored due times. Every pass (at start and every few
 * seconds) reads the open deadlines whose next moment has come (one indexed query: an idle pass
 * reads nothing), asks the pure planner (src/workflow/reminders.ts) what is due now, and stores
 * each notice as an outbox item under the planner's idempotent key, with a trail entry. The
 * dispatcher sends it; the key makes it go out once, across restarts and across processes. Then
 * the deadline's next moment is stored, so nothing is held only in memory.
 */
import { NOTHING_LEFT, listDeadlinesToPlan, queueNotices, saveDeadlinePlans, type DeadlinePlan, type DeadlineToPlan, type NoticeToQueue } from '../storage/reminder-repository.js';
import type { EventActor } from '../storage/workflow-repository.js';
import type { WorkCalendar } from '../workflow/calendar.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { dueMoment, nextMoment, type OpenDeadline, type ReminderSettings } from '../workflow/reminders.js';
import type { Log } from './log.js';
import type { WorkflowService } from './workflow-service.js';

export interface ReminderLoopOptions {
  service: WorkflowService;
  settings: ReminderSettings;
  log: Log;
  /** How often to look (ms). */
  intervalMs: number;
  /** A notice was stored: the dispatcher can send it now. */
  onQueued?: (() => void) | undefined;
}

const batchSize = 500;
const systemActor: EventActor = { personId: null, name: 'Sistem Cadang', nip: null, role: 'system' };

/** What one pass did (tests and the benchmark read it). */
export interface ReminderPass {
  /** Deadlines looked at. */
  planned: number;
  /** Notices stored (not counting ones another pass or process stored first). */
  queued: number;
}

export class ReminderLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReminderPass> | undefined;
  private stopped = true;

  constructor(private readonly options: ReminderLoopOptions) {}

  private get calendar(): WorkCalendar {
    return this.options.service.calendar;
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.pass().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass at the workflow's clock; concurrent calls share it. */
  pass(): Promise<ReminderPass> {
    this.running ??= this.passOnce().catch((error: unknown) => {
      this.options.log.error({ err: error }, 'reminder pass failed');
      return { planned: 0, queued: 0 };
    }).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async passOnce(): Promise<ReminderPass> {
    const { service } = this.options;
    const now = service.now();
    const definitions = new Map<string, Promise<WorkflowDefinition>>();
    const result: ReminderPass = { planned: 0, queued: 0 };
    for (;;) {
      const rows = await listDeadlinesToPlan(service.db, now, batchSize);
      const plans: DeadlinePlan[] = [];
      const notices: NoticeToQueue[] = [];
      for (const row of rows) {
        const key = `${row.definitionKey}@${row.definitionVersion}`;
        if (!definitions.has(key)) definitions.set(key, service.definitionOf(row));
        plans.push(this.plan(row, await definitions.get(key)!, now, notices));
      }
      // Notices first: a pass interrupted before the plans are saved finds the same notices (same keys) again.
      result.queued += await queueNotices(service.db, notices, systemActor, now);
      await saveDeadlinePlans(service.db, plans);
      result.planned += rows.length;
      if (rows.length < batchSize) break;
    }
    if (result.queued > 0) this.options.onQueued?.();
    return result;
  }

  /** What is due now for one deadline (added to `notices`), and when to look at it again. */
  private plan(row: DeadlineToPlan, definition: WorkflowDefinition, now: Date, notices: NoticeToQueue[]): DeadlinePlan {
    const step = definition.steps.find((candidate) => candidate.id === row.stepId);
    if (!step || step.kind === 'end') return { id: row.id, nextReminderAt: NOTHING_LEFT };
    const deadline: OpenDeadline = {
      instanceId: row.instanceId, stepId: row.stepId, enteredAt: row.enteredAt, dueAt: row.dueAt, role: step.role,
      ...(step.escalateTo ? { escalateTo: step.escalateTo } : {}), ...(step.urgent ? { urgent: true } : {}),
    };
    const { settings } = this.options;
    const plan: DeadlinePlan = { id: row.id, nextReminderAt: nextMoment(deadline, now, this.calendar, settings)?.at ?? NOTHING_LEFT };
    const moment = dueMoment(deadline, now, this.calendar, settings);
    if (!moment) return plan;
    notices.push({
      key: moment.key, instanceId: row.instanceId,
      effect: { type: 'remind', kind: moment.kind, stepId: row.stepId, role: moment.to, stepRole: step.role, dueAt: row.dueAt.toISOString(), n: moment.n },
      trail: { key: `trail:${moment.key}`, type: moment.kind === 'remind' ? 'reminded' : 'escalated', stepId: row.stepId, role: moment.to },
    });
    return moment.kind === 'remind' ? { ...plan, remindedAt: now } : { ...plan, escalatedAt: now };
  }

}
