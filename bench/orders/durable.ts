/**
 * The durable-mode figure of `npm run bench` (issue 13): orders per second with every service persisting under a
 * state directory, against the same run in memory, in the same bench process. The two modes alternate (memory,
 * durable, memory, durable, …) so that a machine getting busier or quieter weighs on both; the figure is the ratio of
 * their medians. The goal: durable mode keeps at least half the in-memory throughput.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Verdict } from '../goals';
import { median } from '../stats';
import { measureOrders } from './measure';
import type { OrdersLoad } from './result';

export const DURABLE_GOAL = '>= 0.5';
const MIN_RATIO = 0.5;

export interface DurableOrdersResult {
  readonly load: OrdersLoad;
  readonly rounds: number;
  /** Orders per second of each round, in run order. */
  readonly inMemory: number[];
  readonly durable: number[];
  /** median(durable) / median(inMemory). */
  readonly ratio: number;
  readonly goal: string;
  readonly verdict: Verdict;
}

export async function measureDurableOrders(load: OrdersLoad, rounds: number, progress: (line: string) => void): Promise<DurableOrdersResult> {
  const quiet = () => undefined;
  const inMemory: number[] = [];
  const durable: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const memory = await measureOrders(load, quiet);
    inMemory.push(memory.ordersPerSecond);
    const stateDir = mkdtempSync(path.join(tmpdir(), 'bench-durable-'));
    try {
      const kept = await measureOrders(load, quiet, { stateDir });
      durable.push(kept.ordersPerSecond);
      if (kept.verdict === 'MISSED') throw new Error(`durable mode's orders did not all end CONFIRMED: ${kept.unexpected.join('; ')}`);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
    progress(`(durable) round ${round}/${rounds}: in memory ${memory.ordersPerSecond.toFixed(1)} orders/s, durable ${durable.at(-1)?.toFixed(1)} orders/s`);
  }
  const ratio = median(durable) / median(inMemory);
  return { load, rounds, inMemory, durable, ratio, goal: DURABLE_GOAL, verdict: ratio >= MIN_RATIO ? 'met' : 'MISSED' };
}
