/**
 * `npm run seed:reviews`: uploads a reviews file built from the labelled sentences of the `sentiment` package
 * (scripts/labelled-reviews.ts) to the review sentiment workflow's bucket, as JSON Lines and as CSV, and prints how to
 * score it; with `--start` it starts the execution itself, waits for it and prints the summary.
 *
 * Against `npm start` (the default) it reads EdgeEndpoint, ReviewsBucketName and SentimentStateMachineArn from
 * `.local/stack-outputs.json` (`--outputs <file>` for another). Against AWS, give the stack's outputs
 * (`npx serverless info --verbose --stage <stage>`): `--bucket <ReviewsBucketName> --state-machine <SentimentStateMachineArn>`;
 * the SDK's default credentials and region are used.
 * Other options: `--count <n>` reviews (1 to 3,000; 1,000 by default).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { labelledReviews, toCsv, toJsonLines, toReviewLine } from './labelled-reviews';
import { optionValue, readStackOutputs } from './stack-outputs';

export interface SeedTarget {
  /** The runtime's edge; undefined for AWS. */
  readonly endpoint?: string;
  readonly bucket: string;
  readonly stateMachineArn?: string;
}

export interface SeedOptions {
  readonly target: SeedTarget;
  readonly count: number;
  readonly start: boolean;
}

/** Reads the options; throws a message saying what to do when they do not add up. */
export function parseSeedOptions(argv: readonly string[], readOutputs?: (file: string) => string): SeedOptions {
  const countText = optionValue(argv, '--count') ?? '1000';
  const count = Number(countText);
  if (!Number.isSafeInteger(count) || count < 1 || count > 3000) throw new Error(`--count must be a whole number from 1 to 3000 (the labelled sentences there are), got "${countText}"`);
  const start = argv.includes('--start');
  const bucket = optionValue(argv, '--bucket');
  if (bucket !== undefined) {
    const stateMachineArn = optionValue(argv, '--state-machine');
    if (start && stateMachineArn === undefined) throw new Error('--start needs --state-machine <SentimentStateMachineArn> when --bucket names an AWS bucket');
    return { target: { bucket, ...(stateMachineArn === undefined ? {} : { stateMachineArn }) }, count, start };
  }
  const outputs = readStackOutputs(argv, {
    required: ['EdgeEndpoint', 'ReviewsBucketName', 'SentimentStateMachineArn'], stack: 'the review sentiment stack', otherwise: 'give --bucket for AWS', read: readOutputs,
  });
  const { EdgeEndpoint: endpoint, ReviewsBucketName: localBucket, SentimentStateMachineArn: stateMachineArn } = outputs;
  return { target: { endpoint, bucket: localBucket, stateMachineArn }, count, start };
}

/** The two files to upload: the same reviews as JSON Lines and as CSV, under reviews/ (where the workflow may read). */
export function reviewsFiles(count: number): { key: string; body: string; contentType: string }[] {
  const reviews = labelledReviews(count).map(toReviewLine);
  return [
    { key: `reviews/labelled-${count}.jsonl`, body: toJsonLines(reviews), contentType: 'application/x-ndjson' },
    { key: `reviews/labelled-${count}.csv`, body: toCsv(reviews), contentType: 'text/csv' },
  ];
}

/** The AWS CLI command that starts the workflow on a file (the endpoint flag only for the local runtime). */
export function startCommand(target: SeedTarget, key: string): string {
  const endpoint = target.endpoint ? ` --endpoint-url ${target.endpoint}` : '';
  return `aws stepfunctions start-execution${endpoint} --state-machine-arn ${target.stateMachineArn ?? '<SentimentStateMachineArn>'} --input '${JSON.stringify({ bucket: target.bucket, key })}'`;
}

async function main(): Promise<void> {
  const { target, count, start } = parseSeedOptions(process.argv);
  const local = target.endpoint ? { endpoint: target.endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {};
  const s3 = new S3Client({ ...local, forcePathStyle: Boolean(target.endpoint) });
  const sfn = new SFNClient(local);
  try {
    const files = reviewsFiles(count);
    for (const file of files) {
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: file.key, Body: file.body, ContentType: file.contentType }));
      process.stdout.write(`Uploaded ${count} reviews to s3://${target.bucket}/${file.key}\n`);
    }
    const [jsonLines] = files;
    if (!jsonLines) return;
    if (!start) {
      process.stdout.write(`\nScore them (or run again with --start):\n  ${startCommand(target, jsonLines.key)}\n`);
      return;
    }
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: target.stateMachineArn, input: JSON.stringify({ bucket: target.bucket, key: jsonLines.key }) }));
    process.stdout.write(`\nStarted ${executionArn}\n`);
    let described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    while (described.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    if (described.status !== 'SUCCEEDED') throw new Error(`The execution ended ${described.status}: ${described.error ?? ''} ${described.cause ?? ''}`);
    const output = JSON.parse(described.output ?? '{}') as { counts: Record<string, number>; resultsKey: string; summaryKey: string };
    process.stdout.write(`Counts: ${JSON.stringify(output.counts)}\nSummary: s3://${target.bucket}/${output.summaryKey}\nEach review: s3://${target.bucket}/${output.resultsKey}\n`);
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: output.resultsKey }));
    const firstLines = ((await Body?.transformToString()) ?? '').split('\n').slice(0, 3);
    process.stdout.write(`First results:\n${firstLines.map((line) => `  ${line}`).join('\n')}\n`);
  } finally {
    s3.destroy();
    sfn.destroy();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
