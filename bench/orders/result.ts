/** The order-processing figure of `npm run bench`: what one load run measured, and how it is judged. */
import type { Verdict } from '../goals';
import type { MonthlyCosts } from './cost';
import type { DurableOrdersResult } from './durable';
import type { LatencySummary } from './latency';

/** Issue 3's budget for the happy path: Standard bills per transition, so an order should stay at or under it. */
export const MAX_HAPPY_PATH_TRANSITIONS = 8;

/** The monthly volume the cost comparison is priced for. */
export const ORDERS_PER_MONTH = 100_000;

/** The final order status every order of the run must reach (all of them are below the approval threshold). */
export const EXPECTED_STATUS = 'CONFIRMED';

export interface OrdersLoad {
  /** Timed orders. */
  readonly orders: number;
  /** Clients, each placing its next order once the last one ended. */
  readonly concurrency: number;
  /** Untimed orders first, so every Lambda environment the timed phase needs is warm. */
  readonly warmupOrders: number;
  /**
   * Orders placed one at a time after the timed phase: their average execution duration is the one Express is priced
   * with, since on AWS an execution does not wait for a laptop's cores, as it does here under the load of 20 clients.
   */
  readonly soloOrders: number;
  /** How often a client asks DescribeExecution whether its order has ended. */
  readonly pollIntervalMs: number;
  /** A client gives up on an order (STUCK) after this long. */
  readonly orderTimeoutMs: number;
}

export interface HappyPathFigures {
  readonly orderId: string;
  readonly transitions: number;
  readonly retries: number;
  readonly statesEntered: string[];
}

export interface OrdersResult {
  readonly load: OrdersLoad;
  /** From the first POST to the end of the last execution of the timed phase. */
  readonly elapsedSeconds: number;
  readonly ordersPerSecond: number;
  /** From sending the POST to the execution's stopDate (same clock: the runtime runs in the bench process). */
  readonly latencyMs: LatencySummary;
  /** Final order status (GET /orders/{id}), or what went wrong before there was one (POST 4xx, STUCK). */
  readonly statuses: Record<string, number>;
  /** The first few orders that did not end CONFIRMED, with why. */
  readonly unexpected: string[];
  readonly happyPath?: HappyPathFigures;
  /** Fewest and most transitions over the timed orders (more than the happy path means retries or conflicts). */
  readonly transitionsRange?: { readonly min: number; readonly max: number };
  readonly definitionBytes: number;
  /** Average execution duration (history timestamps) of the timed orders, and of the solo orders. */
  readonly executionMs: { readonly underLoad: number; readonly alone: number };
  /** Priced with the solo orders' durations. */
  readonly cost?: MonthlyCosts;
  readonly goal: string;
  readonly verdict: Verdict;
}

/** What run.ts keeps beside the engine figures: the measured result, or why there is none. */
export interface OrdersSection {
  readonly orders?: OrdersResult;
  /** Why the figure was skipped (`--peer-only`) or failed, verbatim. */
  readonly ordersNote?: string;
  /** Durable mode against in memory (durable.ts), or why it was not measured. */
  readonly durable?: DurableOrdersResult;
  readonly durableNote?: string;
}

export const ORDERS_GOAL = `all ${EXPECTED_STATUS}, <= ${MAX_HAPPY_PATH_TRANSITIONS} transitions`;

/** Met when every timed order ended CONFIRMED and a happy-path order stayed within the transition budget. */
export function ordersVerdict(orders: number, statuses: Readonly<Record<string, number>>, happyPath: HappyPathFigures | undefined): Verdict {
  const allConfirmed = (statuses[EXPECTED_STATUS] ?? 0) === orders;
  const withinBudget = happyPath !== undefined && happyPath.transitions <= MAX_HAPPY_PATH_TRANSITIONS;
  return allConfirmed && withinBudget ? 'met' : 'MISSED';
}
