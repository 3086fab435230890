/**
 * The ApprovalStore adapter for the approvals table (key `approvalId` S). Both writes are conditional, so DynamoDB
 * decides atomically: `create` keeps the first request stored under an id (an SQS redelivery of the same message
 * writes nothing), and `decide` moves a request out of PENDING once, however many decisions race
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 * Each item also holds `expiresAtEpoch` (epoch seconds), the attribute the table's TTL reads, so DynamoDB removes a
 * request once its link and its task have expired.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRecord, ApprovalStatus, ApprovalStore, MailClaim } from './approval-record';

/** `decide` or `claimMail` was asked about an approval the table does not hold (never created, or removed by TTL). */
export class ApprovalNotFound extends Error {
  override readonly name = 'ApprovalNotFound';

  constructor(readonly approvalId: string) {
    super(`Approval ${approvalId} does not exist`);
  }
}

const STATUSES: readonly ApprovalStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

/** The TTL attribute: whole epoch seconds, as DynamoDB's TTL requires (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html). */
export function expiresAtEpoch(expiresAt: string): number {
  const millis = Date.parse(expiresAt);
  if (Number.isNaN(millis)) throw new Error(`expiresAt is not a date: ${JSON.stringify(expiresAt)}`);
  return Math.floor(millis / 1000);
}

/** An item as stored, checked and without the TTL attribute: a malformed item is a data error, never half-read. */
export function recordFromItem(item: Record<string, unknown>): ApprovalRecord {
  const { expiresAtEpoch: _ttl, mailClaimUntil: _claim, ...record } = item;
  const status = STATUSES.find((candidate) => candidate === record.status);
  const order = record.order as Partial<ApprovalRecord['order']> | undefined;
  if (
    typeof record.approvalId !== 'string' ||
    typeof record.taskToken !== 'string' ||
    typeof record.expiresAt !== 'string' ||
    typeof record.createdAt !== 'string' ||
    !status ||
    typeof order?.orderId !== 'string' ||
    !Array.isArray(order.items)
  ) {
    throw new Error(`Approval item ${JSON.stringify(record.approvalId)} is malformed`);
  }
  return { ...(record as unknown as ApprovalRecord), status };
}

/**
 * The store over `client` (a DynamoDBDocumentClient, so items are plain objects). Reads are strongly consistent: a
 * decision page opened right after the mail arrived must see the request the consumer just wrote.
 */
export function createDynamoDbApprovalStore(client: DynamoDBDocumentClient, tableName: string): ApprovalStore {
  const get = async (approvalId: string): Promise<ApprovalRecord | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { approvalId }, ConsistentRead: true }));
    return Item ? recordFromItem(Item) : undefined;
  };

  /** After a conditional write: the item as it stands now when the condition failed (any other error is rethrown). */
  const currentAfterConflict = async (error: unknown, approvalId: string): Promise<ApprovalRecord> => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = await get(approvalId);
    if (!existing) throw new ApprovalNotFound(approvalId);
    return existing;
  };

  return {
    get,

    async create(record) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...record, expiresAtEpoch: expiresAtEpoch(record.expiresAt) },
            ConditionExpression: 'attribute_not_exists(approvalId)',
          }),
        );
        return record;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Stored before (a redelivered message): the first request wins, with its token.
        const existing = await get(record.approvalId);
        return existing ?? record;
      }
    },

    async decide(approvalId, status, decidedAt) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { approvalId },
            UpdateExpression: 'SET #status = :status, #decidedAt = :decidedAt',
            // A missing item fails this condition too (its status is not PENDING), so decide never creates one.
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status', '#decidedAt': 'decidedAt' },
            ExpressionAttributeValues: { ':status': status, ':decidedAt': decidedAt, ':pending': 'PENDING' },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return recordFromItem(Attributes ?? {});
      } catch (error) {
        return { alreadyDecided: await currentAfterConflict(error, approvalId) };
      }
    },

    async claimMail(approvalId, now, until): Promise<MailClaim> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { approvalId },
            UpdateExpression: 'SET #claim = :until',
            ConditionExpression: 'attribute_exists(approvalId) AND attribute_not_exists(#mailedAt) AND (attribute_not_exists(#claim) OR #claim < :now)',
            ExpressionAttributeNames: { '#claim': 'mailClaimUntil', '#mailedAt': 'mailedAt' },
            ExpressionAttributeValues: { ':until': until, ':now': now },
          }),
        );
        return 'claimed';
      } catch (error) {
        return (await currentAfterConflict(error, approvalId)).mailedAt ? 'mailed' : 'busy';
      }
    },

    async markDelivered(approvalId, deliveredAt, outcome) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { approvalId },
            UpdateExpression: 'SET #deliveredAt = :deliveredAt, #outcome = :outcome',
            // The first delivery's record stands; a repeated one changes nothing.
            ConditionExpression: 'attribute_exists(approvalId) AND attribute_not_exists(#deliveredAt)',
            ExpressionAttributeNames: { '#deliveredAt': 'deliveredAt', '#outcome': 'deliveryOutcome' },
            ExpressionAttributeValues: { ':deliveredAt': deliveredAt, ':outcome': outcome },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    async markMailed(approvalId, mailedAt) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { approvalId },
          UpdateExpression: 'SET #mailedAt = :mailedAt REMOVE #claim',
          ConditionExpression: 'attribute_exists(approvalId)',
          ExpressionAttributeNames: { '#mailedAt': 'mailedAt', '#claim': 'mailClaimUntil' },
          ExpressionAttributeValues: { ':mailedAt': mailedAt },
        }),
      );
    },
  };
}
