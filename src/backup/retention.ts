import { rm } from 'node:fs/promises';
import type { RetentionPolicy } from './config.js';
import { syncFolder } from './atomic-file.js';
import type { StoredCopy } from './copy-store.js';
import { dirname } from 'node:path';

/** A copy as retention sees it. */
export interface RetentionCandidate {
  id: string;
  createdAt: Date;
  /** False when a later `cadang verify` found it damaged. */
  verified: boolean;
}

/** Why a copy is kept: the rules that chose it. */
export type KeepReason = 'last' | 'daily' | 'weekly' | 'monthly' | 'newest-verified' | 'no-policy';

/** Which copies stay (with reasons) and which go, newest first. */
export interface RetentionPlan {
  keep: { id: string; reasons: KeepReason[] }[];
  remove: { id: string }[];
}

const wibOffsetMs = 7 * 3600 * 1000;

/** Calendar keys in WIB, where the officers live: a copy at 23:30 UTC belongs to the next WIB day. */
function wibKeys(at: Date): { day: string; week: string; month: string } {
  const local = new Date(at.getTime() + wibOffsetMs);
  const day = local.toISOString().slice(0, 10);
  // ISO week: the Thursday of this week decides the year.
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - (3 - ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return { day, week: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`, month: day.slice(0, 7) };
}

/**
 * Decides which copies to keep: the newest `keepLast`; the newest copy of each of the last
 * `keepDaily` days, `keepWeekly` ISO weeks and `keepMonthly` months that have copies (in WIB);
 * and always the newest verified copy. With no rule set, everything is kept. Pure.
 */
export function planRetention(candidates: readonly RetentionCandidate[], policy: RetentionPolicy | undefined): RetentionPlan {
  const sorted = [...candidates].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const reasons = new Map<string, Set<KeepReason>>(sorted.map((copy) => [copy.id, new Set<KeepReason>()]));
  const hasRule = policy !== undefined && [policy.keepLast, policy.keepDaily, policy.keepWeekly, policy.keepMonthly].some((n) => n !== undefined && n > 0);
  if (!hasRule) sorted.forEach((copy) => reasons.get(copy.id)!.add('no-policy'));
  sorted.slice(0, policy?.keepLast ?? 0).forEach((copy) => reasons.get(copy.id)!.add('last'));
  const buckets: [KeepReason, 'day' | 'week' | 'month', number][] = [
    ['daily', 'day', policy?.keepDaily ?? 0],
    ['weekly', 'week', policy?.keepWeekly ?? 0],
    ['monthly', 'month', policy?.keepMonthly ?? 0],
  ];
  for (const [reason, key, count] of buckets) {
    const seen = new Set<string>();
    for (const copy of sorted) {
      if (seen.size >= count) break;
      // Only a good copy represents its period; a damaged one would leave the period uncovered.
      if (!copy.verified) continue;
      const bucket = wibKeys(copy.createdAt)[key];
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      reasons.get(copy.id)!.add(reason);
    }
  }
  const newestVerified = sorted.find((copy) => copy.verified);
  if (newestVerified !== undefined) reasons.get(newestVerified.id)!.add('newest-verified');
  return {
    keep: sorted.filter((copy) => reasons.get(copy.id)!.size > 0).map((copy) => ({ id: copy.id, reasons: [...reasons.get(copy.id)!] })),
    remove: sorted.filter((copy) => reasons.get(copy.id)!.size === 0).map((copy) => ({ id: copy.id })),
  };
}

/** Deletes a committed copy: its manifest first (so a crash leaves an uncommitted leftover), then the file. */
export async function deleteStoredCopy(copy: StoredCopy): Promise<void> {
  await rm(copy.manifestPath, { force: true });
  await syncFolder(dirname(copy.manifestPath));
  await rm(copy.path, { force: true, recursive: true });
}
