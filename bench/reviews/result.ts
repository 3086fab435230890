/** The review sentiment figure of `npm run bench`: what a load run measured, and its report lines. */
import type { ReviewCost } from './cost';

export interface ReviewsLoad {
  /** Reviews per timed run (labelled sentences, at most 3,000). */
  readonly reviews: number;
  /** Timed runs, each workflow run followed by its peer run. */
  readonly rounds: number;
  /** Reviews in the untimed warm-up run (the summary Lambda's first start, the model's lexicons loaded). */
  readonly warmupReviews: number;
}

export interface ReviewsResult {
  readonly load: ReviewsLoad;
  /** The Distributed Map's MaxConcurrency as deployed (custom.reviews.maxConcurrency). */
  readonly maxConcurrency: number;
  /** Median of the workflow runs: reviews over StartExecution to the execution's stopDate. */
  readonly workflowReviewsPerSecond: number;
  /** Median of the peer runs: the same reviews sent straight to Bedrock InvokeModel, as many at once as MaxConcurrency. */
  readonly directReviewsPerSecond: number;
  readonly workflowOverDirect: number | undefined;
  readonly runsReviewsPerSecond: readonly number[];
  /** RSS of the bench process (the runtime runs in it) before the first run, and the highest sampled during the workflow runs. */
  readonly rssMb: { readonly before: number; readonly peak: number };
  /** Mean tokens per review, from the peer's InvokeModel `usage`. */
  readonly tokensPerReview: { readonly input: number; readonly output: number };
  /** What every run's summary counted (each must count every review, none failed). */
  readonly counts: Record<string, number>;
  readonly cost?: ReviewCost;
  readonly problems: readonly string[];
}

export interface ReviewsSection {
  readonly reviews?: ReviewsResult;
  readonly reviewsNote?: string;
}

const one = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatReviewsLines(result: ReviewsResult): string[] {
  const { load } = result;
  const lines = [
    `Review sentiment on the local runtime (${load.reviews.toLocaleString('en-US')} labelled reviews a run, ${load.rounds} runs; MaxConcurrency ${result.maxConcurrency}, batches of 25, EXPRESS children)`,
    ...result.problems.map((problem) => `  ** ${problem} **`),
    `  workflow        ${one(result.workflowReviewsPerSecond)} reviews/s (median; runs ${result.runsReviewsPerSecond.map(one).join(', ')})`,
    `  direct calls    ${one(result.directReviewsPerSecond)} reviews/s (the same reviews to Bedrock InvokeModel, ${result.maxConcurrency} at once)`,
    `  workflow/direct ${result.workflowOverDirect === undefined ? '-' : result.workflowOverDirect.toFixed(2)}x`,
    `  RSS             ${one(result.rssMb.before)} MB before, ${one(result.rssMb.peak)} MB peak during the workflow runs (whole bench process: runtime, workers, model)`,
    `  tokens          ${one(result.tokensPerReview.input)} in, ${one(result.tokensPerReview.output)} out per review (local model's count)`,
    `  counts          ${JSON.stringify(result.counts)} (last run)`,
  ];
  if (result.cost) {
    lines.push(`  AWS cost of 1,000 reviews: $${result.cost.totalUsd.toFixed(4)}`);
    for (const line of result.cost.lines) lines.push(`    ${line.item.padEnd(46)} ${line.quantity.padEnd(22)} $${line.usd.toFixed(5)}`);
  }
  return lines;
}
