/**
 * Manager approval in a real browser, as a manager does it: the order above the threshold goes through the real API,
 * the manager opens the local inbox, opens the approval mail, follows its link, reads the order and clicks Approve;
 * the waiting execution resumes and ends SUCCEEDED. Then what must never work: a replayed decision, a tampered link,
 * and a GET (a mail scanner opening the link) changing anything.
 * `UPDATE_SCREENSHOTS=1` also writes the approval page's picture to docs/images/approval-page.png (for the README).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { openBrowser, type BrowserSession } from '../support/browser';
import { eventually, startOrderStack, type OrderStack, type PollOptions } from '../support/order-stack';

const START_TIMEOUT_MS = 180_000;
jest.setTimeout(60_000);

const SCREENSHOT_FILE = path.resolve(__dirname, '../../docs/images/approval-page.png');
/** This suite polls every 200 ms. */
const POLL: PollOptions = { intervalMs: 200 };

describe('manager approval in a browser', () => {
  let stack: OrderStack;
  let browser: BrowserSession;
  let executionArn: string;
  let approvalUrl: string;
  /** The hidden fields of the form the manager submitted (link signature, CSRF token), for the replay. */
  let submittedForm: Record<string, string>;
  const orderId = 'e2e-approval-1';

  const approvalStatus = async (): Promise<string | undefined> => {
    const { Items = [] } = await stack.dynamodb.send(new ScanCommand({ TableName: stack.runtime.outputs.ApprovalsTableName }));
    return Items.find((item) => item.order?.M?.orderId?.S === orderId)?.status?.S;
  };
  const executionStatus = async () => (await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  const orderStatus = async () =>
    (await stack.dynamodb.send(new GetItemCommand({ TableName: stack.runtime.outputs.OrdersTableName, Key: { orderId: { S: orderId } }, ConsistentRead: true }))).Item?.status?.S;
  const decisionEvents = async () =>
    (await stack.historyOf(executionArn)).filter((event) => event.type === 'TaskSucceeded' && event.taskSucceededEventDetails?.resource === 'sendMessage.waitForTaskToken');

  beforeAll(async () => {
    browser = await openBrowser({ javaScriptEnabled: false, viewport: { width: 900, height: 760 } });
    stack = await startOrderStack({ name: 'approval-e2e' });
    await stack.seedProduct('espresso-machine', 5, 149900, 'Espresso machine');
    const response = await stack.postOrder({ orderId, customer: { email: 'ana.lima@example.com' }, items: [{ productId: 'espresso-machine', quantity: 1 }], paymentToken: 'tok_ok' });
    expect(response.status).toBe(202);
    executionArn = String(response.body.executionArn);
    await eventually('the approval request', async () => ((await approvalStatus()) === 'PENDING' ? true : undefined), POLL);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('takes the manager from the inbox to the approval page, which shows the order and changes nothing', async () => {
    // Prepare
    const page = browser.page;
    await page.goto(`${stack.runtime.url}/_runtime/inbox`);
    await eventually('the approval mail in the inbox', async () => {
      await page.reload();
      return (await page.getByRole('link', { name: `Approval needed: order ${orderId}` }).count()) > 0 ? true : undefined;
    }, POLL);

    // Act: open the mail, follow its link, then open the page again as a mail scanner would.
    await page.getByRole('link', { name: `Approval needed: order ${orderId}` }).click();
    await page.frameLocator('iframe[title="HTML part of the message"]').getByRole('link', { name: 'Review the order' }).click();
    await page.waitForURL(/\/approvals\//);
    approvalUrl = page.url();
    await page.reload();
    const screenshot = await page.screenshot({ fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(path.dirname(SCREENSHOT_FILE), { recursive: true });
      writeFileSync(SCREENSHOT_FILE, screenshot);
    }

    // Assess
    expect(approvalUrl).toMatch(/\/approvals\/[^/?]+\?expires=\d+&signature=[A-Za-z0-9_-]+$/);
    expect(await page.title()).toBe(`Approve order ${orderId}? · Order approvals`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Espresso machine');
    expect(text).toContain('ana.lima@example.com');
    expect(text).toMatch(/1,499\.00/);
    expect(await page.locator('button[name=decision][value=approve]').count()).toBe(1);
    expect(await page.locator('button[name=decision][value=reject]').count()).toBe(1);
    expect(await approvalStatus()).toBe('PENDING');
    expect(await executionStatus()).toBe('RUNNING');
    expect(await orderStatus()).toBe('AWAITING_APPROVAL');
  });

  it('refuses a tampered link with a 403 page', async () => {
    // Prepare
    const tampered = approvalUrl.replace(/signature=([A-Za-z0-9_-])/, (_match, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`);

    // Act
    const response = await browser.page.goto(tampered);

    // Assess
    expect(response?.status()).toBe(403);
    expect(await browser.page.locator('button[name=decision]').count()).toBe(0);
    expect(await approvalStatus()).toBe('PENDING');
  });

  it('approves on the click: a confirmation page, then the order is paid and confirmed', async () => {
    // Prepare
    const page = browser.page;
    await page.goto(approvalUrl);

    const hidden = page.locator('form input[type=hidden]');
    const names = await hidden.evaluateAll((inputs) => inputs.map((input) => input.getAttribute('name') ?? ''));
    submittedForm = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await page.locator(`form input[name="${name}"]`).first().inputValue()])));

    // Act
    await page.locator('button[name=decision][value=approve]').click();
    await page.waitForLoadState();

    // Assess
    expect(await page.title()).toBe(`Order ${orderId} approved · Order approvals`);
    expect(await eventually('the end of the execution', async () => ((await executionStatus()) === 'RUNNING' ? undefined : executionStatus()), POLL)).toBe('SUCCEEDED');
    expect(await orderStatus()).toBe('CONFIRMED');
    expect(await approvalStatus()).toBe('APPROVED');
  });

  it.each([
    ['the same decision', 'approve', 200],
    ['the opposite decision', 'reject', 409],
  ])('takes a decision once: replaying the form with %s shows the decision that stands and calls Step Functions no more', async (_case, decision, status) => {
    // Prepare: the very form the manager sent, with the browser's cookie.
    const page = browser.page;
    const [action = approvalUrl] = approvalUrl.split('?', 1);

    // Act
    const replay = await page.request.post(action, { form: { ...submittedForm, decision }, headers: { origin: new URL(approvalUrl).origin } });
    await page.goto(approvalUrl);

    // Assess
    expect(replay.status()).toBe(status);
    expect(await replay.text()).toContain('already approved');
    expect(await page.title()).toBe(`Order ${orderId} was already approved · Order approvals`);
    expect(await page.locator('button[name=decision]').count()).toBe(0);
    expect(await approvalStatus()).toBe('APPROVED');
    expect(await decisionEvents()).toHaveLength(1);
  });
});
