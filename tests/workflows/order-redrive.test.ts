/**
 * The order workflow's redrivable failures, on its real ASL (statemachines/order-processing.asl.json) in the engine
 * with fake integrations that count every call: a fulfilment step that fails after the payment (SES down for the
 * confirmation email, DynamoDB down for the confirmation) ends the execution FAILED; once the dependency is back, a
 * redrive runs only that step: the card is charged once and the other fulfilment step is not repeated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StatesError } from '../../local/engine/errors';
import { startExecution } from '../../local/engine/execution';
import type { TaskIntegrations, TaskRequest } from '../../local/engine/ports';
import type { StateMachineDefinition } from '../../local/engine/types';
import { acceleratedClock } from '../../local/platform/clock';

/**
 * Time 10,000 times faster: Retry backoffs take a millisecond or so, and Take payment's 8 s TimeoutSeconds still
 * outlasts the fake's immediate answer (a clock that ends every sleep at once would time it out).
 */
const FAST = acceleratedClock(10_000);
const FUNCTION = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** The ASL with its placeholders filled as the runtime fills them (names, not intrinsics). */
function orderDefinition(): StateMachineDefinition {
  const text = readFileSync(path.join(__dirname, '../../statemachines/order-processing.asl.json'), 'utf8');
  const values: Record<string, string> = {
    ValidateOrderFunctionArn: FUNCTION('validate-order'),
    ProcessPaymentFunctionArn: FUNCTION('process-payment'),
    RefundPaymentFunctionArn: FUNCTION('refund-payment'),
    InventoryTableName: 'inventory',
    OrdersTableName: 'orders',
    ApprovalQueueUrl: 'http://localhost/000000000000/approvals',
  };
  return JSON.parse(text.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name] ?? `unknown-${name}`)) as StateMachineDefinition;
}

const PRICED_ORDER = {
  orderId: 'order-42',
  customer: { email: 'ada@example.org' },
  items: [{ productId: 'mug', name: 'Enamel mug', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 }],
  totalCents: 2500,
  currency: 'EUR',
  approval: { required: false },
  confirmationEmail: { from: 'shop@example.org', to: 'ada@example.org' },
};

/** Every side effect of the workflow, counted; `down` names the dependencies that fail until repaired. */
function orderServices() {
  const calls = { charges: 0, refunds: 0, releases: 0, emailsSent: 0, emailAttempts: 0, confirmations: 0, reservations: 0 };
  const down = new Set<'ses' | 'orders-table' | 'payment-provider'>();
  const integrations: TaskIntegrations = {
    invoke: async ({ resource, parameters }: TaskRequest) => {
      const args = parameters as Record<string, unknown>;
      if (resource.service === 'lambda') {
        if (args.FunctionName === FUNCTION('validate-order')) return { Payload: PRICED_ORDER, StatusCode: 200 };
        if (args.FunctionName === FUNCTION('refund-payment')) {
          if (down.has('payment-provider')) throw new StatesError('PaymentFailed', JSON.stringify({ errorType: 'PaymentFailed', errorMessage: 'provider unavailable' }));
          calls.refunds += 1;
          return { Payload: { refunded: false }, StatusCode: 200 };
        }
        calls.charges += 1;
        return { Payload: { chargeId: 'ch_order-42', amountCents: 2500 }, StatusCode: 200 };
      }
      if (resource.action === 'transactWriteItems') {
        const update = (args.TransactItems as Array<{ Update: { UpdateExpression: string } }>)[0]?.Update.UpdateExpression ?? '';
        if (update.includes('+')) calls.releases += 1;
        else calls.reservations += 1;
        return {};
      }
      if (resource.action === 'sendEmail') {
        calls.emailAttempts += 1;
        if (down.has('ses')) throw new StatesError('SesV2.SesV2Exception', 'Service Unavailable');
        calls.emailsSent += 1;
        return { MessageId: `m-${calls.emailsSent}` };
      }
      if (resource.action === 'updateItem') {
        if (down.has('orders-table')) throw new StatesError('DynamoDB.InternalServerErrorException', 'Internal server error');
        const status = (args.ExpressionAttributeValues as Record<string, { S?: string }>)[':status']?.S;
        if (status === 'CONFIRMED') calls.confirmations += 1;
        return {};
      }
      throw new StatesError('States.Runtime', `unexpected resource ${resource.arn}`);
    },
  };
  return { calls, down, integrations };
}

const order = { orderId: 'order-42', customer: { email: 'ada@example.org' }, items: [{ productId: 'mug', quantity: 2 }], paymentToken: 'tok_ok' };

describe('redriving the order workflow after a fulfilment failure', () => {
  it('sends only the confirmation email when SES was down: charged once, confirmed once, one email', async () => {
    // Prepare: SES stays down through the email's retries.
    const { calls, down, integrations } = orderServices();
    down.add('ses');
    const execution = startExecution(orderDefinition(), { clock: FAST, integrations, input: order, name: 'order-42' });
    const failed = await execution.done;
    expect(failed).toMatchObject({ status: 'FAILED', error: 'SesV2.SesV2Exception' });
    expect(calls).toMatchObject({ charges: 1, emailsSent: 0, emailAttempts: 5, confirmations: 1, reservations: 1 });

    // Act: SES is back; redrive.
    down.delete('ses');
    execution.redrive();
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { orderId: 'order-42', status: 'CONFIRMED', totalCents: 2500, currency: 'EUR', chargeId: 'ch_order-42' } });
    expect(calls).toEqual({ charges: 1, refunds: 0, releases: 0, emailsSent: 1, emailAttempts: 6, confirmations: 1, reservations: 1 });
  });

  it('writes only the confirmation when the orders table was down: the email already sent is not sent again', async () => {
    // Prepare
    const { calls, down, integrations } = orderServices();
    down.add('orders-table');
    const execution = startExecution(orderDefinition(), { clock: FAST, integrations, input: order, name: 'order-42' });
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'DynamoDB.InternalServerErrorException' });
    expect(calls).toMatchObject({ charges: 1, emailsSent: 1, confirmations: 0 });

    // Act
    down.delete('orders-table');
    execution.redrive();
    const outcome = await execution.done;

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(calls).toEqual({ charges: 1, refunds: 0, releases: 0, emailsSent: 1, emailAttempts: 1, confirmations: 1, reservations: 1 });
  });

  it('fails again, charging nothing, when redriven after a declined payment (a business outcome ending in a Fail state)', async () => {
    // Prepare
    const { calls, integrations } = orderServices();
    const declining: TaskIntegrations = {
      invoke: async (request) => {
        if ((request.parameters as { FunctionName?: string }).FunctionName === FUNCTION('process-payment')) {
          calls.charges += 1;
          throw new StatesError('PaymentDeclined', JSON.stringify({ errorType: 'PaymentDeclined', errorMessage: 'Card declined' }));
        }
        return integrations.invoke(request);
      },
    };
    const execution = startExecution(orderDefinition(), { clock: FAST, integrations: declining, input: order, name: 'order-42' });
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });

    // Act
    execution.redrive();
    const outcome = await execution.done;

    // Assess: only the Fail state ran again: no second charge, refund or release.
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(calls).toMatchObject({ charges: 1, refunds: 1, releases: 1 });
  });

  it('finishes the compensation when the refund failed while the provider was down: refunded once, stock released once', async () => {
    // Prepare: a declined payment, and the provider down through every retry of the refund.
    const { calls, down, integrations } = orderServices();
    const declining: TaskIntegrations = {
      invoke: async (request) => {
        if ((request.parameters as { FunctionName?: string }).FunctionName === FUNCTION('process-payment')) {
          calls.charges += 1;
          throw new StatesError('PaymentDeclined', JSON.stringify({ errorType: 'PaymentDeclined', errorMessage: 'Card declined' }));
        }
        return integrations.invoke(request);
      },
    };
    down.add('payment-provider');
    const execution = startExecution(orderDefinition(), { clock: FAST, integrations: declining, input: order, name: 'order-42' });
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'PaymentFailed' });
    expect(calls).toMatchObject({ charges: 1, refunds: 0, releases: 0 });

    // Act
    down.delete('payment-provider');
    execution.redrive();
    const outcome = await execution.done;

    // Assess: the designed outcome, reached now: the order ends PaymentDeclined, compensated once.
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(calls).toMatchObject({ charges: 1, refunds: 1, releases: 1 });
  });
});
