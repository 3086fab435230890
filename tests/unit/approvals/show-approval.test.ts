import { verifyCsrfPair } from '../../../lib/approvals/csrf';
import { approvalSite } from '../../../lib/approvals/http-request';
import { showApproval } from '../../../lib/approvals/show-approval';
import { signApprovalLink } from '../../../lib/approvals/signing';
import { APPROVAL_ID, BASE_URL, EXPIRES_AT, InMemoryApprovalStore, KEY, NOW, cookiePair, cookieValue, hiddenField, pendingRecord, request } from './approval-fixtures';

const link = signApprovalLink(KEY, APPROVAL_ID, EXPIRES_AT);
const site = approvalSite(BASE_URL);
const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

function dependencies(store: InMemoryApprovalStore, now = NOW) {
  return { store, site, signingKey: KEY, now: () => now, random: (size: number) => Buffer.alloc(size, 3) };
}

describe('showApproval (GET /approvals/{approvalId})', () => {
  it('renders the pending order with a form whose CSRF token matches the HttpOnly cookie it sets', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Approve order order-42?</h1>');
    expect(response.body).toContain('<form class="card" method="post" action="/prod/approvals/0b6f3c9e-5d7a-4c1e-9f2b-8a1d2e3f4a5b">');
    expect(hiddenField(response.body, 'expires')).toBe(link.expires);
    expect(hiddenField(response.body, 'signature')).toBe(link.signature);
    const [cookie] = response.multiValueHeaders?.['Set-Cookie'] as string[];
    expect(cookie).toBe(`__Secure-approval-csrf=${Buffer.alloc(32, 3).toString('base64url')}; Path=/prod/approvals/${APPROVAL_ID}; Max-Age=86400; HttpOnly; SameSite=Strict; Secure`);
    const nonce = cookieValue(cookie);
    expect(verifyCsrfPair(KEY, APPROVAL_ID, nonce, hiddenField(response.body, 'csrf'))).toBe(true);
    expect(response.body).not.toContain('TASK-TOKEN-SECRET');
  });

  it('changes nothing however often it is opened (a mail scanner follows every link)', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());
    const before = structuredClone(store.records.get(APPROVAL_ID));

    // Act
    for (let open = 0; open < 3; open += 1) await showApproval(request({ query: { ...link } }), dependencies(store));

    // Assess
    expect(store.calls).toEqual(['get', 'get', 'get']);
    expect(store.records.get(APPROVAL_ID)).toEqual(before);
  });

  it('keeps the nonce the browser already holds, so a second tab does not break the first', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());
    const first = await showApproval(request({ query: { ...link } }), dependencies(store));
    const cookie = cookiePair((first.multiValueHeaders?.['Set-Cookie'] as string[])[0]);

    // Act
    const second = await showApproval(request({ query: { ...link }, cookieHeaders: [`theme=dark; ${cookie}`] }), { ...dependencies(store), random: (size: number) => Buffer.alloc(size, 4) });

    // Assess
    expect(hiddenField(second.body, 'csrf')).toBe(hiddenField(first.body, 'csrf'));
    expect(cookiePair((second.multiValueHeaders?.['Set-Cookie'] as string[])[0])).toBe(cookie);
  });

  it('limits the cookie to the link lifetime when that is shorter than a day', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store, new Date(EXPIRES_AT.getTime() - 600_000)));

    // Assess
    expect((response.multiValueHeaders?.['Set-Cookie'] as string[])[0]).toContain('; Max-Age=600;');
  });

  it.each([
    ['another approval id', { approvalId: '1b6f3c9e-5d7a-4c1e-9f2b-8a1d2e3f4a5b', query: { ...link } }],
    ['a stretched expiry', { query: { ...link, expires: String(Number(link.expires) + 3600) } }],
    ['a changed signature', { query: { ...link, signature: flip(link.signature) } }],
    ['no signature at all', { query: { expires: link.expires } }],
    ['no query at all', { query: {} }],
  ])('answers 403 without reading the table for %s', async (_label, overrides) => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());

    // Act
    const response = await showApproval(request(overrides), dependencies(store));

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('<h1>This link is not valid</h1>');
    expect(response.multiValueHeaders).toBeUndefined();
    expect(store.calls).toEqual([]);
  });

  it('answers 410 for an expired link without reading the table', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord());

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store, EXPIRES_AT));

    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>This link has expired</h1>');
    expect(store.calls).toEqual([]);
  });

  it('answers 410 when the request itself has expired, whatever the link says', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord({ expiresAt: new Date(NOW.getTime() - 1000).toISOString() }));

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store));

    // Assess
    expect(response.statusCode).toBe(410);
  });

  it('answers 404 for a genuine link to an id the table does not hold', async () => {
    // Prepare
    const store = new InMemoryApprovalStore();

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<h1>Approval request not found</h1>');
  });

  it.each([
    ['APPROVED', 'already approved'],
    ['REJECTED', 'already rejected'],
  ] as const)('shows a %s request as %s, without buttons or cookie', async (status, words) => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord({ status, decidedAt: NOW.toISOString() }));

    // Act
    const response = await showApproval(request({ query: { ...link } }), dependencies(store));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<h1>Order order-42 was ${words}</h1>`);
    expect(response.body).not.toContain('<button');
    expect(response.multiValueHeaders).toBeUndefined();
  });
});
