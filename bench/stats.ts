/** The few statistics the report needs. Medians, not means: a GC pause or a neighbour's build skews a mean. */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  // The two middle values (the same one when the count is odd).
  const lower = sorted[Math.floor((sorted.length - 1) / 2)];
  const upper = sorted[Math.floor(sorted.length / 2)];
  return lower === undefined || upper === undefined ? Number.NaN : lower === upper ? upper : (lower + upper) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    count: values.length,
  };
}

/** Work per second for one run that did `work` units in `elapsedMs`. */
export function throughput(work: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (work * 1000) / elapsedMs : Number.POSITIVE_INFINITY;
}

/** `numerator / denominator`, or undefined when either side is missing or the denominator is not positive. */
export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return undefined;
  return numerator / denominator;
}
