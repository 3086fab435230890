import { deliverDecision, deliverDecisions } from '../../../lib/approvals/decision-delivery';
import { decideApproval } from '../../../lib/approvals/decide-approval';
import { approvalSite } from '../../../lib/approvals/http-request';
import { showApproval } from '../../../lib/approvals/show-approval';
import { signApprovalLink } from '../../../lib/approvals/signing';
import { APPROVAL_ID, BASE_URL, EXPIRES_AT, InMemoryApprovalStore, KEY, NOW, RecordingOutbox, RecordingTaskDecisions, cookiePair, hiddenField, pendingRecord, request } from './approval-fixtures';

const DECIDED_AT = '2026-03-01T12:10:00.000Z';
const DELIVERED_AT = new Date('2026-03-01T12:11:00.000Z');
const site = approvalSite(BASE_URL);

/** The manager's click on `decision`, as decide-approval.test.ts builds it. */
async function pressButton(decision: string) {
  const page = await showApproval(request({ query: { ...signApprovalLink(KEY, APPROVAL_ID, EXPIRES_AT) } }), { store: new InMemoryApprovalStore(pendingRecord()), site, signingKey: KEY, now: () => NOW });
  return request({
    form: { expires: hiddenField(page.body, 'expires') ?? '', signature: hiddenField(page.body, 'signature') ?? '', csrf: hiddenField(page.body, 'csrf') ?? '', decision },
    headers: { origin: 'null', 'sec-fetch-site': 'same-origin', host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    cookieHeaders: [cookiePair((page.multiValueHeaders?.['Set-Cookie'] as string[])[0])],
  });
}

describe('the decision outbox', () => {
  it.each([
    ['approve', { kind: 'succeed', taskToken: 'TASK-TOKEN-SECRET', output: JSON.stringify({ decision: 'APPROVED', approvalId: APPROVAL_ID, decidedAt: DECIDED_AT }) }],
    ['reject', { kind: 'fail', taskToken: 'TASK-TOKEN-SECRET', error: 'ApprovalRejected', cause: `Approval ${APPROVAL_ID} for order order-42 was rejected by the manager` }],
  ])('delivers a decision (%s) whose first SendTask call failed, once, and records it delivered', async (decision, expectedCall) => {
    // Prepare: Step Functions fails the page's call, then answers
    const store = new InMemoryApprovalStore(pendingRecord());
    const tasks = new RecordingTaskDecisions(undefined, 1);
    const outbox = new RecordingOutbox();
    const page = await decideApproval(await pressButton(decision), { store, tasks, outbox, site, signingKey: KEY, now: () => new Date(DECIDED_AT) });

    // Act: the outbox's consumer reads the queued message (twice, as SQS may deliver it)
    const response = await deliverDecisions(
      outbox.queued.map((approvalId, index) => ({ messageId: `m-${index}`, body: JSON.stringify({ approvalId }) })),
      { store, tasks, now: () => DELIVERED_AT },
    );
    const again = await deliverDecision(APPROVAL_ID, { store, tasks, now: () => DELIVERED_AT });

    // Assess
    expect(page.statusCode).toBe(200);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(again).toBe('already-delivered');
    expect(tasks.calls).toEqual([expectedCall, expectedCall]);
    expect(store.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ deliveredAt: DELIVERED_AT.toISOString(), deliveryOutcome: 'accepted' }));
  });

  it('reports a delivery that fails again, so that SQS delivers the message again', async () => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord({ status: 'APPROVED', decidedAt: DECIDED_AT }));
    const tasks = new RecordingTaskDecisions(undefined, 1);
    const errors: Record<string, unknown>[] = [];

    // Act
    const first = await deliverDecisions([{ messageId: 'm-1', body: JSON.stringify({ approvalId: APPROVAL_ID }) }], { store, tasks, log: { info: () => {}, warn: () => {}, error: (_message, fields = {}) => void errors.push(fields) } });
    const second = await deliverDecisions([{ messageId: 'm-1', body: JSON.stringify({ approvalId: APPROVAL_ID }) }], { store, tasks });

    // Assess
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(second).toEqual({ batchItemFailures: [] });
    expect(store.records.get(APPROVAL_ID)?.deliveryOutcome).toBe('accepted');
    expect(JSON.stringify(errors)).not.toContain('TASK-TOKEN-SECRET');
  });

  it.each([
    ['TaskTimedOut' as const],
    ['TaskDoesNotExist' as const],
    ['InvalidToken' as const],
  ])('stops delivering once the execution is gone (%s), recording why', async (reason) => {
    // Prepare
    const store = new InMemoryApprovalStore(pendingRecord({ status: 'REJECTED', decidedAt: DECIDED_AT }));

    // Act
    const outcome = await deliverDecision(APPROVAL_ID, { store, tasks: new RecordingTaskDecisions(reason), now: () => DELIVERED_AT });

    // Assess
    expect(outcome).toBe('gone');
    expect(store.records.get(APPROVAL_ID)).toEqual(expect.objectContaining({ deliveredAt: DELIVERED_AT.toISOString(), deliveryOutcome: 'gone' }));
  });

  it.each([
    ['an unknown approval', new InMemoryApprovalStore(), 'unknown'],
    ['an undecided approval', new InMemoryApprovalStore(pendingRecord()), 'not-decided'],
  ])('sends nothing for %s', async (_label, store, expected) => {
    // Prepare
    const tasks = new RecordingTaskDecisions();

    // Act
    const outcome = await deliverDecision(APPROVAL_ID, { store, tasks });

    // Assess
    expect(outcome).toBe(expected);
    expect(tasks.calls).toEqual([]);
  });

  it('reports a message that names no approval, so that it ends in the dead-letter queue', async () => {
    // Act
    const response = await deliverDecisions([{ messageId: 'm-bad', body: 'not json' }], { store: new InMemoryApprovalStore(), tasks: new RecordingTaskDecisions() });

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
  });
});
