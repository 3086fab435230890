/** What 1,000 reviews cost on AWS (bench/reviews/cost.ts), and the review figure on the bench's command line. */
import { parsePlan } from '../../../bench/plan';
import { CLAUDE_HAIKU_4_5_US_PRICES, LAMBDA_PRICES, STEP_FUNCTIONS_PRICES } from '../../../bench/pricing';
import { reviewsCost } from '../../../bench/reviews/cost';

const input = {
  reviews: 1000,
  inputTokensPerReview: 200,
  outputTokensPerReview: 20,
  reviewsPerBatch: 25,
  secondsPerModelCall: 1,
  parentTransitions: 3,
  summaryMemoryMb: 512,
  summarySeconds: 1,
};

describe('bench: the cost of 1,000 reviews', () => {
  it('prices tokens, one Express request and 64 MB of duration per batch of 25, the parent transitions and the summary', () => {
    const cost = reviewsCost(input, CLAUDE_HAIKU_4_5_US_PRICES, STEP_FUNCTIONS_PRICES, { request: LAMBDA_PRICES.request, gbSecond: LAMBDA_PRICES.gbSecond.arm64 });
    const usd = Object.fromEntries(cost.lines.map((line) => [line.item.replace(/ \(.*/, ''), line.usd]));
    // 200,000 input tokens at $1.10 per million, 20,000 output tokens at $5.50 per million.
    expect(usd['Bedrock input tokens']).toBeCloseTo(0.22, 10);
    expect(usd['Bedrock output tokens']).toBeCloseTo(0.11, 10);
    // 40 children: $1 per million requests; 40 x 25 s x 1/16 GB = 62.5 GB-s at $0.06 per GB-hour.
    expect(usd['Express child requests']).toBeCloseTo(0.00004, 10);
    expect(usd['Express child duration']).toBeCloseTo((62.5 / 3600) * 0.06, 10);
    expect(usd['Standard transitions']).toBeCloseTo(0.000075, 10);
    expect(usd['Summary Lambda']).toBeCloseTo(0.0000002 + 0.5 * 0.0000133334, 10);
    expect(cost.totalUsd).toBeCloseTo(cost.lines.reduce((sum, line) => sum + line.usd, 0), 12);
    expect(cost.lines.find((line) => line.item.startsWith('Express child duration'))?.quantity).toBe('40 x 25.0 s');
  });

  it('runs the review figure alone with --only reviews, smaller under --quick', () => {
    expect(parsePlan(['--only', 'reviews'])).toMatchObject({ figures: ['reviews'], reviews: { reviews: 3000, rounds: 3 } });
    expect(parsePlan(['--quick', '--only', 'reviews'])).toMatchObject({ reviews: { reviews: 600, rounds: 1 } });
  });
});
