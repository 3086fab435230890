import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqsService, type SqsService } from '../../../local/sqs/sqs-service';
import { ManualClock } from '../../support/manual-clock';

const ACCOUNT = '000000000000';

interface Message {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  Attributes?: Record<string, string>;
}

describe('SQS in durable mode (<state dir>/sqs/queues.jsonl)', () => {
  let dir: string;
  let clock: ManualClock;
  const services: SqsService[] = [];
  const log: string[] = [];

  /** A service on the state directory, as a runtime start would make it (same clock: the runtime's carries on). */
  const open = () => {
    const sqs = createSqsService({ region: 'us-east-1', accountId: ACCOUNT, clock, endpoint: 'http://127.0.0.1:4566', stateDir: dir, log: (line) => log.push(line) });
    services.push(sqs);
    return sqs;
  };
  const receive = async (sqs: SqsService, url: string, extra: Record<string, unknown> = {}) =>
    ((await sqs.call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], ...extra })).Messages ?? []) as Message[];
  const counts = async (sqs: SqsService, url: string) => {
    const { Attributes } = (await sqs.call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] })) as { Attributes: Record<string, string> };
    return [Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible, Attributes.ApproximateNumberOfMessagesDelayed];
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-sqs-'));
    clock = new ManualClock();
    log.length = 0;
  });
  afterEach(() => {
    for (const sqs of services.splice(0)) sqs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps queues, attributes, tags and messages; in-flight ones stay hidden until their visibility timeout ends', async () => {
    // Prepare: three messages, two received (in flight for 30 s), one delayed by 60 s.
    const first = open();
    const { QueueUrl: url } = (await first.call('CreateQueue', { QueueName: 'work', Attributes: { VisibilityTimeout: '30' }, tags: { team: 'orders' } })) as { QueueUrl: string };
    await first.call('SetQueueAttributes', { QueueUrl: url, Attributes: { MessageRetentionPeriod: '3600' } });
    for (const body of ['a', 'b']) await first.call('SendMessage', { QueueUrl: url, MessageBody: body });
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'later', DelaySeconds: 60 });
    const inFlight = await receive(first, url);
    await clock.advance(10_000);

    // Act: a new service on the same directory.
    first.close();
    const second = open();

    // Assess
    expect(second.queueNames()).toEqual(['work']);
    expect(await second.call('ListQueueTags', { QueueUrl: url })).toEqual({ Tags: { team: 'orders' } });
    const { Attributes } = (await second.call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['VisibilityTimeout', 'MessageRetentionPeriod'] })) as { Attributes: Record<string, string> };
    expect(Attributes).toEqual({ VisibilityTimeout: '30', MessageRetentionPeriod: '3600' });
    expect(inFlight.map((message) => message.Body)).toEqual(['a', 'b']);
    expect(await counts(second, url)).toEqual(['0', '2', '1']);
    expect(await receive(second, url)).toEqual([]);
    await clock.advance(20_000); // the 30 s visibility timeout ends
    const again = await receive(second, url);
    expect(again.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount])).toEqual([['a', '2'], ['b', '2']]);
    expect(again.map((message) => message.MessageId)).toEqual(inFlight.map((message) => message.MessageId));
    await clock.advance(30_000); // the delay of 60 s ends
    expect((await receive(second, url, { VisibilityTimeout: 0 })).map((message) => message.Body)).toContain('later');
  });

  it('keeps a receipt handle valid across the restart, and a deleted message stays deleted', async () => {
    // Prepare
    const first = open();
    const { QueueUrl: url } = (await first.call('CreateQueue', { QueueName: 'jobs' })) as { QueueUrl: string };
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'keep' });
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'done' });
    const [keep, done] = await receive(first, url);
    await first.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: done!.ReceiptHandle });
    first.close();

    // Act
    const second = open();
    await second.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: keep!.ReceiptHandle });
    await clock.advance(60_000);

    // Assess: both gone, for this runtime and the next.
    expect(await receive(second, url)).toEqual([]);
    second.close();
    expect(await counts(open(), url)).toEqual(['0', '0', '0']);
  });

  it('remembers FIFO deduplication ids and carries the sequence numbers on', async () => {
    // Prepare
    const first = open();
    const { QueueUrl: url } = (await first.call('CreateQueue', { QueueName: 'orders.fifo', Attributes: { FifoQueue: 'true' } })) as { QueueUrl: string };
    const sent = await first.call('SendMessage', { QueueUrl: url, MessageBody: 'one', MessageGroupId: 'g', MessageDeduplicationId: 'd1' });
    first.close();

    // Act
    const second = open();
    const duplicate = await second.call('SendMessage', { QueueUrl: url, MessageBody: 'one', MessageGroupId: 'g', MessageDeduplicationId: 'd1' });
    const next = await second.call('SendMessage', { QueueUrl: url, MessageBody: 'two', MessageGroupId: 'g', MessageDeduplicationId: 'd2' });

    // Assess
    expect(duplicate.MessageId).toBe(sent.MessageId);
    expect(duplicate.SequenceNumber).toBe(sent.SequenceNumber);
    expect(BigInt(next.SequenceNumber as string)).toBe(BigInt(sent.SequenceNumber as string) + 1n);
    expect((await receive(second, url)).map((message) => message.Body)).toEqual(['one', 'two']);
  });

  it('forgets a deleted queue and a purge', async () => {
    // Prepare
    const first = open();
    const { QueueUrl: gone } = (await first.call('CreateQueue', { QueueName: 'gone' })) as { QueueUrl: string };
    const { QueueUrl: purged } = (await first.call('CreateQueue', { QueueName: 'purged' })) as { QueueUrl: string };
    await first.call('SendMessage', { QueueUrl: purged, MessageBody: 'x' });
    await first.call('PurgeQueue', { QueueUrl: purged });
    await first.call('DeleteQueue', { QueueUrl: gone });
    first.close();

    // Act
    const second = open();

    // Assess
    expect(second.queueNames()).toEqual(['purged']);
    expect(await counts(second, purged)).toEqual(['0', '0', '0']);
  });

  it('drops a change torn by a crash with a warning; the calls answered before it are all kept', async () => {
    // Prepare
    const first = open();
    const { QueueUrl: url } = (await first.call('CreateQueue', { QueueName: 'torn' })) as { QueueUrl: string };
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'whole' });
    first.close();
    const file = path.join(dir, 'queues.jsonl');
    appendFileSync(file, '{"message":{"messageId":"half');

    // Act
    const second = open();

    // Assess
    expect(log.join('\n')).toMatch(/queues\.jsonl ended in a line torn by a crash; it was dropped \(2 whole lines loaded\)/);
    expect((await receive(second, url)).map((message) => message.Body)).toEqual(['whole']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('compacts a long log to what it describes, losing nothing', async () => {
    // Prepare: 4,000 messages sent, received and deleted (12,000 changes; compaction starts at 10,000), two left.
    const first = open();
    const { QueueUrl: url } = (await first.call('CreateQueue', { QueueName: 'busy' })) as { QueueUrl: string };
    for (let round = 0; round < 400; round++) {
      const entries = Array.from({ length: 10 }, (_, index) => ({ Id: `m${index}`, MessageBody: `${round}-${index}` }));
      await first.call('SendMessageBatch', { QueueUrl: url, Entries: entries });
      const received = await receive(first, url);
      await first.call('DeleteMessageBatch', { QueueUrl: url, Entries: received.map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle })) });
    }
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'left 1' });
    await first.call('SendMessage', { QueueUrl: url, MessageBody: 'left 2' });
    first.close();

    // Act
    const second = open();

    // Assess
    const lines = readFileSync(path.join(dir, 'queues.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeLessThan(4_000);
    expect((await receive(second, url)).map((message) => message.Body)).toEqual(['left 1', 'left 2']);
  });
});
