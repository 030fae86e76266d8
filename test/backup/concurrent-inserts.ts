import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import { testRestore } from '../../src/backup/restore.js';
import type { BackupConfig } from '../../src/backup/config.js';

/** Text that trips a naive reader of SQL: quotes, escapes, parentheses, separators, lines, Unicode. */
export const tricky = [`it's (a) ), ( test; \\ back`, `"),('x',1);\nINSERT INTO \`absen\` VALUES (9`, `NULL`, `'`, `\\`, `Kepala PTID — ñ 中文 😀`, `\\'); --`];

/**
 * Inserts rows on its own connection until stopped, so that every backup runs while the table
 * grows. Returns how many rows it inserted.
 */
function keepInserting(insert: (batch: number) => Promise<unknown>): { stop: () => Promise<number> } {
  let running = true;
  let inserted = 0;
  const loop = (async () => {
    for (let batch = 0; running; batch += 1) {
      await insert(batch);
      inserted += 5;
      // A breath between batches leaves the backup its share of this small machine.
      await sleep(2);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return inserted;
    },
  };
}

/** Ten backups under concurrent inserts; each copy's test restore must find exactly the rows recorded with it. */
export async function backupTenTimesWhileInserting(config: BackupConfig, insert: (batch: number) => Promise<unknown>, count: () => Promise<number>): Promise<void> {
  const inserter = keepInserting(insert);
  const copies: string[] = [];
  try {
    for (let run = 0; run < 10; run += 1) {
      const before = await count();
      const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: config.internalFolder }, { config });
      const after = await count();
      expect(outcome.status, JSON.stringify(outcome)).toBe('succeeded');
      if (outcome.status !== 'succeeded') return;
      // The inserts really overlapped the dump, so equal counts below mean something.
      expect(after).toBeGreaterThan(before);
      copies.push(outcome.copy.path);
    }
  } finally {
    await inserter.stop();
  }
  // Each test restore uses its own scratch database, so they can run side by side.
  const outcomes = await Promise.all(copies.map(async (copy) => {
    const restored = await testRestore(copy, { config });
    return `${restored.status}: ${restored.message}`;
  }));
  expect(outcomes.filter((line) => !line.startsWith('equal'))).toEqual([]);
  expect(outcomes).toHaveLength(10);
}
