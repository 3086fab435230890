/**
 * The ProcessPayment step's logic: check the request, charge through the provider port with the order id as the
 * idempotency key. The Lambda wraps it in Powertools idempotency (keyed on the same order id), so a retry after a
 * success replays the stored answer without calling the provider at all.
 */
import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../orders/order-id';
import { InvalidPaymentRequest } from './errors';
import type { Charge, PaymentProvider, Refund } from './payment-provider';

export const paymentRequestSchema = z.object({
  orderId: z.string().regex(ORDER_ID_PATTERN),
  amountCents: z.int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paymentToken: z.string().min(1).max(255),
});

export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

/** Throws InvalidPaymentRequest, PaymentDeclined or PaymentFailed; the token never appears in an error message. */
export async function takePayment(event: unknown, provider: PaymentProvider): Promise<Charge> {
  const parsed = paymentRequestSchema.safeParse(event);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'event'))];
    throw new InvalidPaymentRequest(`Invalid payment request: ${fields.join(', ')}`);
  }
  const { orderId, amountCents, currency, paymentToken } = parsed.data;
  return provider.charge({ idempotencyKey: orderId, orderId, amountCents, currency, paymentToken });
}

export const refundRequestSchema = z.object({ orderId: z.string().regex(ORDER_ID_PATTERN) });

/** What the refund step answers: whether a charge was given back, and which. */
export interface RefundOutcome {
  readonly orderId: string;
  readonly refunded: boolean;
  readonly refund?: Refund;
}

/**
 * Compensation's first step: give back any charge the provider holds under the order's idempotency key. It runs for
 * every failed payment, whatever the error said, because only the provider knows whether an attempt that timed out
 * charged. Idempotent through the provider (one refund per charge). Throws InvalidPaymentRequest or PaymentFailed.
 */
export async function refundPayment(event: unknown, provider: PaymentProvider): Promise<RefundOutcome> {
  const parsed = refundRequestSchema.safeParse(event);
  if (!parsed.success) throw new InvalidPaymentRequest('Invalid refund request: orderId');
  const { orderId } = parsed.data;
  const refund = await provider.refund({ idempotencyKey: orderId, orderId });
  return refund ? { orderId, refunded: true, refund } : { orderId, refunded: false };
}
