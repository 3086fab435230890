import { imagePipelineCost } from '../../../bench/images/cost';

describe('imagePipelineCost', () => {
  it('prices 10,000 images as one parent transition and one Express child each, Lambda GB-s on arm64 and S3 requests', () => {
    // Act: 200 ms at 1,024 MB, two widths, four parent transitions.
    const cost = imagePipelineCost({ images: 10_000, lambdaMillis: 200, lambdaMemoryMb: 1024, architecture: 'arm64', widths: 2, parentTransitions: 4 });

    // Assess: each figure worked by hand from bench/pricing.ts.
    expect(cost.standardTransitionsUsd).toBeCloseTo((4 + 10_000) * 0.000025, 10);
    expect(cost.expressRequestsUsd).toBeCloseTo(0.01, 10);
    // 10,000 children × 0.2 s × 64 MB (0.0625 GB), in GB-hours, at the first tier's $0.06.
    expect(cost.expressDurationUsd).toBeCloseTo(((10_000 * 0.2 * 0.0625) / 3600) * 0.06, 10);
    expect(cost.lambdaRequestsUsd).toBeCloseTo(0.002, 10);
    expect(cost.lambdaDurationUsd).toBeCloseTo(10_000 * 0.2 * 1 * 0.0000133334, 10);
    // GET-class: 4 per image; PUT-class: 2 per image + 10 result writes + 10 LIST pages.
    expect(cost.s3RequestsUsd).toBeCloseTo(40_000 * 0.0000004 + (20_010 + 10) * 0.000005, 10);
    expect(cost.totalUsd).toBeCloseTo(
      cost.standardTransitionsUsd + cost.expressRequestsUsd + cost.expressDurationUsd + cost.lambdaRequestsUsd + cost.lambdaDurationUsd + cost.s3RequestsUsd,
      10,
    );
  });

  it('rounds an Express child up to the next 100 ms and prices x86_64 higher than arm64', () => {
    // Act
    const arm = imagePipelineCost({ images: 1000, lambdaMillis: 101, lambdaMemoryMb: 1024, architecture: 'arm64', widths: 2, parentTransitions: 4 });
    const x86 = imagePipelineCost({ images: 1000, lambdaMillis: 101, lambdaMemoryMb: 1024, architecture: 'x86_64', widths: 2, parentTransitions: 4 });

    // Assess
    expect(arm.expressDurationUsd).toBeCloseTo(((1000 * 0.2 * 0.0625) / 3600) * 0.06, 12);
    expect(x86.lambdaDurationUsd / arm.lambdaDurationUsd).toBeCloseTo(0.0000166667 / 0.0000133334, 6);
  });
});
