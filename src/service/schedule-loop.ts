/**
 * The Jadwal Backup runs itself. Every pass (at start, then at each firing or every few seconds)
 * reads the schedules from the database and the firings since each was last looked at
 * (src/workflow/schedule.ts computes them). A firing is claimed by its (schedule, fire time) row,
 * so of two processes on one database only one acts on it; the claim's winner starts SOP A (the
 * Kepala PTID's order card goes out as the definition says). Firings older than the grace period
 * were missed while Cadang was down: the newest is started late or all are reported to the
 * administrators, per schedule. Nothing lives only in memory: a new process finds it all again.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { addToOutbox } from '../storage/outbox-repository.js';
import { advanceScheduleCheck, claimFiring, listSchedules, listUnstartedFirings, setFiringInstance, type ScheduleRecord } from '../storage/schedule-repository.js';
import { stepById } from '../workflow/engine.js';
import { firingKey, firingsBetween, missedFirings, nextFiring, type MissedFiringPolicy, type Schedule } from '../workflow/schedule.js';
import { formatZonedDateTime } from '../workflow/time-zone.js';
import type { Log } from './log.js';
import { scheduleMessages } from './schedule-messages.js';
import type { WorkflowService } from './workflow-service.js';
import { PeriodicPass } from './periodic-pass.js';

/** The SOP a schedule starts: SOP A, Backup Server Terjadwal. */
export const SCHEDULED_SOP = 'sop_a_backup_terjadwal';

/** A firing claimed this long ago without a run was claimed by a process that died before starting it. */
const UNSTARTED_AFTER_MS = 10_000;

export interface ScheduleLoopOptions {
  service: WorkflowService;
  log: Log;
  /** The longest sleep between passes (ms); a pass also runs at each next firing. */
  intervalMs: number;
  /** A firing found later than this (ms) was missed while Cadang was down. */
  graceMs: number;
  onStarted?: (() => void) | undefined;
}

export interface SchedulePass {
  started: number;
  startedLate: number;
  missed: number;
}

export class ScheduleLoop {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly periodic: PeriodicPass<SchedulePass>;

  constructor(private readonly options: ScheduleLoopOptions) {
    this.periodic = new PeriodicPass<SchedulePass>({
      name: 'schedule', log: this.options.log, pass: () => this.passOnce(), idle: { started: 0, startedLate: 0, missed: 0 }, delayMs: () => this.sleepMs(),
    });
  }

  start(): void {
    this.periodic.start();
  }

  /** A schedule changed in this process (chat): look again now instead of at the old next firing. */
  wake(): void {
    this.periodic.wake();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass at the workflow's clock; concurrent calls share it. */
  pass(): Promise<SchedulePass> {
    return this.periodic.run();
  }

  /** Until the next firing of any schedule (a few ms after it), at most the interval. */
  private async sleepMs(): Promise<number> {
    let sleep = this.options.intervalMs;
    try {
      const active = (await listSchedules(this.options.service.db, this.options.service.organisationId)).filter((record) => !record.paused);
      const now = active.length > 0 ? this.options.service.now() : new Date(0);
      for (const record of active) {
        const next = nextFiring(asSchedule(record, this.options.service.calendar.timeZone), now);
        if (next) sleep = Math.min(sleep, Math.max(5, next.getTime() - now.getTime() + 5));
      }
    } catch (error) {
      this.options.log.error({ err: error }, 'reading schedules failed');
    }
    return sleep;
  }

  private async passOnce(): Promise<SchedulePass> {
    const { service } = this.options;
    const result: SchedulePass = { started: 0, startedLate: 0, missed: 0 };
    const all = await listSchedules(service.db, service.organisationId);
    const active = all.filter((record) => !record.paused);
    // The clock is read only when there is something to look at (tests' clocks may count their readings).
    const now = active.length > 0 ? service.now() : new Date(0);
    for (const record of active) {
      try {
        await this.passSchedule(record, now, result);
      } catch (error) {
        // One broken schedule (an expression edited by hand in the database) does not stop the others.
        this.options.log.error({ err: error, schedule: record.id }, 'schedule pass failed');
      }
    }
    for (const unstarted of await listUnstartedFirings(service.db, service.organisationId, new Date(now.getTime() - UNSTARTED_AFTER_MS))) {
      const record = all.find((candidate) => candidate.id === unstarted.scheduleId);
      if (record && (await this.startRun(record, unstarted.fireAt, unstarted.outcome as 'started' | 'started-late'))) result.started += 1;
    }
    if (result.started + result.startedLate + result.missed > 0) this.options.onStarted?.();
    return result;
  }

  /** The firings of one schedule since it was last looked at: on time, started late, or reported missed. */
  private async passSchedule(record: ScheduleRecord, now: Date, result: SchedulePass): Promise<void> {
    const { service, graceMs } = this.options;
    const schedule = asSchedule(record, service.calendar.timeZone);
    const firings = firingsBetween(schedule, record.checkedUntil, now);
    const onTime = firings.filter((at) => now.getTime() - at.getTime() <= graceMs);
    const late = firings.filter((at) => now.getTime() - at.getTime() > graceMs);
    if (late.length > 0) {
      // The pure rule sorts the late ones; with a firing on time now, they are all reported (one backup covers them).
      const policy = onTime.length > 0 ? 'report-missed' : schedule.missed;
      const sorted = missedFirings({ ...schedule, missed: policy }, new Date(late[0]!.getTime() - 1), late.at(-1)!);
      for (const at of sorted.reportMissed) if (await this.report(record, at, now)) result.missed += 1;
      if (sorted.runLate && (await this.fire(record, sorted.runLate, now, 'started-late'))) result.startedLate += 1;
    }
    for (const at of onTime) if (await this.fire(record, at, now, 'started')) result.started += 1;
    await advanceScheduleCheck(service.db, record.id, now);
  }


  /**
   * Claims a firing and starts SOP A for it with the schedule's targets (the officer's checklist
   * is prepared from them); false when another process claimed it. With `autoOrder` configured,
   * Cadang takes the order choice itself, in the trail as automatic; else the Kepala PTID gets the
   * order card.
   */
  private async fire(record: ScheduleRecord, at: Date, now: Date, outcome: 'started' | 'started-late'): Promise<boolean> {
    const { service } = this.options;
    if (!(await claimFiring(service.db, { scheduleId: record.id, fireAt: at, outcome, owner: this.owner, at: now }))) return false;
    return this.startRun(record, at, outcome);
  }

  /** Starts the run of a claimed firing; the firing's key makes a second start (after a crash) the same run. */
  private async startRun(record: ScheduleRecord, at: Date, outcome: 'started' | 'started-late'): Promise<boolean> {
    const { service, log } = this.options;
    const key = firingKey(record.id, at);
    const t = scheduleMessages(service.locale);
    const order = service.schedules.autoOrder ? automaticOrder(service) : null;
    const started = await service.start(SCHEDULED_SOP, null, key, { targets: record.targets, note: t.startNote(record.id, this.when(record, at)), cards: order === null });
    if (started.status === 'refused') {
      log.error({ schedule: record.id, code: started.code }, 'scheduled SOP could not start');
      return false;
    }
    await setFiringInstance(service.db, record.id, at, started.instance.id);
    if (order) {
      const ordered = await service.decideAsSystem({ instanceId: started.instance.id, ...order, reason: t.automaticOrder(record.id, this.when(record, at)), key: `auto-order:${key}` });
      if (ordered.status === 'refused') log.error({ schedule: record.id, run: started.instance.number, code: ordered.code }, 'automatic order refused');
    }
    if (outcome === 'started-late') {
      await addToOutbox(service.db, `late:${key}`, started.instance.id, { type: 'alert', text: t.startedLate(record.id, this.when(record, at)) });
    }
    log.info({ schedule: record.id, run: started.instance.number, outcome, automatic: order !== null }, 'schedule fired');
    return true;
  }

  /** Claims a missed firing and tells the administrators, once. */
  private async report(record: ScheduleRecord, at: Date, now: Date): Promise<boolean> {
    const { service } = this.options;
    if (!(await claimFiring(service.db, { scheduleId: record.id, fireAt: at, outcome: 'missed', owner: this.owner, at: now }))) return false;
    await addToOutbox(service.db, `missed:${firingKey(record.id, at)}`, `schedule:${record.id}`, { type: 'alert', text: scheduleMessages(service.locale).missed(record.id, this.when(record, at)) });
    return true;
  }

  private when(record: ScheduleRecord, at: Date): string {
    return formatZonedDateTime(at, record.timeZone ?? this.options.service.calendar.timeZone);
  }
}

/**
 * The order the system gives when the organisation configures `schedules.autoOrder`: the start
 * step's first choice that needs no input (SOP A: "Perintahkan backup"); null when it has none,
 * and the order card goes out as usual.
 */
function automaticOrder(service: WorkflowService): { stepId: string; choiceId: string } | null {
  const definition = service.definitions.latestOf(SCHEDULED_SOP);
  const step = definition ? stepById(definition, definition.start) : undefined;
  const choice = step?.kind === 'human' ? step.choices.find((candidate) => (candidate.inputs ?? []).length === 0 && candidate.kind !== 'reject') : undefined;
  return step && choice ? { stepId: step.id, choiceId: choice.id } : null;
}

/** A stored schedule for the pure arithmetic; without a zone of its own it keeps the organisation's. */
export function asSchedule(record: ScheduleRecord, organisationZone: string): Schedule {
  return { id: record.id, cron: record.cron, paused: record.paused, missed: record.missed as MissedFiringPolicy, targets: record.targets, timeZone: record.timeZone ?? organisationZone };
}
