import { OrderConflict, ValidationError } from '../../../lib/orders/errors';
import type { OrderInput } from '../../../lib/orders/order-input';
import type { OrderRecord, OrderStore } from '../../../lib/orders/order-record';
import { executionArnFor, type OrderWorkflow } from '../../../lib/orders/order-workflow';
import { placeOrder } from '../../../lib/orders/place-order';
import type { ProductCatalog } from '../../../lib/orders/pricing';

const machineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:orders';

/** In-memory doubles with the adapters' semantics: conditional create, one execution per name. */
function fakes() {
  const records = new Map<string, OrderRecord>();
  const executions = new Map<string, OrderInput>();
  const orders: OrderStore = {
    async createPending(record) {
      const existing = records.get(record.orderId);
      if (existing) return existing;
      records.set(record.orderId, record);
      return undefined;
    },
    get: async (orderId) => records.get(orderId),
  };
  const workflow: OrderWorkflow = {
    executionArnFor: (orderId) => executionArnFor(machineArn, orderId),
    async start(order) {
      if (!executions.has(order.orderId)) executions.set(order.orderId, order);
    },
  };
  const catalog: ProductCatalog = { findProducts: async (ids) => new Map(ids.filter((id) => id !== 'ghost').map((id) => [id, { productId: id, name: id, priceCents: 100, stock: 5 }])) };
  return { records, executions, dependencies: { orders, workflow, catalog, now: () => new Date('2025-01-02T03:04:05.000Z') } };
}

const body = { orderId: 'o-1', customer: { email: 'ada@example.org' }, items: [{ productId: 'mug', quantity: 1 }], paymentToken: 'tok_ok' };

describe('placeOrder', () => {
  it('records the order PENDING with its execution ARN, then starts the execution named after it', async () => {
    // Prepare
    const { records, executions, dependencies } = fakes();

    // Act
    const accepted = await placeOrder(body, dependencies);

    // Assess
    const executionArn = 'arn:aws:states:us-east-1:000000000000:execution:orders:o-1';
    expect(accepted).toEqual({ orderId: 'o-1', executionArn });
    expect(records.get('o-1')).toEqual({ orderId: 'o-1', status: 'PENDING', requestHash: expect.stringMatching(/^[0-9a-f]{64}$/), executionArn, createdAt: '2025-01-02T03:04:05.000Z' });
    expect([...executions.keys()]).toEqual(['o-1']);
  });

  it.each([
    ['the same body', body],
    ['the same body with keys reordered and an unknown field', { paymentToken: 'tok_ok', items: [{ quantity: 1, productId: 'mug' }], customer: { email: 'ada@example.org' }, orderId: 'o-1', note: 'x' }],
  ])('answers a repeat with %s as the first time, starting nothing new', async (_label, repeat) => {
    // Prepare
    const { executions, dependencies } = fakes();
    const first = await placeOrder(body, dependencies);

    // Act
    const second = await placeOrder(repeat, dependencies);

    // Assess
    expect(second).toEqual(first);
    expect(executions.size).toBe(1);
  });

  it('refuses the same orderId with a different body as a conflict', async () => {
    // Prepare
    const { executions, dependencies } = fakes();
    await placeOrder(body, dependencies);

    // Act
    const act = placeOrder({ ...body, items: [{ productId: 'mug', quantity: 2 }] }, dependencies);

    // Assess
    await expect(act).rejects.toThrow(OrderConflict);
    await expect(act).rejects.toThrow('Order o-1 already exists with a different body');
    expect(executions.get('o-1')?.items).toEqual([{ productId: 'mug', quantity: 1 }]);
  });

  it.each([
    ['an invalid body', { ...body, items: [] }, 'items'],
    ['an unknown product', { ...body, items: [{ productId: 'ghost', quantity: 1 }] }, 'items[0].productId'],
  ])('writes and starts nothing for %s', async (_label, invalid, field) => {
    // Prepare
    const { records, executions, dependencies } = fakes();

    // Act
    const act = placeOrder(invalid, dependencies);

    // Assess
    await expect(act).rejects.toThrow(ValidationError);
    await expect(act).rejects.toMatchObject({ issues: [expect.objectContaining({ field })] });
    expect([records.size, executions.size]).toEqual([0, 0]);
  });
});

describe('executionArnFor', () => {
  it('turns a state machine ARN and a name into the execution ARN Step Functions will give', () => {
    // Act / Assess
    expect(executionArnFor('arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:orders-dev', 'o-9')).toBe('arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:orders-dev:o-9');
  });

  it('gives the same execution ARN for the alias or version ARN the API starts through', () => {
    // Act / Assess
    expect(executionArnFor('arn:aws:states:us-east-1:123456789012:stateMachine:orders-dev:live', 'o-9')).toBe('arn:aws:states:us-east-1:123456789012:execution:orders-dev:o-9');
    expect(executionArnFor('arn:aws:states:us-east-1:123456789012:stateMachine:orders-dev:3', 'o-9')).toBe('arn:aws:states:us-east-1:123456789012:execution:orders-dev:o-9');
  });

  it('refuses an ARN that is not a state machine', () => {
    // Act / Assess
    expect(() => executionArnFor('arn:aws:lambda:us-east-1:1:function:f', 'x')).toThrow('Not a state machine ARN: arn:aws:lambda:us-east-1:1:function:f');
  });
});
