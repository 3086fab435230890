import type { InvokeResult, LambdaInvoker } from '../../../local/lambda/types';
import { EventSourceMappings, type SqsEventSourceMapping } from '../../../local/sqs/event-source-mappings';
import type { SqsRecord } from '../../../local/sqs/sqs-event';
import { createSqsService, type SqsService } from '../../../local/sqs/sqs-service';
import { ManualClock, settle } from '../../support/manual-clock';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:work';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:work-dlq';

/** A function in the test's hands: it records each batch and answers what `answer` says. */
function fakeFunction(answer: (records: SqsRecord[]) => Partial<InvokeResult>) {
  const batches: SqsRecord[][] = [];
  const lambda: LambdaInvoker = {
    invoke: async (_name, event) => {
      const records = (event as { Records: SqsRecord[] }).Records;
      batches.push(records);
      return { statusCode: 200, payload: 'null', executedVersion: '$LATEST', ...answer(records) };
    },
  };
  return { lambda, batches };
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 50 && !condition(); attempt += 1) await settle();
  if (!condition()) throw new Error('condition not reached');
}

describe('SQS event source mappings', () => {
  let clock: ManualClock;
  let sqs: SqsService;
  let mappings: EventSourceMappings | undefined;
  const logs: string[] = [];

  const mapping = (overrides: Partial<SqsEventSourceMapping> = {}): SqsEventSourceMapping => ({
    uuid: 'm-1',
    functionName: 'consumer',
    eventSourceArn: QUEUE_ARN,
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    enabled: true,
    ...overrides,
  });

  const send = (...bodies: string[]) =>
    sqs.call('SendMessageBatch', { QueueUrl: sqs.queueUrl('work'), Entries: bodies.map((body, index) => ({ Id: `e${index}`, MessageBody: body })) });

  const counts = async (name: string) => {
    const { Attributes } = await sqs.call('GetQueueAttributes', { QueueUrl: sqs.queueUrl(name), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] });
    return Attributes;
  };

  beforeEach(async () => {
    clock = new ManualClock();
    logs.length = 0;
    sqs = createSqsService({ region: 'us-east-1', accountId: '000000000000', clock });
    await sqs.call('CreateQueue', { QueueName: 'work-dlq' });
    await sqs.call('CreateQueue', {
      QueueName: 'work',
      Attributes: { VisibilityTimeout: '10', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 2 }) },
    });
  });

  afterEach(async () => {
    await mappings?.close();
    sqs.close();
  });

  function start(lambda: LambdaInvoker, config: SqsEventSourceMapping): void {
    mappings = new EventSourceMappings({ sqs, lambda, region: 'us-east-1', clock, log: (line) => logs.push(line) });
    mappings.start([config]);
  }

  it('deletes all but the reported failures, which return after the visibility timeout and then go to the dead-letter queue', async () => {
    // Prepare
    const { lambda, batches } = fakeFunction((records) => ({
      payload: JSON.stringify({ batchItemFailures: records.filter((record) => record.body === 'fail').map((record) => ({ itemIdentifier: record.messageId })) }),
    }));
    start(lambda, mapping());

    // Act
    await send('ok-1', 'fail', 'ok-2');
    await until(() => batches.length === 1);
    const afterFirst = await counts('work');
    await clock.advance(10_000);
    await until(() => batches.length === 2);
    await clock.advance(10_000);

    // Assess
    expect(batches[0]?.map((record) => record.body)).toEqual(['ok-1', 'fail', 'ok-2']);
    expect(batches[0]?.[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: QUEUE_ARN, awsRegion: 'us-east-1', attributes: { ApproximateReceiveCount: '1' } });
    expect(afterFirst).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    expect(batches[1]?.map((record) => [record.body, record.attributes.ApproximateReceiveCount])).toEqual([['fail', '2']]);
    expect(batches).toHaveLength(2);
    expect(await counts('work')).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(await counts('work-dlq')).toEqual({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it.each([
    ['a function error', { functionError: 'Unhandled' as const, payload: '{"errorType":"Error","errorMessage":"boom"}' }, true],
    ['an invalid partial batch response', { payload: '{"batchItemFailures":[{"itemIdentifier":"unknown"}]}' }, true],
    ['no partial batch reporting, whatever the answer', { payload: '{"batchItemFailures":[{"itemIdentifier":"unknown"}]}' }, false],
  ])('after %s keeps or deletes the whole batch', async (_case, answer, keeps) => {
    // Prepare
    const { lambda, batches } = fakeFunction(() => answer);
    start(lambda, mapping({ reportBatchItemFailures: keeps }));

    // Act
    await send('a', 'b');
    await until(() => batches.length === 1);
    await settle();

    // Assess
    expect(await counts('work')).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: keeps ? '2' : '0' });
  });

  it('gathers a batch above ten messages until the batching window closes', async () => {
    // Prepare
    const { lambda, batches } = fakeFunction(() => ({}));
    start(lambda, mapping({ batchSize: 15, maximumBatchingWindowSeconds: 5 }));
    await sqs.call('SetQueueAttributes', { QueueUrl: sqs.queueUrl('work'), Attributes: { VisibilityTimeout: '60' } });

    // Act
    await send(...Array.from({ length: 10 }, (_, index) => `m${index}`));
    await send('m10', 'm11');
    await settle();
    const beforeWindow = batches.length;
    await clock.advance(5_000);
    await until(() => batches.length === 1);

    // Assess
    expect(beforeWindow).toBe(0);
    expect(batches[0]).toHaveLength(12);
  });

  it('leaves the messages alone when the function does not exist, and stops cleanly on close', async () => {
    // Prepare
    const lambda: LambdaInvoker = {
      invoke: async () => {
        throw new Error('Function not found: arn:aws:lambda:us-east-1:000000000000:function:consumer');
      },
    };
    start(lambda, mapping());

    // Act
    await send('orphan');
    await until(() => logs.length === 1);
    const closing = mappings?.close();

    // Assess
    await expect(closing).resolves.toBeUndefined();
    expect(logs[0]).toContain('invoking consumer failed: Function not found');
    expect(await counts('work')).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
  });

  it('skips a disabled mapping', async () => {
    // Prepare
    const { lambda, batches } = fakeFunction(() => ({}));
    start(lambda, mapping({ enabled: false }));

    // Act
    await send('unread');
    await settle();

    // Assess
    expect(batches).toHaveLength(0);
    expect(await counts('work')).toEqual({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' });
  });
});
