/** The image figure as report lines (kept apart from measure.ts, which loads sharp, jimp and the runtime). */
import type { ImagesResult } from './measure';

const usd = (value: number) => `$${value.toFixed(4)}`;

export function formatImagesLines(result: ImagesResult): string[] {
  const cost = result.costPer10000;
  return [
    `(images) ${result.source}:`,
    `  sharp ${result.imagesPerSecond.sharp.toFixed(2)} images/s, jimp ${result.imagesPerSecond.jimp.toFixed(2)} images/s (medians): sharp ${result.sharpOverJimp.toFixed(1)}× jimp`,
    result.pipeline
      ? `  pipeline on the runtime: ${result.pipeline.images} JPEGs (800×600) in ${result.pipeline.seconds.toFixed(1)} s = ${result.pipeline.imagesPerSecond.toFixed(1)} images/s (${result.pipeline.status})`
      : `  pipeline on the runtime ${result.pipelineNote ?? 'not measured'}`,
    `  AWS cost per 10,000 images (arm64, 1,024 MB): ${usd(cost.totalUsd)} = Lambda ${usd(cost.lambdaDurationUsd + cost.lambdaRequestsUsd)} + Express children ${usd(cost.expressRequestsUsd + cost.expressDurationUsd)} + S3 requests ${usd(cost.s3RequestsUsd)} + Standard transitions ${usd(cost.standardTransitionsUsd)}`,
  ];
}
