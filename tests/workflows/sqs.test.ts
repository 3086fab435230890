/**
 * SQS in the offline runtime, wired as local/runtime.ts wires it (edge, Lambda workers with fixture handlers, Step
 * Functions and its integrations, the queue service and the event source mapping pollers) but without packaging
 * serverless.yml: an `sqs` event feeding a function with partial batch failures, and the callback pattern through
 * `sqs:sendMessage.waitForTaskToken` answered by a consumer function.
 */
import path from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { lambdaRoutes } from '../../local/lambda/invoke-route';
import { stepFunctionsRoutes } from '../../local/stepfunctions/module';
import { startEdgeServer, type EdgeServer } from '../../local/edge/server';
import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../../local/integrations';
import { createLambdaRuntime, type LambdaRuntime } from '../../local/lambda/runtime';
import { EventSourceMappings } from '../../local/sqs/event-source-mappings';
import { sqsRoutes } from '../../local/sqs/sqs-routes';
import { createSqsService, type SqsService } from '../../local/sqs/sqs-service';
import { createStepFunctionsService, type StepFunctionsService } from '../../local/stepfunctions/service';
import { defined } from '../support/defined';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const FIXTURES = path.join(__dirname, '../fixtures/lambda');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/sfn`;

describe('SQS in the offline runtime', () => {
  const logs: string[] = [];
  let lambda: LambdaRuntime;
  let sqsService: SqsService;
  let stepFunctions: StepFunctionsService;
  let mappings: EventSourceMappings;
  let integrations: RuntimeTaskIntegrations | undefined;
  let edge: EdgeServer;
  let sqs: SQSClient;
  let sfn: SFNClient;

  beforeAll(async () => {
    lambda = createLambdaRuntime({ region: REGION, accountId: ACCOUNT, log: (line) => logs.push(line) });
    sqsService = createSqsService({ region: REGION, accountId: ACCOUNT });
    stepFunctions = createStepFunctionsService({
      region: REGION,
      accountId: ACCOUNT,
      integrations: () => {
        if (!integrations) throw new Error('task integrations are not ready');
        return integrations;
      },
    });
    mappings = new EventSourceMappings({ sqs: sqsService, lambda, region: REGION, log: (line) => logs.push(line) });
    edge = await startEdgeServer({
      port: 0,
      services: [
        { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions.handler) },
        { name: 'lambda', routes: lambdaRoutes(lambda) },
        { name: 'sqs', routes: sqsRoutes(() => sqsService) },
      ],
    });
    lambda.setEndpoint(edge.url);
    sqsService.setEndpoint(edge.url);
    integrations = createTaskIntegrations({ lambda, endpoint: edge.url, region: REGION, stepFunctions: stepFunctions.port });
    for (const [name, handler] of [['partial-failure', 'sqs-consumers.partialFailure'], ['answer-task', 'sqs-consumers.answerTask']] as const) {
      lambda.register({ name, handler, codeDir: FIXTURES, runtime: 'nodejs22.x', timeoutSeconds: 10, memorySize: 128, environment: {} });
    }
    sqs = new SQSClient({ endpoint: edge.url, region: REGION, credentials });
    sfn = new SFNClient({ endpoint: edge.url, region: REGION, credentials });
  });

  afterAll(async () => {
    sqs?.destroy();
    sfn?.destroy();
    await mappings?.close();
    sqsService?.close();
    await stepFunctions?.close();
    await edge?.close();
    integrations?.close();
    await lambda?.close();
  });

  const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

  async function visibleCount(queueUrl: string): Promise<number> {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function run(definition: object, input: object): Promise<DescribeExecutionCommandOutput> {
    const name = `sm-${Math.random().toString(36).slice(2, 10)}`;
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    return eventually(() => sfn.send(new DescribeExecutionCommand({ executionArn })), (execution) => execution.status !== 'RUNNING');
  }

  it('feeds an sqs event to a function, deletes what it processed, and moves what it reported failed to the dead-letter queue', async () => {
    // Prepare
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'events-dlq' }));
    const { QueueUrl: queueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'events',
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn('events-dlq'), maxReceiveCount: 1 }) },
      }),
    );
    mappings.start([
      { uuid: 'events-mapping', functionName: 'partial-failure', eventSourceArn: queueArn('events'), batchSize: 10, maximumBatchingWindowSeconds: 0, reportBatchItemFailures: true, enabled: true },
    ]);

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'good', MessageBody: 'ok', MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } },
          { Id: 'bad', MessageBody: 'fail' },
        ],
      }),
    );
    const dead = await eventually(() => sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] })), (output) => (output.Messages ?? []).length > 0);
    const left = await visibleCount(queueUrl!);

    // Assess
    expect(dead.Messages?.map((message) => [message.Body, message.Attributes?.DeadLetterQueueSourceArn])).toEqual([['fail', queueArn('events')]]);
    expect(left).toBe(0);
    const processed = logs.filter((line) => line.includes('processed '));
    expect(processed).toHaveLength(1);
    expect(processed[0]).toContain(JSON.stringify({ body: 'ok', receiveCount: '1', eventSource: 'aws:sqs', messageAttributes: { kind: { stringValue: 'order', stringListValues: [], binaryListValues: [], dataType: 'String' } } }));
  });

  describe('the callback pattern through sqs:sendMessage.waitForTaskToken', () => {
    const approval = (queueUrl: string) => ({
      StartAt: 'Ask for approval',
      States: {
        'Ask for approval': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: queueUrl, MessageBody: { 'orderId.$': '$.orderId', 'decision.$': '$.decision', 'taskToken.$': '$$.Task.Token' } },
          TimeoutSeconds: 30,
          End: true,
        },
      },
    });

    beforeAll(async () => {
      await sqs.send(new CreateQueueCommand({ QueueName: 'approvals' }));
      mappings.start([
        { uuid: 'approvals-mapping', functionName: 'answer-task', eventSourceArn: queueArn('approvals'), batchSize: 1, maximumBatchingWindowSeconds: 0, reportBatchItemFailures: true, enabled: true },
      ]);
    });

    it.each([
      ['SendTaskSuccess', 'approve', { status: 'SUCCEEDED', output: JSON.stringify({ approvedOrder: 'o-1', receiveCount: '1' }) }],
      ['SendTaskFailure', 'reject', { status: 'FAILED', error: 'ApprovalRejected', cause: 'order o-1 rejected' }],
    ])('resumes the execution when the consumer calls %s with the token from the message', async (_case, decision, expected) => {
      // Act
      const ended = await run(approval(`${edge.url}/${ACCOUNT}/approvals`), { orderId: 'o-1', decision });

      // Assess
      expect(ended).toMatchObject(expected);
    });
  });

  describe('sqs:sendMessage (request-response)', () => {
    it('sends an object body as JSON and answers with the message id, MD5 and SDK metadata', async () => {
      // Prepare
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'plain' }));
      const definition = {
        StartAt: 'Send',
        States: {
          Send: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage',
            Parameters: { QueueUrl, 'MessageBody.$': '$.order', MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } }, Unsupported: 'dropped' },
            End: true,
          },
        },
      };

      // Act
      const ended = await run(definition, { order: { id: 'o-2', total: 1250 } });
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));

      // Assess
      expect(ended.status).toBe('SUCCEEDED');
      const output = JSON.parse(ended.output ?? '{}');
      const message = defined(received.Messages?.[0], 'a received message');
      expect(output).toEqual({
        MD5OfMessageBody: message.MD5OfBody,
        MD5OfMessageAttributes: message.MD5OfMessageAttributes,
        MessageId: message.MessageId,
        SdkHttpMetadata: {
          AllHttpHeaders: expect.objectContaining({ 'Content-Type': ['application/x-amz-json-1.0'], 'x-amzn-RequestId': [expect.any(String)] }),
          HttpHeaders: expect.objectContaining({ 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': expect.any(String) }),
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: output.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId'] },
      });
      expect(JSON.parse(message.Body ?? '')).toEqual({ id: 'o-2', total: 1250 });
      expect(message.MessageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'order' } });
    });

    it('fails with SQS.QueueDoesNotExistException and a Java-style cause for a missing queue', async () => {
      // Prepare
      const definition = {
        StartAt: 'Send',
        States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: `${edge.url}/${ACCOUNT}/missing`, MessageBody: 'x' }, End: true } },
      };

      // Act
      const ended = await run(definition, {});

      // Assess
      expect(ended).toMatchObject({
        status: 'FAILED',
        error: 'SQS.QueueDoesNotExistException',
        cause: expect.stringMatching(/^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue; Request ID: [0-9a-f-]+; Proxy: null\)$/),
      });
    });

    it('works through the generic aws-sdk:sqs:sendMessage too', async () => {
      // Prepare
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'generic' }));
      const definition = {
        StartAt: 'Send',
        States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sqs:sendMessage', Parameters: { QueueUrl, MessageBody: 'via the SDK integration' }, End: true } },
      };

      // Act
      const ended = await run(definition, {});
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));

      // Assess
      expect(ended.status).toBe('SUCCEEDED');
      const message = defined(received.Messages?.[0], 'a received message');
      expect(JSON.parse(ended.output ?? '{}')).toMatchObject({ MessageId: message.MessageId });
      expect(message.Body).toBe('via the SDK integration');
    });
  });
});
