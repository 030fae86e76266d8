/**
 * A pass repeated on a timer, one at a time: the reminder, schedule and summary loops share it.
 * Concurrent calls to `run()` share the pass in flight; a pass that throws is logged and counts as
 * `idle`; the next pass is timed only after one ends, so passes never overlap.
 */
import type { Log } from './log.js';

export interface PeriodicPassOptions<T> {
  /** Names the loop in the log ("reminder pass failed"). */
  name: string;
  log: Log;
  pass: () => Promise<T>;
  /** What a failed pass counts as. */
  idle: T;
  /** How long to wait after a pass before the next one (ms). */
  delayMs: () => number | Promise<number>;
}

export class PeriodicPass<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  private stopped = true;

  constructor(private readonly options: PeriodicPassOptions<T>) {}

  start(): void {
    this.stopped = false;
    this.tick();
  }

  /** Passes now instead of at the timer (something changed in this process). */
  wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; concurrent calls share it. */
  run(): Promise<T> {
    this.running ??= this.options.pass().catch((error: unknown) => {
      this.options.log.error({ err: error }, `${this.options.name} pass failed`);
      return this.options.idle;
    }).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private tick(): void {
    if (this.stopped) return;
    void this.run().then(async () => {
      if (this.stopped) return;
      const delay = await this.options.delayMs();
      clearTimeout(this.timer);
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), delay);
    });
  }
}
