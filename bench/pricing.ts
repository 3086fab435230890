/**
 * AWS Step Functions prices, US East (N. Virginia), on-demand: the one place the bench reads them from. Each price
 * carries the page it was read from and the date it was read, so a reader can check it and a maintainer knows when
 * to look again. Free tiers are left out on purpose: the cost comparison is about the marginal price of orders.
 */

/** A price, where it was read and when. */
export interface SourcedPrice {
  readonly usd: number;
  /** What one `usd` buys. */
  readonly per: string;
  readonly source: string;
  /** ISO date (YYYY-MM-DD) the source was read. */
  readonly readOn: string;
}

/** One band of a tiered monthly price: `upTo` is the cumulative GB-hours the band ends at (Infinity for the last). */
export interface DurationTier {
  readonly upToGbHours: number;
  readonly usdPerGbHour: number;
}

export interface StepFunctionsPrices {
  /** Standard workflows: per state transition (retries included). */
  readonly standardTransition: SourcedPrice;
  /** Express workflows: per request (each started execution). */
  readonly expressRequest: SourcedPrice;
  /** Express workflows: duration × billed memory, tiered on the month's total GB-hours. */
  readonly expressDuration: { readonly tiers: readonly DurationTier[]; readonly source: string; readonly readOn: string };
  /** Express billing granularity: duration rounds up to this many ms, memory up to this many MB. */
  readonly expressBilling: { readonly durationIncrementMs: number; readonly memoryIncrementMb: number; readonly source: string; readonly readOn: string };
  /**
   * Express memory estimate: a fixed base plus the definition plus the execution data times the number of Parallel or
   * Map steps (the pricing page's worked examples 3 and 4).
   */
  readonly expressMemoryEstimate: { readonly baseMb: number; readonly source: string; readonly readOn: string };
}

const PRICING_PAGE = 'https://aws.amazon.com/step-functions/pricing/';
const READ_ON = '2026-11-24';

/**
 * The prices as read from the Step Functions pricing page for us-east-1. $0.06 per GB-hour is $0.0000166667 per
 * GB-second; the tiers are on GB-hours per month, not on wall-clock hours.
 */
export const STEP_FUNCTIONS_PRICES: StepFunctionsPrices = {
  standardTransition: { usd: 0.025 / 1000, per: 'state transition ($0.025 per 1,000)', source: PRICING_PAGE, readOn: READ_ON },
  expressRequest: { usd: 1 / 1_000_000, per: 'request ($1.00 per million)', source: PRICING_PAGE, readOn: READ_ON },
  expressDuration: {
    tiers: [
      { upToGbHours: 1_000, usdPerGbHour: 0.06 },
      { upToGbHours: 5_000, usdPerGbHour: 0.03 },
      { upToGbHours: Number.POSITIVE_INFINITY, usdPerGbHour: 0.01642 },
    ],
    source: `${PRICING_PAGE} (Express workflows, pricing example: 100 million workflows of 10 s)`,
    readOn: READ_ON,
  },
  expressBilling: { durationIncrementMs: 100, memoryIncrementMb: 64, source: `${PRICING_PAGE} (Express workflows pricing details)`, readOn: READ_ON },
  expressMemoryEstimate: { baseMb: 50, source: `${PRICING_PAGE} (pricing examples 3 and 4, estimating memory utilization)`, readOn: READ_ON },
};

/** Claude on Amazon Bedrock, on demand, per token. */
export interface ModelPrices {
  readonly model: string;
  readonly inputToken: SourcedPrice;
  readonly outputToken: SourcedPrice;
}

const BEDROCK_PRICING_PAGE = 'https://aws.amazon.com/bedrock/pricing/';
const BEDROCK_READ_ON = '2026-12-01';

/**
 * Claude Haiku 4.5, the review workflow's model (custom.reviews.modelId), through a geographic (`us.`) cross-region
 * inference profile: $1.00 / $5.00 per million input / output tokens through the global profile, and 10 % more
 * through a geographic or in-region one, as for every Claude from the 4.5 generation on.
 */
export const CLAUDE_HAIKU_4_5_US_PRICES: ModelPrices = {
  model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  inputToken: { usd: 1.1 / 1_000_000, per: 'input token ($1.10 per million; $1.00 through the global profile)', source: BEDROCK_PRICING_PAGE, readOn: BEDROCK_READ_ON },
  outputToken: { usd: 5.5 / 1_000_000, per: 'output token ($5.50 per million; $5.00 through the global profile)', source: BEDROCK_PRICING_PAGE, readOn: BEDROCK_READ_ON },
};

const LAMBDA_PRICING_PAGE = 'https://aws.amazon.com/lambda/pricing/';
const S3_PRICING_PAGE = 'https://aws.amazon.com/s3/pricing/';
/** When the Lambda and S3 prices below were read (us-east-1, first tier, no free tier). */
const IMAGE_PRICES_READ_ON = '2026-12-01';

/** AWS Lambda prices, us-east-1, on-demand, the first duration tier (the first 6 or 7.5 billion GB-s a month). */
export const LAMBDA_PRICES = {
  request: { usd: 0.2 / 1_000_000, per: 'request ($0.20 per million)', source: LAMBDA_PRICING_PAGE, readOn: IMAGE_PRICES_READ_ON },
  gbSecond: {
    arm64: { usd: 0.0000133334, per: 'GB-second on arm64', source: LAMBDA_PRICING_PAGE, readOn: IMAGE_PRICES_READ_ON },
    x86_64: { usd: 0.0000166667, per: 'GB-second on x86_64', source: LAMBDA_PRICING_PAGE, readOn: IMAGE_PRICES_READ_ON },
  },
} as const satisfies { request: SourcedPrice; gbSecond: Record<'arm64' | 'x86_64', SourcedPrice> };

/** Amazon S3 Standard request prices, us-east-1 (storage and transfer left out: they depend on what is kept, not on the run). */
export const S3_PRICES = {
  getRequest: { usd: 0.0004 / 1000, per: 'GET, HEAD or other read request ($0.0004 per 1,000)', source: S3_PRICING_PAGE, readOn: IMAGE_PRICES_READ_ON },
  putOrListRequest: { usd: 0.005 / 1000, per: 'PUT, COPY, POST or LIST request ($0.005 per 1,000)', source: S3_PRICING_PAGE, readOn: IMAGE_PRICES_READ_ON },
} as const satisfies Record<string, SourcedPrice>;
