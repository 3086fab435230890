/**
 * Durable mode end to end: an order above the approval threshold waits for the manager, the runtime stops, a new one
 * starts on the same state directory, and the link mailed before the stop still approves the order. The execution
 * comes back from its history; its callback Task runs again with the same task token (at least once), and the
 * approval record and the stock, in DynamoDB, were kept. Once after a normal stop, once after a kill -9 of the runtime
 * process, where nothing was closed or flushed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MANAGER, startOrderStack, startOrderStackProcess, type OrderStack } from '../support/order-stack';

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

  it('approves after a kill -9 of the runtime process, through the link mailed before it, and the manager got one mail only', async () => {
    // Prepare: an order of 3 × 50.00 (above the 100.00 threshold) waiting for the manager, in a child process.
    const killDir = mkdtempSync(path.join(tmpdir(), 'durable-approval-kill-'));
    try {
      const first = await startOrderStackProcess({ name: 'durable-approval-kill', stateDir: killDir });
      stacks.push(first);
      await first.seedProduct('durable-2-chair', 10, 5_000);
      const placed = await first.postOrder({ orderId: 'durable-2', customer: { email: 'durable-2@example.org' }, items: [{ productId: 'durable-2-chair', quantity: 3 }], paymentToken: 'tok_ok' });
      expect(placed.status).toBe(202);
      const executionArn = String(placed.body.executionArn);
      const { link } = await first.managerMailFor('durable-2');
      const approvalTasksBefore = (await first.historyOf(executionArn)).filter((event) => event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resource === 'sendMessage.waitForTaskToken').length;

      // Act: kill -9, start again on the same directory, open the old link on the new runtime.
      await first.kill();
      const second = await startOrderStackProcess({ name: 'durable-approval-kill', stateDir: killDir });
      stacks.push(second);
      const oldLink = new URL(link);
      const relinked = `${second.apiUrl}${oldLink.pathname.slice(oldLink.pathname.indexOf('/approvals/'))}${oldLink.search}`;
      const { answer } = await second.decideThroughLink(relinked, 'approve');
      const execution = await second.waitForEnd(executionArn);
      // The approval request the resumed task sent again is consumed (the queue drains) before the mail is counted.
      const sqs = new SQSClient({ endpoint: second.runtime.url, region: second.runtime.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const queueUrl = second.runtime.outputs.ApprovalQueueUrl;
      let queued = '?';
      for (const deadline = Date.now() + 30_000; queued !== '0/0' && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
        queued = `${Attributes.ApproximateNumberOfMessages}/${Attributes.ApproximateNumberOfMessagesNotVisible}`;
      }
      sqs.destroy();
      const approvalTasks = (await second.historyOf(executionArn)).filter((event) => event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resource === 'sendMessage.waitForTaskToken').length;
      const managerMails = (await second.mailsTo(MANAGER)).filter((mail) => mail.Subject?.includes('order durable-2 '));

      // Assess
      expect(answer.status).toBe(200);
      expect({ status: execution.status, error: execution.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
      expect((await second.getOrder('durable-2')).body).toEqual(expect.objectContaining({ status: 'CONFIRMED', totalCents: 15_000 }));
      expect(await second.chargesFor('durable-2')).toEqual([expect.objectContaining({ orderId: 'durable-2', amountCents: 15_000 })]);
      expect(await second.stockOf('durable-2-chair')).toBe(7);
      // The approval task ran again after the kill (at least once) and sent its request again; the one-mail rule held.
      expect([approvalTasksBefore, approvalTasks, queued]).toEqual([1, 2, '0/0']);
      expect(managerMails).toHaveLength(1);
    } finally {
      for (const stack of stacks.splice(0)) await stack.close().catch(() => undefined);
      rmSync(killDir, { recursive: true, force: true });
    }
  }, START_TIMEOUT_MS * 2);
});
