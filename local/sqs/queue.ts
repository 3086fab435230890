/**
 * One queue's messages and their visibility, with time passed in (never read here), so the rules are exact under a
 * test clock. A message is available once its delay or its visibility timeout has passed; receiving it counts a
 * receive, hands out a new receipt handle and hides it for the visibility timeout; only the latest handle deletes
 * it or changes its visibility. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 */
import { randomUUID } from 'node:crypto';
import type { MessageAttributeValue } from './md5';
import { DEFAULT_ATTRIBUTES, parseRedrivePolicy, type RedrivePolicy } from './queue-attributes';

export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly md5OfMessageAttributes?: string;
  /** Epoch ms of the original send; a message moved to a dead-letter queue keeps it (and so its retention). */
  readonly sentTimestamp: number;
  readonly senderId: string;
  /** Epoch ms from which the message may be received: after its delay, or when its visibility timeout ends. */
  availableAt: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** The handle of the latest receive. */
  receiptHandle?: string;
  /** FIFO queues only. */
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly sequenceNumber?: string;
  /** Set when a redrive policy moved the message here. */
  deadLetterQueueSourceArn?: string;
}

/** What a receipt handle says: which queue and message it was handed out for. */
interface DecodedHandle {
  readonly queueName: string;
  readonly messageId: string;
}

/** What a FIFO queue remembers of a deduplication id. */
export interface DeduplicationEntry {
  readonly messageId: string;
  readonly sequenceNumber?: string;
  readonly at: number;
}

/**
 * Where durable mode hears of every change to a queue's messages (durable-queues.ts writes them down); in memory
 * nobody listens. A message is written whole on each change: it is small, and replay is then an upsert.
 */
export interface MessageJournal {
  messageStored(queue: string, message: StoredMessage): void;
  messageRemoved(queue: string, messageId: string): void;
  purged(queue: string): void;
  deduplicationRemembered(queue: string, deduplicationId: string, entry: DeduplicationEntry): void;
}

export const NO_JOURNAL: MessageJournal = {
  messageStored: () => undefined,
  messageRemoved: () => undefined,
  purged: () => undefined,
  deduplicationRemembered: () => undefined,
};

/** What durable mode keeps of a queue beyond its attributes and tags, and gives back at the next start. */
export interface QueueContents {
  readonly messages: readonly StoredMessage[];
  readonly deduplication: readonly (readonly [string, DeduplicationEntry])[];
  /** The last FIFO sequence number handed out, if any; the next one follows it. */
  readonly lastSequenceNumber?: string;
}

/** FIFO sequence numbers count up from here, so that they have 20 digits. */
const SEQUENCE_BASE = 18_000_000_000_000_000_000n;

/** Five minutes: how long a FIFO queue remembers a deduplication id. */
const DEDUPLICATION_WINDOW_MS = 5 * 60_000;

/** Receipt handles are opaque to clients; here they name the queue and message, plus a nonce per receive. */
export function decodeReceiptHandle(handle: string): DecodedHandle | undefined {
  const text = Buffer.from(handle, 'base64').toString('utf8');
  // `sqs-local`, the queue name, the message id, a nonce.
  const [tag, queueName, messageId, ...rest] = text.split('\n');
  if (tag !== 'sqs-local' || queueName === undefined || messageId === undefined || rest.length !== 1) return undefined;
  if (Buffer.from(text, 'utf8').toString('base64') !== handle) return undefined;
  return { queueName, messageId };
}

function newReceiptHandle(queueName: string, messageId: string): string {
  return Buffer.from(`sqs-local\n${queueName}\n${messageId}\n${randomUUID()}`, 'utf8').toString('base64');
}

export interface QueueIdentity {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
}

export interface ReceiveOptions {
  readonly now: number;
  readonly maxMessages: number;
  readonly visibilityTimeoutSeconds: number;
  /**
   * Called for a message about to be received for the (maxReceiveCount+1)-th time; true when it was moved to the
   * dead-letter queue (it is then skipped here).
   */
  readonly moveToDeadLetterQueue?: (message: StoredMessage) => boolean;
}

export class Queue {
  readonly createdTimestamp: number;
  lastModifiedTimestamp: number;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly listeners = new Set<() => void>();
  private readonly deduplication = new Map<string, DeduplicationEntry>();
  private sequence = 0n;
  /** Durable mode's listener (set by the registry); nobody in memory. */
  journal: MessageJournal = NO_JOURNAL;

  constructor(
    readonly identity: QueueIdentity,
    attributes: Readonly<Record<string, string>>,
    tags: Readonly<Record<string, string>>,
    now: number,
  ) {
    this.attributes = { ...DEFAULT_ATTRIBUTES, ...attributes };
    this.tags = { ...tags };
    this.createdTimestamp = now;
    this.lastModifiedTimestamp = now;
  }

  /** Everything durable mode keeps of the messages, in the order they were sent. */
  contents(): QueueContents {
    return {
      messages: [...this.messages.values()],
      deduplication: [...this.deduplication],
      ...(this.sequence > 0n ? { lastSequenceNumber: (SEQUENCE_BASE + this.sequence).toString() } : {}),
    };
  }

  /** Durable mode's start: the messages, deduplication ids and sequence a previous runtime left (no journal entry). */
  restore(contents: QueueContents): void {
    for (const message of contents.messages) this.messages.set(message.messageId, message);
    for (const [id, entry] of contents.deduplication) this.deduplication.set(id, entry);
    if (contents.lastSequenceNumber !== undefined) this.sequence = BigInt(contents.lastSequenceNumber) - SEQUENCE_BASE;
  }

  get fifo(): boolean {
    return this.attributes.FifoQueue === 'true';
  }

  numberAttribute(name: string): number {
    return Number(this.attributes[name] ?? DEFAULT_ATTRIBUTES[name] ?? 0);
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    const text = this.attributes.RedrivePolicy;
    return text ? parseRedrivePolicy(text) : undefined;
  }

  /** Stores a message and wakes long polls. */
  add(message: StoredMessage): void {
    this.messages.set(message.messageId, message);
    this.journal.messageStored(this.identity.name, message);
    this.changed();
  }

  /**
   * A FIFO queue's duplicate check: the message already accepted under this deduplication id within the last five
   * minutes, if any. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
   */
  duplicateOf(deduplicationId: string, now: number): { messageId: string; sequenceNumber?: string } | undefined {
    const seen = this.deduplication.get(deduplicationId);
    return seen && now - seen.at < DEDUPLICATION_WINDOW_MS ? seen : undefined;
  }

  rememberDeduplication(deduplicationId: string, messageId: string, sequenceNumber: string | undefined, now: number): void {
    const entry: DeduplicationEntry = { messageId, ...(sequenceNumber === undefined ? {} : { sequenceNumber }), at: now };
    this.deduplication.set(deduplicationId, entry);
    this.journal.deduplicationRemembered(this.identity.name, deduplicationId, entry);
  }

  /** FIFO sequence numbers: 20 digits, increasing per queue. */
  nextSequenceNumber(): string {
    this.sequence += 1n;
    return (SEQUENCE_BASE + this.sequence).toString();
  }

  /**
   * Receives up to `maxMessages` available messages, oldest first. In a FIFO queue a message group with a message in
   * flight is skipped as a whole, so a group is processed in order.
   */
  receive(options: ReceiveOptions): StoredMessage[] {
    const { now } = options;
    this.dropExpired(now);
    const blockedGroups = new Set<string>();
    if (this.fifo) {
      for (const message of this.messages.values()) {
        if (message.messageGroupId !== undefined && message.receiveCount > 0 && message.availableAt > now) blockedGroups.add(message.messageGroupId);
      }
    }
    const received: StoredMessage[] = [];
    for (const message of [...this.messages.values()]) {
      if (received.length >= options.maxMessages) break;
      const group = message.messageGroupId;
      if (group !== undefined && blockedGroups.has(group)) continue;
      if (message.availableAt > now) {
        if (group !== undefined) blockedGroups.add(group);
        continue;
      }
      if (options.moveToDeadLetterQueue?.(message)) continue;
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = newReceiptHandle(this.identity.name, message.messageId);
      message.availableAt = now + options.visibilityTimeoutSeconds * 1000;
      this.journal.messageStored(this.identity.name, message);
      received.push(message);
    }
    return received;
  }

  /** Takes a message out (to move it to a dead-letter queue). */
  remove(messageId: string): void {
    if (this.messages.delete(messageId)) this.journal.messageRemoved(this.identity.name, messageId);
  }

  /**
   * The message a receipt handle names, and whether the handle is its latest. Undefined when the handle was not made
   * for this queue (ReceiptHandleIsInvalid).
   */
  lookup(handle: string): { message?: StoredMessage; current: boolean } | undefined {
    const decoded = decodeReceiptHandle(handle);
    if (!decoded || decoded.queueName !== this.identity.name) return undefined;
    const message = this.messages.get(decoded.messageId);
    return { message, current: message?.receiptHandle === handle };
  }

  /**
   * Deletes by receipt handle. A handle superseded by a later receive, or of a message already deleted, deletes
   * nothing and is still a success, as the API reference describes.
   */
  deleteByHandle(handle: string): boolean | undefined {
    const found = this.lookup(handle);
    if (!found) return undefined;
    if (found.message && found.current) {
      this.remove(found.message.messageId);
      this.changed();
    }
    return true;
  }

  /** Sets a new visibility timeout from now; false when the message is not in flight under this handle. */
  changeVisibility(handle: string, seconds: number, now: number): boolean | undefined {
    const found = this.lookup(handle);
    if (!found) return undefined;
    const { message } = found;
    if (!message || !found.current || message.availableAt <= now) return false;
    message.availableAt = now + seconds * 1000;
    this.journal.messageStored(this.identity.name, message);
    this.changed();
    return true;
  }

  purge(): void {
    this.messages.clear();
    this.journal.purged(this.identity.name);
    this.changed();
  }

  /** The counts GetQueueAttributes reports (exact here, approximate on AWS). */
  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    this.dropExpired(now);
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages.values()) {
      if (message.availableAt <= now) visible += 1;
      else if (message.receiveCount > 0) inFlight += 1;
      else delayed += 1;
    }
    return { visible, inFlight, delayed };
  }

  /** The earliest time after `now` at which a hidden or delayed message becomes available, if any. */
  nextAvailableAt(now: number): number | undefined {
    let next: number | undefined;
    for (const message of this.messages.values()) {
      if (message.availableAt > now && (next === undefined || message.availableAt < next)) next = message.availableAt;
    }
    return next;
  }

  /** Resolves on the next change (a message added, deleted or made visible) or when the signal aborts. */
  nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const listener = () => {
        this.listeners.delete(listener);
        signal.removeEventListener('abort', listener);
        resolve();
      };
      this.listeners.add(listener);
      signal.addEventListener('abort', listener, { once: true });
    });
  }

  /** Wakes every long poll waiting on this queue (also when the queue is deleted). */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Messages older than the retention period are gone. */
  private dropExpired(now: number): void {
    const retentionMs = this.numberAttribute('MessageRetentionPeriod') * 1000;
    for (const message of this.messages.values()) {
      if (message.sentTimestamp + retentionMs <= now) this.messages.delete(message.messageId);
    }
  }
}
