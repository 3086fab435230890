/**
 * SNS through an unmodified `@aws-sdk/client-sns` (query protocol) against the edge, with delivery through the
 * runtime's own SQS, Lambda workers and SES capture: topics, subscriptions of each protocol, Publish, PublishBatch,
 * AWS's errors and the `/_aws/sns` listing.
 */
import { createHash } from 'node:crypto';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  type PublishCommandInput,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TooManyEntriesInBatchRequestException,
  BatchEntryIdsNotDistinctException,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { defined } from '../../support/defined';
import { ACCOUNT, REGION, startSnsPlatform, type SnsPlatform } from './sns-platform';

describe('SNS on the edge', () => {
  let env: SnsPlatform;
  let counter = 0;

  beforeAll(async () => {
    env = await startSnsPlatform();
  });

  afterAll(async () => {
    await env.close();
  });

  const uniqueName = (prefix: string) => `${prefix}-${(counter += 1)}`;

  async function topic(attributes?: Record<string, string>, name = uniqueName('topic')): Promise<string> {
    const { TopicArn } = await env.sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
    return defined(TopicArn, 'CreateTopic TopicArn');
  }

  async function queue(name = uniqueName('queue'), attributes?: Record<string, string>): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await env.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return { url: defined(QueueUrl, 'CreateQueue QueueUrl'), arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` };
  }

  async function receiveOne(url: string) {
    const { Messages } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    expect(Messages).toHaveLength(1);
    return defined(Messages?.[0], 'a received message');
  }

  async function until<T>(read: () => T | undefined): Promise<T> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const value = read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('not reached in 5 s');
  }

  describe('topics', () => {
    it('creates a topic once per name, lists it, reports its attributes and deletes it idempotently', async () => {
      // Prepare
      const name = uniqueName('orders');
      // Act
      const first = await topic({ DisplayName: 'Orders' }, name);
      const again = await topic({ DisplayName: 'Orders' }, name);
      await env.sns.send(new SetTopicAttributesCommand({ TopicArn: first, AttributeName: 'DisplayName', AttributeValue: 'Orders team' }));
      const { Attributes } = await env.sns.send(new GetTopicAttributesCommand({ TopicArn: first }));
      const listed = await env.sns.send(new ListTopicsCommand({}));
      await env.sns.send(new DeleteTopicCommand({ TopicArn: first }));
      await env.sns.send(new DeleteTopicCommand({ TopicArn: first }));
      const afterDelete = await env.sns.send(new ListTopicsCommand({}));
      // Assess
      expect(first).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:${name}`);
      expect(again).toBe(first);
      expect(Attributes).toMatchObject({ TopicArn: first, Owner: ACCOUNT, DisplayName: 'Orders team', SubscriptionsConfirmed: '0', SubscriptionsPending: '0' });
      expect(JSON.parse(defined(Attributes?.Policy, 'the Policy attribute'))).toMatchObject({ Statement: [{ Resource: first }] });
      expect(listed.Topics?.map((each) => each.TopicArn)).toContain(first);
      expect(afterDelete.Topics?.map((each) => each.TopicArn)).not.toContain(first);
    });

    it('lists topics 100 a page, NextToken leading to the rest', async () => {
      // Prepare
      const created = await Promise.all(Array.from({ length: 120 }, () => topic()));
      // Act
      const first = await env.sns.send(new ListTopicsCommand({}));
      const pages = [first];
      while (pages.at(-1)?.NextToken) pages.push(await env.sns.send(new ListTopicsCommand({ NextToken: pages.at(-1)?.NextToken })));
      // Assess
      expect(first.Topics).toHaveLength(100);
      const listed = pages.flatMap((page) => page.Topics ?? []).map((each) => each.TopicArn);
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed).toEqual(expect.arrayContaining(created));
      await expect(env.sns.send(new ListTopicsCommand({ NextToken: 'not-a-token' }))).rejects.toThrow('Invalid parameter: NextToken');
    });

    it('refuses the same name with other attributes', async () => {
      const name = uniqueName('alerts');
      await topic({ DisplayName: 'One' }, name);
      await expect(topic({ DisplayName: 'Two' }, name)).rejects.toThrow(new InvalidParameterException({ message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes', $metadata: {} }));
    });

    it.each([
      ['a FIFO topic without the .fifo suffix', 'alerts', { FifoTopic: 'true' }, /Fifo Topic names must end with \.fifo/],
      ['a .fifo name on a standard topic', 'alerts.fifo', {}, /^Invalid parameter: Topic Name$/],
      ['a name with a space', 'my alerts', {}, /^Invalid parameter: Topic Name$/],
      ['an attribute SNS does not have', 'alerts', { Colour: 'blue' }, /^Invalid parameter: AttributeName$/],
      ['ContentBasedDeduplication on a standard topic', 'alerts', { ContentBasedDeduplication: 'true' }, /only valid for FIFO topics/],
    ])('refuses %s with InvalidParameter', async (_case, name, attributes, message) => {
      const attempt = env.sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
      await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(attempt).rejects.toThrow(message);
    });

    it('answers NotFound for a topic that is not there, with status 404', async () => {
      const missing = `arn:aws:sns:${REGION}:${ACCOUNT}:${uniqueName('missing')}`;
      const failure = await env.sns.send(new PublishCommand({ TopicArn: missing, Message: 'hello' })).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(NotFoundException);
      expect(failure).toMatchObject({ message: 'Topic does not exist', $metadata: { httpStatusCode: 404 } });
      await expect(env.sns.send(new GetTopicAttributesCommand({ TopicArn: missing }))).rejects.toBeInstanceOf(NotFoundException);
      await expect(env.sns.send(new GetTopicAttributesCommand({ TopicArn: 'not-an-arn' }))).rejects.toThrow(new InvalidParameterException({ message: 'Invalid parameter: TopicArn', $metadata: {} }));
    });
  });

  describe('SQS subscriptions', () => {
    it('deliver the JSON notification with every field SNS sets', async () => {
      // Prepare
      const topicArn = await topic();
      const { url, arn } = await queue();
      const { SubscriptionArn } = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, ReturnSubscriptionArn: true }));
      // Act
      const { MessageId } = await env.sns.send(
        new PublishCommand({ TopicArn: topicArn, Subject: 'Negative review', Message: '{"reviewId":"r-1"}', MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' }, score: { DataType: 'Number', StringValue: '0.91' } } }),
      );
      const received = await receiveOne(url);
      // Assess
      const envelope = JSON.parse(defined(received.Body, 'the message body')) as Record<string, unknown>;
      expect(envelope).toEqual({
        Type: 'Notification',
        MessageId,
        TopicArn: topicArn,
        Subject: 'Negative review',
        Message: '{"reviewId":"r-1"}',
        Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        SignatureVersion: '1',
        Signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
        SigningCertURL: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-local.pem`,
        UnsubscribeURL: `${env.platform.url}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(defined(SubscriptionArn, 'Subscribe SubscriptionArn'))}`,
        MessageAttributes: { severity: { Type: 'String', Value: 'high' }, score: { Type: 'Number', Value: '0.91' } },
      });
      expect(received.MessageAttributes).toBeUndefined();
    });

    it('deliver the message itself, attributes as SQS attributes, with RawMessageDelivery', async () => {
      const topicArn = await topic();
      const { url, arn } = await queue();
      const { SubscriptionArn } = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
      await env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'plain text', MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } } }));
      const received = await receiveOne(url);
      const { Attributes } = await env.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
      expect(received.Body).toBe('plain text');
      expect(received.MessageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'alert' } });
      expect(Attributes).toMatchObject({ Protocol: 'sqs', Endpoint: arn, RawMessageDelivery: 'true', PendingConfirmation: 'false', TopicArn: topicArn });
    });

    it('give each protocol its own text with MessageStructure json', async () => {
      const topicArn = await topic();
      const { url, arn } = await queue();
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn }));
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'structured@example.com' }));
      await env.sns.send(new PublishCommand({ TopicArn: topicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', sqs: 'for queues' }) }));
      const envelope = JSON.parse(defined((await receiveOne(url)).Body, 'the message body')) as { Message: string };
      const mail = env.mail.list().filter((message) => message.Destination?.ToAddresses?.includes('structured@example.com'));
      expect(envelope.Message).toBe('for queues');
      expect(mail).toHaveLength(1);
      expect(mail[0]?.Body?.text_part).toMatch(/^for everyone\n/);
    });

    it('keep FIFO order data: the group, the deduplication id and a growing sequence number', async () => {
      const topicArn = await topic({ FifoTopic: 'true', ContentBasedDeduplication: 'true' }, `${uniqueName('alerts')}.fifo`);
      const { url, arn } = await queue(`${uniqueName('alerts')}.fifo`, { FifoQueue: 'true' });
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
      const first = await env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'one', MessageGroupId: 'review-1' }));
      const second = await env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'two', MessageGroupId: 'review-1', MessageDeduplicationId: 'two' }));
      const { Messages } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
      expect(first.SequenceNumber).toMatch(/^\d{20}$/);
      expect(BigInt(defined(second.SequenceNumber, 'the second SequenceNumber'))).toBeGreaterThan(BigInt(defined(first.SequenceNumber, 'the first SequenceNumber')));
      expect(Messages?.map((message) => [message.Body, message.Attributes?.MessageGroupId, message.Attributes?.MessageDeduplicationId])).toEqual([
        ['one', 'review-1', createHash('sha256').update('one').digest('hex')],
        ['two', 'review-1', 'two'],
      ]);
      await expect(env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'no group' }))).rejects.toThrow('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    });
  });

  it('invokes a Lambda subscription asynchronously with the SNS event', async () => {
    // Prepare
    const topicArn = await topic();
    const functionArn = env.registerFunction(uniqueName('on-alert'), 'sns-subscribers.recordEvent');
    const { SubscriptionArn } = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: functionArn }));
    // Act
    const { MessageId } = await env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'to a function', MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } } }));
    const line = await until(() => env.logs.find((each) => each.includes('sns-event') && each.includes(defined(MessageId, 'Publish MessageId'))));
    // Assess
    const event = JSON.parse(line.slice(line.indexOf('{'))) as { Records: Record<string, unknown>[] };
    expect(event.Records).toEqual([
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: SubscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId,
          TopicArn: topicArn,
          Subject: null,
          Message: 'to a function',
          Timestamp: expect.stringMatching(/Z$/),
          SignatureVersion: '1',
          Signature: expect.any(String),
          SigningCertUrl: expect.stringContaining('.pem'),
          UnsubscribeUrl: expect.stringContaining('Action=Unsubscribe'),
          MessageAttributes: { kind: { Type: 'String', Value: 'alert' } },
        },
      },
    ]);
  });

  it('delivers email subscriptions into the local inbox, and the unsubscribe link in the mail works', async () => {
    // Prepare
    const topicArn = await topic({ DisplayName: 'Review alerts' });
    const address = `${uniqueName('ops')}@example.com`;
    const { SubscriptionArn } = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: address }));
    // Act
    await env.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'Negative review r-7', Message: 'Customer is unhappy.' }));
    const sesListing = (await (await fetch(`${env.platform.url}/_aws/ses?email=${encodeURIComponent('"Review alerts" <no-reply@sns.amazonaws.com>')}`)).json()) as { messages: { Destination: unknown; Subject: string; Body: { text_part: string } }[] };
    const inboxPage = await (await fetch(`${env.platform.url}/_runtime/inbox`)).text();
    const link = defined(/http:\/\/\S+Action=Unsubscribe\S+/.exec(env.mail.list().find((mail) => mail.Destination?.ToAddresses?.includes(address))?.Body?.text_part ?? '')?.[0], 'the unsubscribe link in the mail');
    const unsubscribed = await fetch(link);
    const { Subscriptions } = await env.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    // Assess
    const mail = sesListing.messages.filter((message) => JSON.stringify(message.Destination).includes(address));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ Destination: { ToAddresses: [address] }, Subject: 'Negative review r-7' });
    expect(mail[0]?.Body.text_part).toMatch(/^Customer is unhappy\.\n/);
    expect(inboxPage).toContain('Negative review r-7');
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toContain('<UnsubscribeResponse');
    expect(Subscriptions?.map((each) => each.SubscriptionArn)).not.toContain(SubscriptionArn);
  });

  describe('subscriptions', () => {
    it('are idempotent per endpoint, listed by topic and removed by Unsubscribe', async () => {
      const topicArn = await topic();
      const { arn } = await queue();
      const first = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn }));
      const again = await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn }));
      const listed = await env.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      const everywhere = await env.sns.send(new ListSubscriptionsCommand({}));
      await env.sns.send(new UnsubscribeCommand({ SubscriptionArn: first.SubscriptionArn }));
      const afterwards = await env.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      expect(first.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
      expect(again.SubscriptionArn).toBe(first.SubscriptionArn);
      expect(listed.Subscriptions).toEqual([{ SubscriptionArn: first.SubscriptionArn, Owner: ACCOUNT, Protocol: 'sqs', Endpoint: arn, TopicArn: topicArn }]);
      expect(everywhere.Subscriptions).toContainEqual(listed.Subscriptions?.[0]);
      expect(afterwards.Subscriptions).toEqual([]);
      await expect(env.sns.send(new UnsubscribeCommand({ SubscriptionArn: first.SubscriptionArn }))).rejects.toBeInstanceOf(NotFoundException);
    });

    it.each([
      ['an unknown protocol', 'pigeon', 'x', /does not support this protocol string: pigeon/],
      ['a protocol the runtime does not serve', 'https', 'https://example.com/hook', /https subscriptions are not served by the local runtime/],
      ['an SQS endpoint that is not a queue ARN', 'sqs', 'https://queue.example/1', /^Invalid parameter: SQS endpoint ARN$/],
      ['a Lambda endpoint that is not a function ARN', 'lambda', 'my-function', /^Invalid parameter: Lambda endpoint ARN$/],
      ['an email endpoint that is not an address', 'email', 'nobody', /^Invalid parameter: Email address$/],
      ['a FIFO queue on a standard topic', 'sqs', `arn:aws:sqs:${REGION}:${ACCOUNT}:orders.fifo`, /a FIFO queue can only subscribe to a FIFO topic/],
    ])('refuse %s with InvalidParameter', async (_case, protocol, endpoint, message) => {
      const topicArn = await topic();
      const attempt = env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint }));
      await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(attempt).rejects.toThrow(message);
    });

    it('refuse raw delivery for email and filter policies they would not apply', async () => {
      const topicArn = await topic();
      const { arn } = await queue();
      await expect(env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'a@example.com', Attributes: { RawMessageDelivery: 'true' } }))).rejects.toThrow(
        'Delivery protocol [email] does not support raw message delivery.',
      );
      await expect(env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { FilterPolicy: '{"kind":["alert"]}' } }))).rejects.toThrow(
        /does not filter messages/,
      );
    });
  });

  describe('Publish', () => {
    it.each([
      ['MessageStructure json without a default', { MessageStructure: 'json', Message: '{"sqs":"x"}' }, InvalidParameterException, 'Invalid parameter: Message Structure - No default entry in JSON message body'],
      ['MessageStructure json that is not JSON', { MessageStructure: 'json', Message: 'plain' }, InvalidParameterException, 'Invalid parameter: Message Structure - No JSON message body is parseable'],
      ['a message past 256 KiB', { Message: 'x'.repeat(262_145) }, InvalidParameterException, 'Invalid parameter: Message too long'],
      ['a subject with a line break', { Message: 'm', Subject: 'two\nlines' }, InvalidParameterException, 'Invalid parameter: Subject'],
      ['a Number attribute that is not a number', { Message: 'm', MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } } }, InvalidParameterValueException, "Could not cast message attribute 'n' value to number."],
      ['a phone number', { Message: 'm', TopicArn: undefined, PhoneNumber: '+15555550100' }, InvalidParameterException, 'Invalid parameter: PhoneNumber Reason: SMS is not served by the local runtime; publish to a topic'],
      ['no target at all', { Message: 'm', TopicArn: undefined }, InvalidParameterException, 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter'],
      ['a deduplication id on a standard topic', { Message: 'm', MessageDeduplicationId: 'd' }, InvalidParameterException, /MessageDeduplicationId parameter that is not valid for this topic type/],
    ])('refuses %s', async (_case, overrides, exception, message) => {
      const topicArn = await topic();
      const attempt = env.sns.send(new PublishCommand({ TopicArn: topicArn, ...overrides } as PublishCommandInput));
      await expect(attempt).rejects.toBeInstanceOf(exception);
      await expect(attempt).rejects.toThrow(message);
    });

    it('takes a topic ARN as TargetArn', async () => {
      const topicArn = await topic();
      const { arn, url } = await queue();
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
      await env.sns.send(new PublishCommand({ TargetArn: topicArn, Message: 'by target' }));
      expect((await receiveOne(url)).Body).toBe('by target');
    });
  });

  describe('PublishBatch', () => {
    it('publishes the good entries and reports the bad ones as BatchResultErrorEntry', async () => {
      // Prepare
      const topicArn = await topic();
      const { url, arn } = await queue();
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
      // Act
      const result = await env.sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [
            { Id: 'good', Message: 'first' },
            { Id: 'empty', Message: '' },
            { Id: 'bad-subject', Message: 'second', Subject: 'line\nbreak' },
          ],
        }),
      );
      const received = await receiveOne(url);
      // Assess
      expect(result.Successful).toEqual([{ Id: 'good', MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
      expect(result.Failed).toEqual([
        { Id: 'empty', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
        { Id: 'bad-subject', Code: 'InvalidParameter', Message: 'Invalid parameter: Subject', SenderFault: true },
      ]);
      expect(received.Body).toBe('first');
    });

    it.each([
      ['eleven entries', Array.from({ length: 11 }, (_, index) => ({ Id: `e${index}`, Message: 'm' })), TooManyEntriesInBatchRequestException],
      ['two entries with one id', [{ Id: 'same', Message: 'a' }, { Id: 'same', Message: 'b' }], BatchEntryIdsNotDistinctException],
    ])('refuses %s as a whole', async (_case, entries, exception) => {
      const topicArn = await topic();
      await expect(env.sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }))).rejects.toBeInstanceOf(exception);
    });
  });

  describe('/_aws/sns', () => {
    it('lists published messages by topic with what happened to each delivery, and forgets them on DELETE', async () => {
      // Prepare
      const topicArn = await topic();
      const { arn } = await queue();
      const goneQueue = `arn:aws:sqs:${REGION}:${ACCOUNT}:${uniqueName('never-created')}`;
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn }));
      await env.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: goneQueue }));
      // Act
      const { MessageId } = await env.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'watched', Subject: 'Seen' }));
      const listing = (await (await fetch(`${env.platform.url}/_aws/sns?topicArn=${encodeURIComponent(topicArn)}`)).json()) as {
        region: string;
        published_messages: Record<string, { MessageId: string; Message: string; Subject: string; Deliveries: { Endpoint: string; Status: string; Error?: string }[] }[]>;
      };
      const deleted = await fetch(`${env.platform.url}/_aws/sns?topicArn=${encodeURIComponent(topicArn)}`, { method: 'DELETE' });
      const afterDelete = (await (await fetch(`${env.platform.url}/_aws/sns?topicArn=${encodeURIComponent(topicArn)}`)).json()) as { published_messages: Record<string, unknown> };
      // Assess
      expect(listing.region).toBe(REGION);
      expect(Object.keys(listing.published_messages)).toEqual([topicArn]);
      const [message] = defined(listing.published_messages[topicArn], 'the topic in the listing');
      expect(message).toMatchObject({ MessageId, Message: 'watched', Subject: 'Seen' });
      const byEndpoint = Object.fromEntries(defined(message, 'the published message').Deliveries.map((delivery) => [delivery.Endpoint, delivery]));
      expect(byEndpoint[arn]).toMatchObject({ Status: 'delivered' });
      expect(byEndpoint[goneQueue]).toMatchObject({ Status: 'failed', Error: `the queue ${goneQueue} does not exist` });
      expect(deleted.status).toBe(204);
      expect(afterDelete.published_messages).toEqual({});
    });

    it('answers 405 for other methods', async () => {
      const response = await fetch(`${env.platform.url}/_aws/sns`, { method: 'PUT' });
      expect(response.status).toBe(405);
    });
  });
});
