/**
 * The workflow's ValidateOrder step: returns the order priced from the inventory table, or throws ValidationError,
 * which the state machine catches to reject the order (it is deliberately absent from every Retry).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { orderSettings } from '../../lib/config';
import { createDynamoDbCatalog } from '../../lib/orders/dynamodb-catalog';
import type { PricedOrder } from '../../lib/orders/pricing';
import { validateOrder } from '../../lib/orders/validate-order';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';

const settings = orderSettings();
const catalog = createDynamoDbCatalog(settings.inventoryTableName, tracer.captureAWSv3Client(new DynamoDBClient({})));

async function handle(event: unknown): Promise<PricedOrder> {
  const order = await validateOrder(event, catalog, {
    currency: settings.currency,
    approvalThresholdCents: settings.approvalThresholdCents,
    approvalTimeoutSeconds: settings.approvalTimeoutSeconds,
    senderAddress: settings.senderAddress,
  });
  logger.info('Order validated', { orderId: order.orderId, totalCents: order.totalCents, lines: order.items.length });
  metrics.addMetric('OrdersValidated', MetricUnit.Count, 1);
  return order;
}

export const handler = instrumented(handle);
