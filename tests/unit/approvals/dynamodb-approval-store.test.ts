/**
 * The approvals table adapter against the embedded DynamoDB (dynalite behind the runtime's DynamoDB handler), so the
 * conditional writes are DynamoDB's own, not a mock's idea of them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRecord } from '../../../lib/approvals/approval-record';
import { ApprovalNotFound, createDynamoDbApprovalStore, expiresAtEpoch, recordFromItem } from '../../../lib/approvals/dynamodb-approval-store';
import { createEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/dynamodb/embedded-dynamodb';

const TABLE = 'approvals';

const record = (approvalId: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord => ({
  approvalId,
  order: {
    orderId: `order-${approvalId}`,
    customerEmail: 'ada@example.org',
    currency: 'USD',
    totalCents: 25_000,
    items: [{ productId: 'chair', name: 'Chair', quantity: 2, unitPriceCents: 12_500, lineTotalCents: 25_000 }],
  },
  taskToken: `token-of-${approvalId}`,
  expiresAt: '2030-01-02T03:04:05.678Z',
  createdAt: '2030-01-01T03:04:05.678Z',
  status: 'PENDING',
  ...overrides,
});

describe('createDynamoDbApprovalStore', () => {
  let dynamodb: EmbeddedDynamoDb;
  let server: Server;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    dynamodb = createEmbeddedDynamoDb();
    server = createServer((req, res) => dynamodb.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'approvalId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'approvalId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    await dynamodb.close();
  });

  const store = () => createDynamoDbApprovalStore(documents, TABLE);

  it('stores a request with its TTL attribute and reads it back without it', async () => {
    // Prepare
    const request = record('a-create');

    // Act
    const created = await store().create(request);
    const read = await store().get('a-create');
    const { Item } = await documents.send(new GetCommand({ TableName: TABLE, Key: { approvalId: 'a-create' } }));

    // Assess
    expect(created).toEqual(request);
    expect(read).toEqual(request);
    expect(Item?.expiresAtEpoch).toBe(Math.floor(Date.parse('2030-01-02T03:04:05.678Z') / 1000));
  });

  it('keeps the first request when the same approvalId is stored again (an SQS redelivery)', async () => {
    // Prepare
    const first = record('a-twice');
    await store().create(first);

    // Act
    const second = await store().create(record('a-twice', { taskToken: 'another-token', createdAt: '2030-01-01T09:00:00.000Z' }));

    // Assess
    expect(second).toEqual(first);
    expect(await store().get('a-twice')).toEqual(first);
  });

  it('answers undefined for an approval it does not hold', async () => {
    // Act
    const read = await store().get('a-unknown');

    // Assess
    expect(read).toBeUndefined();
  });

  it.each([
    ['APPROVED', '2030-01-01T10:00:00.000Z'],
    ['REJECTED', '2030-01-01T11:00:00.000Z'],
  ] as const)('moves a pending request to %s once and reports the earlier decision to a second one', async (status, decidedAt) => {
    // Prepare
    const approvalId = `a-decide-${status}`;
    await store().create(record(approvalId));

    // Act
    const first = await store().decide(approvalId, status, decidedAt);
    const second = await store().decide(approvalId, status === 'APPROVED' ? 'REJECTED' : 'APPROVED', '2030-01-01T12:00:00.000Z');

    // Assess
    expect(first).toEqual(record(approvalId, { status, decidedAt }));
    expect(second).toEqual({ alreadyDecided: record(approvalId, { status, decidedAt }) });
    expect(await store().get(approvalId)).toEqual(record(approvalId, { status, decidedAt }));
  });

  it('lets exactly one of many racing decisions win', async () => {
    // Prepare
    await store().create(record('a-race'));

    // Act
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, index) => store().decide('a-race', index % 2 ? 'APPROVED' : 'REJECTED', `2030-01-01T10:00:0${index}.000Z`)));

    // Assess
    expect(outcomes.filter((outcome) => !('alreadyDecided' in outcome))).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'alreadyDecided' in outcome)).toHaveLength(7);
  });

  it('lets one of many racing deliveries claim the mail, answers busy to the others until the claim lapses, and mailed once recorded', async () => {
    // Prepare
    await store().create(record('a-mail'));

    // Act
    const racing = await Promise.all(Array.from({ length: 6 }, () => store().claimMail('a-mail', '2030-01-01T10:00:00.000Z', '2030-01-01T10:00:30.000Z')));
    const afterLapse = await store().claimMail('a-mail', '2030-01-01T10:00:31.000Z', '2030-01-01T10:01:01.000Z');
    await store().markMailed('a-mail', '2030-01-01T10:00:32.000Z');
    const afterMail = await store().claimMail('a-mail', '2030-01-01T10:05:00.000Z', '2030-01-01T10:05:30.000Z');

    // Assess
    expect(racing.sort()).toEqual(['busy', 'busy', 'busy', 'busy', 'busy', 'claimed']);
    expect([afterLapse, afterMail]).toEqual(['claimed', 'mailed']);
    expect(await store().get('a-mail')).toEqual(record('a-mail', { mailedAt: '2030-01-01T10:00:32.000Z' }));
  });

  it('refuses to decide an approval it does not hold, and creates none', async () => {
    // Act
    const act = store().decide('a-missing', 'APPROVED', '2030-01-01T10:00:00.000Z');

    // Assess
    await expect(act).rejects.toThrow(ApprovalNotFound);
    await expect(store().decide('a-missing', 'APPROVED', '2030-01-01T10:00:00.000Z')).rejects.toMatchObject({ name: 'ApprovalNotFound', message: 'Approval a-missing does not exist' });
    expect(await store().get('a-missing')).toBeUndefined();
  });
});

describe('expiresAtEpoch and recordFromItem', () => {
  it.each([
    ['2030-01-02T03:04:05.678Z', 1893553445],
    ['2030-01-02T03:04:05+02:00', 1893546245],
  ])('turns %s into whole epoch seconds', (expiresAt, epoch) => {
    // Act
    const seconds = expiresAtEpoch(expiresAt);

    // Assess
    expect(seconds).toBe(epoch);
  });

  it('refuses an expiry that is not a date', () => {
    // Act
    const act = () => expiresAtEpoch('tomorrow');

    // Assess
    expect(act).toThrow('expiresAt is not a date: "tomorrow"');
  });

  it.each([
    ['an unknown status', { ...record('bad-status'), status: 'MAYBE' }],
    ['no task token', { ...record('no-token'), taskToken: undefined }],
    ['no order lines', { ...record('no-lines'), order: { orderId: 'o' } }],
  ])('refuses an item with %s', (_label, item) => {
    // Act
    const act = () => recordFromItem(item as Record<string, unknown>);

    // Assess
    expect(act).toThrow(/^Approval item ".*" is malformed$/);
  });
});
