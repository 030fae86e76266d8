/**
 * Reminders and escalations from the stored due times. Every pass (at start and every few
 * seconds) reads the open deadlines whose next moment has come (one indexed query: an idle pass
 * reads nothing), asks the pure planner (src/workflow/reminders.ts) what is due now, and stores
 * each notice as an outbox item under the planner's idempotent key, with a trail entry. The
 * dispatcher sends it; the key makes it go out once, across restarts and across processes. Then
 * the deadline's next moment is stored, so nothing is held only in memory.
 */
import { addToOutbox } from '../storage/outbox-repository.js';
import { NOTHING_LEFT, listDeadlinesToPlan, listWaitingRuns, queueNotices, saveDeadlinePlans, type DeadlinePlan, type DeadlineToPlan, type NoticeToQueue, type WaitingStepKey } from '../storage/reminder-repository.js';
import { listSchedules } from '../storage/schedule-repository.js';
import type { EventActor } from '../storage/workflow-repository.js';
import { isWithinOfficeHours, nextWorkingMoment, type WorkCalendar } from '../workflow/calendar.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { parseWorkLimit } from '../workflow/duration.js';
import { dueMoment, nextMoment, waitingReminder, type OpenDeadline, type ReminderSettings } from '../workflow/reminders.js';
import { firingReminderKey, nextFiring, reminderBefore } from '../workflow/schedule.js';
import { asSchedule } from './schedule-loop.js';
import type { Log } from './log.js';
import type { WorkflowService } from './workflow-service.js';
import { PeriodicPass } from './periodic-pass.js';

/** The reminder settings plus who hears of a scheduled backup the working day before (null: nobody). */
export interface ReminderLoopSettings extends ReminderSettings {
  beforeSchedule?: string | null | undefined;
}

/** The backup officer of SOP A: reminded the working day before each scheduled backup unless configured otherwise. */
export const DEFAULT_SCHEDULE_REMINDER_ROLE = 'petugas_backup';

export interface ReminderLoopOptions {
  service: WorkflowService;
  settings: ReminderLoopSettings;
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
  /** Reminders of waiting steps (`remindEvery`) stored. */
  waiting: number;
  /** Officers' reminders of the next scheduled backups stored. */
  schedules: number;
}

export class ReminderLoop {
  private readonly periodic: PeriodicPass<ReminderPass>;
  /** Keys of schedule reminders known to be in the outbox: only saves asking again (the key decides). */
  private readonly scheduleRemindersStored = new Set<string>();
  /** Keys of waiting-step reminders known to be stored: an idle pass does not offer them again. */
  private readonly waitingRemindersStored = new Set<string>();

  constructor(private readonly options: ReminderLoopOptions) {
    this.periodic = new PeriodicPass<ReminderPass>({
      name: 'reminder', log: this.options.log, pass: () => this.passOnce(), idle: { planned: 0, queued: 0, waiting: 0, schedules: 0 }, delayMs: () => this.options.intervalMs,
    });
  }

  private get calendar(): WorkCalendar {
    return this.options.service.calendar;
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass at the workflow's clock; concurrent calls share it. */
  pass(): Promise<ReminderPass> {
    return this.periodic.run();
  }

  private async passOnce(): Promise<ReminderPass> {
    const { service } = this.options;
    const now = service.now();
    const definitions = new Map<string, Promise<WorkflowDefinition>>();
    const result: ReminderPass = { planned: 0, queued: 0, waiting: 0, schedules: 0 };
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
    result.waiting = await this.remindWaiting(now);
    result.schedules = await this.remindSchedules(now);
    if (result.queued + result.waiting + result.schedules > 0) this.options.onQueued?.();
    return result;
  }

  /**
   * Steps with `remindEvery` (SOP A's "request storage media and wait until it is available"): the
   * runs waiting there are read from the database (one indexed query per such step; none when no
   * SOP has one), and each gets its latest due reminder under a key per run, visit and round.
   */
  private async remindWaiting(now: Date): Promise<number> {
    const { service } = this.options;
    const steps: WaitingStepKey[] = service.definitions.all().flatMap((definition) => definition.steps.flatMap((step) =>
      step.kind !== 'end' && step.remindEvery ? [{ definitionKey: definition.key, stepId: step.id, role: step.kind === 'human' ? step.role : null }] : []));
    if (steps.length === 0) return 0;
    const notices: NoticeToQueue[] = [];
    for (const run of await listWaitingRuns(service.db, service.organisationId, steps)) {
      const step = (await service.definitionOf({ organisationId: service.organisationId, ...run })).steps.find((candidate) => candidate.id === run.stepId);
      const every = step && step.kind !== 'end' && step.remindEvery ? parseWorkLimit(step.remindEvery) : undefined;
      if (!step || step.kind === 'end' || !every || !run.enteredAt) continue;
      const moment = waitingReminder({ instanceId: run.instanceId, stepId: run.stepId, enteredAt: run.enteredAt, role: step.role, ...(step.urgent ? { urgent: true } : {}) }, every, now, this.calendar);
      if (!moment || this.waitingRemindersStored.has(moment.key)) continue;
      notices.push({
        key: moment.key, instanceId: run.instanceId,
        effect: { type: 'remind', kind: 'waiting', stepId: run.stepId, role: step.role, stepRole: step.role, since: run.enteredAt.toISOString(), n: moment.n },
        trail: { key: `trail:${moment.key}`, type: 'reminded', stepId: run.stepId, role: step.role },
      });
    }
    const queued = await queueNotices(service.db, notices, systemActor, now);
    // Stored now (by this pass or another process before it): the key decides, this only saves asking again.
    if (this.waitingRemindersStored.size > 10_000) this.waitingRemindersStored.clear();
    for (const notice of notices) this.waitingRemindersStored.add(notice.key);
    return queued;
  }

  /**
   * The officer's reminder at the opening of the working day before each active schedule's next
   * firing, once per firing (the outbox key is the firing's). Read from the schedules in the
   * database each pass, so a restart finds it again. Started at night before an early firing, it
   * waits for the opening unless the firing comes first; then it goes at once, late rather than never.
   */
  private async remindSchedules(now: Date): Promise<number> {
    const { service, settings } = this.options;
    const role = settings.beforeSchedule === undefined ? DEFAULT_SCHEDULE_REMINDER_ROLE : settings.beforeSchedule;
    if (!role) return 0;
    let queued = 0;
    for (const record of await listSchedules(service.db, service.organisationId)) {
      if (record.paused) continue;
      let firing: Date | null;
      try {
        firing = nextFiring(asSchedule(record, this.calendar.timeZone), now);
      } catch (error) {
        // One broken schedule (an expression edited by hand in the database) does not silence the others.
        this.options.log.error({ err: error, schedule: record.id }, 'schedule reminder: cannot read the schedule');
        continue;
      }
      if (!firing || reminderBefore(firing, this.calendar).getTime() > now.getTime()) continue;
      if (!isWithinOfficeHours(now, this.calendar) && nextWorkingMoment(now, this.calendar).getTime() < firing.getTime()) continue;
      const key = firingReminderKey(record.id, firing);
      // Stored (by this pass or another process): not offered to the database again until the next firing.
      if (this.scheduleRemindersStored.has(key)) continue;
      const item = { type: 'schedule-reminder' as const, scheduleId: record.id, targets: record.targets, fireAt: firing.toISOString(), role };
      if (await addToOutbox(service.db, key, `schedule:${record.id}`, item)) queued += 1;
      if (this.scheduleRemindersStored.size > 1000) this.scheduleRemindersStored.clear();
      this.scheduleRemindersStored.add(key);
    }
    return queued;
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
