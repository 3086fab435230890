import { AwsError } from '../../../local/platform/aws-error';
import { captureSendEmail, messageId } from '../../../local/ses/send-email';
import { bareAddress, rawMessageHeaders, splitAddressList } from '../../../local/ses/raw-message';
import { localStackTimestamp, SentEmails, type SentEmail } from '../../../local/ses/sent-emails';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const context = { region: 'eu-west-1', now: () => NOW };
const simple = (overrides: Record<string, unknown> = {}) => ({
  FromEmailAddress: 'shop@example.com',
  Destination: { ToAddresses: ['ann@example.com'] },
  Content: { Simple: { Subject: { Data: 'Order confirmed' }, Body: { Text: { Data: 'Thanks' }, Html: { Data: '<p>Thanks</p>' } } } },
  ...overrides,
});
const raw = (text: string, overrides: Record<string, unknown> = {}) => ({ Content: { Raw: { Data: Buffer.from(text).toString('base64') } }, ...overrides });

function failure(act: () => unknown): AwsError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return error as AwsError;
  }
  throw new Error('expected a failure');
}

describe('captureSendEmail (SES v2 SendEmail)', () => {
  it('records Simple content in LocalStack\'s shape', () => {
    // Act
    const message = captureSendEmail(simple({ Destination: { ToAddresses: ['ann@example.com'], CcAddresses: ['Bob <bob@example.com>'] } }), context);

    // Assess
    expect(message).toEqual({
      Id: expect.stringMatching(/^0100[0-9a-f]{12}-[0-9a-f-]{36}-000000$/),
      Region: 'eu-west-1',
      Destination: { ToAddresses: ['ann@example.com'], CcAddresses: ['Bob <bob@example.com>'] },
      Source: 'shop@example.com',
      Subject: 'Order confirmed',
      Body: { text_part: 'Thanks', html_part: '<p>Thanks</p>' },
      Timestamp: '2025-01-02T03:04:05',
    });
  });

  it.each([
    ['text only', { Text: { Data: 'plain' } }, { text_part: 'plain', html_part: null }],
    ['HTML only', { Html: { Data: '<b>x</b>' } }, { text_part: null, html_part: '<b>x</b>' }],
  ])('gives null for the part a Simple message lacks (%s)', (_label, body, expected) => {
    // Act
    const message = captureSendEmail(simple({ Content: { Simple: { Subject: { Data: 's' }, Body: body } } }), context);

    // Assess
    expect(message.Body).toEqual(expected);
  });

  it.each([
    [
      'the request\'s sender and recipients',
      raw('From: other@example.com\r\nTo: x@example.com\r\nSubject: Hi\r\n\r\nBody', { FromEmailAddress: 'shop@example.com', Destination: { BccAddresses: ['audit@example.com'] } }),
      { Source: 'shop@example.com', Destination: { BccAddresses: ['audit@example.com'] } },
    ],
    [
      'the From and To headers when the request has none',
      raw('From: "Shop, Inc" <shop@example.com>\r\nTo: ann@example.com,\r\n  bob@example.com\r\n\r\nBody'),
      { Source: '"Shop, Inc" <shop@example.com>' },
    ],
  ])('records Raw content with %s', (_label, request, expected) => {
    // Act
    const message = captureSendEmail(request, context);

    // Assess
    expect(message).toEqual({
      Id: expect.any(String),
      Region: 'eu-west-1',
      RawData: Buffer.from((request.Content.Raw as { Data: string }).Data, 'base64').toString('utf8'),
      Timestamp: '2025-01-02T03:04:05',
      ...expected,
    });
  });

  it.each([
    ['Simple content without FromEmailAddress', simple({ FromEmailAddress: undefined }), null],
    ['Simple content without recipients', simple({ Destination: undefined }), "Missing required header 'To'."],
    ['Simple content with empty recipient lists', simple({ Destination: { ToAddresses: [] } }), "Missing required header 'To'."],
    ['an empty recipient address', simple({ Destination: { ToAddresses: [''] } }), 'Invalid email address .'],
    ['a recipient without a domain', simple({ Destination: { ToAddresses: ['ann'] } }), 'Invalid email address ann.'],
    ['a sender without a domain', simple({ FromEmailAddress: 'Shop <shop>' }), 'Invalid email address Shop <shop>.'],
    ['Raw content without a sender anywhere', raw('To: ann@example.com\r\n\r\nBody'), "Missing required header 'From'."],
    ['Raw content without a recipient anywhere', raw('From: shop@example.com\r\n\r\nBody'), "Missing required header 'To'."],
    ['no Content', { FromEmailAddress: 'shop@example.com' }, 'Content is required.'],
    ['empty Content', simple({ Content: {} }), 'Content must contain one of Simple, Raw or Template.'],
  ])('answers BadRequestException for %s', (_label, request, message) => {
    // Act
    const error = failure(() => captureSendEmail(request, context));

    // Assess
    expect(error.code).toBe('BadRequestException');
    expect(error.wireMessage).toBe(message);
    expect(error.statusCode).toBe(400);
  });
});

describe('raw message headers', () => {
  it('reads unfolded top-level headers and splits address lists outside quotes and brackets', () => {
    // Act
    const headers = rawMessageHeaders('From: a@x.com\nTo: "Doe, Jane" <j@y.com>, b@x.com\nCc:\n c@x.com\nSubject: Hello\n\nTo: not-a-header@x.com');

    // Assess
    expect(headers).toEqual({ from: 'a@x.com', to: ['"Doe, Jane" <j@y.com>', 'b@x.com'], cc: ['c@x.com'], bcc: [], subject: 'Hello' });
  });

  it.each([
    ['Jane <jane@example.com>', 'jane@example.com'],
    ['jane@example.com', 'jane@example.com'],
  ])('takes the bare address of %s', (value, expected) => {
    // Act / Assess
    expect(bareAddress(value)).toBe(expected);
  });

  it('gives no entries for an absent list', () => {
    // Act / Assess
    expect(splitAddressList(undefined)).toEqual([]);
  });
});

describe('SentEmails', () => {
  const message = (Id: string, Source: string): SentEmail => ({ Id, Region: 'us-east-1', Source, Timestamp: localStackTimestamp(0) });

  it.each([
    ['no filter', {}, ['m1', 'm2', 'm3']],
    ['an id', { id: 'm2' }, ['m2']],
    ['an email', { email: 'a@x.com' }, ['m1', 'm3']],
    ['both', { id: 'm3', email: 'a@x.com' }, ['m3']],
    ['both, not matching together', { id: 'm2', email: 'a@x.com' }, []],
    ['empty filters', { id: '', email: '' }, ['m1', 'm2', 'm3']],
  ])('lists messages filtered by %s', (_label, filter, expected) => {
    // Prepare
    const sent = new SentEmails();
    [message('m1', 'a@x.com'), message('m2', 'b@x.com'), message('m3', 'a@x.com')].forEach((m) => sent.add(m));

    // Act
    const ids = sent.list(filter).map((m) => m.Id);

    // Assess
    expect(ids).toEqual(expected);
  });

  it('deletes one message by id, or all', () => {
    // Prepare
    const sent = new SentEmails();
    sent.add(message('m1', 'a@x.com'));
    sent.add(message('m2', 'a@x.com'));

    // Act
    sent.delete('m1');
    const afterOne = sent.list().map((m) => m.Id);
    sent.delete();

    // Assess
    expect(afterOne).toEqual(['m2']);
    expect(sent.list()).toEqual([]);
  });

  it('formats timestamps as LocalStack does and ids as SES does', () => {
    // Act / Assess
    expect(localStackTimestamp(NOW)).toBe('2025-01-02T03:04:05');
    expect(messageId(NOW)).toMatch(new RegExp(`^0100${NOW.toString(16).padStart(12, '0')}-`));
  });
});
