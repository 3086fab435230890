/**
 * SES v2 SendEmail, captured rather than delivered: the request is checked as SES checks it, then recorded as
 * LocalStack records sent mail. https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 *
 * Validation follows what AWS answers (BadRequestException), including its less helpful cases, so that code tested
 * here fails here where it would fail on AWS:
 * - Simple content without FromEmailAddress: BadRequestException whose message is null (AWS sends `{"message":null}`);
 * - Raw content with no sender in the request nor a `From` header: `Missing required header 'From'.`;
 * - an address that is not `local@domain`: `Invalid email address <value>.`;
 * - no recipient at all: `Missing required header 'To'.` (SES builds the message's To/Cc/Bcc from Destination).
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import { bareAddress, rawMessageHeaders } from './raw-message';
import { localStackTimestamp, type SentEmail, type SentEmailDestination } from './sent-emails';

/** SES v2's client error; some validation failures carry a null message. */
const badRequest = (message: string | null) => new AwsError('BadRequestException', message);

export interface SendEmailContext {
  /** The region the request was signed for. */
  readonly region: string;
  readonly now: () => number;
}

/** Validates one SendEmail request body and returns the message to record; `Id` is its MessageId. */
export function captureSendEmail(request: Record<string, unknown>, context: SendEmailContext): SentEmail {
  const content = objectMember(request, 'Content');
  if (!content) throw badRequest('Content is required.');
  const destination = destinationOf(request.Destination);
  const from = typeof request.FromEmailAddress === 'string' && request.FromEmailAddress !== '' ? request.FromEmailAddress : undefined;
  const base = { Id: messageId(context.now()), Region: context.region };
  const timestamp = localStackTimestamp(context.now());

  const simple = objectMember(content, 'Simple');
  if (simple) {
    if (!from) throw badRequest(null);
    assertAddresses([from, ...recipients(destination)]);
    if (recipients(destination).length === 0) throw badRequest("Missing required header 'To'.");
    const subject = objectMember(simple, 'Subject');
    const body = objectMember(simple, 'Body');
    if (!subject || typeof subject.Data !== 'string') throw badRequest('Subject is required.');
    if (!body) throw badRequest('Body is required.');
    return {
      ...base,
      Destination: destination,
      Source: from,
      Subject: subject.Data,
      Body: { text_part: textOf(body.Text), html_part: textOf(body.Html) },
      Timestamp: timestamp,
    };
  }

  const raw = objectMember(content, 'Raw');
  if (raw) {
    if (typeof raw.Data !== 'string') throw badRequest('Raw message data is required.');
    const rawData = Buffer.from(raw.Data, 'base64').toString('utf8');
    const headers = rawMessageHeaders(rawData);
    const source = from ?? headers.from;
    if (!source) throw badRequest("Missing required header 'From'.");
    const headerRecipients = [...headers.to, ...headers.cc, ...headers.bcc];
    assertAddresses([source, ...recipients(destination), ...headerRecipients]);
    if (recipients(destination).length === 0 && headerRecipients.length === 0) throw badRequest("Missing required header 'To'.");
    return { ...base, ...(destination ? { Destination: destination } : {}), Source: source, RawData: rawData, Timestamp: timestamp };
  }

  if (objectMember(content, 'Template')) {
    throw badRequest('Template content is not supported by the local runtime: send Simple or Raw content.');
  }
  throw badRequest('Content must contain one of Simple, Raw or Template.');
}

/**
 * A message id in SES's format: a 16-hex-digit time-based prefix, a UUID and a `-000000` suffix, e.g.
 * `0100018f2a3b4c5d-6e7f8a9b-0c1d-2e3f-4a5b-6c7d8e9f0a1b-000000`.
 */
export function messageId(epochMs: number): string {
  return `0100${epochMs.toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}

function objectMember(value: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const member = value[name];
  return member !== null && typeof member === 'object' && !Array.isArray(member) ? (member as Record<string, unknown>) : undefined;
}

/** The Destination with only the recipient lists the request gave (as LocalStack keeps it). */
function destinationOf(value: unknown): SentEmailDestination | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const source = value as Record<string, unknown>;
  const lists = (['ToAddresses', 'CcAddresses', 'BccAddresses'] as const)
    .filter((name) => Array.isArray(source[name]))
    .map((name) => [name, (source[name] as unknown[]).map(String)]);
  return Object.fromEntries(lists) as SentEmailDestination;
}

function recipients(destination: SentEmailDestination | undefined): string[] {
  return [...(destination?.ToAddresses ?? []), ...(destination?.CcAddresses ?? []), ...(destination?.BccAddresses ?? [])];
}

/** Each address (or `Name <address>`) must be `local@domain`; AWS rejects the whole message otherwise. */
function assertAddresses(addresses: readonly string[]): void {
  for (const address of addresses) {
    if (!/^[^@\s]+@[^@\s]+$/.test(bareAddress(address))) throw badRequest(`Invalid email address ${address}.`);
  }
}

function textOf(part: unknown): string | null {
  const data = (part as { Data?: unknown } | undefined)?.Data;
  return typeof data === 'string' ? data : null;
}
