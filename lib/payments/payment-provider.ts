/**
 * The payment-provider port. Its shape follows real card APIs: an amount in minor units, a tokenised payment method
 * (never a card number), and an idempotency key with which the provider recognises a retried request and answers
 * with the charge it already made instead of charging again (as Stripe's `Idempotency-Key` header does:
 * https://docs.stripe.com/api/idempotent_requests).
 */

export interface ChargeRequest {
  /** The business key of the payment; the order id, so every retry of one order's payment carries the same key. */
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** A token standing for the payment method; never logged. */
  readonly paymentToken: string;
}

export interface Charge {
  readonly chargeId: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly createdAt: string;
}

/** What compensation asks: give back whatever was charged under this key. */
export interface RefundRequest {
  /** The key the charge was made with: the order id. */
  readonly idempotencyKey: string;
  readonly orderId: string;
}

export interface Refund {
  readonly refundId: string;
  readonly chargeId: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly refundedAt: string;
}

export interface PaymentProvider {
  /** Charges once per idempotency key. Throws PaymentDeclined (permanent) or PaymentFailed (transient). */
  charge(request: ChargeRequest): Promise<Charge>;
  /**
   * Refunds the charge held under the request's idempotency key, once however often it is asked (a second call answers
   * the first refund), or answers undefined when the provider holds no charge for that key. Throws PaymentFailed
   * (transient). Real providers do the same with a refund keyed on the payment (Stripe: `POST /v1/refunds` with
   * the payment intent and an Idempotency-Key).
   */
  refund(request: RefundRequest): Promise<Refund | undefined>;
}
