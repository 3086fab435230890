/**
 * The SQS API over in-memory queues, in the JSON protocol's shapes (what `@aws-sdk/client-sqs` sends); the query
 * protocol is translated into these shapes before it gets here. Time comes from an injected clock, so visibility
 * timeouts, delays, retention and long polls run as fast as a test wants.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import { systemClock } from '../platform/clock';
import type { Clock } from '../platform/clock';
import {
  batchEntryIdsNotDistinct,
  emptyBatchRequest,
  invalidAction,
  invalidAttributeName,
  invalidBatchEntryId,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
  tooManyEntriesInBatchRequest,
} from './errors';
import { md5OfBody, md5OfMessageAttributes } from './md5';
import { integerParameter, messageSize, validateBody, validateMessageAttributes } from './message-input';
import { Queue, type StoredMessage } from './queue';
import { attributeText, COMPUTED_ATTRIBUTES, CREATE_ONLY, parseRedrivePolicy, validateAttributes } from './queue-attributes';

export interface SqsServiceOptions {
  readonly region: string;
  readonly accountId: string;
  /** The clock of timestamps, delays, visibility timeouts and long polls; the wall clock by default. */
  readonly clock?: Clock;
  /** The base of queue URLs (the edge URL); settable later, once the edge listens. */
  readonly endpoint?: string;
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_BATCH_ENTRIES = 10;
/** System attributes ReceiveMessage can return. */
const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'DeadLetterQueueSourceArn',
] as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export class SqsService {
  private readonly queues = new Map<string, Queue>();
  private readonly clock: Clock;
  private readonly closing = new AbortController();
  private endpoint: string;

  constructor(private readonly options: SqsServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.endpoint = (options.endpoint ?? `https://sqs.${options.region}.amazonaws.com`).replace(/\/$/, '');
  }

  /** The base of queue URLs from now on: `<endpoint>/<account>/<name>`, LocalStack's path style. */
  setEndpoint(endpoint: string): void {
    this.endpoint = endpoint.replace(/\/$/, '');
  }

  queueUrl(name: string): string {
    return `${this.endpoint}/${this.options.accountId}/${name}`;
  }

  queueArn(name: string): string {
    return `arn:aws:sqs:${this.options.region}:${this.options.accountId}:${name}`;
  }

  /** The URL of the queue an ARN names, if it exists (event source mappings and redrive policies name queues by ARN). */
  queueUrlForArn(arn: string): string | undefined {
    const queue = this.queueByArn(arn);
    return queue ? this.queueUrl(queue.identity.name) : undefined;
  }

  /** Names of the queues, for the banner and tests. */
  queueNames(): string[] {
    return [...this.queues.keys()];
  }

  /**
   * One API call in the JSON protocol's shapes. `signal` ends a long poll early (the client went away). Failures are
   * AwsErrors named as the API names them.
   */
  async call(action: string, input: Input, signal?: AbortSignal): Promise<Output> {
    switch (action) {
      case 'CreateQueue':
        return this.createQueue(input);
      case 'GetQueueUrl':
        return this.getQueueUrl(input);
      case 'ListQueues':
        return this.listQueues(input);
      case 'DeleteQueue':
        return this.deleteQueue(input);
      case 'GetQueueAttributes':
        return this.getQueueAttributes(input);
      case 'SetQueueAttributes':
        return this.setQueueAttributes(input);
      case 'PurgeQueue':
        this.queueOf(input).purge();
        return {};
      case 'SendMessage':
        return this.sendMessage(this.queueOf(input), input);
      case 'SendMessageBatch':
        return this.sendMessageBatch(input);
      case 'ReceiveMessage':
        return this.receiveMessage(input, signal);
      case 'DeleteMessage':
        return this.deleteMessage(this.queueOf(input), input);
      case 'DeleteMessageBatch':
        return this.batch(input, (queue, entry) => (this.deleteMessage(queue, entry), {}));
      case 'ChangeMessageVisibility':
        return this.changeMessageVisibility(this.queueOf(input), input);
      case 'ChangeMessageVisibilityBatch':
        return this.batch(input, (queue, entry) => (this.changeMessageVisibility(queue, entry), {}));
      case 'ListQueueTags': {
        const { tags } = this.queueOf(input);
        return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {};
      }
      case 'TagQueue': {
        const queue = this.queueOf(input);
        for (const [key, value] of Object.entries(record(input.Tags))) queue.tags[key] = String(value);
        return {};
      }
      case 'UntagQueue': {
        const queue = this.queueOf(input);
        for (const key of list(input.TagKeys)) delete queue.tags[key];
        return {};
      }
      default:
        throw invalidAction(action);
    }
  }

  /** Ends every long poll; the queues stay readable. */
  close(): void {
    this.closing.abort();
  }

  private now(): number {
    return this.clock.now();
  }

  private queueByArn(arn: string): Queue | undefined {
    const name = arn.split(':').at(-1) ?? '';
    const queue = this.queues.get(name);
    return queue?.identity.arn === arn ? queue : undefined;
  }

  /** The queue a request's QueueUrl names: by its last path segment, whatever host the URL carries. */
  private queueOf(input: Input): Queue {
    const url = text(input.QueueUrl);
    if (!url) throw missingParameter('QueueUrl');
    const name = url.split('?')[0].split('/').filter(Boolean).at(-1) ?? '';
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  private createQueue(input: Input): Output {
    const name = text(input.QueueName);
    if (!name) throw missingParameter('QueueName');
    const attributes = Object.fromEntries(Object.entries(record(input.Attributes)).map(([key, value]) => [key, attributeText(value)]));
    const fifo = attributes.FifoQueue === 'true';
    const baseName = name.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
    if (!QUEUE_NAME.test(baseName) || name.length > 80) {
      throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    if (fifo !== name.endsWith('.fifo')) {
      throw invalidParameterValue('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    }
    validateAttributes(attributes, fifo);
    this.checkRedriveTarget(attributes.RedrivePolicy);
    const existing = this.queues.get(name);
    if (existing) {
      // CreateQueue is idempotent for the same attributes; a different value is an error naming it.
      for (const [key, value] of Object.entries(attributes)) {
        if ((existing.attributes[key] ?? '') !== value) throw queueNameExists(name, key);
      }
      return { QueueUrl: this.queueUrl(name) };
    }
    // The JSON protocol's member is `tags` (lowercase); the query translation gives the same.
    const tags = Object.fromEntries(Object.entries(record(input.tags ?? input.Tags)).map(([key, value]) => [key, String(value)]));
    this.queues.set(name, new Queue({ name, arn: this.queueArn(name), url: this.queueUrl(name) }, attributes, tags, this.now()));
    return { QueueUrl: this.queueUrl(name) };
  }

  /** A redrive policy must name a queue that exists. */
  private checkRedriveTarget(redrivePolicy: string | undefined): void {
    if (!redrivePolicy) return;
    const policy = parseRedrivePolicy(redrivePolicy);
    if (!this.queueByArn(policy.deadLetterTargetArn)) {
      throw invalidParameterValue(`Value ${redrivePolicy} for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist.`);
    }
  }

  private getQueueUrl(input: Input): Output {
    const name = text(input.QueueName);
    if (!name) throw missingParameter('QueueName');
    if (!this.queues.has(name)) throw queueDoesNotExist();
    return { QueueUrl: this.queueUrl(name) };
  }

  private listQueues(input: Input): Output {
    const prefix = text(input.QueueNamePrefix) ?? '';
    const maxResults = integerParameter('MaxResults', input.MaxResults, 1, 1000);
    const names = [...this.queues.keys()].filter((name) => name.startsWith(prefix)).sort();
    const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8')) || 0 : 0;
    const page = names.slice(start, maxResults === undefined ? undefined : start + maxResults);
    const output: Output = {};
    if (page.length > 0) output.QueueUrls = page.map((name) => this.queueUrl(name));
    if (maxResults !== undefined && start + maxResults < names.length) output.NextToken = Buffer.from(String(start + maxResults)).toString('base64');
    return output;
  }

  private deleteQueue(input: Input): Output {
    const queue = this.queueOf(input);
    this.queues.delete(queue.identity.name);
    queue.changed();
    return {};
  }

  private getQueueAttributes(input: Input): Output {
    const queue = this.queueOf(input);
    const requested = list(input.AttributeNames);
    const all = this.describeAttributes(queue);
    if (requested.includes('All')) return { Attributes: all };
    const attributes: Record<string, string> = {};
    for (const name of requested) {
      if (name in all) attributes[name] = all[name];
      else if (!isKnownAttribute(name)) throw invalidAttributeName(name);
    }
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }

  private describeAttributes(queue: Queue): Record<string, string> {
    const counts = queue.counts(this.now());
    const computed: Record<(typeof COMPUTED_ATTRIBUTES)[number], string> = {
      QueueArn: queue.identity.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedTimestamp / 1000)),
    };
    return { ...computed, ...queue.attributes };
  }

  private setQueueAttributes(input: Input): Output {
    const queue = this.queueOf(input);
    const attributes = Object.fromEntries(Object.entries(record(input.Attributes)).map(([key, value]) => [key, attributeText(value)]));
    for (const name of Object.keys(attributes)) {
      if (CREATE_ONLY.has(name)) throw invalidAttributeName(name);
    }
    validateAttributes(attributes, queue.fifo);
    this.checkRedriveTarget(attributes.RedrivePolicy);
    for (const [name, value] of Object.entries(attributes)) {
      // An empty RedrivePolicy removes it.
      if (name === 'RedrivePolicy' && value === '') delete queue.attributes.RedrivePolicy;
      else queue.attributes[name] = value;
    }
    queue.lastModifiedTimestamp = this.now();
    // A shorter delay or a changed policy may make messages receivable.
    queue.changed();
    return {};
  }

  private sendMessage(queue: Queue, input: Input): Output {
    const body = validateBody(input.MessageBody);
    const messageAttributes = validateMessageAttributes(input.MessageAttributes);
    const delaySeconds = integerParameter('DelaySeconds', input.DelaySeconds, 0, 900);
    const maximum = queue.numberAttribute('MaximumMessageSize');
    if (messageSize(body, messageAttributes) > maximum) {
      throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
    }
    const now = this.now();
    const fifo = this.fifoFields(queue, input, body, now);
    if (fifo?.duplicate) return this.sendResult(fifo.duplicate.messageId, body, messageAttributes, fifo.duplicate.sequenceNumber);
    if (queue.fifo && delaySeconds !== undefined && delaySeconds > 0) {
      throw invalidParameterValue(`Value ${delaySeconds} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`);
    }
    const messageId = randomUUID();
    const message: StoredMessage = {
      messageId,
      body,
      md5OfBody: md5OfBody(body),
      messageAttributes,
      md5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
      sentTimestamp: now,
      senderId: this.options.accountId,
      availableAt: now + (delaySeconds ?? queue.numberAttribute('DelaySeconds')) * 1000,
      receiveCount: 0,
      ...(fifo ? { messageGroupId: fifo.groupId, messageDeduplicationId: fifo.deduplicationId, sequenceNumber: fifo.sequenceNumber } : {}),
    };
    if (fifo) queue.rememberDeduplication(fifo.deduplicationId, messageId, fifo.sequenceNumber, now);
    queue.add(message);
    return this.sendResult(messageId, body, messageAttributes, fifo?.sequenceNumber);
  }

  private sendResult(messageId: string, body: string, attributes: StoredMessage['messageAttributes'], sequenceNumber?: string): Output {
    const attributesMd5 = md5OfMessageAttributes(attributes);
    return {
      MD5OfMessageBody: md5OfBody(body),
      ...(attributesMd5 ? { MD5OfMessageAttributes: attributesMd5 } : {}),
      MessageId: messageId,
      ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
    };
  }

  /**
   * FIFO basics: a message group is required, and a deduplication id (given, or the body's SHA-256 with
   * ContentBasedDeduplication); a duplicate within five minutes is accepted and not stored again.
   */
  private fifoFields(queue: Queue, input: Input, body: string, now: number) {
    const groupId = text(input.MessageGroupId);
    if (!queue.fifo) {
      if (input.MessageDeduplicationId !== undefined) {
        throw invalidParameterValue('The request include parameter that is not valid for this queue type. Reason: MessageDeduplicationId is only for FIFO queues.');
      }
      return undefined;
    }
    if (!groupId) throw missingParameter('MessageGroupId');
    let deduplicationId = text(input.MessageDeduplicationId);
    if (!deduplicationId) {
      if (queue.attributes.ContentBasedDeduplication !== 'true') {
        throw invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
      }
      deduplicationId = createHash('sha256').update(body).digest('hex');
    }
    const duplicate = queue.duplicateOf(deduplicationId, now);
    return { groupId, deduplicationId, duplicate, sequenceNumber: duplicate?.sequenceNumber ?? queue.nextSequenceNumber() };
  }

  private sendMessageBatch(input: Input): Output {
    return this.batch(input, (queue, entry) => this.sendMessage(queue, entry));
  }

  /**
   * The batch actions: the request is refused as a whole when it is empty, too long or has repeated or malformed
   * ids; otherwise each entry succeeds or fails on its own, reported in Successful and Failed.
   */
  private batch(input: Input, each: (queue: Queue, entry: Input) => Output): Output {
    const queue = this.queueOf(input);
    const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
    if (entries.length === 0) throw emptyBatchRequest('entry');
    if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
    const seen = new Set<string>();
    for (const entry of entries) {
      const id = text(entry.Id) ?? '';
      if (!BATCH_ENTRY_ID.test(id)) throw invalidBatchEntryId();
      if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
      seen.add(id);
    }
    const successful: Output[] = [];
    const failed: Output[] = [];
    for (const entry of entries) {
      try {
        successful.push({ Id: entry.Id, ...each(queue, { ...entry, QueueUrl: input.QueueUrl }) });
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        failed.push({ Id: entry.Id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message });
      }
    }
    return { Successful: successful, Failed: failed };
  }

  private async receiveMessage(input: Input, signal?: AbortSignal): Promise<Output> {
    const queue = this.queueOf(input);
    const maxMessages = integerParameter('MaxNumberOfMessages', input.MaxNumberOfMessages, 1, 10) ?? 1;
    const visibilityTimeout = integerParameter('VisibilityTimeout', input.VisibilityTimeout, 0, 43_200) ?? queue.numberAttribute('VisibilityTimeout');
    const waitSeconds = integerParameter('WaitTimeSeconds', input.WaitTimeSeconds, 0, 20) ?? queue.numberAttribute('ReceiveMessageWaitTimeSeconds');
    const systemNames = [...list(input.AttributeNames), ...list(input.MessageSystemAttributeNames)];
    const attributeNames = list(input.MessageAttributeNames);
    const stop = anySignal([this.closing.signal, signal]);
    const deadline = this.now() + waitSeconds * 1000;
    for (;;) {
      const now = this.now();
      const received = queue.receive({
        now,
        maxMessages,
        visibilityTimeoutSeconds: visibilityTimeout,
        moveToDeadLetterQueue: (message) => this.moveToDeadLetterQueue(queue, message, now),
      });
      if (received.length > 0) return { Messages: received.map((message) => this.describeMessage(message, systemNames, attributeNames)) };
      if (now >= deadline || stop.aborted || this.queues.get(queue.identity.name) !== queue) return {};
      const next = queue.nextAvailableAt(now);
      await this.waitForChange(queue, Math.min(deadline, next ?? deadline) - now, stop);
    }
  }

  /** Sleeps on the clock until `ms` have passed, the queue changes or the signal aborts, whichever comes first. */
  private async waitForChange(queue: Queue, ms: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController();
    const onAbort = () => wake.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([this.clock.sleep(ms, wake.signal).catch(() => undefined), queue.nextChange(wake.signal)]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      wake.abort();
    }
  }

  /**
   * The redrive policy: a message already received maxReceiveCount times goes to the dead-letter queue instead of
   * being received again, keeping its id, body, attributes and original send time.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
   */
  private moveToDeadLetterQueue(queue: Queue, message: StoredMessage, now: number): boolean {
    const policy = queue.redrivePolicy;
    if (!policy || message.receiveCount < policy.maxReceiveCount) return false;
    const target = this.queueByArn(policy.deadLetterTargetArn);
    if (!target) return false;
    queue.remove(message.messageId);
    message.availableAt = now;
    message.receiptHandle = undefined;
    message.deadLetterQueueSourceArn = queue.identity.arn;
    target.add(message);
    return true;
  }

  private describeMessage(message: StoredMessage, systemNames: readonly string[], attributeNames: readonly string[]): Output {
    const all: Record<string, string | undefined> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentTimestamp),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: message.firstReceiveTimestamp === undefined ? undefined : String(message.firstReceiveTimestamp),
      SequenceNumber: message.sequenceNumber,
      MessageDeduplicationId: message.messageDeduplicationId,
      MessageGroupId: message.messageGroupId,
      DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
    };
    const wanted = systemNames.includes('All') ? SYSTEM_ATTRIBUTES : SYSTEM_ATTRIBUTES.filter((name) => systemNames.includes(name));
    const attributes = Object.fromEntries(wanted.flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]]])));
    const messageAttributes = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => attributeWanted(name, attributeNames)));
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
      ...(Object.keys(messageAttributes).length > 0 ? { MessageAttributes: messageAttributes } : {}),
    };
  }

  private deleteMessage(queue: Queue, input: Input): Output {
    const handle = text(input.ReceiptHandle);
    if (!handle) throw missingParameter('ReceiptHandle');
    if (queue.deleteByHandle(handle) === undefined) throw receiptHandleIsInvalid(handle);
    return {};
  }

  private changeMessageVisibility(queue: Queue, input: Input): Output {
    const handle = text(input.ReceiptHandle);
    if (!handle) throw missingParameter('ReceiptHandle');
    if (input.VisibilityTimeout === undefined) throw missingParameter('VisibilityTimeout');
    const seconds = integerParameter('VisibilityTimeout', input.VisibilityTimeout, 0, 43_200) ?? 0;
    const changed = queue.changeVisibility(handle, seconds, this.now());
    if (changed === undefined) throw receiptHandleIsInvalid(handle);
    if (!changed) throw messageNotInflight(handle);
    return {};
  }
}

function isKnownAttribute(name: string): boolean {
  try {
    validateAttributes({ [name]: '' }, true);
    return true;
  } catch (error) {
    return (error as AwsError).code !== 'InvalidAttributeName';
  }
}

/** `All`, `.*`, an exact name or a `prefix.*` pattern select message attributes. */
function attributeWanted(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));
}

function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal !== undefined));
}

export function createSqsService(options: SqsServiceOptions): SqsService {
  return new SqsService(options);
}
