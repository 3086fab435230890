/**
 * The review sentiment load run: one offline runtime with serverless.yml deployed, a reviews file of labelled
 * sentences in its S3, the workflow started through the Step Functions API and timed to its stopDate. Its peer, in the
 * same run and process, is the floor the orchestration adds to: the same reviews sent straight to the local Bedrock's
 * InvokeModel with the workflow's own request body, as many at once as the Map Run's MaxConcurrency. Runs alternate
 * (workflow, direct, workflow, ...) so drift on a shared machine hits both alike. Loaded lazily by bench/run.ts.
 */
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, DescribeStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime } from '../../local/runtime';
import { labelledReviews, toJsonLines, toReviewLine, type ReviewLine } from '../../scripts/labelled-reviews';
import { CLAUDE_HAIKU_4_5_US_PRICES, LAMBDA_PRICES, STEP_FUNCTIONS_PRICES } from '../pricing';
import { median, ratio, throughput } from '../stats';
import { reviewsCost } from './cost';
import type { ReviewsLoad, ReviewsResult } from './result';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const MB = 1024 * 1024;
const LOG_TAIL = 40;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The deployed "Ask the model" request: the model id and the Messages body around one review's text. */
interface ModelRequest {
  readonly modelId: string;
  body(text: string): string;
}

/** Reads the request from the deployed definition, so the peer sends exactly what the workflow sends. */
function modelRequestOf(definition: string): { request: ModelRequest; maxConcurrency: number } {
  const parsed = JSON.parse(definition) as { States: Record<string, { Choices?: { Assign?: Record<string, string> }[]; ItemProcessor?: unknown }> };
  // The Choice rule that leads to the Maps assigns the settings (custom.reviews, as text).
  const maxConcurrency = Number(parsed.States['Check the input']?.Choices?.find((rule) => rule.Assign?.maxConcurrency !== undefined)?.Assign?.maxConcurrency);
  const processor = parsed.States['Score JSON Lines reviews']?.ItemProcessor as { States: Record<string, { ItemProcessor: { States: Record<string, { Arguments: { ModelId: string; Body: Record<string, unknown> } }> } }> };
  const ask = processor.States['Score each review']?.ItemProcessor.States['Ask the model'];
  if (!ask || !Number.isSafeInteger(maxConcurrency)) throw new Error('the deployed review definition has no "Ask the model" state or maxConcurrency setting (has the ASL changed?)');
  const { ModelId, Body } = ask.Arguments;
  return {
    maxConcurrency,
    request: {
      modelId: ModelId,
      // The same wrapping as the ASL's JSONata: the review's own tags out, the review in <review> tags.
      body: (text) => JSON.stringify({ ...Body, messages: [{ role: 'user', content: [{ type: 'text', text: `<review>\n${text.replace(/<\/?review>/gi, '')}\n</review>` }] }] }),
    },
  };
}

class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
}

export async function measureReviews(load: ReviewsLoad, progress: (line: string) => void): Promise<ReviewsResult> {
  const log: string[] = [];
  let runtime: Runtime | undefined;
  try {
    runtime = await startRuntime({ port: 0, outputsFile: false, log: (line) => log.push(line) });
    return await measureOn(runtime, load, progress);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- runtime log (last ${LOG_TAIL} lines) ---\n${log.slice(-LOG_TAIL).join('\n')}`, { cause: error });
  } finally {
    await runtime?.close();
  }
}

async function measureOn(runtime: Runtime, load: ReviewsLoad, progress: (line: string) => void): Promise<ReviewsResult> {
  const config = { endpoint: runtime.url, region: runtime.region, credentials };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sfn = new SFNClient(config);
  const bedrock = new BedrockRuntimeClient(config);
  const output = (name: string): string => {
    const value = runtime.outputs[name];
    if (value === undefined) throw new Error(`the runtime's stack has no output ${name} (has serverless.yml changed?)`);
    return value;
  };
  const bucket = output('ReviewsBucketName');
  const stateMachineArn = output('SentimentStateMachineArn');
  const problems: string[] = [];
  try {
    const { definition = '' } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const { request, maxConcurrency } = modelRequestOf(definition);
    const reviews = labelledReviews(load.reviews).map(toReviewLine);
    const warmup = reviews.slice(0, load.warmupReviews);
    for (const [key, lines] of [['reviews/bench.jsonl', reviews], ['reviews/bench-warmup.jsonl', warmup]] as const) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: toJsonLines(lines) }));
    }

    /** One workflow run over `key`; its reviews/s from StartExecution to the execution's stopDate. */
    const runWorkflow = async (key: string, count: number): Promise<{ perSecond: number; counts: Record<string, number> }> => {
      const startedAt = Date.now();
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ bucket, key }) }));
      for (;;) {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status !== 'RUNNING') {
          if (execution.status !== 'SUCCEEDED') throw new Error(`the review workflow ended ${execution.status}: ${execution.error} ${execution.cause}`);
          const { counts } = JSON.parse(execution.output ?? '{}') as { counts: Record<string, number> };
          if (counts.total !== count || counts.failed !== 0) problems.push(`a run counted ${JSON.stringify(counts)} for ${count} reviews`);
          return { perSecond: throughput(count, (execution.stopDate?.getTime() ?? Date.now()) - startedAt), counts };
        }
        await sleep(20);
      }
    };

    /** The peer: every review straight to InvokeModel, `maxConcurrency` calls in flight. */
    const runDirect = async (lines: readonly ReviewLine[]): Promise<{ perSecond: number; input: number; output: number }> => {
      const startedAt = performance.now();
      const pending = lines.values();
      let input = 0;
      let outputTokens = 0;
      const caller = async (): Promise<void> => {
        for (const review of pending) {
          const answer = await bedrock.send(new InvokeModelCommand({ modelId: request.modelId, body: request.body(review.text), contentType: 'application/json', accept: 'application/json' }));
          const { usage } = JSON.parse(Buffer.from(answer.body).toString('utf8')) as { usage: { input_tokens: number; output_tokens: number } };
          input += usage.input_tokens;
          outputTokens += usage.output_tokens;
        }
      };
      await Promise.all(Array.from({ length: maxConcurrency }, caller));
      return { perSecond: throughput(lines.length, performance.now() - startedAt), input: input / lines.length, output: outputTokens / lines.length };
    };

    progress(`(reviews) warm-up: ${warmup.length} reviews`);
    await runWorkflow('reviews/bench-warmup.jsonl', warmup.length);
    await runDirect(warmup);
    const rssBefore = process.memoryUsage().rss;
    const sampler = new RssSampler();
    const workflowRuns: number[] = [];
    const directRuns: number[] = [];
    let counts: Record<string, number> = {};
    let tokens = { input: 0, output: 0 };
    for (let round = 0; round < load.rounds; round += 1) {
      sampler.start();
      const run = await runWorkflow('reviews/bench.jsonl', reviews.length).finally(() => sampler.stop());
      workflowRuns.push(run.perSecond);
      counts = run.counts;
      progress(`(reviews) workflow #${round + 1}: ${run.perSecond.toFixed(1)} reviews/s`);
      const direct = await runDirect(reviews);
      directRuns.push(direct.perSecond);
      tokens = { input: direct.input, output: direct.output };
      progress(`(reviews) direct #${round + 1}: ${direct.perSecond.toFixed(1)} reviews/s`);
    }
    const workflowReviewsPerSecond = median(workflowRuns);
    const directReviewsPerSecond = median(directRuns);
    const cost = reviewsCost(
      {
        reviews: 1000,
        inputTokensPerReview: tokens.input,
        outputTokensPerReview: tokens.output,
        reviewsPerBatch: 25,
        secondsPerModelCall: 1,
        parentTransitions: 3,
        summaryMemoryMb: 512,
        summarySeconds: 1,
      },
      CLAUDE_HAIKU_4_5_US_PRICES,
      STEP_FUNCTIONS_PRICES,
      { request: LAMBDA_PRICES.request, gbSecond: LAMBDA_PRICES.gbSecond.arm64 },
    );
    return {
      load,
      maxConcurrency,
      workflowReviewsPerSecond,
      directReviewsPerSecond,
      workflowOverDirect: ratio(workflowReviewsPerSecond, directReviewsPerSecond),
      runsReviewsPerSecond: workflowRuns,
      rssMb: { before: rssBefore / MB, peak: sampler.peak / MB },
      tokensPerReview: tokens,
      counts,
      cost,
      problems,
    };
  } finally {
    s3.destroy();
    sfn.destroy();
    bedrock.destroy();
  }
}
