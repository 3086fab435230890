/**
 * What the image pipeline costs on AWS per 10,000 images, from the prices in bench/pricing.ts and what the pipeline
 * does per image: one EXPRESS child execution (one request, billed by duration × memory), one resizeImage invocation
 * (billed by GB-s at its memory and architecture), and its S3 requests. The parent is a Standard execution, billed
 * its own few transitions plus one state transition per child execution the Distributed Map starts
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-transitions.html, "Transitions in Distributed Map").
 */
import { LAMBDA_PRICES, S3_PRICES, STEP_FUNCTIONS_PRICES } from '../pricing';

export interface ImageCostInputs {
  readonly images: number;
  /** Mean resizeImage duration per image, in ms (AWS bills Lambda per 1 ms). */
  readonly lambdaMillis: number;
  readonly lambdaMemoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  /** Thumbnails per image (widths). */
  readonly widths: number;
  /** The parent's own state transitions (Choice, Map, summary Task, end), besides one per child. */
  readonly parentTransitions: number;
}

export interface ImageCost {
  readonly standardTransitionsUsd: number;
  readonly expressRequestsUsd: number;
  readonly expressDurationUsd: number;
  readonly lambdaRequestsUsd: number;
  readonly lambdaDurationUsd: number;
  readonly s3RequestsUsd: number;
  readonly totalUsd: number;
}

/**
 * Express children: each runs about as long as its Lambda call and is billed at the 64 MB minimum increment (its
 * state is one small Task), rounded up to 100 ms; the first Express duration tier applies at this volume.
 */
export function imagePipelineCost(inputs: ImageCostInputs): ImageCost {
  const { expressBilling, expressDuration } = STEP_FUNCTIONS_PRICES;
  const childMillis = Math.ceil(inputs.lambdaMillis / expressBilling.durationIncrementMs) * expressBilling.durationIncrementMs;
  const childGbHours = (inputs.images * (childMillis / 1000) * (expressBilling.memoryIncrementMb / 1024)) / 3600;
  const firstTier = expressDuration.tiers[0]!;
  const lambdaGbSeconds = inputs.images * (inputs.lambdaMillis / 1000) * (inputs.lambdaMemoryMb / 1024);
  // Per image: HeadObject of the source and of each thumbnail, GetObject of the source (GET-class), PutObject of each
  // thumbnail (PUT-class); plus one LIST per 1,000 keys for the ItemReader and a few PUTs for the ResultWriter.
  const getRequests = inputs.images * (2 + inputs.widths);
  const putRequests = inputs.images * inputs.widths + 10;
  const listRequests = Math.ceil(inputs.images / 1000);
  const parts = {
    standardTransitionsUsd: (inputs.parentTransitions + inputs.images) * STEP_FUNCTIONS_PRICES.standardTransition.usd,
    expressRequestsUsd: inputs.images * STEP_FUNCTIONS_PRICES.expressRequest.usd,
    expressDurationUsd: childGbHours * firstTier.usdPerGbHour,
    lambdaRequestsUsd: inputs.images * LAMBDA_PRICES.request.usd,
    lambdaDurationUsd: lambdaGbSeconds * LAMBDA_PRICES.gbSecond[inputs.architecture].usd,
    s3RequestsUsd: getRequests * S3_PRICES.getRequest.usd + (putRequests + listRequests) * S3_PRICES.putOrListRequest.usd,
  };
  return { ...parts, totalUsd: Object.values(parts).reduce((sum, usd) => sum + usd, 0) };
}
