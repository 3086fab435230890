/**
 * What the review sentiment workflow records for each review, and the six counts its summary reports. One review gets
 * exactly one result: `scored` (with the model's sentiment), `needs_review` (empty, too long, or an answer outside
 * the contract) or `failed` (the model call, or the follow-up after it, kept failing). The per-review states of
 * statemachines/review-sentiment.asl.json produce these shapes; the summary reads them back from the Map Run's files.
 */
import { z } from 'zod';

export const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

const reviewRef = { reviewId: z.string(), position: z.number().int().positive() };

export const reviewResultSchema = z.discriminatedUnion('status', [
  z.object({
    ...reviewRef,
    status: z.literal('scored'),
    sentiment: z.enum(SENTIMENTS),
    confidence: z.number().min(0).max(1),
    topics: z.array(z.unknown()),
  }),
  z.object({ ...reviewRef, status: z.literal('needs_review'), reason: z.string() }),
  z.object({ ...reviewRef, status: z.literal('failed'), reason: z.string() }),
]);

export type ReviewResult = z.infer<typeof reviewResultSchema>;

/** The summary's counts: exactly these six keys, `total` their sum. */
export interface SentimentCounts {
  positive: number;
  negative: number;
  neutral: number;
  needsReview: number;
  failed: number;
  total: number;
}

export const emptyCounts = (): SentimentCounts => ({ positive: 0, negative: 0, neutral: 0, needsReview: 0, failed: 0, total: 0 });

/** Adds one review's result to the counts (in place, as the summary tallies millions of them). */
export function countResult(counts: SentimentCounts, result: ReviewResult): void {
  if (result.status === 'scored') counts[result.sentiment] += 1;
  else if (result.status === 'needs_review') counts.needsReview += 1;
  else counts.failed += 1;
  counts.total += 1;
}
