/**
 * SQS messages: sending (one or a batch, FIFO deduplication), receiving with visibility timeouts and long polls on the
 * runtime's clock, the redrive policy's dead-letter moves, deleting and changing visibility. The queues themselves are
 * queue-registry.ts's. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import type { Clock } from '../platform/clock';
import {
  batchEntryIdsNotDistinct,
  emptyBatchRequest,
  invalidBatchEntryId,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  receiptHandleIsInvalid,
  tooManyEntriesInBatchRequest,
} from './errors';
import { md5OfBody, md5OfMessageAttributes } from './md5';
import { integerParameter, messageSize, validateBody, validateMessageAttributes } from './message-input';
import type { Queue, StoredMessage } from './queue';
import type { QueueRegistry } from './queue-registry';
import { list, text, type Input, type Output } from './values';

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

export class Messages {
  private readonly closing = new AbortController();

  constructor(
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    /** The SenderId of messages sent here. */
    private readonly accountId: string,
  ) {}

  /** Ends every long poll. */
  close(): void {
    this.closing.abort();
  }

  private now(): number {
    return this.clock.now();
  }

  sendMessage(queue: Queue, input: Input): Output {
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
      senderId: this.accountId,
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
  sendMessageBatch(input: Input): Output {
    return this.batch(input, (queue, entry) => this.sendMessage(queue, entry));
  }
  /**
   * The batch actions: the request is refused as a whole when it is empty, too long or has repeated or malformed
   * ids; otherwise each entry succeeds or fails on its own, reported in Successful and Failed.
   */
  batch(input: Input, each: (queue: Queue, entry: Input) => Output): Output {
    const queue = this.queues.queueOf(input);
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
  async receiveMessage(input: Input, signal?: AbortSignal): Promise<Output> {
    const queue = this.queues.queueOf(input);
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
    const target = this.queues.queueByArn(policy.deadLetterTargetArn);
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
  deleteMessage(queue: Queue, input: Input): Output {
    const handle = text(input.ReceiptHandle);
    if (!handle) throw missingParameter('ReceiptHandle');
    if (queue.deleteByHandle(handle) === undefined) throw receiptHandleIsInvalid(handle);
    return {};
  }
  changeMessageVisibility(queue: Queue, input: Input): Output {
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

/** `All`, `.*`, an exact name or a `prefix.*` pattern select message attributes. */
function attributeWanted(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern === 'All' || pattern === '.*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))));
}

function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal !== undefined));
}
