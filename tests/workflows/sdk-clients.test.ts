import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import path from 'node:path';
import { createEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb';
import { dynamoDbRoutes } from '../../local/dynamodb/module';
import { lambdaRoutes } from '../../local/lambda/invoke-route';
import { startEdgeServer, type EdgeServer } from '../../local/edge/server';
import { createLambdaRuntime, type LambdaRuntime } from '../../local/lambda/runtime';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

describe('DynamoDB and Lambda through the edge', () => {
  let edge: EdgeServer;
  let dynamodb: EmbeddedDynamoDb;
  let lambda: LambdaRuntime;
  let ddb: DynamoDBClient;
  let lambdaClient: LambdaClient;

  beforeAll(async () => {
    dynamodb = createEmbeddedDynamoDb();
    lambda = createLambdaRuntime({ region, accountId: '000000000000', log: () => undefined });
    edge = await startEdgeServer({
      port: 0,
      services: [
        { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
        { name: 'lambda', routes: lambdaRoutes(lambda) },
      ],
    });
    lambda.setEndpoint(edge.url);
    const codeDir = path.join(__dirname, '../fixtures/lambda');
    const base = { codeDir, runtime: 'nodejs22.x', timeoutSeconds: 3, memorySize: 128, environment: {} };
    lambda.register({ ...base, name: 'echo', handler: 'handlers.echo' });
    lambda.register({ ...base, name: 'pay', handler: 'handlers.decline' });
    ddb = new DynamoDBClient({ endpoint: edge.url, region, credentials });
    lambdaClient = new LambdaClient({ endpoint: edge.url, region, credentials });
  });

  afterAll(async () => {
    ddb.destroy();
    lambdaClient.destroy();
    await edge.close();
    await lambda.close();
    await dynamodb.close();
  });

  it('creates a table that is ACTIVE at once, then puts and gets an item', async () => {
    // Prepare
    const created = await ddb.send(
      new CreateTableCommand({
        TableName: 'Orders',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const described = await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }));

    // Act
    await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o-1' }, totalCents: { N: '1299' } } }));
    const found = await ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o-1' } } }));
    const missing = await ddb.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o-2' } } }));

    // Assess
    expect(created.TableDescription?.TableName).toBe('Orders');
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(found.Item).toEqual({ pk: { S: 'o-1' }, totalCents: { N: '1299' } });
    expect(missing.Item).toBeUndefined();
  });

  it('fails a conditional put with ConditionalCheckFailedException', async () => {
    // Prepare
    await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o-3' } } }));

    // Act
    const attempt = ddb.send(
      new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o-3' } }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(attempt).rejects.toMatchObject({ message: 'The conditional request failed' });
  });

  it('invokes a function and reads its payload', async () => {
    // Act
    const output = await lambdaClient.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ orderId: 'o-1' }) }));

    // Assess
    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(output.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(output.Payload ?? []).toString())).toMatchObject({ event: { orderId: 'o-1' }, functionName: 'echo' });
  });

  it('reports a function error through X-Amz-Function-Error', async () => {
    // Act
    const output = await lambdaClient.send(
      new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:pay', Payload: JSON.stringify({ card: '4000' }) }),
    );

    // Assess
    expect(output.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(output.Payload ?? []).toString())).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'Card 4000 declined' });
  });

  it.each([
    ['an unknown function', { FunctionName: 'ghost' }, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost'],
    ['an unpublished qualifier', { FunctionName: 'echo', Qualifier: 'live' }, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:live'],
  ])('raises ResourceNotFoundException for %s', async (_label, input, message) => {
    // Act
    const attempt = lambdaClient.send(new InvokeCommand(input));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ResourceNotFoundException', message, $metadata: { httpStatusCode: 404 } });
  });

  it('accepts an asynchronous invocation with 202', async () => {
    // Act
    const output = await lambdaClient.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{}' }));

    // Assess
    expect(output.StatusCode).toBe(202);
  });
});
