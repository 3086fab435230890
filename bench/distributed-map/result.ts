/** The Distributed Map figure of `npm run bench`: what is measured, its goals, and how a run is judged. */
import type { Verdict } from '../goals';

/** A real child execution, its Map Run bookkeeping and its result record may cost at most 50x an inline iteration. */
export const MIN_CHILDREN_OVER_INLINE = 0.02;
/** Peak RSS at the large item count may exceed the small one's by at most 25 %, once the stored objects are subtracted. */
export const MAX_RSS_GROWTH = 0.25;

export interface DistributedMapLoad {
  /** Items of the throughput runs (both the Distributed and the inline Map). */
  readonly items: number;
  /** Item counts of the two peak-RSS runs. */
  readonly rssItems: readonly [small: number, large: number];
  /**
   * The V8 old-space budget (`--max-old-space-size`, MB) of both peak-RSS runs. Without one, V8 lets garbage pile up
   * the longer a process allocates while memory is free, so a 100,000-item run peaks higher than a 10,000-item one
   * although its live heap (sampled after forced GCs) stays flat; the same budget for both shows what a run needs.
   */
  readonly rssHeapBudgetMb: number;
  /** Fresh processes per measurement; the figure is the median. */
  readonly processes: number;
}

/** One worker's job: a Distributed Map over an S3 object on the runtime, or an inline Map on the engine. */
export type DistributedMapJob = { readonly kind: 'distributed' | 'inline'; readonly items: number };

export type DistributedMapReply =
  | {
    readonly kind: 'measured';
    /** From StartExecution to the end of the execution, as the execution's own dates say. */
    readonly millis: number;
    /** Peak resident set size of the worker process. */
    readonly maxRssBytes: number;
    /** Bytes the in-memory S3 held at the end: the items object and the ResultWriter's files. */
    readonly storedBytes: number;
  }
  | { readonly kind: 'failed'; readonly message: string };

export interface DistributedMapResult {
  readonly load: DistributedMapLoad;
  readonly childrenPerSecond: number;
  readonly inlineItemsPerSecond: number;
  readonly ratio: number;
  /** Peak RSS minus the bytes S3 held, in MB, at the small and the large item count. */
  readonly rssMb: readonly [small: number, large: number];
  readonly rawRssMb: readonly [small: number, large: number];
  /** The throughput run's peak RSS minus the bytes S3 held, with no heap budget, for reference. */
  readonly unbudgetedRssMb: number;
  readonly rssGrowth: number;
  readonly throughputVerdict: Verdict;
  readonly rssVerdict: Verdict;
}

export const verdictOf = (met: boolean): Verdict => (met ? 'met' : 'MISSED');
