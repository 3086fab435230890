/**
 * The review sentiment workflow's last step: tallies every review's result out of the Map Run's files, writes them
 * again as one JSON Lines file a person or a spreadsheet can open, and writes the summary beside it. Memory holds
 * the counts and one upload part, never the results, so a run of millions of reviews summarizes in one invocation.
 */
import { z } from 'zod';
import { readManifest, reviewResults, type ResultFiles } from './map-run-results';
import { countResult, emptyCounts, type SentimentCounts } from './review-result';

/** Where the summary goes: JSON for the summary, a stream of lines for the results file. */
export interface SummaryStore extends ResultFiles {
  putJson(bucket: string, key: string, value: unknown): Promise<void>;
  /** Starts an upload fed line by line; `close` finishes it. */
  openLines(bucket: string, key: string): LineUpload;
}

export interface LineUpload {
  write(line: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** The Task's Payload (statemachines/review-sentiment.asl.json, "Summarize the run"). */
export const summarizeRequestSchema = z.object({
  mapRunArn: z.string().min(1),
  manifest: z.object({ Bucket: z.string().min(1), Key: z.string().min(1) }),
  runName: z.string().min(1),
});

export type SummarizeRequest = z.infer<typeof summarizeRequestSchema>;

/** The workflow's output. */
export interface RunSummary {
  counts: SentimentCounts;
  resultsKey: string;
  summaryKey: string;
  mapRunArn: string;
}

/** The folder of one run's summary: one per execution name, which Step Functions keeps unique per state machine. */
export const summaryFolder = (runName: string): string => `summaries/${runName}/`;

export async function summarizeReviews(request: SummarizeRequest, store: SummaryStore, bucket: string): Promise<RunSummary> {
  const manifest = await readManifest(store, request.manifest.Bucket, request.manifest.Key);
  const folder = summaryFolder(request.runName);
  const resultsKey = `${folder}reviews.jsonl`;
  const summaryKey = `${folder}summary.json`;
  const counts = emptyCounts();
  const upload = store.openLines(bucket, resultsKey);
  try {
    for await (const result of reviewResults(store, manifest)) {
      countResult(counts, result);
      await upload.write(JSON.stringify(result));
    }
    await upload.close();
  } catch (error) {
    await upload.abort();
    throw error;
  }
  const summary: RunSummary = { counts, resultsKey, summaryKey, mapRunArn: request.mapRunArn };
  await store.putJson(bucket, summaryKey, { ...summary, bucket, manifestKey: request.manifest.Key });
  return summary;
}
