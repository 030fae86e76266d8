/**
 * Sends the weekly summary to the channel. Every pass finds the latest firing of `summary.cron`
 * (in the organisation's zone) at or before now; the period that ends there is claimed in the
 * database (one row per organisation and period end), and only the process that inserts the row
 * stores the summary in the outbox, in the same transaction. The first look of a new installation
 * records the period already past as a baseline and sends nothing, so no stale week goes out. A
 * summary missed while Cadang was down goes out at start, for the latest period only.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { claimSummaryPeriod, lastSummaryPeriod } from '../storage/summary-repository.js';
import { firingsBetween, previousFiring, type Schedule } from '../workflow/schedule.js';
import type { Log } from './log.js';
import { collectSummary, formatSummary, type SummarySettings } from './summary.js';
import type { WorkflowService } from './workflow-service.js';
import { PeriodicPass } from './periodic-pass.js';

/** The `summary:` configuration. */
export interface SummaryLoopSettings extends SummarySettings {
  enabled: boolean;
  /** When to send, a cron expression on the organisation's wall clock (Monday 07.30 by default). */
  cron: string;
}

export const DEFAULT_SUMMARY_CRON = '30 7 * * 1';

export interface SummaryLoopOptions {
  service: WorkflowService;
  settings: SummaryLoopSettings;
  media: ReadonlyArray<{ label: string; capacityBytes: number }>;
  log: Log;
  intervalMs: number;
  onQueued?: (() => void) | undefined;
}

export type SummaryPassResult = 'nothing' | 'baseline' | 'sent' | 'claimed-elsewhere';

export class SummaryLoop {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly periodic: PeriodicPass<SummaryPassResult>;
  /** The period end this process already saw claimed: the database is not asked again until the next. */
  private handled = 0;

  constructor(private readonly options: SummaryLoopOptions) {
    this.periodic = new PeriodicPass<SummaryPassResult>({
      name: 'summary', log: this.options.log, pass: () => this.passOnce(), idle: 'nothing', delayMs: () => this.options.intervalMs,
    });
  }

  start(): void {
    if (this.options.settings.enabled) this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass at the workflow's clock; concurrent calls share it. */
  pass(): Promise<SummaryPassResult> {
    return this.periodic.run();
  }

  private async passOnce(): Promise<SummaryPassResult> {
    const { service, settings } = this.options;
    const now = service.now();
    const cron = summarySchedule(settings.cron, service.calendar.timeZone);
    // The latest firing at or before now (`previousFiring` is strictly before).
    const end = firingsBetween(cron, new Date(0), now, 1).at(-1);
    if (!end || end.getTime() === this.handled) return 'nothing';
    const last = await lastSummaryPeriod(service.db, service.organisationId);
    if (last && last.getTime() >= end.getTime()) {
      this.handled = end.getTime();
      return 'nothing';
    }
    const claim = { organisationId: service.organisationId, periodEnd: end, owner: this.owner, at: now };
    if (!last) {
      this.handled = end.getTime();
      return (await claimSummaryPeriod(service.db, claim)) ? 'baseline' : 'claimed-elsewhere';
    }
    const from = previousFiring(cron, end) ?? last;
    const summary = await collectSummary({
      db: service.db, organisationId: service.organisationId, definitions: service.definitions.all(), media: this.options.media, settings, locale: service.locale, period: { from, to: end }, now,
    });
    const text = formatSummary(summary, settings, service.locale, service.calendar.timeZone);
    const won = await claimSummaryPeriod(service.db, { ...claim, post: { key: `summary:${service.organisationId}:${end.getTime()}`, item: { type: 'channel-post', text } } });
    this.handled = end.getTime();
    if (!won) return 'claimed-elsewhere';
    this.options.log.info({ periodEnd: end.toISOString() }, 'weekly summary queued');
    this.options.onQueued?.();
    return 'sent';
  }
}

/** The summary's cron as a schedule for the pure arithmetic of src/workflow/schedule.ts. */
function summarySchedule(cron: string, timeZone: string): Schedule {
  return { id: 'summary', cron, timeZone, paused: false, missed: 'run-late', targets: [] };
}
