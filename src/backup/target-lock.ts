import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** A held lock; release it in `finally`. */
export interface TargetLock {
  release(): Promise<void>;
}

const heldInProcess = new Set<string>();

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of one target so two jobs never back it up at once, within this process and
 * across processes on this host (a lock file holding the owner's pid). A lock left by a dead
 * process is taken over. Returns undefined when another job holds it.
 */
export async function acquireTargetLock(lockFolder: string, target: string): Promise<TargetLock | undefined> {
  const file = join(lockFolder, `${target}.lock`);
  if (heldInProcess.has(file)) return undefined;
  heldInProcess.add(file);
  try {
    await mkdir(lockFolder, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const handle = await open(file, 'wx', 0o644);
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
        await handle.close();
        return {
          release: async () => {
            await rm(file, { force: true });
            heldInProcess.delete(file);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = await readFile(file, 'utf8').then((text) => JSON.parse(text) as { pid?: number; host?: string }).catch(() => ({}) as { pid?: number; host?: string });
        // An unreadable lock file is what a crash while writing it leaves behind.
        const stale = typeof owner.pid !== 'number' || (owner.host === hostname() && !isProcessAlive(owner.pid));
        if (!stale) break;
        await rm(file, { force: true });
      }
    }
    heldInProcess.delete(file);
    return undefined;
  } catch (error) {
    heldInProcess.delete(file);
    throw error;
  }
}
