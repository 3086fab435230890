/**
 * A payment provider that charges nobody, for local runs and tests, driven by test tokens the way real providers
 * publish test cards (https://docs.stripe.com/testing). It keeps a provider's promises: one charge per idempotency
 * key however often a request is retried, and every charge recorded in the ledger (the payments table).
 *
 * | token          | behaviour                                                                                        |
 * |----------------|--------------------------------------------------------------------------------------------------|
 * | `tok_ok`       | charges.                                                                                         |
 * | `tok_declined` | declines: PaymentDeclined, no charge.                                                            |
 * | `tok_flaky`    | the first attempt for an order fails transiently (PaymentFailed, no charge); later ones charge.  |
 * | `tok_timeout`  | charges, but on the first attempt for an order answers only after the Lambda has timed out: the  |
 * |                | caller never learns that the charge happened (the ambiguous case idempotency keys exist for).    |
 * | `tok_charge_then_timeout` | charges, then answers after the Lambda's deadline on every attempt: the workflow  |
 * |                | gives up on a payment the provider holds, and compensation must refund it.                       |
 * | anything else  | declines as an unknown payment method.                                                           |
 *
 * Refunds need no token: `refund` gives back the charge held under an idempotency key, once.
 */
import { createHash } from 'node:crypto';
import { PaymentDeclined, PaymentFailed } from './errors';
import type { Charge, ChargeRequest, PaymentProvider, Refund } from './payment-provider';

export const TEST_TOKENS = ['tok_ok', 'tok_declined', 'tok_flaky', 'tok_timeout', 'tok_charge_then_timeout'] as const;
export type TestToken = (typeof TEST_TOKENS)[number];

/** Where the provider records charges: a second write of the same charge id must return the first. */
export interface ChargeLedger {
  /** Stores the charge unless its id is stored already; returns what is stored. */
  recordOnce(charge: Charge): Promise<Charge>;
  /**
   * Marks the charge refunded unless it is already (then answers the first refund); undefined when no charge with
   * that id is stored.
   */
  refundOnce(chargeId: string, refundId: string, refundedAt: string): Promise<Refund | undefined>;
}

/** The provider's own memory of how often it was asked for one idempotency key; durable across Lambda environments. */
export interface AttemptLog {
  /** Counts this attempt and returns its number: 1 for the first. */
  nextAttempt(idempotencyKey: string): Promise<number>;
}

export interface SimulatedProviderOptions {
  readonly ledger: ChargeLedger;
  readonly attempts: AttemptLog;
  /** Time left before the calling Lambda times out (`context.getRemainingTimeInMillis`). */
  readonly remainingTimeMs: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

/** How much later than the Lambda's deadline `tok_timeout` answers on its first attempt. */
export const LATE_ANSWER_MARGIN_MS = 3_000;

/** A charge id derived from the idempotency key, so a replayed request maps to the charge already made. */
export function chargeIdFor(idempotencyKey: string): string {
  return `ch_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

/** The refund id of the charge made under a key: one refund per charge, however often compensation asks. */
export function refundIdFor(idempotencyKey: string): string {
  return `re_${createHash('sha256').update(`refund:${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

const isTestToken = (token: string): token is TestToken => (TEST_TOKENS as readonly string[]).includes(token);

export function createSimulatedProvider(options: SimulatedProviderOptions): PaymentProvider {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  const charge = (request: ChargeRequest): Promise<Charge> =>
    options.ledger.recordOnce({
      chargeId: chargeIdFor(request.idempotencyKey),
      orderId: request.orderId,
      amountCents: request.amountCents,
      currency: request.currency,
      createdAt: now().toISOString(),
    });

  return {
    async charge(request) {
      const token = request.paymentToken;
      if (!isTestToken(token)) throw new PaymentDeclined('The payment method is not recognised (unknown token)');
      switch (token) {
        case 'tok_ok':
          return charge(request);
        case 'tok_declined':
          throw new PaymentDeclined('The card was declined (test token tok_declined)');
        case 'tok_flaky': {
          const attempt = await options.attempts.nextAttempt(request.idempotencyKey);
          if (attempt === 1) throw new PaymentFailed('The payment provider is temporarily unavailable (test token tok_flaky, attempt 1)');
          return charge(request);
        }
        case 'tok_timeout': {
          const attempt = await options.attempts.nextAttempt(request.idempotencyKey);
          const made = await charge(request);
          if (attempt === 1) await sleep(Math.max(0, options.remainingTimeMs()) + LATE_ANSWER_MARGIN_MS);
          return made;
        }
        case 'tok_charge_then_timeout': {
          const made = await charge(request);
          await sleep(Math.max(0, options.remainingTimeMs()) + LATE_ANSWER_MARGIN_MS);
          return made;
        }
      }
    },

    async refund(request) {
      return options.ledger.refundOnce(chargeIdFor(request.idempotencyKey), refundIdFor(request.idempotencyKey), now().toISOString());
    },
  };
}
