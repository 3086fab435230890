/**
 * The summary's reading of a Map Run's result files (lib/reviews/map-run-results.ts) and its tally and writes
 * (lib/reviews/summarize-reviews.ts), over an in-memory store shaped like the runtime's ResultWriter output.
 */
import { MalformedMapRunResults } from '../../../lib/reviews/map-run-results';
import { summarizeReviews, type LineUpload, type SummaryStore } from '../../../lib/reviews/summarize-reviews';

const BUCKET = 'reviews-bucket';
const MAP_RUN = 'arn:aws:states:us-east-1:000000000000:mapRun:review-sentiment/ReviewSentimentJsonLines:0d6c1d0e-5a8f-4d43-9c52-0c1c4d0b5a11';

/** Objects by key; written lines and JSON kept for the assertions. */
function memoryStore(objects: Record<string, string>) {
  const written: Record<string, string> = {};
  const aborted: string[] = [];
  const store: SummaryStore = {
    async *lines(bucket, key) {
      const text = objects[`${bucket}/${key}`];
      if (text === undefined) throw new Error(`no such object ${bucket}/${key}`);
      yield* text.split('\n');
    },
    async putJson(bucket, key, value) {
      written[`${bucket}/${key}`] = JSON.stringify(value);
    },
    openLines(bucket, key): LineUpload {
      const lines: string[] = [];
      return {
        write: async (line) => {
          lines.push(line);
        },
        close: async () => {
          written[`${bucket}/${key}`] = lines.join('\n');
        },
        abort: async () => {
          aborted.push(`${bucket}/${key}`);
        },
      };
    },
  };
  return { store, written, aborted };
}

const manifest = (files: { SUCCEEDED?: string[]; FAILED?: string[]; PENDING?: string[] }) =>
  JSON.stringify({
    DestinationBucket: BUCKET,
    MapRunArn: MAP_RUN,
    ResultFiles: Object.fromEntries(['FAILED', 'PENDING', 'SUCCEEDED'].map((kind) => [kind, (files[kind as keyof typeof files] ?? []).map((Key) => ({ Key, Size: 1 }))])),
  });

const scored = (reviewId: string, position: number, sentiment: string) => ({ reviewId, position, status: 'scored', sentiment, confidence: 0.9, topics: ['price'] });

/** A failed or pending child as the ResultWriter records it: AWS's NONE record, its batch in Input as JSON text. */
const childRecord = (status: string, items: unknown[], error?: { Error: string; Cause: string }) =>
  JSON.stringify({ ...error, Input: JSON.stringify({ BatchInput: { source: 's3://b/k' }, Items: items }), InputDetails: { Included: true }, Status: status });

const request = { mapRunArn: MAP_RUN, manifest: { Bucket: BUCKET, Key: 'map-runs/run/manifest.json' }, runName: 'run-1' };

describe('summarizeReviews', () => {
  it('counts every review once: each scored or flagged result, and each review of a batch that failed or never ran', async () => {
    // Prepare: two SUCCEEDED files (JSON Lines, and one JSON array as a JSON OutputType writes it), a FAILED and a PENDING child.
    const { store, written } = memoryStore({
      [`${BUCKET}/map-runs/run/manifest.json`]: manifest({ SUCCEEDED: ['map-runs/run/SUCCEEDED_0.json', 'map-runs/run/SUCCEEDED_1.json'], FAILED: ['map-runs/run/FAILED_0.json'], PENDING: ['map-runs/run/PENDING_0.json'] }),
      [`${BUCKET}/map-runs/run/SUCCEEDED_0.json`]: [
        JSON.stringify(scored('a', 1, 'positive')),
        JSON.stringify(scored('b', 2, 'negative')),
        JSON.stringify({ reviewId: 'c', position: 3, status: 'needs_review', reason: 'The review is empty: there is nothing to score.' }),
        '',
      ].join('\n'),
      [`${BUCKET}/map-runs/run/SUCCEEDED_1.json`]: JSON.stringify([scored('d', 4, 'neutral'), { reviewId: 'e', position: 5, status: 'failed', reason: 'The model call failed: Bedrock.ThrottlingException: slow down' }]),
      [`${BUCKET}/map-runs/run/FAILED_0.json`]: childRecord('TIMED_OUT', [{ review: { reviewId: 'f', text: 'x' }, position: 6 }, { review: { text: 'no id' }, position: 7 }], { Error: 'States.Timeout', Cause: 'The execution timed out' }),
      [`${BUCKET}/map-runs/run/PENDING_0.json`]: childRecord('PENDING', [{ review: { reviewId: 42 }, position: 8 }]),
    });

    // Act
    const summary = await summarizeReviews(request, store, BUCKET);

    // Assess: the counts, the keys, and one results line per review.
    expect(summary).toEqual({
      counts: { positive: 1, negative: 1, neutral: 1, needsReview: 1, failed: 4, total: 8 },
      resultsKey: 'summaries/run-1/reviews.jsonl',
      summaryKey: 'summaries/run-1/summary.json',
      mapRunArn: MAP_RUN,
    });
    const results = (written[`${BUCKET}/summaries/run-1/reviews.jsonl`] ?? '').split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(results.map((result) => [result.reviewId, result.status])).toEqual([
      ['a', 'scored'], ['b', 'scored'], ['c', 'needs_review'], ['d', 'scored'], ['e', 'failed'], ['f', 'failed'], ['review-7', 'failed'], ['42', 'failed'],
    ]);
    expect(results[5]).toEqual({ reviewId: 'f', position: 6, status: 'failed', reason: 'The batch holding this review failed: States.Timeout: The execution timed out' });
    expect(results[7]).toMatchObject({ reason: 'The batch holding this review never ran: the Map Run ended first.' });
    expect(JSON.parse(written[`${BUCKET}/summaries/run-1/summary.json`] ?? '')).toEqual({ ...summary, bucket: BUCKET, manifestKey: request.manifest.Key });
  });

  it('counts an empty Map Run as zero reviews', async () => {
    const { store } = memoryStore({ [`${BUCKET}/map-runs/run/manifest.json`]: manifest({}) });
    const summary = await summarizeReviews(request, store, BUCKET);
    expect(summary.counts).toEqual({ positive: 0, negative: 0, neutral: 0, needsReview: 0, failed: 0, total: 0 });
  });

  it.each<[string, string, RegExp]>([
    ['a result line that is not JSON', '{"reviewId":', /SUCCEEDED_0\.json line 1 is not JSON/],
    ['a result outside the contract', JSON.stringify({ reviewId: 'a', position: 1, status: 'scored', sentiment: 'mixed', confidence: 0.5, topics: [] }), /not what the workflow writes: sentiment/],
    ['a result without a position', JSON.stringify({ reviewId: 'a', status: 'needs_review', reason: 'x' }), /position/],
  ])('refuses %s, naming the file, and abandons the results upload', async (_case, line, message) => {
    const { store, aborted } = memoryStore({
      [`${BUCKET}/map-runs/run/manifest.json`]: manifest({ SUCCEEDED: ['map-runs/run/SUCCEEDED_0.json'] }),
      [`${BUCKET}/map-runs/run/SUCCEEDED_0.json`]: line,
    });
    const summarizing = summarizeReviews(request, store, BUCKET);
    await expect(summarizing).rejects.toThrow(MalformedMapRunResults);
    await expect(summarizing).rejects.toThrow(message);
    expect(aborted).toEqual([`${BUCKET}/summaries/run-1/reviews.jsonl`]);
  });

  it('refuses a manifest that is not a ResultWriter manifest', async () => {
    const { store } = memoryStore({ [`${BUCKET}/map-runs/run/manifest.json`]: JSON.stringify({ ResultFiles: {} }) });
    await expect(summarizeReviews(request, store, BUCKET)).rejects.toThrow(/s3:\/\/reviews-bucket\/map-runs\/run\/manifest.json is not what the workflow writes: DestinationBucket/);
  });
});
