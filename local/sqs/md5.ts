/**
 * The MD5 digests SQS returns so clients can check what was stored: of the body (SDK v3 verifies it on every
 * SendMessage and ReceiveMessage) and of the message attributes, computed over AWS's documented binary encoding.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
import { createHash } from 'node:crypto';

/** A message attribute as the JSON protocol carries it: binary values are base64 text. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/** A 4-byte big-endian length, then the bytes. */
function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * For each attribute in name order: its name, its data type, a transport byte (1 for String and Number, whose
 * value is UTF-8 text; 2 for Binary), then its value, each variable-length part prefixed with its length.
 * Undefined when there are no attributes (SQS then omits `MD5OfMessageAttributes`).
 */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, MessageAttributeValue>> | undefined): string | undefined {
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (entries.length === 0) return undefined;
  const hash = createHash('md5');
  for (const [name, attribute] of entries) {
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    if (attribute.BinaryValue !== undefined && attribute.DataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}
