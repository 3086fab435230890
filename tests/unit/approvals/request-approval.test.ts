import { InMemoryApprovalStore } from './approval-fixtures';
import {
  ApprovalMailInProgress,
  InvalidApprovalRequest,
  MAIL_CLAIM_SECONDS,
  parseApprovalRequest,
  requestApproval,
  requestApprovals,
  type ApprovalRequestMessage,
  type OutgoingMail,
  type RequestApprovalDependencies,
} from '../../../lib/approvals/request-approval';

const NOW = new Date('2030-05-01T10:00:00.000Z');
const TOKEN = 'AQCEAAAAKgAAAAMAAAAA+secret/task+token==';
const APPROVAL_ID = '3f1c2b9e-8a4d-4c1e-9f2a-6b7c8d9e0f1a';

const message = (overrides: Partial<ApprovalRequestMessage> = {}): ApprovalRequestMessage => ({
  taskToken: TOKEN,
  approvalId: APPROVAL_ID,
  order: {
    orderId: 'big-1',
    customerEmail: 'ada@example.org',
    currency: 'USD',
    totalCents: 25_000,
    items: [{ productId: 'chair', name: 'Chair', quantity: 2, unitPriceCents: 12_500, lineTotalCents: 25_000 }],
  },
  expiresAt: '2030-05-02T10:00:00.000Z',
  ...overrides,
});

function dependencies(overrides: Partial<RequestApprovalDependencies> = {}) {
  const store = new InMemoryApprovalStore();
  const sent: OutgoingMail[] = [];
  const logged: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: string) => (text: string, fields?: Record<string, unknown>) => void logged.push({ level, message: text, fields });
  const deps: RequestApprovalDependencies = {
    store,
    mailer: { send: async (mail) => void sent.push(mail) },
    approvalLink: async (approvalId, expiresAt) => `https://api.example.com/dev/approvals/${approvalId}?expires=${expiresAt.getTime() / 1000}&signature=sig`,
    managerEmail: 'manager@example.com',
    senderEmail: 'approvals@example.com',
    now: () => NOW,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    ...overrides,
  };
  return { deps, store, sent, logged };
}

describe('requestApproval', () => {
  it('records a pending request with the task token and mails the manager a link without it', async () => {
    // Prepare
    const { deps, store, sent } = dependencies();

    // Act
    const result = await requestApproval(JSON.stringify(message()), deps);

    // Assess
    expect(result).toEqual({ approvalId: APPROVAL_ID, outcome: 'requested' });
    expect(store.records.get(APPROVAL_ID)).toEqual({
      approvalId: APPROVAL_ID,
      order: message().order,
      taskToken: TOKEN,
      expiresAt: '2030-05-02T10:00:00.000Z',
      createdAt: NOW.toISOString(),
      status: 'PENDING',
      mailedAt: NOW.toISOString(),
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual(expect.objectContaining({ from: 'approvals@example.com', to: 'manager@example.com' }));
    expect(sent[0]?.content.subject).toBe('Approval needed: order big-1 (250.00 USD)');
    expect(sent[0]?.content.text).toContain(`https://api.example.com/dev/approvals/${APPROVAL_ID}?expires=1903946400&signature=sig`);
    expect(JSON.stringify(sent)).not.toContain(TOKEN);
  });

  it('stores a redelivered message once, mails the manager once and logs the duplicate', async () => {
    // Prepare
    const { deps, store, sent, logged } = dependencies();
    await requestApproval(JSON.stringify(message()), deps);

    // Act
    const again = await requestApproval(JSON.stringify(message()), { ...deps, now: () => new Date(NOW.getTime() + 60_000) });

    // Assess
    expect(again).toEqual({ approvalId: APPROVAL_ID, outcome: 'redelivered' });
    expect(store.records.size).toBe(1);
    expect(store.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ createdAt: NOW.toISOString(), mailedAt: NOW.toISOString() }));
    expect(sent).toHaveLength(1);
    expect(logged.at(-1)).toEqual({ level: 'info', message: 'Approval request delivered again; the manager was mailed already, not mailed twice', fields: { approvalId: APPROVAL_ID, orderId: 'big-1' } });
  });

  it('sends a delivery that arrives while another is mailing back to the queue, and it mails nobody once the first has', async () => {
    // Prepare: the first delivery has claimed the mail and not finished yet
    const { deps, store, sent } = dependencies();
    await store.create({ ...message(), createdAt: NOW.toISOString(), status: 'PENDING' });
    await store.claimMail(APPROVAL_ID, NOW.toISOString(), new Date(NOW.getTime() + MAIL_CLAIM_SECONDS * 1000).toISOString());

    // Act
    const concurrent = await requestApproval(JSON.stringify(message()), deps).catch((error: Error) => error);
    await store.markMailed(APPROVAL_ID, NOW.toISOString());
    const later = await requestApproval(JSON.stringify(message()), deps);

    // Assess
    expect(concurrent).toBeInstanceOf(ApprovalMailInProgress);
    expect(later.outcome).toBe('redelivered');
    expect(sent).toEqual([]);
  });

  it('mails the manager when the delivery that claimed the mail died before sending it', async () => {
    // Prepare
    const { deps, store, sent } = dependencies();
    await store.create({ ...message(), createdAt: NOW.toISOString(), status: 'PENDING' });
    await store.claimMail(APPROVAL_ID, NOW.toISOString(), new Date(NOW.getTime() + MAIL_CLAIM_SECONDS * 1000).toISOString());

    // Act
    const redelivered = await requestApproval(JSON.stringify(message()), { ...deps, now: () => new Date(NOW.getTime() + (MAIL_CLAIM_SECONDS + 1) * 1000) });

    // Assess
    expect(redelivered.outcome).toBe('redelivered');
    expect(sent).toHaveLength(1);
    expect(store.records.get(APPROVAL_ID)?.mailedAt).toBeDefined();
  });

  it.each([
    ['APPROVED' as const],
    ['REJECTED' as const],
  ])('mails nobody when the request was %s before the message came back', async (status) => {
    // Prepare
    const { deps, store, sent } = dependencies();
    await requestApproval(JSON.stringify(message()), deps);
    await store.decide(APPROVAL_ID, status, NOW.toISOString());

    // Act
    const again = await requestApproval(JSON.stringify(message()), deps);

    // Assess
    expect(again).toEqual({ approvalId: APPROVAL_ID, outcome: 'redelivered' });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['at its expiry', NOW.toISOString()],
    ['after its expiry', '2030-05-01T09:00:00.000Z'],
  ])('neither records nor mails a request that arrives %s', async (_label, expiresAt) => {
    // Prepare
    const { deps, store, sent, logged } = dependencies();

    // Act
    const result = await requestApproval(JSON.stringify(message({ expiresAt })), deps);

    // Assess
    expect(result).toEqual({ approvalId: APPROVAL_ID, outcome: 'expired' });
    expect(store.records.size).toBe(0);
    expect(sent).toEqual([]);
    expect(logged.map((line) => line.level)).toEqual(['warn']);
  });

  it('keeps the first token when a re-sent message brings another one, and says so without logging either', async () => {
    // Prepare
    const { deps, store, logged } = dependencies();
    await requestApproval(JSON.stringify(message()), deps);

    // Act
    await requestApproval(JSON.stringify(message({ taskToken: 'second-token' })), deps);

    // Assess
    expect(store.records.get(APPROVAL_ID)?.taskToken).toBe(TOKEN);
    expect(logged.some((line) => line.level === 'warn' && line.message.includes('another task token'))).toBe(true);
    expect(JSON.stringify(logged)).not.toMatch(/secret\/task|second-token/);
  });
});

describe('parseApprovalRequest', () => {
  it.each([
    ['a body that is not JSON', '{"taskToken": ', ['body (not JSON)']],
    ['a missing task token', JSON.stringify({ ...message(), taskToken: undefined }), ['taskToken']],
    ['an approval id that is not a UUID', JSON.stringify(message({ approvalId: 'order-1' })), ['approvalId']],
    ['an expiry that is not a timestamp', JSON.stringify(message({ expiresAt: 'tomorrow' })), ['expiresAt']],
    ['an order without lines', JSON.stringify(message({ order: { ...message().order, items: [] } })), ['order.items']],
    ['a fractional total and a bad currency', JSON.stringify(message({ order: { ...message().order, totalCents: 1.5, currency: 'usd' } })), ['order.currency', 'order.totalCents']],
  ])('refuses %s, naming the fields and never their values', (_label, body, fields) => {
    // Act
    let caught: unknown;
    try {
      parseApprovalRequest(body);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidApprovalRequest);
    expect([...(caught as InvalidApprovalRequest).fields].sort()).toEqual([...fields].sort());
    expect((caught as Error).message).not.toContain(TOKEN);
  });

  it('accepts the message the state machine sends', () => {
    // Act
    const parsed = parseApprovalRequest(JSON.stringify(message()));

    // Assess
    expect(parsed).toEqual(message());
  });
});

describe('requestApprovals', () => {
  it('reports only the messages that failed, and logs no task token', async () => {
    // Prepare
    const { deps, sent, logged } = dependencies({});
    const failing = { ...deps, mailer: { send: async (mail: OutgoingMail) => (mail.content.subject.includes('mail-down') ? Promise.reject(new Error('SES throttled')) : void sent.push(mail)) } };
    const ids = ['5a0c7a4e-1b2c-4d3e-8f4a-000000000001', '5a0c7a4e-1b2c-4d3e-8f4a-000000000002', '5a0c7a4e-1b2c-4d3e-8f4a-000000000003'];
    const batch = [
      { messageId: 'm-ok', body: JSON.stringify(message({ approvalId: ids[0] })) },
      { messageId: 'm-poison', body: JSON.stringify({ taskToken: TOKEN }) },
      { messageId: 'm-mail-down', body: JSON.stringify(message({ approvalId: ids[2], order: { ...message().order, orderId: 'mail-down' } })) },
    ];

    // Act
    const response = await requestApprovals(batch, failing);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-poison' }, { itemIdentifier: 'm-mail-down' }] });
    expect(sent.map((mail) => mail.content.subject)).toEqual(['Approval needed: order big-1 (250.00 USD)']);
    expect(logged.filter((line) => line.level === 'error').map((line) => line.fields?.error)).toEqual([
      { name: 'InvalidApprovalRequest', message: 'Invalid approval request message: approvalId, order, expiresAt' },
      { name: 'Error', message: 'SES throttled' },
    ]);
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it('reports nothing for a batch that went through', async () => {
    // Prepare
    const { deps } = dependencies();

    // Act
    const response = await requestApprovals([{ messageId: 'm-1', body: JSON.stringify(message()) }], deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
