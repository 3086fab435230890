/**
 * What TransactWriteItems and TransactGetItems share: the request-level validation AWS performs before touching any
 * item (the list's length, one action per entry, one action per item) and the items' keys, read from each table's key
 * schema. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
import type { DynamoDbCall } from './dynalite-call';
import { AwsError } from '../platform/aws-error';
import { resourceNotFound, validationError } from './dynamodb-error';

/** A DynamoDB item or key in the wire format: attribute name → `{S: ...}`, `{N: ...}`, ... */
export type AttributeMap = Record<string, Record<string, unknown>>;

/** "TransactItems ... An ordered array of up to 100 TransactWriteItem objects" (the same bound for TransactGetItems). */
export const MAX_TRANSACT_ITEMS = 100;

/**
 * The TransactItems list, or the ValidationException AWS answers for a missing, empty or over-long one (its front end
 * reports the constraint with the offending value).
 */
export function transactItemsOf(input: Record<string, unknown>): Record<string, unknown>[] {
  const items = input.TransactItems;
  if (items === undefined || items === null) {
    throw validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(items)) throw validationError('TransactItems must be a list');
  if (items.length === 0 || items.length > MAX_TRANSACT_ITEMS) {
    const constraint = items.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TRANSACT_ITEMS}`;
    const value = `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
    throw validationError(
      `1 validation error detected: Value '${value}' at 'transactItems' failed to satisfy constraint: Member must have length ${constraint}`,
    );
  }
  return items.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw validationError(`TransactItems[${index}] must be an object`);
    }
    return item as Record<string, unknown>;
  });
}

/** The `required` member of an action, or the front end's "Member must not be null" for it. */
export function requiredMember(action: Record<string, unknown>, member: string, path: string): unknown {
  const value = action[member];
  if (value === undefined || value === null) {
    throw validationError(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

/** Each table's key attribute names, read once per transaction through DescribeTable. */
export class TableKeys {
  private readonly known = new Map<string, Promise<string[]>>();

  constructor(private readonly call: DynamoDbCall) {}

  /** The key attribute names (partition key first); ResourceNotFoundException for a table that does not exist. */
  names(tableName: string): Promise<string[]> {
    let names = this.known.get(tableName);
    if (!names) {
      names = this.describe(tableName);
      this.known.set(tableName, names);
    }
    return names;
  }

  private async describe(tableName: string): Promise<string[]> {
    try {
      const output = await this.call('DescribeTable', { TableName: tableName });
      const table = output.Table as { KeySchema?: { AttributeName: string; KeyType: string }[] } | undefined;
      const schema = table?.KeySchema ?? [];
      return [...schema].sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1)).map((k) => k.AttributeName);
    } catch (error) {
      if (error instanceof AwsError && error.name === 'ResourceNotFoundException') throw resourceNotFound();
      throw error;
    }
  }
}

/** The key attributes of an item, in key schema order (a Put names its item, the other actions their key). */
export function keyOf(item: AttributeMap, keyNames: readonly string[]): AttributeMap {
  return Object.fromEntries(keyNames.flatMap((name) => {
    const value = item[name];
    return value === undefined ? [] : [[name, value] as const];
  }));
}

/**
 * Refuses a transaction that names one item twice: "you can't target the same item with multiple operations within
 * the same transaction". The identity is the table plus the key's attribute values in key schema order.
 */
export function assertOneActionPerItem(targets: readonly { tableName: string; key: AttributeMap; keyNames: readonly string[] }[]): void {
  const seen = new Set<string>();
  for (const { tableName, key, keyNames } of targets) {
    const identity = JSON.stringify([tableName, ...keyNames.map((name) => key[name] ?? null)]);
    if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(identity);
  }
}

/**
 * `ConsumedCapacity` for a transaction when `ReturnConsumedCapacity` asks for it: transactional requests cost two units
 * per item (read or write), counted here for items up to the 1 KB / 4 KB unit sizes.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
 */
export function transactionCapacity(
  returnConsumedCapacity: unknown,
  units: readonly { tableName: string; kind: 'read' | 'write' }[],
): Record<string, unknown>[] | undefined {
  if (returnConsumedCapacity !== 'TOTAL' && returnConsumedCapacity !== 'INDEXES') return undefined;
  const byTable = new Map<string, { read: number; write: number }>();
  for (const { tableName, kind } of units) {
    const counts = byTable.get(tableName) ?? { read: 0, write: 0 };
    counts[kind] += 2;
    byTable.set(tableName, counts);
  }
  return [...byTable].map(([TableName, { read, write }]) => ({
    TableName,
    CapacityUnits: read + write,
    ...(read > 0 ? { ReadCapacityUnits: read } : {}),
    ...(write > 0 ? { WriteCapacityUnits: write } : {}),
  }));
}
