import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionCandidate } from '../../src/backup/retention.js';

/** A copy every 6 hours (UTC) for `days` days, newest last. */
function copiesEvery6h(days: number, start = Date.UTC(2024, 0, 1, 0, 0)): RetentionCandidate[] {
  return Array.from({ length: days * 4 }, (_, i) => ({ id: `c${i}`, createdAt: new Date(start + i * 6 * 3600 * 1000), verified: true }));
}

describe('planRetention', () => {
  it('keeps everything when no rule is set', () => {
    const plan = planRetention(copiesEvery6h(2), undefined);
    expect(plan.remove).toEqual([]);
    expect(plan.keep).toHaveLength(8);
  });

  it('keeps the last N', () => {
    const plan = planRetention(copiesEvery6h(2), { keepLast: 3 });
    expect(plan.keep.map((copy) => copy.id)).toEqual(['c7', 'c6', 'c5']);
    expect(plan.remove.map((copy) => copy.id)).toEqual(['c4', 'c3', 'c2', 'c1', 'c0']);
  });

  it('keeps the newest copy of each of the last N days, counted in WIB', () => {
    // c0 00:00Z = 07:00 WIB 1 Jan; c2 12:00Z = 19:00 WIB 1 Jan; c3 18:00Z = 01:00 WIB 2 Jan.
    const plan = planRetention(copiesEvery6h(3), { keepDaily: 2 });
    expect(plan.keep.map((copy) => [copy.id, copy.reasons])).toEqual([
      ['c11', ['daily', 'newest-verified']],
      ['c10', ['daily']],
    ]);
    const three = planRetention(copiesEvery6h(3), { keepDaily: 4 });
    // Days in WIB: 1 Jan (c0–c2), 2 Jan (c3–c6), 3 Jan (c7–c10), 4 Jan (c11).
    expect(three.keep.map((copy) => copy.id)).toEqual(['c11', 'c10', 'c6', 'c2']);
  });

  it('keeps weekly and monthly representatives', () => {
    const daily = Array.from({ length: 70 }, (_, i) => ({ id: `d${i}`, createdAt: new Date(Date.UTC(2024, 0, 1, 3) + i * 86_400_000), verified: true }));
    const plan = planRetention(daily, { keepWeekly: 2, keepMonthly: 3 });
    // 2024-03-10 (d69) is a Sunday: its ISO week began Monday 4 March (d63); the week before ends d62.
    // Months: March → d69, February → d59 (29 Feb), January → d30.
    expect(plan.keep.map((copy) => copy.id)).toEqual(['d69', 'd62', 'd59', 'd30']);
    expect(plan.keep[0]!.reasons).toEqual(['weekly', 'monthly', 'newest-verified']);
  });

  it('never removes the newest verified copy, even when newer ones are damaged', () => {
    const copies = copiesEvery6h(1).map((copy, i) => ({ ...copy, verified: i < 2 }));
    const plan = planRetention(copies, { keepLast: 1 });
    expect(plan.keep.map((copy) => [copy.id, copy.reasons])).toEqual([
      ['c3', ['last']],
      ['c1', ['newest-verified']],
    ]);
    expect(plan.remove.map((copy) => copy.id)).toEqual(['c2', 'c0']);
  });
});
