import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { md5OfMessageAttributes } from '../../../local/sqs/md5';
import { ManualClock } from '../../support/manual-clock';
import { startSqsEdge, type SqsEdge } from './sqs-edge';
import { defined } from '../../support/defined';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('SQS on the edge', () => {
  let edge: SqsEdge;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    edge = await startSqsEdge(clock);
  });

  afterEach(() => edge.close());

  describe('JSON protocol through @aws-sdk/client-sqs', () => {
    it('sends, receives and deletes, with MD5s the SDK verifies', async () => {
      // Prepare
      const { QueueUrl } = await edge.client.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { VisibilityTimeout: '60' } }));
      const attributes = { kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } };

      // Act
      const sent = await edge.client.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"orderId":"o-1"}', MessageAttributes: attributes }));
      const batch = await edge.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'two', MessageBody: 'second' }] }));
      const received = await edge.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
      const deleted = await edge.client.send(
        new DeleteMessageBatchCommand({ QueueUrl, Entries: (received.Messages ?? []).map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle })) }),
      );
      const { Attributes } = await edge.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'QueueArn'] }));

      // Assess
      expect(QueueUrl).toBe(`${edge.url}/000000000000/jobs`);
      expect(sent.MD5OfMessageBody).toBe(md5('{"orderId":"o-1"}'));
      expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes({ kind: attributes.kind, blob: { DataType: 'Binary', BinaryValue: 'AQID' } }));
      expect(batch.Successful).toEqual([expect.objectContaining({ Id: 'two', MD5OfMessageBody: md5('second') })]);
      expect(received.Messages?.map((message) => message.Body)).toEqual(['{"orderId":"o-1"}', 'second']);
      expect(received.Messages?.[0]?.MessageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } });
      expect(received.Messages?.[0]?.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: '000000000000' });
      expect(deleted.Successful).toHaveLength(2);
      expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:jobs' });
    });

    it('raises the SDK exception named by the query-error header, with the query code', async () => {
      // Act
      const failing = edge.client.send(new GetQueueUrlCommand({ QueueName: 'missing' }));

      // Assess
      await expect(failing).rejects.toBeInstanceOf(QueueDoesNotExist);
      await expect(failing).rejects.toMatchObject({
        name: 'QueueDoesNotExist',
        message: 'The specified queue does not exist.',
        Code: 'AWS.SimpleQueueService.NonExistentQueue',
        $metadata: expect.objectContaining({ httpStatusCode: 400 }),
      });
    });

    it('names a non-modelled error after its code', async () => {
      // Prepare
      const { QueueUrl } = await edge.client.send(new CreateQueueCommand({ QueueName: 'q' }));
      await edge.client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm' }));
      const [message] = (await edge.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? [];

      // Act
      const failing = edge.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: defined(message, 'a received message').ReceiptHandle, VisibilityTimeout: 50_000 }));

      // Assess
      await expect(failing).rejects.toMatchObject({ name: 'InvalidParameterValue', message: 'Value 50000 for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.' });
    });

    it('long-polls through HTTP until a message arrives', async () => {
      // Prepare
      const { QueueUrl } = await edge.client.send(new CreateQueueCommand({ QueueName: 'poll' }));
      const polling = edge.client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      await new Promise((resolve) => setTimeout(resolve, 50));

      // Act
      await edge.client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }));

      // Assess
      expect((await polling).Messages?.map((message) => message.Body)).toEqual(['late']);
    });

    it('lists the queues', async () => {
      // Prepare
      await edge.client.send(new CreateQueueCommand({ QueueName: 'one' }));
      await edge.client.send(new CreateQueueCommand({ QueueName: 'two' }));

      // Act
      const listed = await edge.client.send(new ListQueuesCommand({}));

      // Assess
      expect(listed.QueueUrls).toEqual([`${edge.url}/000000000000/one`, `${edge.url}/000000000000/two`]);
    });
  });

  describe('query protocol (form-encoded requests, XML answers)', () => {
    const post = (path: string, params: Record<string, string>, signed = true) =>
      fetch(`${edge.url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          ...(signed ? { Authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x' } : {}),
        },
        body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
      });

    it('creates a queue, sends to its URL path and receives attributes in XML', async () => {
      // Prepare
      const created = await post('/', { Action: 'CreateQueue', QueueName: 'legacy', 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '40' });

      // Act
      const sent = await post('/000000000000/legacy', {
        Action: 'SendMessage',
        MessageBody: 'a <b> & c',
        'MessageAttribute.1.Name': 'kind',
        'MessageAttribute.1.Value.DataType': 'String',
        'MessageAttribute.1.Value.StringValue': 'x',
      }, false);
      const received = await post('/', { Action: 'ReceiveMessage', QueueUrl: `${edge.url}/000000000000/legacy`, 'AttributeName.1': 'All', 'MessageAttributeName.1': 'All' });
      const attributes = await post('/', { Action: 'GetQueueAttributes', QueueUrl: `${edge.url}/000000000000/legacy`, 'AttributeName.1': 'VisibilityTimeout' });

      // Assess
      expect(created.status).toBe(200);
      expect(await created.text()).toContain(`<CreateQueueResult><QueueUrl>${edge.url}/000000000000/legacy</QueueUrl></CreateQueueResult>`);
      expect(await sent.text()).toMatch(new RegExp(`<SendMessageResult><MD5OfMessageBody>${md5('a <b> & c')}</MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}</MD5OfMessageAttributes><MessageId>`));
      const xml = await received.text();
      expect(xml).toContain('<Body>a &lt;b&gt; &amp; c</Body>');
      expect(xml).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>');
      expect(xml).toContain('<MessageAttribute><Name>kind</Name><Value><DataType>String</DataType><StringValue>x</StringValue></Value></MessageAttribute>');
      expect(await attributes.text()).toContain('<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute></GetQueueAttributesResult>');
    });

    it('answers errors in the query shape with the query code', async () => {
      // Act
      const response = await post('/', { Action: 'GetQueueUrl', QueueName: 'missing' });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/xml');
      expect(await response.text()).toMatch(
        /<ErrorResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><Error><Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code><Message>The specified queue does not exist.<\/Message><Detail\/><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
      );
    });

    it('translates batch entries', async () => {
      // Prepare
      await post('/', { Action: 'CreateQueue', QueueName: 'batch' });

      // Act
      const response = await post('/000000000000/batch', {
        Action: 'SendMessageBatch',
        'SendMessageBatchRequestEntry.1.Id': 'first',
        'SendMessageBatchRequestEntry.1.MessageBody': 'one',
        'SendMessageBatchRequestEntry.2.Id': 'second',
        'SendMessageBatchRequestEntry.2.MessageBody': 'two',
        'SendMessageBatchRequestEntry.2.DelaySeconds': '5',
      });

      // Assess
      const xml = await response.text();
      expect(xml.match(/<SendMessageBatchResultEntry><Id>(first|second)<\/Id>/g)).toHaveLength(2);
      expect(await edge.service.call('GetQueueAttributes', { QueueUrl: edge.service.queueUrl('batch'), AttributeNames: ['ApproximateNumberOfMessagesDelayed'] })).toEqual({
        Attributes: { ApproximateNumberOfMessagesDelayed: '1' },
      });
    });
  });
});
