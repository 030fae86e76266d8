/** The q-quantile (0 < q ≤ 1) of a list of numbers by nearest rank: p99 of 200 samples is the 198th smallest. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
