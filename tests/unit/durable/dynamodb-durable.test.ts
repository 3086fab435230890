import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDynamoDbModule } from '../../../local/dynamodb/module';
import { systemClock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';
import { openStateDir } from '../../../local/platform/state-dir';

/** One runtime life on a state directory: DynamoDB alone behind the edge. */
async function life(dir: string): Promise<{ platform: Platform; ddb: DynamoDBClient; stop(): Promise<void> }> {
  const state = openStateDir(dir);
  const platform = await startPlatform({
    services: [createDynamoDbModule()], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined, stateDir: state,
  });
  const ddb = new DynamoDBClient({ endpoint: platform.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    platform,
    ddb,
    async stop() {
      ddb.destroy();
      await platform.close();
      state.release();
    },
  };
}

describe('DynamoDB in durable mode (dynalite on LevelDB under <state dir>/dynamodb)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-ddb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a table and its item across a close and a start on the same directory', async () => {
    // Prepare
    const first = await life(dir);
    await first.ddb.send(new CreateTableCommand({
      TableName: 'Orders', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
    await first.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'o-1' }, total: { N: '42' } } }));
    await first.stop();

    // Act
    const second = await life(dir);
    try {
      const tables = await second.ddb.send(new ListTablesCommand({}));
      const item = await second.ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'o-1' } } }));

      // Assess
      expect(existsSync(path.join(dir, 'dynamodb', 'tables'))).toBe(true);
      expect(tables.TableNames).toEqual(['Orders']);
      expect(item.Item).toEqual({ id: { S: 'o-1' }, total: { N: '42' } });
    } finally {
      await second.stop();
    }
  });
});
