/** Latency percentiles and outcome counts of a load run. */

/**
 * The nearest-rank percentile: the smallest value with at least p% of the values at or below it. Unlike an
 * interpolated one, it is always a latency some order really had; with 100 orders p99 is the second slowest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile wants 0 < p <= 100, not ${p}`);
  const sorted = [...values].sort((left, right) => left - right);
  // The nearest-rank index is within 0..length-1 for 0 < p <= 100; NaN, like an empty input, should that ever not hold.
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? Number.NaN;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export function summarizeLatencies(valuesMs: readonly number[]): LatencySummary {
  return {
    p50: percentile(valuesMs, 50),
    p99: percentile(valuesMs, 99),
    min: valuesMs.length ? Math.min(...valuesMs) : Number.NaN,
    max: valuesMs.length ? Math.max(...valuesMs) : Number.NaN,
    mean: valuesMs.length ? valuesMs.reduce((sum, value) => sum + value, 0) / valuesMs.length : Number.NaN,
  };
}

/** How many times each value occurs, keys in first-seen order. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
