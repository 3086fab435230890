import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatBanner } from '../../../local/deploy/banner';
import type { DeployPlan } from '../../../local/deploy/plan';
import { inboxRoutes, INBOX_PATH, messagePath } from '../../../local/inbox/inbox-route';
import { routeMatches } from '../../../local/platform/service';
import { MAIL_FRAME_SANDBOX } from '../../../local/inbox/message-page';
import { SentEmails, type SentEmail } from '../../../local/ses/sent-emails';
import { defined } from '../../support/defined';

const mail = (id: string, overrides: Partial<SentEmail> = {}): SentEmail => ({
  Id: id,
  Region: 'eu-west-1',
  Source: 'Orders <orders@shop.example>',
  Destination: { ToAddresses: ['manager@shop.example'] },
  Subject: `Subject of ${id}`,
  Body: { text_part: `Text of ${id}`, html_part: null },
  Timestamp: '2026-11-24T14:21:05',
  ...overrides,
});

describe('inbox route', () => {
  let server: Server;
  let base: string;
  const sent = new SentEmails();

  beforeAll(async () => {
    const route = defined(inboxRoutes({ sent })[0], 'the inbox route');
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://edge.local');
      if (!routeMatches(route, req, url)) return void res.writeHead(599).end();
      void route.handle(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => sent.delete());

  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}${path}`, init);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  it('lists the mail newest first, each subject linking to its message', async () => {
    // Prepare
    sent.add(mail('first', { Timestamp: '2026-11-24T10:00:00' }));
    sent.add(mail('second', { Timestamp: '2026-11-24T11:00:00', Destination: { ToAddresses: ['a@example.com'], CcAddresses: ['b@example.com'] } }));

    // Act
    const page = await get(INBOX_PATH);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body.indexOf('Subject of second')).toBeLessThan(page.body.indexOf('Subject of first'));
    expect(page.body).toContain(`<a href="${messagePath('second')}">Subject of second</a>`);
    expect(page.body).toContain('<time datetime="2026-11-24T11:00:00Z">2026-11-24 11:00:00 UTC</time>');
    expect(page.body).toContain('a@example.com</span>, <span class="addr-only">b@example.com');
    expect(page.body).toContain('<span class="name">Orders</span> <span class="addr">&lt;orders@shop.example&gt;</span>');
    expect(page.body).toContain('<title>Inbox (2) · Local inbox</title>');
  });

  it('says so when there is no mail', async () => {
    // Act
    const page = await get(`${INBOX_PATH}/`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain('No mail yet');
    expect(page.body).toContain('0 messages');
  });

  it.each([
    ['the subject', mail('x', { Subject: '<script>alert("subject")</script>' }), '&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;'],
    ['the sender', mail('x', { Source: '"<img src=x onerror=alert(1)>" <evil@example.com>' }), '&lt;img src=x onerror=alert(1)&gt;'],
    ['a recipient', mail('x', { Destination: { ToAddresses: ['<svg onload=alert(1)>@example.com'] } }), '&lt;svg onload=alert(1)&gt;@example.com'],
  ])('shows markup in %s as text on the list and on the message', async (_field, message, escaped) => {
    // Prepare
    sent.add(message);

    // Act
    const pages = [await get(INBOX_PATH), await get(messagePath('x'))];

    // Assess
    for (const page of pages) {
      expect(page.body).toContain(escaped);
      expect(page.body).not.toMatch(/<script|<img|<svg onload/i);
    }
  });

  it('shows the HTML part in a sandboxed srcdoc frame that may only follow clicked links', async () => {
    // Prepare
    sent.add(mail('html', { Body: { text_part: null, html_part: '<p onclick="x()">Hi & <a href="https://example.com/a?b=1&c=2">go</a></p><script>steal()</script>' } }));

    // Act
    const page = await get(messagePath('html'));
    const frame = /<iframe[^>]*>/.exec(page.body)?.[0] ?? '';

    // Assess
    expect(frame).toContain(`sandbox="${MAIL_FRAME_SANDBOX}"`);
    expect(MAIL_FRAME_SANDBOX.split(' ').sort()).toEqual(['allow-popups', 'allow-popups-to-escape-sandbox', 'allow-top-navigation-by-user-activation']);
    expect(frame).toContain(
      'srcdoc="&lt;!doctype html&gt;&lt;meta charset=&quot;utf-8&quot;&gt;&lt;base target=&quot;_top&quot;&gt;',
    );
    expect(frame).toContain('&lt;p onclick=&quot;x()&quot;&gt;Hi &amp; &lt;a href=&quot;https://example.com/a?b=1&amp;c=2&quot;&gt;go&lt;/a&gt;&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;"');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('This message has no text part.');
  });

  it('links the http(s) URLs of the text part and nothing else', async () => {
    // Prepare
    const text = 'Approve: https://api.example.com/approvals/1?sig=a&b=2. Or javascript:alert(1) or <http://x.example/y>';
    sent.add(mail('text', { Body: { text_part: text, html_part: null } }));

    // Act
    const page = await get(messagePath('text'));
    const pre = /<pre class="text">([\s\S]*?)<\/pre>/.exec(page.body)?.[1];

    // Assess
    expect(pre).toBe(
      'Approve: <a href="https://api.example.com/approvals/1?sig=a&amp;b=2">https://api.example.com/approvals/1?sig=a&amp;b=2</a>. ' +
        'Or javascript:alert(1) or &lt;<a href="http://x.example/y">http://x.example/y</a>&gt;',
    );
    expect(page.body).toContain('This message has no HTML part.');
  });

  it('shows raw mail with its decoded headers, parts and source', async () => {
    // Prepare
    const raw = 'From: shop@example.com\r\nTo: =?UTF-8?Q?Z=C3=B6e?= <zoe@example.com>\r\nSubject: =?UTF-8?B?UmF3IMOpdMOp?=\r\nContent-Type: text/html\r\n\r\n<p>raw</p>';
    sent.add(mail('raw', { RawData: raw, Destination: undefined, Subject: undefined, Body: undefined, Source: 'shop@example.com' }));

    // Act
    const page = await get(messagePath('raw'));

    // Assess
    expect(page.body).toContain('<h1 id="subject">Raw \u00e9t\u00e9</h1>');
    expect(page.body).toContain('<dt>To</dt><dd><span class="name">Z\u00f6e</span> <span class="addr">&lt;zoe@example.com&gt;</span></dd>');
    expect(page.body).toContain('&lt;p&gt;raw&lt;/p&gt;"');
    expect(page.body).toContain('<summary>MIME source</summary>');
  });

  it.each([
    ['an unknown id', `${INBOX_PATH}/nope`],
    ['a malformed escape', `${INBOX_PATH}/%E0%A4%A`],
    ['a deeper path', `${INBOX_PATH}/a/b`],
  ])('answers %s with the 404 page', async (_case, path) => {
    // Prepare
    sent.add(mail('a'));

    // Act
    const page = await get(path);

    // Assess
    expect(page.status).toBe(404);
    expect(page.body).toContain('<h1 id="error-title">Message not found</h1>');
  });

  it('only reads: other methods get 405 with Allow', async () => {
    // Act
    const page = await get(INBOX_PATH, { method: 'POST', body: 'x' });

    // Assess
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('GET, HEAD');
  });

  it('sends a policy that forbids scripts and remote loads, and no caching', async () => {
    // Act
    const { headers } = await get(INBOX_PATH);

    // Assess
    expect(headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; frame-ancestors 'none'; form-action 'none'");
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('does not claim other runtime paths', () => {
    // Prepare
    const route = defined(inboxRoutes({ sent })[0], 'the inbox route');
    const claims = (path: string) => routeMatches(route, { method: 'GET', headers: {} } as never, new URL(path, 'http://edge.local'));

    // Act
    const claimed = ['/_runtime/inbox', '/_runtime/inbox/x', '/_runtime/inboxes', '/_runtime/health', '/_aws/ses'].map(claims);

    // Assess
    expect(claimed).toEqual([true, true, false, false, false]);
  });
});

describe('banner', () => {
  it('links the inbox', () => {
    // Prepare
    const plan: DeployPlan = { stackName: 's', functions: [], tables: [], stateMachines: [], outputs: {}, skipped: [] };

    // Act
    const banner = formatBanner({ url: 'http://127.0.0.1:4566', region: 'us-east-1', plan });

    // Assess
    expect(banner).toContain('Local inbox (mail sent through SES v2, captured): http://127.0.0.1:4566/_runtime/inbox');
  });
});
