/**
 * DynamoDB adapters of the simulated provider's two stores. The ledger is the payments table (key `chargeId`, the
 * order id as an attribute), written with `attribute_not_exists(chargeId)` so that a replayed charge cannot add a
 * second item. The attempt log stands in for the provider's own bookkeeping; it lives in the idempotency table under
 * its own key prefix (Powertools' keys are `<function name>#<hash>`) and expires through the table's TTL attribute.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Charge, Refund } from './payment-provider';
import type { AttemptLog, ChargeLedger } from './simulated-provider';

/** One day: far longer than any retry of one order's payment. */
const ATTEMPT_LOG_TTL_SECONDS = 24 * 60 * 60;

export function createDynamoDbChargeLedger(tableName: string, client: DynamoDBClient = new DynamoDBClient({})): ChargeLedger {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    async recordOnce(charge) {
      try {
        await documents.send(new PutCommand({ TableName: tableName, Item: { ...charge }, ConditionExpression: 'attribute_not_exists(chargeId)' }));
        return charge;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { chargeId: charge.chargeId }, ConsistentRead: true }));
        return (Item as Charge | undefined) ?? charge;
      }
    },

    // The refund is written onto the charge's own item, conditionally: one item per charge stays the rule, a charge
    // is refunded once however often compensation runs, and a key that was never charged gets no item at all.
    async refundOnce(chargeId, refundId, refundedAt) {
      let item: Record<string, unknown> | undefined;
      try {
        const answer = await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { chargeId },
            UpdateExpression: 'SET refundId = :refundId, refundedAt = :refundedAt',
            ConditionExpression: 'attribute_exists(chargeId) AND attribute_not_exists(refundId)',
            ExpressionAttributeValues: { ':refundId': refundId, ':refundedAt': refundedAt },
            ReturnValues: 'ALL_NEW',
          }),
        );
        item = answer.Attributes;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // No charge under that id, or refunded before: read which.
        item = (await documents.send(new GetCommand({ TableName: tableName, Key: { chargeId }, ConsistentRead: true }))).Item;
      }
      if (!item || typeof item.refundId !== 'string') return undefined;
      const { orderId, amountCents, currency } = item as unknown as Charge;
      return { refundId: item.refundId, chargeId, orderId, amountCents, currency, refundedAt: String(item.refundedAt) } satisfies Refund;
    },
  };
}

export function createDynamoDbAttemptLog(tableName: string, client: DynamoDBClient = new DynamoDBClient({}), now: () => number = Date.now): AttemptLog {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    async nextAttempt(idempotencyKey) {
      const answer = await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { id: `payment-simulator#${idempotencyKey}` },
          UpdateExpression: 'ADD attempts :one SET #expiration = :expiration',
          ExpressionAttributeNames: { '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':one': 1, ':expiration': Math.floor(now() / 1000) + ATTEMPT_LOG_TTL_SECONDS },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(answer.Attributes?.attempts ?? 1);
    },
  };
}
