/**
 * Durable mode end to end: an order above the approval threshold waits for the manager, the runtime stops, a new one
 * starts on the same state directory, and the link mailed before the stop still approves the order. The execution
 * comes back from its history; its callback Task runs again with the same task token (at least once), and the
 * approval record and the stock, in DynamoDB, were kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOrderStack, type OrderStack } from '../support/order-stack';

const START_TIMEOUT_MS = 150_000;

describe('durable mode: a waiting approval survives a restart of the runtime', () => {
  let stateDir: string;
  const stacks: OrderStack[] = [];

  beforeAll(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'durable-approval-'));
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('approves, after a restart on the same directory, through the link mailed before it: CONFIRMED, charged once, stock right', async () => {
    // Prepare: an order of 2 × 60.00 (above the 100.00 threshold) waiting for the manager.
    const first = await startOrderStack({ name: 'durable-approval', stateDir });
    stacks.push(first);
    await first.seedProduct('durable-1-desk', 10, 6_000);
    const placed = await first.postOrder({ orderId: 'durable-1', customer: { email: 'durable-1@example.org' }, items: [{ productId: 'durable-1-desk', quantity: 2 }], paymentToken: 'tok_ok' });
    expect(placed.status).toBe(202);
    const executionArn = String(placed.body.executionArn);
    const { link } = await first.managerMailFor('durable-1');
    expect((await first.getOrder('durable-1')).body).toEqual(expect.objectContaining({ status: 'AWAITING_APPROVAL' }));

    // Act: stop, start again on the same directory, and open the old link on the new runtime (its port is another
    // free one here; `npm start` keeps 4566, so there the link is used as mailed).
    await first.close();
    stacks.pop();
    const second = await startOrderStack({ name: 'durable-approval', stateDir });
    stacks.push(second);
    const oldLink = new URL(link);
    const relinked = `${second.apiUrl}${oldLink.pathname.slice(oldLink.pathname.indexOf('/approvals/'))}${oldLink.search}`;
    const { answer } = await second.decideThroughLink(relinked, 'approve');
    const execution = await second.waitForEnd(executionArn);

    // Assess
    expect(answer.status).toBe(200);
    expect({ status: execution.status, error: execution.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
    expect((await second.getOrder('durable-1')).body).toEqual(expect.objectContaining({ status: 'CONFIRMED', totalCents: 12_000 }));
    expect(await second.chargesFor('durable-1')).toEqual([expect.objectContaining({ orderId: 'durable-1', amountCents: 12_000 })]);
    expect(await second.stockOf('durable-1-desk')).toBe(8);
  }, START_TIMEOUT_MS * 2);
});
