/**
 * Manager approval on the offline runtime, end to end through the public surfaces: an order above the approval
 * threshold is POSTed to the API, the workflow marks it AWAITING_APPROVAL and sends the approval request to the queue
 * (`sqs:sendMessage.waitForTaskToken`), the consumer records it and mails the manager (read back at `GET /_aws/ses`,
 * as on LocalStack), and the test acts as the manager's browser: it opens the link (GET), then submits the page's
 * form with its hidden fields and cookie (POST). Real ASL, real handlers, real DynamoDB engine.
 *
 * The 24 h approval wait is cut to a few seconds with the runtime's task timeout override, so the ASL is unchanged.
 */
import { startOrderStack, type OrderStack } from '../support/order-stack';
import { defined } from '../support/defined';

/** Packaging (osls + esbuild) plus worker start-up; generous for a shared CI machine. */
const START_TIMEOUT_MS = 150_000;
/** How long the approval task waits here instead of 24 h: room for a cold start of three functions, then a decision. */
const APPROVAL_TIMEOUT_SECONDS = 20;
const DECISION_TEST_TIMEOUT_MS = 60_000;
const EXPIRY_TEST_TIMEOUT_MS = APPROVAL_TIMEOUT_SECONDS * 1000 + 60_000;
const STATE_MACHINE = 'sfn-reference-local-order-processing';
const WAIT_STATE = "Wait for the manager's decision";

interface ApprovalItem {
  approvalId: string;
  status: string;
  taskToken: string;
  expiresAt: string;
  order: { orderId: string; totalCents: number };
}

describe('manager approval on the offline runtime', () => {
  let stack: OrderStack;

  beforeAll(async () => {
    // APPROVAL_TEST_LOG=<file> keeps the runtime's log (function output, failed executions) for a failing run.
    stack = await startOrderStack({
      name: 'approvals',
      logFileVariable: 'APPROVAL_TEST_LOG',
      taskTimeoutOverrides: { [`${STATE_MACHINE}/${WAIT_STATE}`]: APPROVAL_TIMEOUT_SECONDS },
      waitForEndTimeoutMs: 45_000,
    });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.close();
  });

  const approvalsFor = async (orderId: string): Promise<ApprovalItem[]> => (await stack.scanWhere(defined(stack.runtime.outputs.ApprovalsTableName, 'the ApprovalsTableName output'), ['order', 'orderId'], orderId)) as unknown as ApprovalItem[];

  const enteredStates = async (executionArn: string): Promise<string[]> =>
    (await stack.historyOf(executionArn)).filter((event) => event.type?.endsWith('StateEntered')).map((event) => String(event.stateEnteredEventDetails?.name));

  /** POSTs an order of `quantity` units of a fresh product at 60.00 each (2 units: 120.00, above the 100.00 threshold). */
  const placeLargeOrder = async (orderId: string, quantity = 2): Promise<{ executionArn: string; productId: string }> => {
    const productId = `${orderId}-desk`;
    await stack.seedProduct(productId, 10, 6_000);
    const response = await stack.postOrder({ orderId, customer: { email: `${orderId}@example.org` }, items: [{ productId, quantity }], paymentToken: 'tok_ok' });
    expect(response.status).toBe(202);
    const executionArn = String(response.body.executionArn);
    return { executionArn, productId };
  };

  const managerMailFor = (orderId: string) => stack.managerMailFor(orderId);
  const decide = (link: string, decision: 'approve' | 'reject') => stack.decideThroughLink(link, decision);

  it('declares the approvals table and the approval queue as stack outputs', () => {
    // Assess
    expect(stack.runtime.outputs).toEqual(
      expect.objectContaining({
        ApprovalsTableName: 'sfn-reference-local-approvals',
        ApprovalQueueUrl: expect.stringMatching(/^http:\/\/.+\/000000000000\/sfn-reference-local-approvals$/),
      }),
    );
  });

  it('holds an order above the threshold for the manager, mails a signed link without the task token, and charges it once approved', async () => {
    // Prepare
    const { executionArn, productId } = await placeLargeOrder('approve-1');

    // Act: the request reaches the manager
    const { mail, link } = await managerMailFor('approve-1');
    const { body: waiting } = await stack.getOrder('approve-1');
    const approval = defined((await approvalsFor('approve-1'))[0], 'the approval record');

    // Assess: waiting for a decision, stock held, nothing charged, the token only in the table
    expect(waiting).toEqual(expect.objectContaining({ orderId: 'approve-1', status: 'AWAITING_APPROVAL', reason: null }));
    expect(await approvalsFor('approve-1')).toHaveLength(1);
    expect(approval).toEqual(expect.objectContaining({ status: 'PENDING', order: expect.objectContaining({ orderId: 'approve-1', totalCents: 12_000 }) }));
    expect(approval.taskToken.length).toBeGreaterThan(0);
    expect(mail.Subject).toBe('Approval needed: order approve-1 (120.00 USD)');
    const url = new URL(link);
    expect(url.pathname.endsWith(`/approvals/${approval.approvalId}`)).toBe(true);
    expect([...url.searchParams.keys()].sort()).toEqual(['expires', 'signature']);
    expect(Number(url.searchParams.get('expires'))).toBe(Math.floor(Date.parse(approval.expiresAt) / 1000));
    for (const part of [link, mail.Body?.text_part ?? '', mail.Body?.html_part ?? '']) {
      expect(part.includes(approval.taskToken) || part.includes(encodeURIComponent(approval.taskToken))).toBe(false);
    }
    expect(await stack.stockOf(productId)).toBe(8);
    expect(await stack.chargesFor('approve-1')).toEqual([]);

    // Act: the manager opens the link and approves
    const { page, answer } = await decide(link, 'approve');
    const execution = await stack.waitForEnd(executionArn);

    // Assess
    expect([page.status, answer.status]).toEqual([200, 200]);
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
    expect((await stack.getOrder('approve-1')).body).toEqual(expect.objectContaining({ status: 'CONFIRMED', reason: null, totalCents: 12_000 }));
    expect(await stack.chargesFor('approve-1')).toEqual([expect.objectContaining({ orderId: 'approve-1', amountCents: 12_000 })]);
    expect(await stack.stockOf(productId)).toBe(8);
    expect((await approvalsFor('approve-1')).map((item) => item.status)).toEqual(['APPROVED']);
    expect(await enteredStates(executionArn)).toEqual(expect.arrayContaining(['Mark the order awaiting approval', WAIT_STATE, 'Take payment', 'Order confirmed']));
  }, DECISION_TEST_TIMEOUT_MS);

  it('releases the stock of an order the manager rejects and ends it REJECTED with ApprovalRejected, uncharged', async () => {
    // Prepare
    const { executionArn, productId } = await placeLargeOrder('reject-1', 3);
    const { link } = await managerMailFor('reject-1');
    expect(await stack.stockOf(productId)).toBe(7);

    // Act
    const { answer } = await decide(link, 'reject');
    const execution = await stack.waitForEnd(executionArn);

    // Assess
    expect(answer.status).toBe(200);
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'ApprovalRejected' });
    expect((await stack.getOrder('reject-1')).body).toEqual(expect.objectContaining({ status: 'REJECTED', reason: expect.stringMatching(/^ApprovalRejected: /) }));
    expect(await stack.stockOf(productId)).toBe(10);
    expect(await stack.chargesFor('reject-1')).toEqual([]);
    expect((await approvalsFor('reject-1')).map((item) => item.status)).toEqual(['REJECTED']);
    expect((await enteredStates(executionArn)).slice(-4)).toEqual(['Release the stock held for approval', 'Record why the order was not approved', 'Approval expired?', 'Order not approved']);
  }, DECISION_TEST_TIMEOUT_MS);

  it('releases the stock of an order nobody decides on in time, ends it FAILED with ApprovalExpired and tells the customer', async () => {
    // Prepare
    const { executionArn, productId } = await placeLargeOrder('expire-1');
    await managerMailFor('expire-1');

    // Act
    const execution = await stack.waitForEnd(executionArn, EXPIRY_TEST_TIMEOUT_MS - 10_000);
    const customerMails = await stack.mailsTo('expire-1@example.org');

    // Assess
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'ApprovalExpired' });
    expect(execution.cause).toMatch(/^No manager decided on approval [0-9a-f-]{36} within 86400 seconds$/);
    expect((await stack.getOrder('expire-1')).body).toEqual(expect.objectContaining({ status: 'FAILED', reason: expect.stringMatching(/^ApprovalExpired: /) }));
    expect(await stack.stockOf(productId)).toBe(10);
    expect(await stack.chargesFor('expire-1')).toEqual([]);
    expect(customerMails).toHaveLength(1);
    expect(customerMails[0]?.Subject).toBe('Your order expire-1 could not be completed');
    expect(customerMails[0]?.Body?.text_part).toContain('You have not been charged');
    expect((await enteredStates(executionArn)).slice(-3)).toEqual(['Approval expired?', 'Tell the customer the approval expired', 'Order not approved']);
  }, EXPIRY_TEST_TIMEOUT_MS);
});
