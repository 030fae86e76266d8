import { readFile } from 'node:fs/promises';
import type { BackupPhase, BackupProgress } from './types.js';

/** Collects byte counts and turns them into throttled progress events with rate and ETA. */
export interface ProgressTracker {
  setPhase(phase: BackupPhase): void;
  /** Starts a phase that counts its own bytes from zero (verification re-reads the copy). */
  restart(phase: BackupPhase, total: number | undefined): void;
  /** Sets the absolute number of source bytes processed. */
  setDone(bytes: number): void;
  /** Sets or corrects the total. */
  setTotal(bytes: number | undefined): void;
  /** Milliseconds since the last time the byte count moved (for the stall watchdog); 0 while `waitFor` waits. */
  idleMs(): number;
  /**
   * Waits for `work` that moves no bytes but is known to be working (a database counting rows):
   * the stall watchdog waits with it; the job's overall time limit still applies.
   */
  waitFor<T>(work: Promise<T>): Promise<T>;
  /** Emits the current state now, bypassing the throttle. */
  flush(): void;
  snapshot(): BackupProgress;
}

/** Creates a tracker that calls `onProgress` at most every `intervalMs` (phase changes always). */
export function createProgressTracker(options: { target: string; total?: number; intervalMs?: number; onProgress?: (event: BackupProgress) => void; now?: () => number }): ProgressTracker {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 500;
  let started = now();
  let phase: BackupPhase | undefined;
  let done = 0;
  let total = options.total;
  let lastMove = started;
  let lastEmit = 0;
  let waiting = 0;

  const snapshot = (): BackupProgress => {
    const elapsed = Math.max(1, now() - started) / 1000;
    const rate = done / elapsed;
    // An estimate can be low (a dump is bigger than the database's pages); never show more than 100 %.
    const shownTotal = total === undefined ? undefined : Math.max(total, done);
    const percent = shownTotal === undefined || shownTotal === 0 ? undefined : Math.min(100, (done / shownTotal) * 100);
    const eta = shownTotal !== undefined && rate > 0 ? (shownTotal - done) / rate : undefined;
    return { target: options.target, phase: phase ?? 'estimate', bytesDone: done, bytesTotal: shownTotal, percent, rateBytesPerSecond: rate, etaSeconds: eta };
  };
  const emit = (force: boolean) => {
    if (!options.onProgress) return;
    const at = now();
    if (!force && at - lastEmit < interval) return;
    lastEmit = at;
    options.onProgress(snapshot());
  };
  return {
    setPhase(next) {
      if (next === phase) return;
      phase = next;
      lastMove = now();
      emit(true);
    },
    restart(next, newTotal) {
      phase = next;
      done = 0;
      total = newTotal;
      started = now();
      lastMove = started;
      emit(true);
    },
    setDone(bytes) {
      if (bytes > done) lastMove = now();
      done = Math.max(done, bytes);
      emit(false);
    },
    setTotal(bytes) {
      total = bytes;
    },
    idleMs: () => (waiting > 0 ? 0 : now() - lastMove),
    async waitFor(work) {
      waiting += 1;
      try {
        return await work;
      } finally {
        waiting -= 1;
        lastMove = now();
      }
    },
    flush: () => emit(true),
    snapshot,
  };
}

/**
 * Bytes a process has read so far (`rchar` of /proc/PID/io): how far zstd is through the
 * uncompressed stream while the data itself never passes through Node. Undefined where /proc
 * is unavailable.
 */
export async function readProcessReadBytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const text = await readFile(`/proc/${pid}/io`, 'utf8');
    const match = /^rchar:\s*(\d+)/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
