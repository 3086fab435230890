/**
 * The workflow's ProcessPayment step, idempotent on the order id with Powertools (DynamoDB persistence layer): a
 * retry after a success returns the stored charge without calling the provider; a retry while the first attempt
 * still runs fails with IdempotencyAlreadyInProgressError, which the state machine retries later. The provider is
 * idempotent on the same key as well, which covers the attempt that charged but never answered (tok_timeout).
 * https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { orderSettings } from '../../lib/config';
import { createDynamoDbAttemptLog, createDynamoDbChargeLedger } from '../../lib/payments/dynamodb-payment-stores';
import type { Charge } from '../../lib/payments/payment-provider';
import { createSimulatedProvider } from '../../lib/payments/simulated-provider';
import { takePayment } from '../../lib/payments/take-payment';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';

const settings = orderSettings();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const ledger = createDynamoDbChargeLedger(settings.paymentsTableName, dynamodb);
const attempts = createDynamoDbAttemptLog(settings.idempotencyTableName, dynamodb);

const persistenceStore = new DynamoDBPersistenceLayer({ tableName: settings.idempotencyTableName, awsSdkV3Client: dynamodb });
// The key is the business key, never the execution id: a second execution for the same order must not pay twice.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'orderId', throwOnNoIdempotencyKey: true });

async function processPayment(event: unknown, context: Context): Promise<Charge> {
  const provider = createSimulatedProvider({ ledger, attempts, remainingTimeMs: () => context.getRemainingTimeInMillis() });
  const orderId = (event as { orderId?: unknown } | null)?.orderId;
  logger.appendKeys({ orderId: typeof orderId === 'string' ? orderId : undefined });
  const charge = await takePayment(event, provider);
  logger.info('Payment charged', { chargeId: charge.chargeId, amountCents: charge.amountCents });
  metrics.addMetric('PaymentsCharged', MetricUnit.Count, 1);
  return charge;
}

export const handler = instrumented(processPayment)
  .use(makeHandlerIdempotent({ persistenceStore, config: idempotencyConfig }));
