/**
 * A Map Run's counts, as DescribeMapRun reports them (itemCounts and executionCounts), and which children did not
 * succeed. Nothing here grows with the number of items: a child that succeeds is only counted, and the children a
 * redrive must run again are kept by child index, the failed, timed-out and aborted ones one by one and the
 * never-started ones as the range they always form (children start in index order).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
export interface MapRunCountsShape {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  /** Unsuccessful children (failed, timed out, aborted, never started) a redrive of the parent would run again, or has yet to start. */
  pendingRedrive: number;
  /** Failures a redrive cannot run again: none here, as every unsuccessful child is redriven (or restarted) by its Map Run. */
  failuresNotRedrivable: number;
}

/** How a child ended: the statuses a Map Run redrive runs again are all but SUCCEEDED. */
export type ChildEnd = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type UnsuccessfulChild = Exclude<ChildEnd, 'SUCCEEDED'>;

const zero = (): MapRunCountsShape => ({
  pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, pendingRedrive: 0, failuresNotRedrivable: 0,
});

const FIELD: Record<ChildEnd, 'succeeded' | 'failed' | 'timedOut' | 'aborted'> = {
  SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timedOut', ABORTED: 'aborted',
};

export class MapRunCounts {
  /** Counted in items: a batch of 50 items is 50 here. */
  readonly items = zero();
  /** Counted in child executions: a batch of 50 items is 1 here. */
  readonly executions = zero();
  /** Children that failed, timed out or were aborted, by child index: what a Map Run redrive runs again. */
  readonly unsuccessful = new Map<number, UnsuccessfulChild>();
  /** Children from this index on never started (PENDING), once the run has stopped early. */
  pendingFrom?: number;
  /** Children start in index order: every child below this index has started (in this attempt or an earlier one). */
  startedChildren = 0;

  /** A child's input has been read (`items` of them in it); it waits for capacity. */
  read(items: number): void {
    bump(this.items, 'total', items);
    bump(this.items, 'pending', items);
    bump(this.executions, 'total', 1);
    bump(this.executions, 'pending', 1);
  }

  started(index: number, items: number): void {
    move(this.items, 'pending', 'running', items);
    move(this.executions, 'pending', 'running', 1);
    this.startedChildren = Math.max(this.startedChildren, index + 1);
    // A redrive starting one of the children it runs again.
    if (this.executions.pendingRedrive > 0) {
      this.items.pendingRedrive = Math.max(0, this.items.pendingRedrive - items);
      this.executions.pendingRedrive -= 1;
    }
  }

  ended(index: number, status: ChildEnd, items: number): void {
    move(this.items, 'running', FIELD[status], items);
    move(this.executions, 'running', FIELD[status], 1);
    if (status !== 'SUCCEEDED') this.unsuccessful.set(index, status);
    else this.unsuccessful.delete(index);
  }

  /** Whether a redrive runs child `index` again: it did not succeed, or it never started. */
  rerunsOnRedrive(index: number): boolean {
    return index >= this.startedChildren || this.unsuccessful.has(index);
  }

  /**
   * The run ended: what a redrive would run again is every child that did not succeed (none once SUCCEEDED).
   * The never-started children are those still counted `pending`.
   */
  settle(succeeded: boolean): void {
    for (const counts of [this.items, this.executions]) {
      counts.pendingRedrive = succeeded ? 0 : counts.failed + counts.timedOut + counts.aborted + counts.pending;
    }
  }

  /**
   * A redrive begins: the unsuccessful children go back to `pending`, and the run's totals stay, so the tolerated
   * failure threshold is judged on the whole run (its succeeded children and the outcome of the redriven ones). The
   * results written are the succeeded children's again, as the manifest keeps only theirs from earlier attempts.
   */
  beginRedrive(): void {
    for (const counts of [this.items, this.executions]) {
      counts.pending += counts.failed + counts.timedOut + counts.aborted;
      counts.failed = 0;
      counts.timedOut = 0;
      counts.aborted = 0;
      counts.resultsWritten = Math.min(counts.resultsWritten, counts.succeeded);
    }
    this.pendingFrom = undefined;
  }

  /** The run stopped before child `index` started: it and every later child stay PENDING. */
  neverStarted(index: number): void {
    this.pendingFrom ??= index;
  }

  resultWritten(items: number): void {
    bump(this.items, 'resultsWritten', items);
    bump(this.executions, 'resultsWritten', 1);
  }

  /** Items of failed and timed-out children: what the tolerated failure threshold is measured in. */
  get failedItems(): number {
    return this.items.failed + this.items.timedOut;
  }
}

function bump(counts: MapRunCountsShape, field: keyof MapRunCountsShape, by: number): void {
  counts[field] += by;
}

function move(counts: MapRunCountsShape, from: keyof MapRunCountsShape, to: keyof MapRunCountsShape, by: number): void {
  counts[from] -= by;
  counts[to] += by;
}
