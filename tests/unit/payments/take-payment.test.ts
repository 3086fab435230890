import { InvalidPaymentRequest } from '../../../lib/payments/errors';
import type { ChargeRequest, PaymentProvider, RefundRequest } from '../../../lib/payments/payment-provider';
import { refundPayment, takePayment } from '../../../lib/payments/take-payment';

function recordingProvider() {
  const requests: ChargeRequest[] = [];
  const refunds: RefundRequest[] = [];
  const provider: PaymentProvider = {
    async charge(request) {
      requests.push(request);
      return { chargeId: 'ch_1', orderId: request.orderId, amountCents: request.amountCents, currency: request.currency, createdAt: 't' };
    },
    async refund(request) {
      refunds.push(request);
      return request.orderId === 'charged' ? { refundId: 're_1', chargeId: 'ch_1', orderId: 'charged', amountCents: 2999, currency: 'USD', refundedAt: 't' } : undefined;
    },
  };
  return { requests, refunds, provider };
}

const event = { orderId: 'o-1', amountCents: 2999, currency: 'USD', paymentToken: 'tok_secret_value' };

describe('takePayment', () => {
  it('charges with the order id as the idempotency key', async () => {
    // Prepare
    const { requests, provider } = recordingProvider();

    // Act
    const charge = await takePayment(event, provider);

    // Assess
    expect(charge).toEqual({ chargeId: 'ch_1', orderId: 'o-1', amountCents: 2999, currency: 'USD', createdAt: 't' });
    expect(requests).toEqual([{ idempotencyKey: 'o-1', orderId: 'o-1', amountCents: 2999, currency: 'USD', paymentToken: 'tok_secret_value' }]);
  });

  it.each([
    ['a zero amount', { ...event, amountCents: 0 }, 'amountCents'],
    ['a fractional amount', { ...event, amountCents: 12.5 }, 'amountCents'],
    ['a lower-case currency', { ...event, currency: 'usd' }, 'currency'],
    ['no order id', { ...event, orderId: undefined }, 'orderId'],
  ])('refuses %s without charging and without echoing the token', async (_label, invalid, field) => {
    // Prepare
    const { requests, provider } = recordingProvider();

    // Act
    const act = takePayment({ ...invalid, paymentToken: 12345 }, provider);

    // Assess
    await expect(act).rejects.toThrow(InvalidPaymentRequest);
    await expect(act).rejects.toThrow(new RegExp(`^Invalid payment request: .*${field}`));
    await expect(act).rejects.not.toThrow(/12345|tok_/);
    expect(requests).toEqual([]);
  });

  describe('refundPayment', () => {
    it.each([
      ['a charged order', 'charged', { orderId: 'charged', refunded: true, refund: expect.objectContaining({ refundId: 're_1', amountCents: 2999 }) }],
      ['an order never charged', 'never', { orderId: 'never', refunded: false }],
    ])('asks the provider to refund %s under the order id as the key', async (_label, orderId, expected) => {
      // Prepare
      const { refunds, provider } = recordingProvider();

      // Act
      const outcome = await refundPayment({ orderId }, provider);

      // Assess
      expect(outcome).toEqual(expected);
      expect(refunds).toEqual([{ idempotencyKey: orderId, orderId }]);
    });

    it('refuses a request without a valid order id with InvalidPaymentRequest, asking nothing', async () => {
      // Prepare
      const { refunds, provider } = recordingProvider();

      // Act
      const act = refundPayment({ orderId: 'bad id!' }, provider);

      // Assess
      await expect(act).rejects.toThrow(InvalidPaymentRequest);
      expect(refunds).toEqual([]);
    });
  });
});
