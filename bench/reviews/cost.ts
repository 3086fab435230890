/**
 * What scoring 1,000 reviews costs on AWS with the review sentiment workflow, from tokens counted in the bench run
 * and prices in bench/pricing.ts. Pure. Bedrock's tokens dominate; Step Functions adds one Express request per batch
 * of 25 and the Express duration of each batch (one model call per review, in turn), the parent a handful of Standard
 * transitions, and the summary one Lambda invocation. S3 requests (one GET and one PUT per result file, a few more
 * for the summary) are fractions of a cent and left out.
 */
import type { ModelPrices, SourcedPrice, StepFunctionsPrices } from '../pricing';
import { billedDurationMs, billedMemoryMb } from '../orders/cost';

export interface ReviewCostInput {
  readonly reviews: number;
  /** Mean tokens per review, counted by the model (the local model counts about 3.5 characters a token, as Claude roughly does for English). */
  readonly inputTokensPerReview: number;
  readonly outputTokensPerReview: number;
  readonly reviewsPerBatch: number;
  /**
   * Assumed time of one Claude Haiku call for a short answer on AWS (not measurable offline): what each review adds to
   * its Express child's duration.
   */
  readonly secondsPerModelCall: number;
  /** Standard transitions of the parent: Check the input, the Map, Summarize the run (and the execution's start and end are free). */
  readonly parentTransitions: number;
  /** The summary Lambda's memory and an assumed duration for this many reviews. */
  readonly summaryMemoryMb: number;
  readonly summarySeconds: number;
}

export interface ReviewCostLine {
  readonly item: string;
  readonly quantity: string;
  readonly usd: number;
}

export interface ReviewCost {
  readonly lines: readonly ReviewCostLine[];
  readonly totalUsd: number;
}

const amount = (quantity: number, price: SourcedPrice): number => quantity * price.usd;

export function reviewsCost(input: ReviewCostInput, model: ModelPrices, stepFunctions: StepFunctionsPrices, lambda: { request: SourcedPrice; gbSecond: SourcedPrice }): ReviewCost {
  const batches = Math.ceil(input.reviews / input.reviewsPerBatch);
  const inputTokens = input.reviews * input.inputTokensPerReview;
  const outputTokens = input.reviews * input.outputTokensPerReview;
  const batchMs = billedDurationMs(input.reviewsPerBatch * input.secondsPerModelCall * 1000, stepFunctions.expressBilling.durationIncrementMs);
  // A child holds one batch (25 reviews of a few hundred bytes) and a small definition: one 64 MB chunk.
  const memoryGb = billedMemoryMb(stepFunctions.expressMemoryEstimate.baseMb, stepFunctions.expressBilling.memoryIncrementMb) / 1024;
  const expressGbHours = (batches * (batchMs / 1000) * memoryGb) / 3600;
  const firstTier = stepFunctions.expressDuration.tiers[0];
  if (!firstTier) throw new Error('no Express duration tier');
  const lines: ReviewCostLine[] = [
    { item: `Bedrock input tokens (${model.model})`, quantity: `${Math.round(inputTokens).toLocaleString('en-US')} tokens`, usd: amount(inputTokens, model.inputToken) },
    { item: 'Bedrock output tokens', quantity: `${Math.round(outputTokens).toLocaleString('en-US')} tokens`, usd: amount(outputTokens, model.outputToken) },
    { item: 'Express child requests', quantity: `${batches} children`, usd: amount(batches, stepFunctions.expressRequest) },
    { item: 'Express child duration (64 MB)', quantity: `${batches} x ${(batchMs / 1000).toFixed(1)} s`, usd: expressGbHours * firstTier.usdPerGbHour },
    { item: 'Standard transitions (parent)', quantity: `${input.parentTransitions}`, usd: amount(input.parentTransitions, stepFunctions.standardTransition) },
    {
      item: 'Summary Lambda (arm64)',
      quantity: `1 x ${input.summarySeconds} s at ${input.summaryMemoryMb} MB`,
      usd: lambda.request.usd + (input.summaryMemoryMb / 1024) * input.summarySeconds * lambda.gbSecond.usd,
    },
  ];
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.usd, 0) };
}
