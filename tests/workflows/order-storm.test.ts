/**
 * The order saga under load and faults, as users would drive it: 300 orders from 30 concurrent clients, with every
 * test payment token, duplicate POSTs, conflicting bodies, orders above the approval threshold that the manager
 * approves or rejects through the mailed link (some decided twice with a replayed form, some whose approval request
 * is delivered twice), and payments that charge and then never answer. Real ASL, real handlers, embedded DynamoDB;
 * no mocks. Once every client is done, the test checks the money and stock invariants on the tables themselves.
 *
 * `npx jest tests/workflows/order-storm.test.ts` prints the figures README quotes (STORM_TEST_LOG=<file> keeps the
 * runtime's log).
 */
import { ListExecutionsCommand, DescribeExecutionCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { defined } from '../support/defined';
import { MANAGER, startOrderStack, type OrderStack } from '../support/order-stack';

const START_TIMEOUT_MS = 150_000;
const STORM_TIMEOUT_MS = 240_000;
const ORDERS = 300;
const CLIENTS = 30;
/** How long a client waits for its order to settle; the slowest (every payment attempt times out) takes about a minute. */
const SETTLE_TIMEOUT_MS = 90_000;
const POLL_MS = 500;

type Kind = 'ok' | 'limited' | 'approve' | 'reject' | 'flaky' | 'declined' | 'timeout' | 'charge-then-timeout';

/** One cycle of 15 orders; two `ok` orders become `charge-then-timeout` (a payment the provider keeps and never confirms). */
const CYCLE: readonly Kind[] = ['ok', 'limited', 'approve', 'flaky', 'ok', 'declined', 'limited', 'timeout', 'ok', 'reject', 'limited', 'ok', 'flaky', 'limited', 'approve'];
const TOKENS: Readonly<Record<Kind, string>> = {
  ok: 'tok_ok',
  limited: 'tok_ok',
  approve: 'tok_ok',
  reject: 'tok_ok',
  flaky: 'tok_flaky',
  declined: 'tok_declined',
  timeout: 'tok_timeout',
  'charge-then-timeout': 'tok_charge_then_timeout',
};

const MUG = { productId: 'storm-mug', stock: 100_000, priceCents: 1250 };
const LIMITED = { productId: 'storm-limited', stock: 50, priceCents: 500 };
const DESK = { productId: 'storm-desk', stock: 100_000, priceCents: 6000 };

interface Line {
  productId: string;
  quantity: number;
}

interface PlannedOrder {
  orderId: string;
  kind: Kind;
  body: { orderId: string; customer: { email: string }; items: Line[]; paymentToken: string };
  /** POSTed twice at once; both answers must be the same. */
  duplicate: boolean;
  /** POSTed again with another body once accepted: 409. */
  conflict: boolean;
  /** Its approval request is delivered a second time (sent to the queue again) before the manager decides. */
  redeliverApproval: boolean;
  /** The manager's form is submitted again with the opposite decision: 409, nothing changes. */
  replayOpposite: boolean;
}

function plan(): PlannedOrder[] {
  return Array.from({ length: ORDERS }, (_, index) => {
    const kind: Kind = index % 150 === 0 ? 'charge-then-timeout' : defined(CYCLE[index % CYCLE.length], 'a kind in the cycle');
    const orderId = `storm-${String(index).padStart(3, '0')}-${kind}`;
    const items: Line[] =
      kind === 'limited'
        ? [{ productId: LIMITED.productId, quantity: 1 }, { productId: MUG.productId, quantity: 1 }]
        : kind === 'approve' || kind === 'reject'
          ? [{ productId: DESK.productId, quantity: 2 }]
          : [{ productId: MUG.productId, quantity: (index % 3) + 1 }];
    return {
      orderId,
      kind,
      body: { orderId, customer: { email: `${orderId}@example.org` }, items, paymentToken: TOKENS[kind] },
      duplicate: index % 6 === 1,
      conflict: index % 10 === 3,
      redeliverApproval: (kind === 'approve' || kind === 'reject') && index % 2 === 0,
      replayOpposite: kind === 'approve' && index % 4 === 2,
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items` with at most `limit` at a time: the clients. */
async function withClients<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by every client: each `for…of` step takes the item no other client has taken.
  const pending = items.values();
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (const item of pending) await work(item);
    }),
  );
}

const priceOf = (items: readonly Line[]): number =>
  items.reduce((sum, line) => sum + line.quantity * [MUG, LIMITED, DESK].find((product) => product.productId === line.productId)!.priceCents, 0);

describe('the order saga in a storm of orders, duplicates, conflicts, decisions and faults', () => {
  let stack: OrderStack;
  let sqs: SQSClient;

  beforeAll(async () => {
    stack = await startOrderStack({ name: 'storm', logFileVariable: 'STORM_TEST_LOG' });
    sqs = new SQSClient({ endpoint: stack.runtime.url, region: stack.runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    sqs?.destroy();
    await stack?.close();
  });

  const scanAll = async (table: string): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await stack.dynamodb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start);
    return items;
  };

  it('keeps every invariant: money only for confirmed orders, stock exact, one execution each, no 5xx, nothing stuck', async () => {
    // Prepare
    const started = Date.now();
    for (const product of [MUG, LIMITED, DESK]) await stack.seedProduct(product.productId, product.stock, product.priceCents);
    const orders = plan();
    const statuses: { what: string; status: number }[] = [];
    const violations: string[] = [];
    const figures = { posts: 0, duplicates: 0, conflicts: 0, decisions: 0, replayedDecisions: 0, redeliveredRequests: 0 };
    const check = (ok: boolean, violation: string) => {
      if (!ok) violations.push(violation);
    };

    // Act: 30 clients, each placing orders one after another, deciding the ones that need a manager
    const phases = new Map<string, string>();
    const progress = setInterval(() => {
      const tally = [...phases.values()].reduce<Record<string, number>>((counts, phase) => ({ ...counts, [phase]: (counts[phase] ?? 0) + 1 }), {});
      process.stderr.write(`storm progress ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(tally)} ${[...phases.entries()].filter(([, phase]) => phase !== 'done').slice(0, 5).map(([id, phase]) => `${id}=${phase}`).join(' ')}\n`);
    }, 15_000);
    await withClients(orders, CLIENTS, async (order) => {
      phases.set(order.orderId, 'post');
      const posts = await Promise.all((order.duplicate ? [order.body, order.body] : [order.body]).map((body) => stack.postOrder(body)));
      figures.posts += posts.length;
      for (const answer of posts) statuses.push({ what: `POST /orders ${order.orderId}`, status: answer.status });
      check(posts.every((answer) => answer.status === 202), `${order.orderId}: POST answered ${posts.map((answer) => answer.status).join(', ')}`);
      if (order.duplicate) {
        figures.duplicates += 1;
        check(JSON.stringify(defined(posts[0], 'the first POST').body) === JSON.stringify(defined(posts[1], 'the duplicate POST').body), `${order.orderId}: a duplicate POST was answered differently`);
      }
      if (order.conflict) {
        figures.conflicts += 1;
        const conflicting = await stack.postOrder({ ...order.body, items: order.body.items.map((line) => ({ ...line, quantity: line.quantity + 1 })) });
        statuses.push({ what: `POST /orders ${order.orderId} (conflicting)`, status: conflicting.status });
        check(conflicting.status === 409, `${order.orderId}: a conflicting body was answered ${conflicting.status}`);
      }

      if (order.kind === 'approve' || order.kind === 'reject') {
        phases.set(order.orderId, 'mail');
        const { link } = await stack.managerMailFor(order.orderId, { timeoutMs: 90_000, intervalMs: POLL_MS });
        if (order.redeliverApproval) {
          // SQS delivers at least once: the same request again, as the queue would redeliver it.
          const [approval] = await stack.scanWhere(defined(stack.runtime.outputs.ApprovalsTableName, 'the ApprovalsTableName output'), ['order', 'orderId'], order.orderId);
          const { approvalId, taskToken, order: summary, expiresAt } = approval as Record<string, unknown>;
          await sqs.send(new SendMessageCommand({ QueueUrl: stack.runtime.outputs.ApprovalQueueUrl, MessageBody: JSON.stringify({ taskToken, approvalId, order: summary, expiresAt }) }));
          figures.redeliveredRequests += 1;
        }
        phases.set(order.orderId, 'decide');
        const decision = await stack.decideThroughLink(link, order.kind === 'approve' ? 'approve' : 'reject');
        figures.decisions += 1;
        statuses.push({ what: `GET approval page ${order.orderId}`, status: decision.page.status }, { what: `POST decision ${order.orderId}`, status: decision.answer.status });
        check(decision.answer.status === 200, `${order.orderId}: the decision was answered ${decision.answer.status}`);
        if (order.replayOpposite) {
          const replayed = await decision.replay('reject');
          figures.replayedDecisions += 1;
          statuses.push({ what: `POST replayed decision ${order.orderId}`, status: replayed.status });
          check(replayed.status === 409, `${order.orderId}: the opposite decision replayed was answered ${replayed.status}`);
        }
      }

      // The client waits for its execution to end (DescribeExecution, cheap), then reads its order once through the API.
      phases.set(order.orderId, 'settle');
      const executionArn = String(defined(posts[0], 'the first POST').body.executionArn);
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      while ((await stack.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING' && Date.now() < deadline) await sleep(POLL_MS);
      phases.set(order.orderId, 'read');
      const view = await stack.getOrder(order.orderId).catch((error: Error) => ({ status: 0, body: { error: error.message } }));
      statuses.push({ what: `GET /orders/${order.orderId}`, status: view.status });
      check(view.status === 200, `${order.orderId}: GET /orders answered ${view.status} ${JSON.stringify(view.body)}`);
      phases.set(order.orderId, 'done');
    });
    clearInterval(progress);
    process.stderr.write(`storm clients done after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);

    // Let the approval queue drain (the redelivered requests), then read everything back.
    const queueEmpty = async () => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.runtime.outputs.ApprovalQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0;
    };
    for (let waited = 0; !(await queueEmpty()) && waited < 30_000; waited += 250) await sleep(250);
    const executions: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.runtime.outputs.OrderStateMachineArn, maxResults: 1000, nextToken }));
      executions.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const payments = await scanAll(defined(stack.runtime.outputs.PaymentsTableName, 'the PaymentsTableName output'));
    const orderRecords = new Map((await scanAll(defined(stack.runtime.outputs.OrdersTableName, 'the OrdersTableName output'))).map((record) => [String(record.orderId), record]));
    const managerMails = await stack.mailsTo(MANAGER);
    const runSeconds = (Date.now() - started) / 1000;

    // Assess: every invariant, over every order, counted as violations so that one run reports them all
    let invariants = 0;
    const invariant = (ok: boolean, violation: string) => {
      invariants += 1;
      check(ok, violation);
    };
    const stormOrderIds = new Set(orders.map((order) => order.orderId));
    for (const charge of payments.filter((item) => stormOrderIds.has(String(item.orderId)))) {
      const record = orderRecords.get(String(charge.orderId));
      invariant(record?.status === 'CONFIRMED' || typeof charge.refundId === 'string', `charge ${String(charge.chargeId)} of ${String(charge.orderId)} kept for a ${String(record?.status)} order`);
      invariant(!(record?.status === 'CONFIRMED' && typeof charge.refundId === 'string'), `charge of confirmed ${String(charge.orderId)} was refunded`);
    }
    for (const order of orders) {
      const record = orderRecords.get(order.orderId);
      const charges = payments.filter((item) => item.orderId === order.orderId);
      const runs = executions.filter((execution) => execution.name === order.orderId);
      invariant(runs.length === 1, `${order.orderId}: ${runs.length} executions`);
      invariant(runs.every((execution) => execution.status !== 'RUNNING'), `${order.orderId}: still RUNNING`);
      invariant(['CONFIRMED', 'REJECTED', 'FAILED'].includes(String(record?.status)), `${order.orderId}: stuck at ${String(record?.status)}`);
      invariant(charges.length <= 1, `${order.orderId}: charged ${charges.length} times`);
      if (record?.status === 'CONFIRMED') invariant(charges.length === 1 && charges[0]?.amountCents === priceOf(order.body.items), `${order.orderId}: confirmed without exactly one charge of its total`);
      const expected: Partial<Record<Kind, string[]>> = {
        ok: ['CONFIRMED'],
        flaky: ['CONFIRMED'],
        timeout: ['CONFIRMED'],
        approve: ['CONFIRMED'],
        limited: ['CONFIRMED', 'REJECTED'],
        reject: ['REJECTED'],
        declined: ['FAILED'],
        'charge-then-timeout': ['FAILED'],
      };
      invariant((expected[order.kind] ?? []).includes(String(record?.status)), `${order.orderId} (${order.kind}): ended ${String(record?.status)} ${String(record?.reason ?? '')}`);
      if (order.kind === 'charge-then-timeout') invariant(charges.length === 1 && typeof charges[0]?.refundId === 'string', `${order.orderId}: not charged once and refunded`);
      if (order.kind === 'approve' || order.kind === 'reject') {
        const mails = managerMails.filter((mail) => mail.Subject?.includes(`order ${order.orderId} `));
        invariant(mails.length === 1, `${order.orderId}: the manager was mailed ${mails.length} times`);
      }
    }
    const confirmedUnits = (productId: string) =>
      orders
        .filter((order) => orderRecords.get(order.orderId)?.status === 'CONFIRMED')
        .flatMap((order) => order.body.items)
        .filter((line) => line.productId === productId)
        .reduce((sum, line) => sum + line.quantity, 0);
    for (const product of [MUG, LIMITED, DESK]) {
      const stock = await stack.stockOf(product.productId);
      invariant(stock === product.stock - confirmedUnits(product.productId), `${product.productId}: stock ${stock}, expected ${product.stock - confirmedUnits(product.productId)}`);
    }
    invariant(confirmedUnits(LIMITED.productId) === LIMITED.stock, `${LIMITED.productId}: ${confirmedUnits(LIMITED.productId)} units sold of ${LIMITED.stock} with more asked for`);
    const serverErrors = statuses.filter((answer) => answer.status >= 500);
    invariant(serverErrors.length === 0, `5xx answers: ${serverErrors.map((answer) => `${answer.what} ${answer.status}`).join('; ')}`);
    invariant(await queueEmpty(), 'the approval queue did not drain');

    const outcomes = [...orderRecords.values()].filter((record) => stormOrderIds.has(String(record.orderId))).reduce<Record<string, number>>((tally, record) => {
      const key = `${String(record.status)}${record.reason ? `:${String(record.reason).split(':')[0]}` : ''}`;
      return { ...tally, [key]: (tally[key] ?? 0) + 1 };
    }, {});
    const timeoutOrders = orders.filter((order) => order.kind === 'timeout');
    console.log(
      [
        `Storm: ${ORDERS} orders from ${CLIENTS} concurrent clients in ${runSeconds.toFixed(1)} s`,
        `  requests: ${figures.posts} order POSTs (${figures.duplicates} duplicated), ${figures.conflicts} conflicting bodies, ${statuses.length} HTTP answers in all`,
        `  manager: ${figures.decisions} decisions through the mailed link, ${figures.replayedDecisions} replayed with the opposite choice, ${figures.redeliveredRequests} approval requests delivered twice`,
        `  faults: ${timeoutOrders.length} tok_timeout, ${orders.filter((order) => order.kind === 'flaky').length} tok_flaky, ${orders.filter((order) => order.kind === 'charge-then-timeout').length} tok_charge_then_timeout`,
        `  outcomes: ${JSON.stringify(outcomes)}`,
        `  charges: ${payments.filter((item) => stormOrderIds.has(String(item.orderId))).length} (refunded ${payments.filter((item) => stormOrderIds.has(String(item.orderId)) && typeof item.refundId === 'string').length})`,
        `  invariants checked: ${invariants}; violations: ${violations.length}`,
      ].join('\n'),
    );
    for (const violation of violations) stack.logs.push(`Storm violation: ${violation}`);
    if (violations.length > 0) {
      // Name the executions behind the first violations, for a failing run.
      for (const order of orders.filter((candidate) => violations.some((violation) => violation.includes(candidate.orderId))).slice(0, 5)) {
        const execution = executions.find((candidate) => candidate.name === order.orderId);
        if (execution?.executionArn) {
          const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
          stack.logs.push(`Storm: ${order.orderId} ${described.status} ${described.error ?? ''} ${described.cause ?? ''}`);
        }
      }
    }
    expect(violations).toEqual([]);
    expect(timeoutOrders.every((order) => orderRecords.get(order.orderId)?.status === 'CONFIRMED')).toBe(true);
  }, STORM_TIMEOUT_MS);
});
