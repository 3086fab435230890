/**
 * One Publish request (or one PublishBatch entry), checked as SNS checks it and turned into the message every
 * subscription receives: the text per protocol (MessageStructure `json` gives each protocol its own, `default` for
 * the rest), the subject, the message attributes and, on FIFO topics, the group, the deduplication id and a sequence
 * number. https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { invalidParameter, invalidParameterValue } from './errors';
import type { DeliveryProtocol } from './protocols';
import type { Topic } from './topics';

/** A message attribute as Publish takes it; BinaryValue is base64 text on the wire. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export interface Publication {
  readonly messageId: string;
  readonly topic: Topic;
  /** The text as given (with MessageStructure `json`, the JSON document). */
  readonly message: string;
  /** Per protocol when MessageStructure is `json`. */
  readonly perProtocol?: Readonly<Record<string, string>>;
  readonly messageStructure?: string;
  readonly subject?: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly sequenceNumber?: string;
  /** When SNS accepted it, epoch ms. */
  readonly timestamp: number;
}

/** 256 KiB, the whole payload. https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_SUBJECT_LENGTH = 100;
const MAX_ATTRIBUTES = 10;
const ATTRIBUTE_NAME = /^(?!aws\.|amazon\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$|^String\.Array$/;
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/** The text a subscription of this protocol receives. */
export function messageFor(publication: Publication, protocol: DeliveryProtocol): string {
  return publication.perProtocol?.[protocol] ?? publication.perProtocol?.default ?? publication.message;
}

/** Checks one request against its topic; the topic's next sequence number is taken only when it passes. */
export function toPublication(input: Readonly<Record<string, unknown>>, topic: Topic, now: number): Publication {
  const message = input.Message;
  if (typeof message !== 'string' || message === '') throw invalidParameter('Empty message');
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  const perProtocol = structured(input.MessageStructure, message);
  const subject = checkSubject(input.Subject);
  const messageAttributes = checkAttributes(input.MessageAttributes);
  const { messageGroupId, messageDeduplicationId } = fifoIds(input, topic, message);
  const sequenceNumber = topic.fifo ? String(topic.nextSequenceNumber++) : undefined;
  return {
    messageId: randomUUID(),
    topic,
    message,
    ...(perProtocol ? { perProtocol, messageStructure: 'json' } : {}),
    ...(subject !== undefined ? { subject } : {}),
    messageAttributes,
    ...(messageGroupId !== undefined ? { messageGroupId } : {}),
    ...(messageDeduplicationId !== undefined ? { messageDeduplicationId } : {}),
    ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
    timestamp: now,
  };
}

/** MessageStructure `json`: a JSON object of protocol → text that has at least a `default` text. */
function structured(structure: unknown, message: string): Record<string, string> | undefined {
  if (structure === undefined || structure === '') return undefined;
  if (structure !== 'json') throw invalidParameter('MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - No JSON message body is parseable');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidParameter('Message Structure - No JSON message body is parseable');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (!entries.some(([key, value]) => key === 'default' && typeof value === 'string')) throw invalidParameter('Message Structure - No default entry in JSON message body');
  if (entries.some(([, value]) => typeof value !== 'string')) throw invalidParameter('Message Structure - JSON message body failed to parse');
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Up to 100 printable ASCII characters, no line breaks; it becomes the email subject. */
function checkSubject(subject: unknown): string | undefined {
  if (subject === undefined) return undefined;
  if (typeof subject !== 'string' || subject === '' || subject.length > MAX_SUBJECT_LENGTH || !/^[\x20-\x7e]+$/.test(subject)) throw invalidParameter('Subject');
  return subject;
}

function checkAttributes(value: unknown): Record<string, MessageAttributeValue> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('MessageAttributes');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) throw invalidParameter(`MessageAttributes Reason: Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  // Built as entries: an attribute may be called `__proto__`, which an assignment would not keep as data.
  const checked: [string, MessageAttributeValue][] = [];
  for (const [name, attribute] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) throw invalidParameter(`MessageAttributes Reason: The message attribute name '${name}' is invalid.`);
    const { DataType, StringValue, BinaryValue } = (attribute ?? {}) as Record<string, unknown>;
    if (typeof DataType !== 'string' || DataType === '') throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!DATA_TYPE.test(DataType)) throw invalidParameter(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    if (DataType.startsWith('Binary')) {
      if (typeof BinaryValue !== 'string' || BinaryValue === '') throw invalidParameterValue(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      checked.push([name, { DataType, BinaryValue }]);
      continue;
    }
    if (typeof StringValue !== 'string' || StringValue === '') throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${DataType}'.`);
    if (DataType.startsWith('Number') && !Number.isFinite(Number(StringValue))) {
      throw invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
    }
    if (DataType === 'String.Array' && !isJsonArray(StringValue)) {
      throw invalidParameter(`The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.`);
    }
    checked.push([name, { DataType, StringValue }]);
  }
  return Object.fromEntries(checked);
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * A FIFO topic needs a MessageGroupId, and a MessageDeduplicationId unless ContentBasedDeduplication computes one
 * (SHA-256 of the message). A standard topic passes a MessageGroupId on (SQS fair queues use it) and refuses a
 * deduplication id.
 */
function fifoIds(input: Readonly<Record<string, unknown>>, topic: Topic, message: string): { messageGroupId?: string; messageDeduplicationId?: string } {
  const group = input.MessageGroupId;
  const deduplication = input.MessageDeduplicationId;
  if (group !== undefined && (typeof group !== 'string' || !FIFO_ID.test(group))) throw invalidParameter('MessageGroupId');
  if (deduplication !== undefined && (typeof deduplication !== 'string' || !FIFO_ID.test(deduplication))) throw invalidParameter('MessageDeduplicationId');
  if (!topic.fifo) {
    if (deduplication !== undefined) throw invalidParameter('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    return group === undefined ? {} : { messageGroupId: group };
  }
  if (group === undefined) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  if (deduplication !== undefined) return { messageGroupId: group, messageDeduplicationId: deduplication };
  if (topic.attributes.get('ContentBasedDeduplication') !== 'true') {
    throw invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
  }
  return { messageGroupId: group, messageDeduplicationId: createHash('sha256').update(message).digest('hex') };
}
