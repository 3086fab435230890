/**
 * The smoke workflow's Lambda: parse the event, call lib, return the stored item or throw a named error.
 * The middy chain follows Powertools' examples (https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#middy-middleware).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';
import { recordSmokeItem, type SmokeItem } from '../../lib/smoke/smoke-item';
import { createDynamoDbSmokeStore } from '../../lib/smoke/dynamodb-smoke-store';

const tableName = process.env.TABLE_NAME ?? '';
const store = createDynamoDbSmokeStore(tableName, tracer.captureAWSv3Client(new DynamoDBClient({})));

async function writeItem(event: unknown): Promise<SmokeItem> {
  const item = await recordSmokeItem(event, store);
  metrics.addMetric('SmokeItemsWritten', MetricUnit.Count, 1);
  logger.info('Smoke item written', { pk: item.pk });
  return item;
}

export const handler = instrumented(writeItem);
