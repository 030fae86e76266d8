import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetKind } from './config.js';

/** File extension of each kind's copy. */
export const copyExtension: Record<TargetKind, string> = {
  files: '.tar.zst',
  postgres: '.dump.zst',
  mysql: '.sql.zst',
  sqlite: '.sqlite',
  mirror: '.mirror',
};

export const manifestSuffix = '.manifest.json';
export const partialSuffix = '.partial';

/** `simpeg-db-20250102T030405Z`: the target name and the start time in UTC, sortable. */
export function buildCopyBaseName(target: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${target}-${stamp}`;
}

/** The folder that holds a target's copies under a destination root. */
export function targetFolder(root: string, target: string): string {
  return join(root, target);
}

/** Formats an instant as ISO 8601 in UTC and in WIB (Asia/Jakarta, UTC+7, no daylight saving). */
export function formatInstant(at: Date): { utc: string; wib: string } {
  const wib = new Date(at.getTime() + 7 * 3600 * 1000).toISOString().replace('Z', '+07:00');
  return { utc: at.toISOString(), wib };
}

/**
 * Removes what an interrupted run left in a target folder: `*.partial` files, and copy files
 * whose manifest (the commit marker) was never written. Call it with the target's lock held.
 * Returns the names removed.
 */
export async function removeLeftovers(folder: string, target: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const present = new Set(names);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${target}-`)) continue;
    const isPartial = name.endsWith(partialSuffix);
    const isCopy = Object.values(copyExtension).some((ext) => name.endsWith(ext));
    if (isPartial || (isCopy && !present.has(`${name}${manifestSuffix}`))) {
      await rm(join(folder, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
