/**
 * Reviews files built from real review text: the 3,000 labelled sentences the `sentiment` package ships in
 * test/fixtures (Amazon, IMDB and Yelp, 1,000 each; from the UCI "Sentiment Labelled Sentences" set), written as JSON
 * Lines or as CSV the way the review sentiment workflow reads them. Shared by `npm run seed:reviews`, the workflow
 * tests and the benchmark, so all three score the same text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REVIEW_SOURCES = ['amazon', 'imdb', 'yelp'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

export interface LabelledReview {
  /** `<source>-<n>`, n counted from 1 in the fixture's order. */
  readonly reviewId: string;
  readonly source: ReviewSource;
  readonly text: string;
  /** The human label of the UCI set: 1 positive, 0 negative. */
  readonly label: 0 | 1;
}

const FIXTURES = path.join(path.dirname(require.resolve('sentiment/package.json')), 'test', 'fixtures');

/** The sentences of one source, in the fixture's order. */
export function readSource(source: ReviewSource): LabelledReview[] {
  const rows = JSON.parse(readFileSync(path.join(FIXTURES, `${source}.json`), 'utf8')) as { text: string; class: number }[];
  return rows.map((row, index) => ({ reviewId: `${source}-${index + 1}`, source, text: row.text, label: row.class === 1 ? 1 : 0 }));
}

/**
 * `count` reviews taken in turn from the three sources (amazon-1, imdb-1, yelp-1, amazon-2, ...), so any prefix mixes
 * all three; at most 3,000.
 */
export function labelledReviews(count = 3000): LabelledReview[] {
  const sources = REVIEW_SOURCES.map(readSource);
  const longest = Math.max(...sources.map((rows) => rows.length));
  const mixed: LabelledReview[] = [];
  for (let index = 0; index < longest && mixed.length < count; index += 1) {
    for (const rows of sources) {
      const row = rows[index];
      if (row && mixed.length < count) mixed.push(row);
    }
  }
  return mixed;
}

/** What goes into a file: the fields a review carries (the label stays out; the model must not see it). */
export interface ReviewLine {
  readonly reviewId: string;
  readonly text: string;
  readonly source?: string;
}

export const toReviewLine = (review: LabelledReview): ReviewLine => ({ reviewId: review.reviewId, text: review.text, source: review.source });

/** One JSON object a line. */
export function toJsonLines(reviews: readonly ReviewLine[]): string {
  return reviews.map((review) => JSON.stringify(review)).join('\n') + '\n';
}

/**
 * CSV with a header row, every field quoted. Step Functions' CSV reader takes `""` for a quote inside quotes and a
 * backslash as an escape (a backslash before another character is dropped), so backslashes are doubled too.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export function toCsv(reviews: readonly ReviewLine[]): string {
  const field = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '""')}"`;
  const rows = reviews.map((review) => [review.reviewId, review.text, review.source ?? ''].map(field).join(','));
  return ['reviewId,text,source', ...rows].join('\n') + '\n';
}
