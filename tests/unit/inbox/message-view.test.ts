/**
 * How the inbox reads raw mail (SendEmail `Content.Raw`), through mailparser: the first text and HTML bodies of
 * nested multipart messages, attachments skipped, transfer encodings and charsets decoded, RFC 2047 encoded words
 * in headers decoded, recipients from the request's Destination when it has one.
 */
import { toMessageView } from '../../../local/inbox/message-view';
import type { SentEmail } from '../../../local/ses/sent-emails';

const alternative = [
  'From: shop@example.com',
  'To: a@example.com',
  'Subject: Hello',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative;',
  ' boundary="alt-1"',
  '',
  'This is a multi-part message in MIME format.',
  '--alt-1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 au lait, a very long line that is =',
  'softly broken',
  '--alt-1',
  'Content-Type: text/html; charset="utf-8"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<p>Caf\u00e9</p>').toString('base64'),
  '--alt-1--',
  '',
].join('\r\n');

const mixedWithAttachment = [
  'From: shop@example.com',
  'Content-Type: multipart/mixed; boundary=outer',
  '',
  '--outer',
  'Content-Type: text/plain; name="invoice.txt"',
  'Content-Disposition: attachment; filename="invoice.txt"',
  '',
  'not the body',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '=E9t=E9',
  '--inner',
  'Content-Type: text/html',
  '',
  '<p>summer</p>',
  '--inner--',
  '--outer--',
].join('\n');

const raw = (RawData: string, overrides: Partial<SentEmail> = {}): SentEmail => ({
  Id: 'm-1', Region: 'eu-west-1', Source: 'shop@example.com', Timestamp: '2026-11-24T14:21:05', RawData, ...overrides,
});

describe('toMessageView of raw mail', () => {
  it.each([
    ['multipart/alternative with quoted-printable and base64 parts', alternative, { text: 'Caf\u00e9 au lait, a very long line that is softly broken', html: '<p>Caf\u00e9</p>' }],
    ['nested multipart, skipping the attachment, in the declared charset', mixedWithAttachment, { text: '\u00e9t\u00e9', html: '<p>summer</p>' }],
    ['a single-part HTML message', 'From: a@example.com\nContent-Type: text/html\n\n<h1>Hi</h1>', { text: null, html: '<h1>Hi</h1>' }],
    ['a message without a Content-Type (text/plain by default)', 'From: a@example.com\nSubject: x\n\nHello\nthere', { text: 'Hello\nthere', html: null }],
    ['a multipart message without a boundary', 'Content-Type: multipart/mixed\n\n--x\n\nbody', { text: null, html: null }],
  ])('reads %s', async (_name, message, expected) => {
    // Act
    const view = await toMessageView(raw(message));

    // Assess
    expect({ text: view.text, html: view.html }).toEqual(expected);
  });

  it('decodes encoded words in the subject and addresses, and reads recipients from the headers without a Destination', async () => {
    // Prepare
    const message = 'From: =?ISO-8859-1?Q?=E9?= <shop@example.com>\nTo: =?utf-8?q?Caf=C3=A9?= <b@example.com>, c@example.com\nSubject: =?UTF-8?B?UmF3IMOpdMOp?=\n\nhi';

    // Act
    const view = await toMessageView(raw(message));

    // Assess
    expect(view).toMatchObject({ from: '\u00e9 <shop@example.com>', to: ['Caf\u00e9 <b@example.com>', 'c@example.com'], cc: [], subject: 'Raw \u00e9t\u00e9', text: 'hi' });
  });

  it("prefers the request's Destination, as SES delivers to it", async () => {
    // Act
    const view = await toMessageView(raw('To: header@example.com\n\nhi', { Destination: { ToAddresses: ['dest@example.com'] } }));

    // Assess
    expect(view.to).toEqual(['dest@example.com']);
  });
});
