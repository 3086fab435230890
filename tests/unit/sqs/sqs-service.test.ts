import { createHash } from 'node:crypto';
import { createSqsService, type SqsService } from '../../../local/sqs/sqs-service';
import { ManualClock, settle } from '../../support/manual-clock';
import { defined } from '../../support/defined';

const ACCOUNT = '000000000000';

interface Message {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, unknown>;
}

describe('SQS service', () => {
  let clock: ManualClock;
  let sqs: SqsService;

  beforeEach(() => {
    clock = new ManualClock();
    sqs = createSqsService({ region: 'us-east-1', accountId: ACCOUNT, clock, endpoint: 'http://127.0.0.1:4566' });
  });

  afterEach(() => sqs.close());

  async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<string> {
    const { QueueUrl } = await sqs.call('CreateQueue', { QueueName: name, Attributes: attributes });
    return QueueUrl as string;
  }

  async function receive(queueUrl: string, extra: Record<string, unknown> = {}): Promise<Message[]> {
    const output = await sqs.call('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], ...extra });
    return (output.Messages ?? []) as Message[];
  }

  /** Visible, in flight, delayed (undefined when the answer lacks one, which fails the comparison). */
  async function counts(queueUrl: string): Promise<(string | undefined)[]> {
    const { Attributes } = await sqs.call('GetQueueAttributes', {
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    });
    const attributes = Attributes as Record<string, string>;
    return [attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible, attributes.ApproximateNumberOfMessagesDelayed];
  }

  describe('queues', () => {
    it('names queues with LocalStack-style URLs and ARNs and reports their attributes', async () => {
      // Prepare
      const url = await createQueue('orders', { VisibilityTimeout: '45' });

      // Act
      const { Attributes } = await sqs.call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
      const byName = await sqs.call('GetQueueUrl', { QueueName: 'orders' });

      // Assess
      expect(url).toBe('http://127.0.0.1:4566/000000000000/orders');
      expect(byName).toEqual({ QueueUrl: url });
      expect(Attributes).toMatchObject({
        QueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders',
        VisibilityTimeout: '45',
        MessageRetentionPeriod: '345600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '0',
        ApproximateNumberOfMessages: '0',
        CreatedTimestamp: String(Date.UTC(2024, 0, 1) / 1000),
      });
    });

    it('answers CreateQueue again with the same URL for the same attributes and refuses different ones', async () => {
      // Prepare
      const url = await createQueue('jobs', { VisibilityTimeout: '10' });

      // Act
      const again = await sqs.call('CreateQueue', { QueueName: 'jobs', Attributes: { VisibilityTimeout: '10' } });
      const different = sqs.call('CreateQueue', { QueueName: 'jobs', Attributes: { VisibilityTimeout: '20' } });

      // Assess
      expect(again).toEqual({ QueueUrl: url });
      await expect(different).rejects.toMatchObject({
        code: 'QueueNameExists',
        queryCode: 'QueueAlreadyExists',
        message: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
      });
    });

    it.each([
      ['an unknown queue', 'GetQueueUrl', { QueueName: 'missing' }, { code: 'QueueDoesNotExist', queryCode: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.' }],
      ['a bad queue name', 'CreateQueue', { QueueName: 'has space' }, { code: 'InvalidParameterValue' }],
      ['a visibility timeout out of range', 'CreateQueue', { QueueName: 'q', Attributes: { VisibilityTimeout: '43201' } }, { code: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' }],
      ['an unknown attribute', 'CreateQueue', { QueueName: 'q', Attributes: { Colour: 'blue' } }, { code: 'InvalidAttributeName', message: 'Unknown Attribute Colour.' }],
      ['a redrive policy to a missing queue', 'CreateQueue', { QueueName: 'q', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:nope', maxReceiveCount: 2 }) } }, { code: 'InvalidParameterValue', message: expect.stringContaining('Dead-letter target does not exist') }],
      ['a redrive policy without maxReceiveCount', 'CreateQueue', { QueueName: 'q', Attributes: { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:x"}' } }, { code: 'InvalidAttributeValue' }],
      ['a FIFO queue without the .fifo suffix', 'CreateQueue', { QueueName: 'q', Attributes: { FifoQueue: 'true' } }, { code: 'InvalidParameterValue' }],
      ['an unknown action', 'FlyAway', {}, { code: 'InvalidAction' }],
    ])('refuses %s', async (_case, action, input, expected) => {
      // Act
      const calling = sqs.call(action, input);

      // Assess
      await expect(calling).rejects.toMatchObject(expected);
    });

    it('lists queues by prefix, pages them, and forgets deleted ones', async () => {
      // Prepare
      for (const name of ['a-1', 'a-2', 'a-3', 'b-1']) await createQueue(name);
      await sqs.call('DeleteQueue', { QueueUrl: 'http://elsewhere:9999/000000000000/a-3' });

      // Act
      const first = await sqs.call('ListQueues', { QueueNamePrefix: 'a-', MaxResults: 1 });
      const second = await sqs.call('ListQueues', { QueueNamePrefix: 'a-', MaxResults: 1, NextToken: first.NextToken });

      // Assess
      expect(first.QueueUrls).toEqual(['http://127.0.0.1:4566/000000000000/a-1']);
      expect(second).toEqual({ QueueUrls: ['http://127.0.0.1:4566/000000000000/a-2'] });
    });
  });

  describe('messages', () => {
    it('hides a received message for the visibility timeout, then delivers it again with a higher receive count', async () => {
      // Prepare
      const url = await createQueue('work', { VisibilityTimeout: '30' });
      const sent = await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'job-1' });

      // Act
      const first = await receive(url);
      const hidden = await receive(url);
      const whileHidden = await counts(url);
      await clock.advance(30_000);
      const second = await receive(url);

      // Assess
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'job-1', Attributes: { ApproximateReceiveCount: '1', SenderId: ACCOUNT, SentTimestamp: String(Date.UTC(2024, 0, 1)) } });
      expect(hidden).toEqual([]);
      expect(whileHidden).toEqual(['0', '1', '0']);
      expect(second[0]).toMatchObject({ MessageId: sent.MessageId, Attributes: { ApproximateReceiveCount: '2', ApproximateFirstReceiveTimestamp: String(Date.UTC(2024, 0, 1)) } });
      expect(defined(second[0], 'the second receive').ReceiptHandle).not.toBe(defined(first[0], 'the first receive').ReceiptHandle);
    });

    it('moves a message to the dead-letter queue when it would be received for the (maxReceiveCount+1)-th time', async () => {
      // Prepare
      const dlqUrl = await createQueue('work-dlq');
      const url = await createQueue('work', {
        VisibilityTimeout: '10',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:work-dlq', maxReceiveCount: 2 }),
      });
      const sent = await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'poison', MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } });

      // Act
      const receives: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        receives.push((await receive(url)).length);
        await clock.advance(10_000);
      }
      const dead = await receive(dlqUrl, { MessageAttributeNames: ['All'] });

      // Assess
      expect(receives).toEqual([1, 1, 0]);
      expect(await counts(url)).toEqual(['0', '0', '0']);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        MessageId: sent.MessageId,
        Body: 'poison',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } },
        Attributes: { ApproximateReceiveCount: '3', DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:work', SentTimestamp: String(Date.UTC(2024, 0, 1)) },
      });
    });

    it('keeps a delayed message out of reach until its delay has passed', async () => {
      // Prepare
      const url = await createQueue('later', { DelaySeconds: '5', VisibilityTimeout: '600' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'queue default delay' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'own delay', DelaySeconds: 60 });

      // Act
      const atOnce = await counts(url);
      await clock.advance(5_000);
      const afterFive = await receive(url);
      await clock.advance(55_000);
      const afterSixty = await receive(url);

      // Assess
      expect(atOnce).toEqual(['0', '0', '2']);
      expect(afterFive.map((message) => message.Body)).toEqual(['queue default delay']);
      expect(afterSixty.map((message) => message.Body)).toEqual(['own delay']);
    });

    it('drops messages older than the retention period', async () => {
      // Prepare
      const url = await createQueue('short', { MessageRetentionPeriod: '60' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'stale' });

      // Act
      await clock.advance(60_000);

      // Assess
      expect(await receive(url)).toEqual([]);
      expect(await counts(url)).toEqual(['0', '0', '0']);
    });

    it('deletes only with the latest receipt handle and refuses a handle it never gave', async () => {
      // Prepare
      const url = await createQueue('handles', { VisibilityTimeout: '1' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'm' });
      const stale = defined((await receive(url))[0], 'the first receive');
      await clock.advance(1_000);
      const latest = defined((await receive(url))[0], 'the second receive');

      // Act
      await sqs.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: stale.ReceiptHandle });
      const afterStale = await counts(url);
      const invalid = sqs.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'not-a-handle' });
      await sqs.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: latest.ReceiptHandle });

      // Assess
      expect(afterStale).toEqual(['0', '1', '0']);
      await expect(invalid).rejects.toMatchObject({ code: 'ReceiptHandleIsInvalid', message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.' });
      expect(await counts(url)).toEqual(['0', '0', '0']);
    });

    it('changes the visibility of a message in flight, and refuses it for one that is not', async () => {
      // Prepare
      const url = await createQueue('visibility', { VisibilityTimeout: '30' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'm' });
      const message = defined((await receive(url))[0], 'a received message');

      // Act
      await sqs.call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 });
      const visibleAgain = await counts(url);
      const notInFlight = sqs.call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 10 });

      // Assess
      expect(visibleAgain).toEqual(['1', '0', '0']);
      await expect(notInFlight).rejects.toMatchObject({ code: 'MessageNotInflight', queryCode: 'AWS.SimpleQueueService.MessageNotInflight' });
    });

    it('filters message attributes and system attributes by the names asked for', async () => {
      // Prepare
      const url = await createQueue('attributes');
      await sqs.call('SendMessage', {
        QueueUrl: url,
        MessageBody: 'm',
        MessageAttributes: { 'order.id': { DataType: 'String', StringValue: 'o-1' }, 'order.total': { DataType: 'Number', StringValue: '12.5' }, trace: { DataType: 'Binary', BinaryValue: 'AAE=' } },
      });

      // Act
      const [received] = (await sqs.call('ReceiveMessage', { QueueUrl: url, AttributeNames: ['SentTimestamp'], MessageAttributeNames: ['order.*'] })).Messages as Message[];
      const message = defined(received, 'a received message');

      // Assess
      expect(Object.keys(message.Attributes ?? {})).toEqual(['SentTimestamp']);
      expect(message.MessageAttributes).toEqual({ 'order.id': { DataType: 'String', StringValue: 'o-1' }, 'order.total': { DataType: 'Number', StringValue: '12.5' } });
    });

    it.each([
      ['MaxNumberOfMessages above 10', 'ReceiveMessage', { MaxNumberOfMessages: 11 }, 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be >= 1 and <= 10, if provided.'],
      ['WaitTimeSeconds above 20', 'ReceiveMessage', { WaitTimeSeconds: 21 }, 'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.'],
      ['DelaySeconds above 900', 'SendMessage', { MessageBody: 'm', DelaySeconds: 901 }, 'Value 901 for parameter DelaySeconds is invalid. Reason: Must be >= 0 and <= 900, if provided.'],
      ['an empty body', 'SendMessage', { MessageBody: '' }, 'The request must contain the parameter MessageBody.'],
      ['a control character in the body', 'SendMessage', { MessageBody: 'bell\u0007' }, 'Invalid characters found.'],
      ['a Number attribute that is not a number', 'SendMessage', { MessageBody: 'm', MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } } }, "Can't cast the value of message (user) attribute 'n' to a number."],
      ['an attribute of an unknown type', 'SendMessage', { MessageBody: 'm', MessageAttributes: { n: { DataType: 'Date', StringValue: 'x' } } }, expect.stringContaining('supported type prefixes: Binary, Number, String')],
      ['a body above MaximumMessageSize', 'SendMessage', { MessageBody: 'x'.repeat(1025) }, 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.'],
    ])('refuses %s', async (_case, action, input, message) => {
      // Prepare
      const url = await createQueue('checks', { MaximumMessageSize: '1024' });

      // Act
      const calling = sqs.call(action, { QueueUrl: url, ...input });

      // Assess
      await expect(calling).rejects.toMatchObject({ message });
    });

    it('answers batches entry by entry and refuses malformed batches as a whole', async () => {
      // Prepare
      const url = await createQueue('batches');

      // Act
      const sent = await sqs.call('SendMessageBatch', { QueueUrl: url, Entries: [{ Id: 'ok', MessageBody: 'fine' }, { Id: 'bad', MessageBody: '' }] });
      const empty = sqs.call('SendMessageBatch', { QueueUrl: url, Entries: [] });
      const repeated = sqs.call('DeleteMessageBatch', { QueueUrl: url, Entries: [{ Id: 'a', ReceiptHandle: 'x' }, { Id: 'a', ReceiptHandle: 'y' }] });
      const tooMany = sqs.call('SendMessageBatch', { QueueUrl: url, Entries: Array.from({ length: 11 }, (_, index) => ({ Id: `m${index}`, MessageBody: 'b' })) });

      // Assess
      expect(sent.Successful).toEqual([{ Id: 'ok', MD5OfMessageBody: createHash('md5').update('fine').digest('hex'), MessageId: expect.any(String) }]);
      expect(sent.Failed).toEqual([{ Id: 'bad', SenderFault: true, Code: 'MissingParameter', Message: 'The request must contain the parameter MessageBody.' }]);
      await expect(empty).rejects.toMatchObject({ code: 'EmptyBatchRequest', queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest' });
      await expect(repeated).rejects.toMatchObject({ code: 'BatchEntryIdsNotDistinct', message: 'Id a repeated.' });
      await expect(tooMany).rejects.toMatchObject({ code: 'TooManyEntriesInBatchRequest', message: 'Maximum number of entries per request are 10. You have sent 11.' });
    });

    it('purges every message', async () => {
      // Prepare
      const url = await createQueue('purge');
      await sqs.call('SendMessageBatch', { QueueUrl: url, Entries: [{ Id: '1', MessageBody: 'a' }, { Id: '2', MessageBody: 'b' }] });

      // Act
      await sqs.call('PurgeQueue', { QueueUrl: url });

      // Assess
      expect(await counts(url)).toEqual(['0', '0', '0']);
    });
  });

  describe('long polling on the injected clock', () => {
    it('waits until a message is sent', async () => {
      // Prepare
      const url = await createQueue('poll');
      const polling = receive(url, { WaitTimeSeconds: 20 });
      await settle();

      // Act
      await clock.advance(5_000);
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'arrived' });

      // Assess
      expect((await polling).map((message) => message.Body)).toEqual(['arrived']);
      expect(clock.pendingCount).toBe(0);
    });

    it('answers empty once the wait time has passed on the clock', async () => {
      // Prepare
      const url = await createQueue('poll', { ReceiveMessageWaitTimeSeconds: '20' });
      let answered: Message[] | undefined;
      void receive(url).then((messages) => (answered = messages));

      // Act
      await clock.advance(19_999);
      const before = answered;
      await clock.advance(1);

      // Assess
      expect(before).toBeUndefined();
      expect(answered).toEqual([]);
    });

    it('wakes when a message in flight becomes visible again', async () => {
      // Prepare
      const url = await createQueue('poll', { VisibilityTimeout: '5' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'retry me' });
      await receive(url);
      const polling = receive(url, { WaitTimeSeconds: 20 });

      // Act
      await clock.advance(5_000);

      // Assess
      expect((await polling).map((message) => message.Attributes?.ApproximateReceiveCount)).toEqual(['2']);
    });

    it('ends a long poll when the caller aborts or the service closes', async () => {
      // Prepare
      const url = await createQueue('poll');
      const controller = new AbortController();
      const aborted = sqs.call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }, controller.signal);
      const closed = sqs.call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
      await settle();

      // Act
      controller.abort();
      sqs.close();

      // Assess
      await expect(aborted).resolves.toEqual({});
      await expect(closed).resolves.toEqual({});
    });
  });

  describe('FIFO basics', () => {
    it('keeps a message group in order while one of its messages is in flight, and drops duplicates', async () => {
      // Prepare
      const url = await createQueue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
      const first = await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'a1', MessageGroupId: 'a' });
      const duplicate = await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'a1', MessageGroupId: 'a' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'a2', MessageGroupId: 'a' });
      await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'b1', MessageGroupId: 'b' });

      // Act
      const firstBatch = await receive(url, { MaxNumberOfMessages: 1 });
      const secondBatch = await receive(url);

      // Assess
      expect(duplicate.MessageId).toBe(first.MessageId);
      expect(duplicate.SequenceNumber).toBe(first.SequenceNumber);
      expect(firstBatch.map((message) => message.Body)).toEqual(['a1']);
      expect(secondBatch.map((message) => message.Body)).toEqual(['b1']);
      await expect(sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'x' })).rejects.toMatchObject({ code: 'MissingParameter' });
    });
  });
});
