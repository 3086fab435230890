/**
 * Order processing on the offline runtime, end to end and through the public surfaces only: orders are POSTed to the
 * API (ApiUrl from the stack outputs), inventory is seeded and checked through @aws-sdk/client-dynamodb, executions are
 * inspected through @aws-sdk/client-sfn, and sent mail through the SES capture endpoint (`GET /_aws/ses`, as on
 * LocalStack). Real ASL, real handlers, real DynamoDB engine.
 */
import { ListExecutionsCommand, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { startOrderStack, type OrderStack } from '../support/order-stack';

/** Packaging (osls + esbuild) plus worker start-up; generous for a shared CI machine. */
const START_TIMEOUT_MS = 150_000;
/** One order takes well under a second, except the retried payments (tok_timeout waits out a 4 s Lambda timeout). */
const ORDER_TIMEOUT_MS = 60_000;
const CONCURRENCY_TIMEOUT_MS = 180_000;
/** Six payment attempts of 6 s each (every one times out) plus their backoff, then compensation. */
const REFUND_TIMEOUT_MS = 120_000;

interface OrderBody {
  orderId: string;
  customer: { email: string };
  items: { productId: string; quantity: number }[];
  paymentToken: string;
}

const order = (orderId: string, items: OrderBody['items'], paymentToken = 'tok_ok'): OrderBody => ({
  orderId,
  customer: { email: `${orderId}@example.org` },
  items,
  paymentToken,
});

describe('order processing on the offline runtime', () => {
  let stack: OrderStack;

  beforeAll(async () => {
    // ORDERS_TEST_LOG=<file> keeps the runtime's log (function output, failed executions) for a failing run.
    stack = await startOrderStack({ name: 'orders', logFileVariable: 'ORDERS_TEST_LOG', waitForEndTimeoutMs: ORDER_TIMEOUT_MS });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.close();
  });

  /** POSTs the order, expects 202 and waits for its execution to end. */
  const placeAndWait = async (body: OrderBody, timeoutMs?: number): Promise<{ accepted: Record<string, unknown>; execution: DescribeExecutionCommandOutput }> => {
    const accepted = await stack.postOrder(body);
    expect(accepted.status).toBe(202);
    return { accepted: accepted.body, execution: await stack.waitForEnd(String(accepted.body.executionArn), timeoutMs) };
  };

  it('declares the API and the order resources as stack outputs', () => {
    // Assess
    expect(stack.runtime.outputs).toEqual(
      expect.objectContaining({
        ApiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/restapis\/[a-z0-9]+\/local\/_user_request_$/),
        OrderStateMachineArn: `arn:aws:states:${stack.runtime.region}:000000000000:stateMachine:sfn-reference-local-order-processing`,
        OrderStateMachineAliasArn: `arn:aws:states:${stack.runtime.region}:000000000000:stateMachine:sfn-reference-local-order-processing:live`,
        InventoryTableName: 'sfn-reference-local-inventory',
        OrdersTableName: 'sfn-reference-local-orders',
        PaymentsTableName: 'sfn-reference-local-payments',
      }),
    );
  });

  it('confirms an order: stock taken, charged once, one email, exactly 8 state transitions', async () => {
    // Prepare
    await stack.seedProduct('happy-mug', 10, 1250);
    await stack.seedProduct('happy-tea', 3, 499);
    const body = order('happy-1', [
      { productId: 'happy-mug', quantity: 2 },
      { productId: 'happy-tea', quantity: 1 },
    ]);

    // Act
    const { accepted, execution } = await placeAndWait(body);
    const status = await stack.getOrder('happy-1');
    const history = await stack.historyOf(String(execution.executionArn));

    // Assess
    // POST /orders starts through the `live` alias, which the deploy pointed at the first published version.
    expect(execution).toMatchObject({
      stateMachineAliasArn: stack.runtime.outputs.OrderStateMachineAliasArn,
      stateMachineVersionArn: `${stack.runtime.outputs.OrderStateMachineArn}:1`,
    });
    expect(accepted).toEqual({
      orderId: 'happy-1',
      executionArn: `arn:aws:states:${stack.runtime.region}:000000000000:execution:sfn-reference-local-order-processing:happy-1`,
      statusUrl: `${stack.apiUrl}/orders/happy-1`,
    });
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
    expect(JSON.parse(execution.output ?? '{}')).toEqual({ orderId: 'happy-1', status: 'CONFIRMED', totalCents: 2999, currency: 'USD', chargeId: expect.stringMatching(/^ch_/) });
    expect(status).toEqual({ status: 200, body: expect.objectContaining({ orderId: 'happy-1', status: 'CONFIRMED', reason: null, totalCents: 2999 }) });
    expect([await stack.stockOf('happy-mug'), await stack.stockOf('happy-tea')]).toEqual([8, 2]);
    expect(await stack.chargesFor('happy-1')).toEqual([{ orderId: 'happy-1', chargeId: expect.stringMatching(/^ch_/), amountCents: 2999 }]);
    const mails = await stack.mailsTo('happy-1@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.Subject).toBe('Your order happy-1 is confirmed');
    expect(mails[0]?.Body?.text_part).toContain('Total: 29.99 USD');
    const entered = history.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    // What Standard bills: Validate, Reserve, the Choice, Take payment, the Parallel, its two branch states, Succeed.
    expect(entered).toHaveLength(8);
    expect(entered).toEqual(expect.arrayContaining(['Validate the order', 'Reserve stock', 'Needs manager approval?', 'Take payment', 'Fulfil the order', 'Mark the order confirmed', 'Send the confirmation email', 'Order confirmed']));
  }, ORDER_TIMEOUT_MS);

  it.each([
    [
      'every invalid field',
      { orderId: 'bad id!', customer: { email: 'not-an-email' }, items: [{ productId: 'happy-mug', quantity: 0 }], paymentToken: '' },
      ['orderId', 'customer.email', 'items[0].quantity', 'paymentToken'],
    ],
    ['a missing items list', { orderId: 'no-items', customer: { email: 'a@example.org' }, paymentToken: 'tok_ok' }, ['items']],
    ['an empty items list', { orderId: 'empty-items', customer: { email: 'a@example.org' }, items: [], paymentToken: 'tok_ok' }, ['items']],
    ['a fractional quantity', order('fraction', [{ productId: 'happy-mug', quantity: 1.5 }]), ['items[0].quantity']],
    ['a quantity over 1000', order('too-many', [{ productId: 'happy-mug', quantity: 1001 }]), ['items[0].quantity']],
  ])('answers 400 listing %s', async (_label, body, fields) => {
    // Act
    const answer = await stack.postOrder(body);

    // Assess
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual([...fields].sort());
  });

  it('names the unknown product in its 400 answer', async () => {
    // Act
    const answer = await stack.postOrder(order('ghost-order', [{ productId: 'ghost-product', quantity: 1 }]));

    // Assess
    expect(answer).toEqual({ status: 400, body: { message: 'Invalid order', errors: [{ field: 'items[0].productId', message: 'unknown product ghost-product' }] } });
  });

  it('answers 400 for a body that is not JSON and 413 for one over 256 KiB', async () => {
    // Act
    const notJson = await stack.postOrder('{"orderId": ');
    const tooLarge = await stack.postOrder({ ...order('huge', [{ productId: 'happy-mug', quantity: 1 }]), padding: 'x'.repeat(256 * 1024) });

    // Assess
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('not valid JSON') }]);
    expect(tooLarge.status).toBe(413);
  });

  it.each([
    ['an unknown product', { orderId: 'direct-ghost', customer: { email: 'x@example.org' }, items: [{ productId: 'ghost-product', quantity: 1 }], paymentToken: 'tok_ok' }, 'unknown product ghost-product'],
    ['a malformed order', { orderId: 'direct-bad', customer: {}, items: [], paymentToken: 'tok_ok' }, 'customer.email'],
  ])('rejects %s that reaches the workflow without the API: REJECTED with OrderRejected', async (_label, input, expected) => {
    // Act
    const { executionArn } = await stack.sfn.send(new StartExecutionCommand({ stateMachineArn: stack.runtime.outputs.OrderStateMachineArn, name: input.orderId, input: JSON.stringify(input) }));
    const execution = await stack.waitForEnd(executionArn ?? '');
    const status = await stack.getOrder(input.orderId);

    // Assess
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'OrderRejected' });
    expect(execution.cause).toContain(expected);
    expect(status.body).toEqual(expect.objectContaining({ orderId: input.orderId, status: 'REJECTED', reason: expect.stringMatching(/^OrderRejected: /) }));
  }, ORDER_TIMEOUT_MS);

  it('rejects an order it cannot fill with OutOfStock and reserves nothing', async () => {
    // Prepare
    await stack.seedProduct('short-a', 5);
    await stack.seedProduct('short-b', 1);

    // Act
    const { execution } = await placeAndWait(order('short-1', [
      { productId: 'short-a', quantity: 2 },
      { productId: 'short-b', quantity: 3 },
    ]));
    const status = await stack.getOrder('short-1');

    // Assess
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'OutOfStock' });
    expect(status.body).toEqual(expect.objectContaining({ status: 'REJECTED', reason: expect.stringMatching(/^OutOfStock: /) }));
    expect([await stack.stockOf('short-a'), await stack.stockOf('short-b')]).toEqual([5, 1]);
    expect(await stack.chargesFor('short-1')).toEqual([]);
  }, ORDER_TIMEOUT_MS);

  it('releases the stock of a declined payment and ends FAILED with PaymentDeclined', async () => {
    // Prepare
    await stack.seedProduct('declined-a', 5);

    // Act
    const { execution } = await placeAndWait(order('declined-1', [{ productId: 'declined-a', quantity: 2 }], 'tok_declined'));
    const status = await stack.getOrder('declined-1');
    const history = await stack.historyOf(String(execution.executionArn));

    // Assess
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(JSON.parse(execution.cause ?? '{}')).toEqual(expect.objectContaining({ errorType: 'PaymentDeclined' }));
    expect(status.body).toEqual(expect.objectContaining({ status: 'FAILED', reason: expect.stringMatching(/^PaymentDeclined: /) }));
    expect(await stack.stockOf('declined-a')).toBe(5);
    expect(await stack.chargesFor('declined-1')).toEqual([]);
    const entered = history.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    expect(entered.slice(-3)).toEqual(['Release the reserved stock', 'Mark the order failed', 'Payment did not go through']);
  }, ORDER_TIMEOUT_MS);

  it.each([
    ['tok_flaky', 'fails transiently once'],
    ['tok_timeout', 'charges but answers after the Lambda timed out'],
  ])('retries a payment that %s and charges exactly once', async (token) => {
    // Prepare
    const orderId = `retried-${token.replace('tok_', '')}`;
    await stack.seedProduct(`${orderId}-p`, 4);

    // Act
    const { execution } = await placeAndWait(order(orderId, [{ productId: `${orderId}-p`, quantity: 1 }], token));
    const history = await stack.historyOf(String(execution.executionArn));

    // Assess
    expect({ status: execution.status, error: execution.error, cause: execution.cause }).toEqual({ status: 'SUCCEEDED', error: undefined, cause: undefined });
    const paymentAttempts = history.filter((event) => event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.parameters?.includes('"paymentToken"'));
    expect(paymentAttempts.length).toBeGreaterThanOrEqual(2);
    expect(await stack.chargesFor(orderId)).toHaveLength(1);
    expect(await stack.stockOf(`${orderId}-p`)).toBe(3);
    expect((await stack.getOrder(orderId)).body.status).toBe('CONFIRMED');
  }, ORDER_TIMEOUT_MS);

  it('refunds a payment the provider charged but never confirmed on any attempt, then releases the stock: FAILED with one charge and one refund', async () => {
    // Prepare
    await stack.seedProduct('refund-a', 4, 1999);

    // Act
    const { execution } = await placeAndWait(order('refund-1', [{ productId: 'refund-a', quantity: 2 }], 'tok_charge_then_timeout'), REFUND_TIMEOUT_MS - 10_000);
    const history = await stack.historyOf(String(execution.executionArn));
    const entered = history.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    const paymentFailures = history
      .filter((event) => event.type === 'TaskFailed' || event.type === 'TaskTimedOut')
      .map((event) => event.taskFailedEventDetails?.error ?? event.taskTimedOutEventDetails?.error);

    // Assess
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'FAILED', error: 'PaymentFailed' });
    expect((await stack.getOrder('refund-1')).body).toEqual(expect.objectContaining({ status: 'FAILED', reason: expect.stringMatching(/^PaymentFailed: /) }));
    expect(await stack.chargesFor('refund-1')).toEqual([{ orderId: 'refund-1', chargeId: expect.stringMatching(/^ch_/), amountCents: 3998 }]);
    expect(await stack.refundsFor('refund-1')).toEqual([{ orderId: 'refund-1', chargeId: expect.stringMatching(/^ch_/), refundId: expect.stringMatching(/^re_/), amountCents: 3998 }]);
    expect(await stack.stockOf('refund-a')).toBe(4);
    // Every attempt timed out (middy's guard, the platform or the Task's TimeoutSeconds), and each was retried.
    expect(paymentFailures.length).toBeGreaterThanOrEqual(6);
    expect(paymentFailures.every((error) => ['TimeoutError', 'Lambda.Unknown', 'Sandbox.Timedout', 'States.Timeout'].includes(String(error)))).toBe(true);
    expect(entered.slice(-4)).toEqual(['Refund any charge taken', 'Release the reserved stock', 'Mark the order failed', 'Payment did not go through']);
  }, REFUND_TIMEOUT_MS);

  it('starts one execution and charges once for the same POST sent twice; another body with that orderId is 409', async () => {
    // Prepare
    await stack.seedProduct('twice-a', 5);
    const body = order('twice-1', [{ productId: 'twice-a', quantity: 1 }]);

    // Act
    const first = await stack.postOrder(body);
    const second = await stack.postOrder(body);
    await stack.waitForEnd(String(first.body.executionArn));
    const third = await stack.postOrder(body);
    const conflicting = await stack.postOrder({ ...body, items: [{ productId: 'twice-a', quantity: 2 }] });
    const executions = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.runtime.outputs.OrderStateMachineArn, maxResults: 1000 }));

    // Assess
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    expect(conflicting.status).toBe(409);
    expect(executions.executions?.filter((execution) => execution.name === 'twice-1')).toHaveLength(1);
    expect(await stack.chargesFor('twice-1')).toHaveLength(1);
    expect(await stack.stockOf('twice-a')).toBe(4);
  }, ORDER_TIMEOUT_MS);

  it('sells exactly the stock under 50 concurrent orders: 20 confirmed, 30 OutOfStock, none stuck', async () => {
    // Prepare
    await stack.seedProduct('rush', 20);
    const bodies = Array.from({ length: 50 }, (_, index) => order(`rush-${index}`, [{ productId: 'rush', quantity: 1 }]));

    // Act
    const answers = await Promise.all(bodies.map((body) => stack.postOrder(body)));
    const executions = await Promise.all(answers.map((answer) => stack.waitForEnd(String(answer.body.executionArn), CONCURRENCY_TIMEOUT_MS - 30_000)));
    const statuses = await Promise.all(bodies.map((body) => stack.getOrder(body.orderId)));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(202));
    for (const execution of executions.filter((candidate) => candidate.status !== 'SUCCEEDED' && candidate.error !== 'OutOfStock')) {
      stack.logs.push(`Unexpected outcome of ${execution.name}: ${execution.status} ${execution.error} ${execution.cause}`);
    }
    const tally = (values: string[]) => values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
    expect(tally(executions.map((execution) => `${execution.status}${execution.error ? `:${execution.error}` : ''}`))).toEqual({ SUCCEEDED: 20, 'FAILED:OutOfStock': 30 });
    expect(tally(statuses.map((status) => String(status.body.status)))).toEqual({ CONFIRMED: 20, REJECTED: 30 });
    expect(await stack.stockOf('rush')).toBe(0);
  }, CONCURRENCY_TIMEOUT_MS);
});
