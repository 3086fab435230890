/**
 * The image pipeline's child step: makes the thumbnails of one object listed by the Distributed Map's ItemReader
 * (lib/images/resize-image). Throws UnsupportedImage or ImageTooLarge for an object it cannot resize; the ASL retries
 * neither, so each counts once against the Map's tolerated failures. Only keys, sizes and outcomes are logged, never
 * image bytes.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { imageSettings } from '../../lib/images/image-settings';
import { resizeImage, type ResizeOutcome } from '../../lib/images/resize-image';
import { parseResizeRequest } from '../../lib/images/resize-request';
import { createS3ImageStore } from '../../lib/images/s3-image-store';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';

const settings = imageSettings();
const s3 = tracer.captureAWSv3Client(new S3Client({}));

/** Metric per outcome, so a dashboard shows resized against skipped images (failures are the Map Run's counts). */
const METRIC_BY_STATUS: Readonly<Record<ResizeOutcome['status'], string>> = {
  RESIZED: 'ImagesResized',
  UP_TO_DATE: 'ImagesUpToDate',
  SKIPPED_THUMBNAIL: 'ImagesSkipped',
  SKIPPED_FOLDER: 'ImagesSkipped',
};

async function handle(event: unknown, context: Context): Promise<ResizeOutcome> {
  const request = parseResizeRequest(event);
  logger.appendKeys({ bucket: request.bucket, key: request.key });
  const outcome = await resizeImage(request, { store: createS3ImageStore(request.bucket, s3), settings, invocationId: context.awsRequestId });
  logger.info('Image processed', { status: outcome.status, thumbnails: 'thumbnails' in outcome ? outcome.thumbnails.map((thumbnail) => thumbnail.key) : [] });
  metrics.addMetric(METRIC_BY_STATUS[outcome.status], MetricUnit.Count, 1);
  return outcome;
}

export const handler = instrumented(handle);
