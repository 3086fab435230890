/**
 * One captured message as the inbox shows it, whichever way it was sent: formatted mail (`Content.Simple`) carries
 * its subject and parts in LocalStack's record; raw mail (`Content.Raw`) carries a MIME message whose headers and
 * parts are read here. Recipients come from the request's Destination when it has one, as SES delivers to those,
 * else from the raw message's own headers (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_RawMessage.html).
 */
import { simpleParser, type AddressObject } from 'mailparser';
import type { SentEmail } from '../ses/sent-emails';

export interface MessageView {
  readonly id: string;
  readonly region: string;
  /** ISO 8601 in UTC with its `Z`, for `<time datetime>`. */
  readonly sentAtIso: string;
  /** `2026-11-24 14:21:05 UTC`: LocalStack's timestamp, readable. */
  readonly sentAtText: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  /** Undefined when the message has none. */
  readonly subject?: string;
  readonly text: string | null;
  readonly html: string | null;
  /** The MIME source of raw mail. */
  readonly raw?: string;
}

/**
 * The view of a captured message. Raw mail is read with mailparser (nested multipart, attachments skipped, base64 and
 * quoted-printable in the declared charset, RFC 2047 encoded words in headers), which replaced a hand-written parser.
 */
export async function toMessageView(message: SentEmail): Promise<MessageView> {
  const sent = { id: message.Id, region: message.Region, sentAtIso: `${message.Timestamp}Z`, sentAtText: `${message.Timestamp.replace('T', ' ')} UTC` };
  const destination = message.Destination;
  if (message.RawData === undefined) {
    return {
      ...sent,
      from: message.Source,
      to: destination?.ToAddresses ?? [],
      cc: destination?.CcAddresses ?? [],
      bcc: destination?.BccAddresses ?? [],
      subject: message.Subject,
      text: message.Body?.text_part ?? null,
      html: message.Body?.html_part ?? null,
    };
  }
  const parsed = await simpleParser(message.RawData, PARSE_OPTIONS);
  const hasDestination = destination !== undefined && Object.keys(destination).length > 0;
  return {
    ...sent,
    from: parsed.from ? addresses(parsed.from)[0] ?? message.Source : message.Source,
    to: hasDestination ? (destination.ToAddresses ?? []) : addresses(parsed.to),
    cc: hasDestination ? (destination.CcAddresses ?? []) : addresses(parsed.cc),
    bcc: hasDestination ? (destination.BccAddresses ?? []) : addresses(parsed.bcc),
    subject: parsed.subject,
    // mailparser gives '' for a message with no text part and false for one with no HTML part.
    text: parsed.text ? parsed.text : null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    raw: message.RawData,
  };
}

/** Only what the inbox shows: no text made from HTML or HTML made from text, no link detection. */
const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true } as const;

/** `Name <address>` (or the bare address) for each mailbox of an address header, names decoded. */
function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => object.value).map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.address ?? ''}>` : (mailbox.address ?? '')));
}
