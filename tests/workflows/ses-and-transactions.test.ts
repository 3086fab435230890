/**
 * The two services order processing reaches from ASL through the generic aws-sdk integration, end to end on the
 * runtime's own parts: Step Functions executions calling `aws-sdk:sesv2:sendEmail` (captured, read back at /_aws/ses)
 * and `aws-sdk:dynamodb:transactWriteItems` (atomic, isolated, cancelled as DynamoDb.TransactionCanceledException).
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { createEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb';
import { AwsError } from '../../local/platform/aws-error';
import { startEdgeServer, type EdgeServer } from '../../local/edge/server';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../../local/integrations';
import { dynamoDbRoutes } from '../../local/dynamodb/module';
import { sesRoutes } from '../../local/ses/ses-module';
import { SentEmails } from '../../local/ses/sent-emails';
import { stepFunctionsRoutes } from '../../local/stepfunctions/module';
import { createStepFunctionsService } from '../../local/stepfunctions/service';

jest.setTimeout(30_000);

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ses-and-transactions`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const INVENTORY = 'Inventory';

/** One conditional decrement of a transaction: a unit of the product whose id is at `keyPath`, if one is left. */
const takeOne = (keyPath: string) => ({
  Update: {
    TableName: INVENTORY,
    Key: { productId: { 'S.$': keyPath } },
    UpdateExpression: 'SET stock = stock - :one',
    ConditionExpression: 'stock >= :one',
    ExpressionAttributeValues: { ':one': { N: '1' } },
  },
});

/** Reserves one unit of each of two products, all or nothing; a cancelled reservation ends in OutOfStock. */
const reserveTwo = {
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:transactWriteItems',
      Parameters: {
        TransactItems: [
          takeOne('$.first'),
          takeOne('$.second'),
        ],
      },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['DynamoDb.TransactionCanceledException'], ResultPath: '$.error', Next: 'OutOfStock' }],
      End: true,
    },
    OutOfStock: { Type: 'Fail', Error: 'OutOfStock', CausePath: '$.error.Cause' },
  },
};

/** Reserves one unit of one product, with no Catch: the task's own error ends the execution. */
const reserveOne = {
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:transactWriteItems',
      Parameters: {
        TransactItems: [
          takeOne('$.productId'),
        ],
      },
      End: true,
    },
  },
};

/** Sends the confirmation mail as order processing does: SES v2 through the aws-sdk integration. */
const confirm = {
  StartAt: 'SendConfirmation',
  States: {
    SendConfirmation: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sesv2:sendEmail',
      Parameters: {
        FromEmailAddress: 'orders@shop.example',
        Destination: { 'ToAddresses.$': 'States.Array($.email)' },
        Content: {
          Simple: {
            Subject: { 'Data.$': "States.Format('Order {} confirmed', $.orderId)" },
            Body: { Text: { 'Data.$': "States.Format('Thank you for order {}.', $.orderId)" } },
          },
        },
      },
      End: true,
    },
  },
};

describe('SES v2 and DynamoDB transactions from Step Functions (aws-sdk integrations)', () => {
  let dynamodb: EmbeddedDynamoDb;
  let edge: EdgeServer;
  let integrations: RuntimeTaskIntegrations | undefined;
  let stepFunctions: ReturnType<typeof createStepFunctionsService>;
  let sfn: SFNClient;
  let ddb: DynamoDBClient;
  let machines = 0;

  const createMachine = async (definition: unknown) => {
    machines += 1;
    const created = await sfn.send(new CreateStateMachineCommand({ name: `ses-tx-${machines}`, roleArn: ROLE, definition: JSON.stringify(definition) }));
    return created.stateMachineArn!;
  };

  const run = async (stateMachineArn: string, input: unknown): Promise<DescribeExecutionCommandOutput> => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      if (Date.now() > deadline) throw new Error(`${executionArn} is still RUNNING`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const stockOf = async (productId: string) => {
    const { Item } = await ddb.send(new GetItemCommand({ TableName: INVENTORY, Key: { productId: { S: productId } } }));
    return Item?.stock?.N;
  };
  const putStock = (productId: string, stock: number) =>
    ddb.send(new PutItemCommand({ TableName: INVENTORY, Item: { productId: { S: productId }, stock: { N: String(stock) } } }));

  beforeAll(async () => {
    dynamodb = createEmbeddedDynamoDb();
    const noLambda = {
      invoke: async () => {
        throw new AwsError('ResourceNotFoundException', 'no Lambda functions in this test', 404);
      },
    };
    stepFunctions = createStepFunctionsService({
      region: REGION,
      accountId: ACCOUNT,
      integrations: () => {
        if (!integrations) throw new Error('task integrations are not ready');
        return integrations;
      },
    });
    const ses = { sent: new SentEmails() };
    edge = await startEdgeServer({
      port: 0,
      services: [
        { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions.handler) },
        { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
        { name: 'ses', routes: sesRoutes(ses.sent, () => ({ region: REGION, now: Date.now })) },
      ],
    });
    integrations = createTaskIntegrations({ lambda: noLambda, endpoint: edge.url, region: REGION, stepFunctions: stepFunctions.port });
    sfn = new SFNClient({ endpoint: edge.url, region: REGION, credentials });
    ddb = new DynamoDBClient({ endpoint: edge.url, region: REGION, credentials });
    await ddb.send(
      new CreateTableCommand({
        TableName: INVENTORY,
        AttributeDefinitions: [{ AttributeName: 'productId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'productId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  afterAll(async () => {
    sfn?.destroy();
    ddb?.destroy();
    await stepFunctions?.close();
    await edge?.close();
    integrations?.close();
    await dynamodb?.close();
  });

  it('sends mail with aws-sdk:sesv2:sendEmail and lists it at /_aws/ses', async () => {
    // Prepare
    const stateMachineArn = await createMachine(confirm);

    // Act
    const execution = await run(stateMachineArn, { orderId: 'o-42', email: 'ann@example.com' });
    const { MessageId } = JSON.parse(execution.output ?? '{}') as { MessageId?: string };
    const listed = (await (await fetch(`${edge.url}/_aws/ses?id=${MessageId}`)).json()) as { messages: unknown[] };

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(listed.messages).toEqual([
      {
        Id: MessageId,
        Region: REGION,
        Destination: { ToAddresses: ['ann@example.com'] },
        Source: 'orders@shop.example',
        Subject: 'Order o-42 confirmed',
        Body: { text_part: 'Thank you for order o-42.', html_part: null },
        Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      },
    ]);
  });

  it('fails the task with SesV2.BadRequestException for an invalid recipient', async () => {
    // Prepare
    const stateMachineArn = await createMachine(confirm);

    // Act
    const execution = await run(stateMachineArn, { orderId: 'o-43', email: 'not-an-address' });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('SesV2.BadRequestException');
    expect(execution.cause).toMatch(/^Invalid email address not-an-address\. \(Service: SesV2, Status Code: 400, Request ID: /);
  });

  it('reserves both products in one transaction', async () => {
    // Prepare
    await putStock('mug', 3);
    await putStock('lamp', 1);
    const stateMachineArn = await createMachine(reserveTwo);

    // Act
    const execution = await run(stateMachineArn, { first: 'mug', second: 'lamp' });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect([await stockOf('mug'), await stockOf('lamp')]).toEqual(['2', '0']);
  });

  it('reserves nothing when the second product is out of stock, and catches DynamoDb.TransactionCanceledException', async () => {
    // Prepare
    await putStock('cup', 3);
    await putStock('vase', 0);
    const stateMachineArn = await createMachine(reserveTwo);

    // Act
    const execution = await run(stateMachineArn, { first: 'cup', second: 'vase' });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('OutOfStock');
    expect(execution.cause).toMatch(
      /^Transaction cancelled, please refer cancellation reasons for specific reasons \[None, ConditionalCheckFailed\] \(Service: DynamoDb, Status Code: 400, Request ID: /,
    );
    expect([await stockOf('cup'), await stockOf('vase')]).toEqual(['3', '0']);
  });

  it('confirms exactly 20 of 50 concurrent executions reserving one unit of a stock of 20', async () => {
    // Prepare
    await putStock('poster', 20);
    const stateMachineArn = await createMachine(reserveOne);

    // Act
    const executions = await Promise.all(Array.from({ length: 50 }, () => run(stateMachineArn, { productId: 'poster' })));

    // Assess
    const failed = executions.filter((execution) => execution.status === 'FAILED');
    expect(executions.filter((execution) => execution.status === 'SUCCEEDED')).toHaveLength(20);
    expect(failed.map((execution) => execution.error)).toEqual(Array(30).fill('DynamoDb.TransactionCanceledException'));
    expect(await stockOf('poster')).toBe('0');
  });
});
