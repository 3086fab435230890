/**
 * TransactWriteItems on top of dynalite, which has no transactions: all or nothing, and isolated.
 *
 * The caller holds the DynamoDB lock exclusively (see read-write-lock.ts), so nothing else reads or writes while this
 * runs. Every item's current image is read first; then each action runs as dynalite's own PutItem, UpdateItem or
 * DeleteItem with its ConditionExpression, so conditions and update expressions mean exactly what they mean for
 * single-item calls. A transaction never names one item twice, so applying the actions one after another evaluates each
 * condition against the same image AWS would (the state before the transaction). When any condition fails, every action
 * already applied is undone from the images read first, and the answer is TransactionCanceledException with one reason
 * per action, as AWS gives it. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
import type { ClientRequestTokens } from './client-request-tokens';
import type { DynamoDbCall } from './dynalite-call';
import { AwsError } from '../platform/aws-error';
import { internalServerError, transactionCanceled, validationError, type CancellationReason } from './dynamodb-error';
import {
  assertOneActionPerItem,
  keyOf,
  requiredMember,
  TableKeys,
  transactionCapacity,
  transactItemsOf,
  type AttributeMap,
} from './transaction-items';

type ActionKind = 'ConditionCheck' | 'Put' | 'Delete' | 'Update';
const ACTION_KINDS: readonly ActionKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

/** The member name of each action in the front end's validation messages (`transactItems.1.member.put`). */
const ACTION_PATHS: Record<ActionKind, string> = { ConditionCheck: 'conditionCheck', Put: 'put', Delete: 'delete', Update: 'update' };

/** One action of the transaction with its target resolved. */
interface WriteAction {
  readonly kind: ActionKind;
  readonly body: Record<string, unknown>;
  readonly tableName: string;
  readonly key: AttributeMap;
  readonly keyNames: readonly string[];
}

/**
 * The dynalite messages that describe a failure of the action on this item's data (not a malformed request): AWS
 * reports these as a `ValidationError` cancellation reason rather than failing the whole request.
 */
const ITEM_VALIDATION_MESSAGES = [
  'An operand in the update expression has an incorrect data type',
  'The provided expression refers to an attribute that does not exist in the item',
  'The document path provided in the update expression is invalid for update',
  'Item size to update has exceeded the maximum allowed size',
  'Item size has exceeded the maximum allowed size',
  'Type mismatch for attribute to update',
];

export interface TransactWriteDependencies {
  readonly call: DynamoDbCall;
  readonly tokens: ClientRequestTokens;
}

/** Runs one TransactWriteItems request; the caller must hold the DynamoDB lock exclusively. */
export async function transactWriteItems(deps: TransactWriteDependencies, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = transactItemsOf(input);
  const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
  const replayed = token === undefined ? undefined : deps.tokens.replay(token, input);
  if (replayed) return replayed;

  const actions = await resolveActions(deps.call, entries);
  assertOneActionPerItem(actions);
  const images = await Promise.all(actions.map((action) => readImage(deps.call, action)));

  const reasons: CancellationReason[] = [];
  const applied: AppliedWrite[] = [];
  try {
    for (const [index, action] of actions.entries()) {
      const image = images[index];
      const reason = await apply(deps.call, action, image);
      reasons.push(reason);
      if (reason.Code === 'None' && action.kind !== 'ConditionCheck') applied.push({ action, image });
    }
  } catch (error) {
    await undo(deps.call, applied);
    throw error;
  }
  if (reasons.some((reason) => reason.Code !== 'None')) {
    await undo(deps.call, applied);
    throw transactionCanceled(reasons);
  }

  const capacity = transactionCapacity(
    input.ReturnConsumedCapacity,
    actions.map((action) => ({ tableName: action.tableName, kind: action.kind === 'ConditionCheck' ? 'read' : 'write' })),
  );
  const response: Record<string, unknown> = capacity ? { ConsumedCapacity: capacity } : {};
  if (token !== undefined) deps.tokens.remember(token, input, response);
  return response;
}

/** Each entry's single action, its table's key schema and the key of the item it targets. */
async function resolveActions(call: DynamoDbCall, entries: readonly Record<string, unknown>[]): Promise<WriteAction[]> {
  const tables = new TableKeys(call);
  const actions: WriteAction[] = [];
  for (const [index, entry] of entries.entries()) {
    const [kind, ...others] = ACTION_KINDS.filter((kind) => entry[kind] !== undefined && entry[kind] !== null);
    if (kind === undefined || others.length > 0) {
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const body = entry[kind] as Record<string, unknown>;
    const path = `transactItems.${index + 1}.member.${ACTION_PATHS[kind]}`;
    const tableName = requiredMember(body, 'TableName', `${path}.tableName`) as string;
    const source = (kind === 'Put' ? requiredMember(body, 'Item', `${path}.item`) : requiredMember(body, 'Key', `${path}.key`)) as AttributeMap;
    if (kind === 'Update') requiredMember(body, 'UpdateExpression', `${path}.updateExpression`);
    if (kind === 'ConditionCheck') requiredMember(body, 'ConditionExpression', `${path}.conditionExpression`);
    const keyNames = await tables.names(tableName);
    actions.push({ kind, body, tableName, key: kind === 'Put' ? keyOf(source, keyNames) : source, keyNames });
  }
  return actions;
}

/** The item as it is before the transaction, undefined when absent. */
async function readImage(call: DynamoDbCall, action: WriteAction): Promise<AttributeMap | undefined> {
  const output = await call('GetItem', { TableName: action.tableName, Key: action.key, ConsistentRead: true });
  return output.Item as AttributeMap | undefined;
}

/** The members every write action passes on to its single-item counterpart. */
function conditionMembers(body: Record<string, unknown>): Record<string, unknown> {
  return {
    TableName: body.TableName,
    ConditionExpression: body.ConditionExpression,
    ExpressionAttributeNames: body.ExpressionAttributeNames,
    ExpressionAttributeValues: body.ExpressionAttributeValues,
  };
}

/**
 * Applies one action through dynalite and answers its cancellation reason (`None` when it succeeded). A ConditionCheck
 * is a conditional write that changes nothing: the item's own image put back when it exists, a delete of the absent
 * item otherwise, so dynalite evaluates the condition and the data stays as it was.
 */
async function apply(call: DynamoDbCall, action: WriteAction, image: AttributeMap | undefined): Promise<CancellationReason> {
  const { body } = action;
  const condition = conditionMembers(body);
  try {
    switch (action.kind) {
      case 'Put':
        await call('PutItem', { ...condition, Item: body.Item });
        break;
      case 'Update':
        await call('UpdateItem', { ...condition, Key: body.Key, UpdateExpression: body.UpdateExpression });
        break;
      case 'Delete':
        await call('DeleteItem', { ...condition, Key: body.Key });
        break;
      case 'ConditionCheck':
        if (image) await call('PutItem', { ...condition, Item: image });
        else await call('DeleteItem', { ...condition, Key: body.Key });
        break;
    }
    return { Code: 'None' };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    if (error.name === 'ConditionalCheckFailedException') {
      const withItem = body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && image !== undefined;
      return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(withItem ? { Item: image } : {}) };
    }
    if (error.name === 'ValidationException' && ITEM_VALIDATION_MESSAGES.some((message) => error.message.startsWith(message))) {
      return { Code: 'ValidationError', Message: error.message };
    }
    throw error;
  }
}

/** A write that went through, with the image of its item from before the transaction (undefined when absent). */
interface AppliedWrite {
  readonly action: WriteAction;
  readonly image: AttributeMap | undefined;
}

/** Puts back the images of the items already written, last first. */
async function undo(call: DynamoDbCall, applied: readonly AppliedWrite[]): Promise<void> {
  for (const { action, image } of [...applied].reverse()) {
    const { tableName, key } = action;
    try {
      if (image) await call('PutItem', { TableName: tableName, Item: image });
      else await call('DeleteItem', { TableName: tableName, Key: key });
    } catch (error) {
      throw internalServerError(`Could not roll back a cancelled transaction on table ${tableName}: ${(error as Error).message}`);
    }
  }
}
