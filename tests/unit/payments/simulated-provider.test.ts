import { PaymentDeclined, PaymentFailed } from '../../../lib/payments/errors';
import type { Charge, ChargeRequest, Refund } from '../../../lib/payments/payment-provider';
import { chargeIdFor, createSimulatedProvider, LATE_ANSWER_MARGIN_MS, refundIdFor, type AttemptLog, type ChargeLedger } from '../../../lib/payments/simulated-provider';

/** Memory doubles with the DynamoDB adapters' semantics: one ledger entry per charge id, attempts counted per key. */
function fakes(remainingTimeMs = 6_000) {
  const ledger = new Map<string, Charge & { refundId?: string; refundedAt?: string }>();
  const counts = new Map<string, number>();
  const sleeps: number[] = [];
  const ledgerPort: ChargeLedger = {
    async recordOnce(charge) {
      if (!ledger.has(charge.chargeId)) ledger.set(charge.chargeId, charge);
      return ledger.get(charge.chargeId) as Charge;
    },
    async refundOnce(chargeId, refundId, refundedAt) {
      const stored = ledger.get(chargeId);
      if (!stored) return undefined;
      if (!stored.refundId) ledger.set(chargeId, { ...stored, refundId, refundedAt });
      const refunded = ledger.get(chargeId) as Charge & { refundId: string; refundedAt: string };
      return { refundId: refunded.refundId, chargeId, orderId: refunded.orderId, amountCents: refunded.amountCents, currency: refunded.currency, refundedAt: refunded.refundedAt } satisfies Refund;
    },
  };
  const attempts: AttemptLog = {
    async nextAttempt(key) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts.get(key) as number;
    },
  };
  const provider = createSimulatedProvider({
    ledger: ledgerPort,
    attempts,
    remainingTimeMs: () => remainingTimeMs,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => new Date('2025-01-02T03:04:05.000Z'),
  });
  return { ledger, sleeps, provider };
}

const request = (paymentToken: string, orderId = 'o-1'): ChargeRequest => ({ idempotencyKey: orderId, orderId, amountCents: 2999, currency: 'USD', paymentToken });

describe('the simulated payment provider', () => {
  it('charges tok_ok once, recording the charge in the ledger', async () => {
    // Prepare
    const { ledger, provider } = fakes();

    // Act
    const charge = await provider.charge(request('tok_ok'));

    // Assess
    expect(charge).toEqual({ chargeId: chargeIdFor('o-1'), orderId: 'o-1', amountCents: 2999, currency: 'USD', createdAt: '2025-01-02T03:04:05.000Z' });
    expect([...ledger.values()]).toEqual([charge]);
  });

  it.each([
    ['tok_declined', 'The card was declined (test token tok_declined)'],
    ['tok_unknown', 'The payment method is not recognised (unknown token)'],
  ])('declines %s permanently and records nothing', async (token, message) => {
    // Prepare
    const { ledger, provider } = fakes();

    // Act
    const act = provider.charge(request(token));

    // Assess
    await expect(act).rejects.toThrow(PaymentDeclined);
    await expect(act).rejects.toMatchObject({ name: 'PaymentDeclined', message });
    expect(ledger.size).toBe(0);
  });

  it('fails tok_flaky transiently on the first attempt for an order, then charges', async () => {
    // Prepare
    const { ledger, provider } = fakes();

    // Act
    const first = await provider.charge(request('tok_flaky')).catch((error: Error) => error);
    const ledgerAfterFirst = ledger.size;
    const second = await provider.charge(request('tok_flaky'));
    const otherOrder = await provider.charge(request('tok_flaky', 'o-2')).catch((error: Error) => error);

    // Assess
    expect(first).toBeInstanceOf(PaymentFailed);
    expect((first as Error).name).toBe('PaymentFailed');
    expect(ledgerAfterFirst).toBe(0);
    expect(second.chargeId).toBe(chargeIdFor('o-1'));
    expect(otherOrder).toBeInstanceOf(PaymentFailed);
    expect(ledger.size).toBe(1);
  });

  it('charges tok_timeout at once but answers its first attempt only after the Lambda deadline', async () => {
    // Prepare
    const { ledger, sleeps, provider } = fakes(5_500);

    // Act
    const first = await provider.charge(request('tok_timeout'));
    const second = await provider.charge(request('tok_timeout'));

    // Assess
    expect(sleeps).toEqual([5_500 + LATE_ANSWER_MARGIN_MS]);
    expect(second).toEqual(first);
    expect(ledger.size).toBe(1);
  });

  it('charges tok_charge_then_timeout on the first attempt and answers every attempt after the Lambda deadline', async () => {
    // Prepare
    const { ledger, sleeps, provider } = fakes(5_500);

    // Act
    const first = await provider.charge(request('tok_charge_then_timeout'));
    const second = await provider.charge(request('tok_charge_then_timeout'));

    // Assess
    expect(sleeps).toEqual([5_500 + LATE_ANSWER_MARGIN_MS, 5_500 + LATE_ANSWER_MARGIN_MS]);
    expect(second).toEqual(first);
    expect(ledger.size).toBe(1);
  });

  it('refunds the charge held under a key once, however often asked, and nothing for a key never charged', async () => {
    // Prepare
    const { ledger, provider } = fakes();
    await provider.charge(request('tok_ok'));

    // Act
    const refunds = [await provider.refund({ idempotencyKey: 'o-1', orderId: 'o-1' }), await provider.refund({ idempotencyKey: 'o-1', orderId: 'o-1' })];
    const nothing = await provider.refund({ idempotencyKey: 'o-2', orderId: 'o-2' });

    // Assess
    expect(refunds[0]).toEqual({ refundId: refundIdFor('o-1'), chargeId: chargeIdFor('o-1'), orderId: 'o-1', amountCents: 2999, currency: 'USD', refundedAt: '2025-01-02T03:04:05.000Z' });
    expect(refunds[1]).toEqual(refunds[0]);
    expect(nothing).toBeUndefined();
    expect([...ledger.values()]).toEqual([expect.objectContaining({ chargeId: chargeIdFor('o-1'), refundId: refundIdFor('o-1') })]);
  });

  it('replays a charge for a repeated idempotency key instead of charging again', async () => {
    // Prepare
    const { ledger, provider } = fakes();

    // Act
    const charges = await Promise.all([provider.charge(request('tok_ok')), provider.charge(request('tok_ok'))]);

    // Assess
    expect(charges[1]).toEqual(charges[0]);
    expect(ledger.size).toBe(1);
  });

  it('derives distinct, stable charge ids from idempotency keys', () => {
    // Act / Assess
    expect(chargeIdFor('o-1')).toMatch(/^ch_[0-9a-f]{24}$/);
    expect(chargeIdFor('o-1')).toBe(chargeIdFor('o-1'));
    expect(chargeIdFor('o-1')).not.toBe(chargeIdFor('o-2'));
  });
});
