/**
 * The workflow's compensation step "Refund any charge taken": gives back whatever the provider holds under the order's
 * idempotency key, before the stock is released. It runs after every failed payment because a timed-out attempt may
 * have charged; the provider refunds a charge once however often it is asked, so no Powertools idempotency is needed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { orderSettings } from '../../lib/config';
import { createDynamoDbChargeLedger } from '../../lib/payments/dynamodb-payment-stores';
import { createSimulatedProvider, type AttemptLog } from '../../lib/payments/simulated-provider';
import { refundPayment, type RefundOutcome } from '../../lib/payments/take-payment';
import { instrumented, logger, metrics, tracer } from '../../lib/powertools';

const settings = orderSettings();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const ledger = createDynamoDbChargeLedger(settings.paymentsTableName, dynamodb);
// Only test tokens on charges count attempts; a refund never does, so this function gets no access to that log.
const attempts: AttemptLog = {
  nextAttempt: () => Promise.reject(new Error('Refunds count no payment attempts')),
};

async function refund(event: unknown, context: Context): Promise<RefundOutcome> {
  const provider = createSimulatedProvider({ ledger, attempts, remainingTimeMs: () => context.getRemainingTimeInMillis() });
  const outcome = await refundPayment(event, provider);
  logger.appendKeys({ orderId: outcome.orderId });
  logger.info(outcome.refunded ? 'Charge refunded' : 'No charge to refund', { refundId: outcome.refund?.refundId, amountCents: outcome.refund?.amountCents });
  if (outcome.refunded) metrics.addMetric('PaymentsRefunded', MetricUnit.Count, 1);
  return outcome;
}

export const handler = instrumented(refund);
