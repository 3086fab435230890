/**
 * Durable mode under a kill -9 with work in flight: 100 orders are accepted, the runtime process is killed with
 * SIGKILL while their executions run (Lambda tasks mid-call, payments mid-charge, retries waiting), and a runtime
 * started again on the same state directory finishes every one of them. Each Task cut short runs again (at least
 * once), so what this checks is that idempotency makes that safe: every order ends CONFIRMED with exactly one charge
 * of its total, or not confirmed with no charge kept (refunded, or never made); stock is exactly what the confirmed
 * orders took.
 */
import { ListExecutionsCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defined } from '../support/defined';
import { startOrderStackProcess, type OrderStack, type OrderStackProcess } from '../support/order-stack';

const ORDERS = 100;
/** The order kinds, in turn: payments that charge, fail once, decline, or answer after the Lambda's deadline once. */
const TOKENS = ['tok_ok', 'tok_flaky', 'tok_ok', 'tok_declined', 'tok_timeout'] as const;
const MUG = { productId: 'kill-mug', stock: 10_000, priceCents: 1250 };
/** Fewer than the orders that want one: some are rejected for stock, so a reservation released is checked too. */
const LIMITED = { productId: 'kill-limited', stock: 15, priceCents: 500 };

interface PlannedOrder {
  orderId: string;
  items: { productId: string; quantity: number }[];
  paymentToken: string;
}

const planned: PlannedOrder[] = Array.from({ length: ORDERS }, (_, index) => ({
  orderId: `kill-${String(index).padStart(3, '0')}`,
  items: index % 4 === 0 ? [{ productId: LIMITED.productId, quantity: 1 }, { productId: MUG.productId, quantity: 1 }] : [{ productId: MUG.productId, quantity: (index % 3) + 1 }],
  paymentToken: defined(TOKENS[index % TOKENS.length], 'a token'),
}));

const priceOf = (order: PlannedOrder) =>
  order.items.reduce((sum, line) => sum + line.quantity * (line.productId === MUG.productId ? MUG.priceCents : LIMITED.priceCents), 0);

async function listExecutions(stack: OrderStack): Promise<ExecutionListItem[]> {
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stack.sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.runtime.outputs.OrderStateMachineArn, maxResults: 1000, nextToken }));
    executions.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return executions.filter((execution) => execution.name?.startsWith('kill-'));
}

async function scanAll(stack: OrderStack, output: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.dynamodb.send(new ScanCommand({ TableName: defined(stack.runtime.outputs[output], output), ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return items;
}

describe('durable mode: 100 orders in flight during a kill -9 all end, with stock and charges consistent', () => {
  let stateDir: string;
  const stacks: OrderStackProcess[] = [];

  beforeAll(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'durable-kill-orders-'));
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('finishes every order after the restart: CONFIRMED with one charge of its total, or no charge kept', async () => {
    const t0 = Date.now();
    const mark = (what: string) => process.stderr.write(`${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    // Prepare: 100 orders accepted by the API, from 20 clients at once.
    const first = await startOrderStackProcess({ name: 'durable-kill-orders', stateDir, logFileVariable: 'DURABLE_KILL_TEST_LOG' });
    stacks.push(first);
    for (const product of [MUG, LIMITED]) await first.seedProduct(product.productId, product.stock, product.priceCents);
    const pending = planned.values();
    const answers: number[] = [];
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (const order of pending) answers.push((await first.postOrder({ ...order, customer: { email: `${order.orderId}@example.org` } })).status);
    }));
    mark('posted');
    const runningAtKill = (await listExecutions(first)).filter((execution) => execution.status === 'RUNNING').length;

    // Act
    mark('started');
    await first.kill();
    const second = await startOrderStackProcess({ name: 'durable-kill-orders', stateDir, logFileVariable: 'DURABLE_KILL_TEST_LOG' });
    stacks.push(second);
    mark('restarted');
    let executions = await listExecutions(second);
    for (const deadline = Date.now() + 90_000; executions.some((execution) => execution.status === 'RUNNING') && Date.now() < deadline; executions = await listExecutions(second)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    mark('all ended');
    const payments = await scanAll(second, 'PaymentsTableName');
    const records = new Map((await scanAll(second, 'OrdersTableName')).map((record) => [String(record.orderId), record]));

    // Assess
    expect(answers).toEqual(Array(ORDERS).fill(202));
    expect(runningAtKill).toBeGreaterThan(0);
    const violations: string[] = [];
    for (const order of planned) {
      const runs = executions.filter((execution) => execution.name === order.orderId);
      const record = records.get(order.orderId);
      const kept = payments.filter((charge) => charge.orderId === order.orderId && typeof charge.refundId !== 'string');
      if (runs.length !== 1 || runs[0]?.status === 'RUNNING') violations.push(`${order.orderId}: executions ${runs.map((run) => run.status).join(', ')}`);
      if (!['CONFIRMED', 'REJECTED', 'FAILED'].includes(String(record?.status))) violations.push(`${order.orderId}: order ${String(record?.status)}`);
      if (record?.status === 'CONFIRMED' && !(kept.length === 1 && kept[0]?.amountCents === priceOf(order))) violations.push(`${order.orderId}: CONFIRMED with charges ${JSON.stringify(kept)}`);
      if (record?.status !== 'CONFIRMED' && kept.length > 0) violations.push(`${order.orderId}: ${String(record?.status)} but charged ${JSON.stringify(kept)}`);
      if (payments.filter((charge) => charge.orderId === order.orderId).length > 1) violations.push(`${order.orderId}: charged more than once`);
    }
    expect(violations).toEqual([]);
    const confirmed = planned.filter((order) => records.get(order.orderId)?.status === 'CONFIRMED');
    const unitsOf = (productId: string) => confirmed.flatMap((order) => order.items).filter((line) => line.productId === productId).reduce((sum, line) => sum + line.quantity, 0);
    expect([await second.stockOf(MUG.productId), await second.stockOf(LIMITED.productId)]).toEqual([MUG.stock - unitsOf(MUG.productId), LIMITED.stock - unitsOf(LIMITED.productId)]);
    // Every kind of order ended as its payment token says: the restart changed no outcome.
    expect(planned.filter((order) => order.paymentToken === 'tok_declined' && order.items.length === 1).every((order) => records.get(order.orderId)?.status === 'FAILED')).toBe(true);
    expect(planned.filter((order) => order.paymentToken !== 'tok_declined' && order.items.length === 1).every((order) => records.get(order.orderId)?.status === 'CONFIRMED')).toBe(true);
    process.stderr.write(`durable kill: ${runningAtKill} of ${ORDERS} executions RUNNING at the kill; ${confirmed.length} CONFIRMED after the restart\n`);
  }, 240_000);
});
