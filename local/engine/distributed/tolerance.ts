/**
 * A Map Run's tolerated failures: ToleratedFailureCount and ToleratedFailurePercentage (and their Path forms), which
 * map.ts evaluates and validates with AWS's States.Runtime texts before the Map Run starts.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html#maprun-fail-threshold
 */
export interface ToleratedFailures {
  readonly count?: number;
  readonly percentage?: number;
}

/** The error and cause a Map Run fails with once its failures pass the threshold (recorded by AWS's TestState). */
export const THRESHOLD_EXCEEDED = {
  error: 'States.ExceedToleratedFailureThreshold',
  cause: 'The specified tolerated failure threshold was exceeded',
} as const;

/**
 * Whether `failedItems` (the items of failed and timed-out children) exceed the thresholds. The rule is "exceeds"
 * (`>`), and the run fails when EITHER threshold is exceeded; with neither set the default is 0 %, so one failure fails.
 * The percentage is taken over `itemsRead`: the items the Map Run has read so far. AWS reads its items ahead of the
 * children, so the total is known early for a small source and the share settles over the run for a large one. The
 * runtime reads ahead the same way (read-ahead.ts, READ_AHEAD_ITEMS in map-run-io.ts) and starts no child before the
 * read-ahead is full, so a source of up to 1,000 items is judged against its total and a larger one against at least
 * 1,000 items: a run whose failures stay under the tolerated share succeeds, while a source whose first items fail
 * beyond it fails early.
 */
export function exceedsTolerance(tolerated: ToleratedFailures, failedItems: number, itemsRead: number): boolean {
  if (failedItems === 0) return false;
  const { count, percentage } = tolerated;
  if (count === undefined && percentage === undefined) return true;
  if (count !== undefined && failedItems > count) return true;
  return percentage !== undefined && itemsRead > 0 && (failedItems * 100) / itemsRead > percentage;
}
