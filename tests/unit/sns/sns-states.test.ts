/**
 * `arn:aws:states:::sns:publish` and `arn:aws:states:::aws-sdk:sns:publish` from a state machine of the test's own,
 * run by the runtime's Step Functions against its SNS: an alert published from the execution's input arrives at an SQS
 * subscriber, the output is Publish's with the Java SDK's metadata, and a missing topic is caught as
 * `SNS.NotFoundException`.
 */
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CreateStateMachineCommand, DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { defined } from '../../support/defined';
import { ACCOUNT, REGION, startSnsPlatform, type SnsPlatform } from './sns-platform';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/sfn`;

describe('SNS from Step Functions', () => {
  let env: SnsPlatform;
  let sfn: SFNClient;
  let topicArn: string;
  let queueUrl: string;

  beforeAll(async () => {
    env = await startSnsPlatform();
    sfn = new SFNClient({ endpoint: env.platform.url, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    topicArn = defined((await env.sns.send(new CreateTopicCommand({ Name: 'review-alerts' }))).TopicArn, 'the alerts topic');
    queueUrl = defined((await env.sqs.send(new CreateQueueCommand({ QueueName: 'alert-subscriber' }))).QueueUrl, 'the subscriber queue');
    await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:alert-subscriber` }));
  });

  afterAll(async () => {
    sfn.destroy();
    await env.close();
  });

  async function run(name: string, definition: object, input: object): Promise<DescribeExecutionCommandOutput> {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(definition) }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${name} still running after 5 s`);
  }

  async function receiveAll(): Promise<Record<string, unknown>[]> {
    const { Messages = [] } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    return Messages.map((message) => JSON.parse(defined(message.Body, 'a message body')) as Record<string, unknown>);
  }

  it('publishes an alert built from the input; the subscriber gets it and the output carries MessageId and metadata', async () => {
    // Prepare
    const definition = {
      StartAt: 'Alert the team',
      States: {
        'Alert the team': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: {
            TopicArn: topicArn,
            Subject: 'Negative review',
            'Message.$': '$.review',
            MessageAttributes: { sentiment: { DataType: 'String', StringValue: 'negative' } },
          },
          End: true,
        },
      },
    };
    // Act
    const execution = await run('alert-optimized', definition, { review: { reviewId: 'r-42', confidence: 0.93 } });
    const [notification, ...others] = await receiveAll();
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(defined(execution.output, 'the execution output')) as Record<string, unknown>;
    expect(output).toEqual({
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SdkHttpMetadata: { AllHttpHeaders: expect.any(Object), HttpHeaders: expect.objectContaining({ 'Content-Type': 'text/xml' }), HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(others).toEqual([]);
    expect(notification).toMatchObject({
      Type: 'Notification',
      MessageId: output.MessageId,
      TopicArn: topicArn,
      Subject: 'Negative review',
      Message: JSON.stringify({ reviewId: 'r-42', confidence: 0.93 }),
      MessageAttributes: { sentiment: { Type: 'String', Value: 'negative' } },
    });
  });

  it('publishes through aws-sdk:sns:publish too, answering without metadata', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Publish',
      States: { Publish: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sns:publish', Arguments: { TopicArn: topicArn, Message: '{% $states.input.text %}' }, End: true } },
    };
    const execution = await run('alert-sdk', definition, { text: 'from the SDK integration' });
    const [notification] = await receiveAll();
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(defined(execution.output, 'the execution output')) as Record<string, unknown>;
    expect(output).toEqual({ MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(notification).toMatchObject({ MessageId: output.MessageId, Message: 'from the SDK integration' });
  });

  it.each([
    ['a topic that is not there', { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:no-such-topic`, Message: 'lost' }, 'SNS.NotFoundException', /^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: /],
    ['a phone number', { PhoneNumber: '+15555550100', Message: 'sms' }, 'SNS.InvalidParameterException', /SMS is not served by the local runtime.*Error Code: InvalidParameter/],
    ['an empty message', { TopicArn: 'TOPIC', Message: '' }, 'SNS.InvalidParameterException', /^Invalid parameter: Empty message \(Service: AmazonSNS; Status Code: 400/],
  ])('fails with AWS error names for %s, which a Catch matches', async (_case, parameters, error, cause) => {
    const definition = {
      StartAt: 'Publish',
      States: {
        Publish: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Parameters: JSON.parse(JSON.stringify(parameters).replace('"TOPIC"', JSON.stringify(topicArn))) as object,
          Catch: [{ ErrorEquals: [error], ResultPath: '$.failure', Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const execution = await run(`alert-failure-${error.split('.')[1]}-${parameters.Message}`, definition, {});
    expect(execution.status).toBe('SUCCEEDED');
    const { failure } = JSON.parse(defined(execution.output, 'the execution output')) as { failure: { Error: string; Cause: string } };
    expect(failure.Error).toBe(error);
    expect(failure.Cause).toMatch(cause);
  });
});
