/**
 * Every review's result out of a Distributed Map's ResultWriter files, one at a time. The manifest lists the files
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html); the workflow writes them as
 * JSON Lines with FLATTEN, so each line of a SUCCEEDED file is one review's result. A child that failed as a whole
 * (timed out, or died before its reviews had results) appears in a FAILED or PENDING file as one record whose Input
 * still holds its batch: each review of that batch becomes a `failed` result, so no review is ever lost from the
 * counts. Files are read line by line, never whole.
 */
import { z } from 'zod';
import { reviewResultSchema, type ReviewResult } from './review-result';

/** Reads an object of the results bucket as lines of text, streamed. */
export interface ResultFiles {
  lines(bucket: string, key: string): AsyncIterable<string>;
}

/** A result file or the manifest does not hold what the workflow writes: a wiring mistake, never retried. */
export class MalformedMapRunResults extends Error {
  override readonly name = 'MalformedMapRunResults';
}

const fileList = z.array(z.object({ Key: z.string().min(1), Size: z.number().optional() })).default([]);

const manifestSchema = z.object({
  DestinationBucket: z.string().min(1),
  MapRunArn: z.string().min(1),
  ResultFiles: z.object({ SUCCEEDED: fileList, FAILED: fileList, PENDING: fileList }),
});

export type MapRunManifest = z.infer<typeof manifestSchema>;

/** A child's record in a FAILED or PENDING file (AWS's NONE record: Input as a JSON string, Error and Cause). */
const childRecordSchema = z.object({
  Input: z.string(),
  Error: z.string().optional(),
  Cause: z.string().optional(),
  Status: z.string().optional(),
});

/** A batch as the Distributed Map gave it to a child: the ItemSelector's `{review, position}` per item. */
const batchSchema = z.object({ Items: z.array(z.object({ review: z.unknown(), position: z.number().int().positive() })) });

export async function readManifest(files: ResultFiles, bucket: string, key: string): Promise<MapRunManifest> {
  let text = '';
  for await (const line of files.lines(bucket, key)) text += `${line}\n`;
  return parseWith(manifestSchema, text, `s3://${bucket}/${key}`);
}

/** Every review's result, SUCCEEDED files first, then the reviews of the children that failed or never ran. */
export async function* reviewResults(files: ResultFiles, manifest: MapRunManifest): AsyncGenerator<ReviewResult> {
  const bucket = manifest.DestinationBucket;
  for (const { Key } of manifest.ResultFiles.SUCCEEDED) {
    for await (const value of jsonValues(files, bucket, Key)) {
      yield parseValue(reviewResultSchema, value, `a result in s3://${bucket}/${Key}`);
    }
  }
  for (const kind of ['FAILED', 'PENDING'] as const) {
    for (const { Key } of manifest.ResultFiles[kind]) {
      for await (const value of jsonValues(files, bucket, Key)) {
        const record = parseValue(childRecordSchema, value, `a ${kind} record in s3://${bucket}/${Key}`);
        const batch = parseWith(batchSchema, record.Input, `the Input of a ${kind} record in s3://${bucket}/${Key}`);
        const reason = kind === 'PENDING' ? 'The batch holding this review never ran: the Map Run ended first.' : `The batch holding this review failed: ${record.Error ?? 'unknown error'}: ${record.Cause ?? ''}`.trim();
        for (const item of batch.Items) yield { reviewId: reviewIdOf(item.review, item.position), position: item.position, status: 'failed', reason };
      }
    }
  }
}

/** The same id the workflow gives a review: its own reviewId, else `review-<position>`. */
function reviewIdOf(review: unknown, position: number): string {
  const id = review !== null && typeof review === 'object' ? (review as Record<string, unknown>).reviewId : undefined;
  return id === undefined || id === null ? `review-${position}` : typeof id === 'string' ? id : JSON.stringify(id);
}

/**
 * The JSON values of a result file: one per line for JSON Lines; a line holding a JSON array (the JSON OutputType
 * writes one array per file) gives its elements, so the reader also takes a ResultWriter without WriterConfig.
 */
async function* jsonValues(files: ResultFiles, bucket: string, key: string): AsyncGenerator<unknown> {
  let lineNumber = 0;
  for await (const line of files.lines(bucket, key)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new MalformedMapRunResults(`s3://${bucket}/${key} line ${lineNumber} is not JSON: ${(error as Error).message}`);
    }
    if (Array.isArray(value)) yield* value;
    else yield value;
  }
}

function parseWith<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedMapRunResults(`${what} is not JSON: ${(error as Error).message}`);
  }
  return parseValue(schema, value, what);
}

function parseValue<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new MalformedMapRunResults(`${what} is not what the workflow writes: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
