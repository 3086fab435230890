import { csrfTokenFor } from '../../../lib/approvals/csrf';
import { decideApproval, type DecideApprovalDependencies } from '../../../lib/approvals/decide-approval';
import { approvalSite, type ApprovalHttpRequest } from '../../../lib/approvals/http-request';
import { showApproval } from '../../../lib/approvals/show-approval';
import { signApprovalLink } from '../../../lib/approvals/signing';
import { defined } from '../../support/defined';
import { APPROVAL_ID, BASE_URL, EXPIRES_AT, InMemoryApprovalStore, KEY, NOW, RecordingOutbox, RecordingTaskDecisions, cookiePair, cookieValue, hiddenField, pendingRecord, request } from './approval-fixtures';

const link = signApprovalLink(KEY, APPROVAL_ID, EXPIRES_AT);
const site = approvalSite(BASE_URL);
const ORIGIN = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const DECIDED_AT = '2026-03-01T12:10:00.000Z';
const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

interface World {
  readonly store: InMemoryApprovalStore;
  readonly tasks: RecordingTaskDecisions;
  readonly decided: string[];
  readonly outbox: RecordingOutbox;
  readonly dependencies: DecideApprovalDependencies;
}

function world(store = new InMemoryApprovalStore(pendingRecord()), tasks = new RecordingTaskDecisions(), now = new Date(DECIDED_AT)): World {
  const decided: string[] = [];
  const outbox = new RecordingOutbox();
  return { store, tasks, decided, outbox, dependencies: { store, tasks, outbox, site, signingKey: KEY, now: () => now, onDecided: (status) => decided.push(status) } };
}

/** The CSRF token a POST carries in its form. */
const formToken = (post: ApprovalHttpRequest): string => defined(post.form.csrf, 'the form token');

/** Opens the page as a browser would and returns the POST that pressing `decision` sends. */
async function pressButton(decision: string): Promise<ApprovalHttpRequest> {
  const page = await showApproval(request({ query: { ...link } }), { store: new InMemoryApprovalStore(pendingRecord()), site, signingKey: KEY, now: () => NOW });
  const cookie = cookiePair((page.multiValueHeaders?.['Set-Cookie'] as string[])[0]);
  return request({
    form: { expires: hiddenField(page.body, 'expires') ?? '', signature: hiddenField(page.body, 'signature') ?? '', csrf: hiddenField(page.body, 'csrf') ?? '', decision },
    headers: { origin: 'null', 'sec-fetch-site': 'same-origin', host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    cookieHeaders: [cookie],
  });
}

describe('decideApproval (POST /approvals/{approvalId})', () => {
  it('approves: one SendTaskSuccess with the contract output, the record APPROVED, the confirmation page, the cookie left for a second tab', async () => {
    // Prepare
    const { store, tasks, decided, dependencies } = world();

    // Act
    const response = await decideApproval(await pressButton('approve'), dependencies);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Order order-42 approved</h1>');
    expect(tasks.calls).toEqual([{ kind: 'succeed', taskToken: 'TASK-TOKEN-SECRET', output: JSON.stringify({ decision: 'APPROVED', approvalId: APPROVAL_ID, decidedAt: DECIDED_AT }) }]);
    expect(store.records.get(APPROVAL_ID)).toMatchObject({ status: 'APPROVED', decidedAt: DECIDED_AT });
    expect(response.multiValueHeaders?.['Set-Cookie']).toBeUndefined();
    expect(decided).toEqual(['APPROVED']);
    expect(response.body).not.toContain('TASK-TOKEN-SECRET');
  });

  it('rejects: one SendTaskFailure ApprovalRejected whose cause names the approval, the record REJECTED', async () => {
    // Prepare
    const { store, tasks, dependencies } = world();

    // Act
    const response = await decideApproval(await pressButton('reject'), dependencies);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Order order-42 rejected</h1>');
    expect(tasks.calls).toEqual([{ kind: 'fail', taskToken: 'TASK-TOKEN-SECRET', error: 'ApprovalRejected', cause: `Approval ${APPROVAL_ID} for order order-42 was rejected by the manager` }]);
    expect(store.records.get(APPROVAL_ID)?.status).toBe('REJECTED');
  });

  it.each([
    ['the same decision again (a double click)', 'approve', 200],
    ['the opposite decision', 'reject', 409],
  ])('answers a replay of %s with the already-approved page (%i) and no second SendTask', async (_label, second, statusCode) => {
    // Prepare
    const { store, tasks, dependencies } = world();
    await decideApproval(await pressButton('approve'), dependencies);

    // Act
    const response = await decideApproval(await pressButton(second), dependencies);

    // Assess
    expect(response.statusCode).toBe(statusCode);
    expect(response.body).toContain('<h1>Order order-42 was already approved</h1>');
    expect(tasks.calls).toHaveLength(1);
    expect(store.records.get(APPROVAL_ID)?.status).toBe('APPROVED');
  });

  it('takes one decision when five clicks race: one SendTask call, one confirmation, four already-decided pages', async () => {
    // Prepare
    const { tasks, dependencies } = world();
    const posts = await Promise.all(['approve', 'reject', 'approve', 'reject', 'approve'].map(pressButton));

    // Act
    const responses = await Promise.all(posts.map((post) => decideApproval(post, dependencies)));

    // Assess
    expect(tasks.calls).toHaveLength(1);
    expect(responses.filter((response) => /<h1>Order order-42 (approved|rejected)<\/h1>/.test(response.body))).toHaveLength(1);
    expect(responses.filter((response) => response.body.includes('was already'))).toHaveLength(4);
  });

  it.each([
    ['another approval id', (post: ApprovalHttpRequest) => ({ ...post, approvalId: '1b6f3c9e-5d7a-4c1e-9f2b-8a1d2e3f4a5b' })],
    ['a stretched expiry', (post: ApprovalHttpRequest) => ({ ...post, form: { ...post.form, expires: String(Number(link.expires) + 3600) } })],
    ['a changed signature', (post: ApprovalHttpRequest) => ({ ...post, form: { ...post.form, signature: flip(link.signature) } })],
    ['no link fields', (post: ApprovalHttpRequest) => ({ ...post, form: { csrf: formToken(post), decision: 'approve' } })],
  ])('answers 403 for %s, with no table read, no write and no SendTask', async (_label, tamper) => {
    // Prepare
    const { store, tasks, dependencies } = world();

    // Act
    const response = await decideApproval(tamper(await pressButton('approve')), dependencies);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('<h1>This link is not valid</h1>');
    expect(store.calls).toEqual([]);
    expect(tasks.calls).toEqual([]);
  });

  it('answers 410 for an expired link, with no table read and no SendTask', async () => {
    // Prepare
    const { store, tasks, dependencies } = world(undefined, undefined, EXPIRES_AT);

    // Act
    const response = await decideApproval(await pressButton('approve'), dependencies);

    // Assess
    expect(response.statusCode).toBe(410);
    expect(store.calls).toEqual([]);
    expect(tasks.calls).toEqual([]);
  });

  it('answers 404 for a genuine link to an unknown id, writing nothing', async () => {
    // Prepare
    const { store, tasks, dependencies } = world(new InMemoryApprovalStore());

    // Act
    const response = await decideApproval(await pressButton('approve'), dependencies);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(store.calls).toEqual(['get']);
    expect(tasks.calls).toEqual([]);
  });

  it.each([
    ['no cookie', (post: ApprovalHttpRequest) => ({ ...post, cookieHeaders: [] })],
    ['no form token', (post: ApprovalHttpRequest) => ({ ...post, form: { ...post.form, csrf: '' } })],
    ['a token that does not match the cookie', (post: ApprovalHttpRequest) => ({ ...post, form: { ...post.form, csrf: flip(formToken(post)) } })],
    ['the token of another approval', (post: ApprovalHttpRequest) => ({ ...post, form: { ...post.form, csrf: csrfTokenFor(KEY, 'other', cookieValue(post.cookieHeaders[0])) } })],
    ['the cookie of the plain-http name on HTTPS', (post: ApprovalHttpRequest) => ({ ...post, cookieHeaders: [defined(post.cookieHeaders[0], 'a Cookie header').replace('__Secure-', '')] })],
    ['a cross-site request', (post: ApprovalHttpRequest) => ({ ...post, headers: { ...post.headers, 'sec-fetch-site': 'cross-site' } })],
    ['a foreign Origin', (post: ApprovalHttpRequest) => ({ ...post, headers: { host: post.headers.host, origin: 'https://evil.example' } })],
  ])('answers 403 for %s (CSRF), with no table read, no write and no SendTask', async (_label, forge) => {
    // Prepare
    const { store, tasks, dependencies } = world();

    // Act
    const response = await decideApproval(forge(await pressButton('approve')), dependencies);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('<h1>Your decision was not recorded</h1>');
    expect(store.calls).toEqual([]);
    expect(tasks.calls).toEqual([]);
  });

  it('accepts the same POST from the allowed origin named explicitly', async () => {
    // Prepare
    const { tasks, dependencies } = world();
    const post = await pressButton('approve');

    // Act
    const response = await decideApproval({ ...post, headers: { origin: ORIGIN } }, dependencies);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(tasks.calls).toHaveLength(1);
  });

  it.each([['maybe'], [''], ['APPROVE'], ['constructor']])('answers 400 for the decision "%s", writing nothing', async (decision) => {
    // Prepare
    const { store, tasks, dependencies } = world();

    // Act
    const response = await decideApproval(await pressButton(decision), dependencies);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(store.calls).toEqual([]);
    expect(tasks.calls).toEqual([]);
  });

  it.each([['TaskTimedOut'], ['TaskDoesNotExist']] as const)('answers 410 "this request expired" when SendTask says %s', async (reason) => {
    // Prepare
    const { decided, dependencies } = world(undefined, new RecordingTaskDecisions(reason));

    // Act
    const response = await decideApproval(await pressButton('approve'), dependencies);

    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>This request expired</h1>');
    expect(decided).toEqual([]);
  });

  it('lets a failure to queue an undelivered decision through for the handler to log (its 503 page)', async () => {
    // Prepare
    const { dependencies } = world(undefined, new RecordingTaskDecisions(undefined, 1));
    const failingOutbox = { enqueue: async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) };

    // Act
    const deciding = decideApproval(await pressButton('approve'), { ...dependencies, outbox: failingOutbox });

    // Assess
    await expect(deciding).rejects.toThrow('Rate exceeded');
  });

  describe('when telling the workflow fails', () => {
    it('keeps the decision, queues it on the outbox and still confirms it to the manager', async () => {
      // Prepare: the first SendTask call fails
      const { store, tasks, outbox, dependencies } = world(undefined, new RecordingTaskDecisions(undefined, 1));

      // Act
      const response = await decideApproval(await pressButton('approve'), dependencies);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(tasks.calls).toHaveLength(1);
      expect(outbox.queued).toEqual([APPROVAL_ID]);
      expect(store.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ status: 'APPROVED', decidedAt: DECIDED_AT }));
      expect(store.records.get(APPROVAL_ID)?.deliveredAt).toBeUndefined();
    });

    it('queues a resubmitted same decision that is still undelivered (the page died between recording and queueing), calling nobody itself', async () => {
      // Prepare
      const { tasks, outbox, dependencies } = world(new InMemoryApprovalStore(pendingRecord({ status: 'APPROVED', decidedAt: DECIDED_AT })));

      // Act
      const response = await decideApproval(await pressButton('approve'), dependencies);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(tasks.calls).toEqual([]);
      expect(outbox.queued).toEqual([APPROVAL_ID]);
    });

    it('never delivers a resubmitted decision twice once it was delivered', async () => {
      // Prepare
      const { tasks, outbox, dependencies } = world(new InMemoryApprovalStore(pendingRecord({ status: 'APPROVED', decidedAt: DECIDED_AT, deliveredAt: DECIDED_AT, deliveryOutcome: 'accepted' })));

      // Act
      const response = await decideApproval(await pressButton('approve'), dependencies);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(tasks.calls).toEqual([]);
      expect(outbox.queued).toEqual([]);
    });

    it('queues every decision before telling the workflow, and marks it delivered once the workflow accepted it', async () => {
      // Prepare
      const { store, tasks, outbox, dependencies } = world();

      // Act
      await decideApproval(await pressButton('reject'), dependencies);

      // Assess
      expect(outbox.queued).toEqual([APPROVAL_ID]);
      expect(tasks.calls).toHaveLength(1);
      expect(store.calls.indexOf('markDelivered')).toBeGreaterThan(store.calls.indexOf('decide'));
      expect(store.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ status: 'REJECTED', deliveredAt: DECIDED_AT, deliveryOutcome: 'accepted' }));
    });
  });
});
