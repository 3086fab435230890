/**
 * Review sentiment's "Summarize the run": counts every review of the Map Run once and writes the summary and the
 * per-review results file (lib/reviews/summarize-reviews.ts). A malformed event is a wiring mistake and fails the
 * step with ValidationError; a result file S3 cannot serve yet fails it with ResultFileUnavailable, which the
 * workflow retries.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { reviewSettings } from '../../lib/config';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';
import { createS3SummaryStore } from '../../lib/reviews/s3-summary-store';
import { summarizeRequestSchema, summarizeReviews, type RunSummary } from '../../lib/reviews/summarize-reviews';

const settings = reviewSettings();
const store = createS3SummaryStore(tracer.captureAWSv3Client(new S3Client({})));

/** The event does not have the shape the state machine sends. */
class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

async function summarize(event: unknown): Promise<RunSummary> {
  const parsed = summarizeRequestSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; '));
  logger.appendKeys({ mapRunArn: parsed.data.mapRunArn });
  const summary = await summarizeReviews(parsed.data, store, settings.reviewsBucketName);
  logger.info('Reviews summarized', { counts: summary.counts, resultsKey: summary.resultsKey });
  metrics.addMetric('ReviewsSummarized', MetricUnit.Count, summary.counts.total);
  metrics.addMetric('ReviewsNeedingReview', MetricUnit.Count, summary.counts.needsReview);
  metrics.addMetric('ReviewsFailed', MetricUnit.Count, summary.counts.failed);
  return summary;
}

export const handler = instrumented(summarize);
