import { createEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/dynamodb/embedded-dynamodb';
import { AwsError } from '../../../local/platform/aws-error';
import { dynamoDbRoutes } from '../../../local/dynamodb/module';
import { stepFunctionsRoutes } from '../../../local/stepfunctions/module';
import { startEdgeServer, type EdgeServer } from '../../../local/edge/server';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../../../local/integrations';
import { failure, taskRequest } from './task-request';

const TABLE = 'Inventory';
const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:orders';

describe('DynamoDB and aws-sdk integrations against the embedded DynamoDB', () => {
  let dynamodb: EmbeddedDynamoDb;
  let edge: EdgeServer;
  let integrations: RuntimeTaskIntegrations;

  beforeAll(async () => {
    dynamodb = createEmbeddedDynamoDb();
    const refuse = async () => {
      throw new AwsError('ResourceNotFoundException', 'not under test', 404);
    };
    const stepFunctions = async (action: string, body: Record<string, unknown>) => {
      if (action === 'DescribeStateMachine' && body.stateMachineArn === MACHINE) {
        return { stateMachineArn: MACHINE, name: 'orders', status: 'ACTIVE', definition: '{}', roleArn: 'arn:aws:iam::000000000000:role/r', type: 'STANDARD', creationDate: new Date(0) };
      }
      throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(body.stateMachineArn)}'`);
    };
    edge = await startEdgeServer({
      port: 0,
      services: [
        { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
        { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions) },
      ],
    });
    integrations = createTaskIntegrations({ lambda: { invoke: refuse }, endpoint: edge.url, region: 'us-east-1' });
    await integrations.invoke(
      taskRequest('arn:aws:states:::aws-sdk:dynamodb:createTable', {
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  afterAll(async () => {
    integrations.close();
    await edge.close();
    await dynamodb.close();
  });

  it('puts, updates and gets an item with typed attribute values', async () => {
    // Prepare
    await integrations.invoke(taskRequest('arn:aws:states:::dynamodb:putItem', { TableName: TABLE, Item: { sku: { S: 'mug' }, stock: { N: '5' } } }));

    // Act
    const updated = await integrations.invoke(
      taskRequest('arn:aws:states:::dynamodb:updateItem', {
        TableName: TABLE,
        Key: { sku: { S: 'mug' } },
        UpdateExpression: 'SET stock = stock - :n',
        ConditionExpression: 'stock >= :n',
        ExpressionAttributeValues: { ':n': { N: '2' } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const got = await integrations.invoke(taskRequest('arn:aws:states:::dynamodb:getItem', { TableName: TABLE, Key: { sku: { S: 'mug' } } }));

    // Assess
    expect(updated).toEqual({ Attributes: { sku: { S: 'mug' }, stock: { N: '3' } } });
    expect(got).toEqual({ Item: { sku: { S: 'mug' }, stock: { N: '3' } } });
  });

  it('answers a GetItem on a missing key without an Item field', async () => {
    // Act
    const got = await integrations.invoke(taskRequest('arn:aws:states:::dynamodb:getItem', { TableName: TABLE, Key: { sku: { S: 'nothing' } } }));

    // Assess
    expect(got).toEqual({});
  });

  it('deletes an item', async () => {
    // Prepare
    await integrations.invoke(taskRequest('arn:aws:states:::dynamodb:putItem', { TableName: TABLE, Item: { sku: { S: 'cup' } } }));

    // Act
    const deleted = await integrations.invoke(
      taskRequest('arn:aws:states:::dynamodb:deleteItem', { TableName: TABLE, Key: { sku: { S: 'cup' } }, ReturnValues: 'ALL_OLD' }),
    );

    // Assess
    expect(deleted).toEqual({ Attributes: { sku: { S: 'cup' } } });
  });

  it.each([
    ['optimized', 'arn:aws:states:::dynamodb:putItem', 'DynamoDB.ConditionalCheckFailedException', /^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: \w+; Proxy: null\)$/],
    ['aws-sdk', 'arn:aws:states:::aws-sdk:dynamodb:putItem', 'DynamoDb.ConditionalCheckFailedException', /^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: \w+\)$/],
  ])('names a failed condition as the %s integration does', async (_label, arn, name, cause) => {
    // Prepare
    await integrations.invoke(taskRequest('arn:aws:states:::dynamodb:putItem', { TableName: TABLE, Item: { sku: { S: 'lamp' } } }));

    // Act
    const error = await failure(
      integrations.invoke(taskRequest(arn, { TableName: TABLE, Item: { sku: { S: 'lamp' } }, ConditionExpression: 'attribute_not_exists(sku)' })),
    );

    // Assess
    expect(error.error).toBe(name);
    expect(error.cause).toMatch(cause);
  });

  it('reports a missing table through aws-sdk with the DynamoDb prefix', async () => {
    // Act
    const error = await failure(integrations.invoke(taskRequest('arn:aws:states:::aws-sdk:dynamodb:getItem', { TableName: 'Nope', Key: { sku: { S: 'x' } } })));

    // Assess
    expect(error.error).toBe('DynamoDb.ResourceNotFoundException');
    expect(error.cause).toMatch(/^Requested resource not found.*\(Service: DynamoDb, Status Code: 400, Request ID: \w+\)$/);
  });

  it('returns an aws-sdk response without its $metadata', async () => {
    // Act
    const result = await integrations.invoke(taskRequest('arn:aws:states:::aws-sdk:dynamodb:listTables', {}));

    // Assess
    expect(result).toEqual({ TableNames: [TABLE] });
  });

  it('speaks PascalCase to a camelCase API (aws-sdk:sfn) both ways', async () => {
    // Act
    const result = await integrations.invoke(taskRequest('arn:aws:states:::aws-sdk:sfn:describeStateMachine', { StateMachineArn: MACHINE }));

    // Assess
    expect(result).toEqual({
      StateMachineArn: MACHINE,
      Name: 'orders',
      Status: 'ACTIVE',
      Definition: '{}',
      RoleArn: 'arn:aws:iam::000000000000:role/r',
      Type: 'STANDARD',
      CreationDate: '1970-01-01T00:00:00.000Z',
    });
  });

  it('names an aws-sdk:sfn error with the Sfn prefix', async () => {
    // Act
    const error = await failure(integrations.invoke(taskRequest('arn:aws:states:::aws-sdk:sfn:describeStateMachine', { StateMachineArn: `${MACHINE}x` })));

    // Assess
    expect(error.error).toBe('Sfn.StateMachineDoesNotExistException');
    expect(error.cause).toMatch(/^State Machine Does Not Exist: '.+x' \(Service: Sfn, Status Code: 400, Request ID: [\w-]+\)$/);
  });

  it.each([
    ['an unknown aws-sdk action', 'arn:aws:states:::aws-sdk:dynamodb:frobnicate', 'The resource provided arn:aws:states:::aws-sdk:dynamodb:frobnicate is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.'],
    ['an optimized DynamoDB action AWS does not offer', 'arn:aws:states:::dynamodb:scan', 'The resource provided arn:aws:states:::dynamodb:scan is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.'],
    ['an aws-sdk service whose SDK is not installed', 'arn:aws:states:::aws-sdk:glacier:listVaults', "The service 'glacier' is not available in this runtime: its SDK package @aws-sdk/client-glacier is not installed."],
  ])('fails %s with States.Runtime', async (_label, arn, cause) => {
    // Act
    const error = await failure(integrations.invoke(taskRequest(arn, {})));

    // Assess
    expect(error.error).toBe('States.Runtime');
    expect(error.cause).toBe(cause);
  });
});
