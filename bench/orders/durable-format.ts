/** The durable figure's report line; apart from durable.ts so that the report loads no runtime code. */
import { median } from '../stats';
import type { DurableOrdersResult } from './durable';

export function formatDurableLine(result: DurableOrdersResult): string {
  const format = (values: readonly number[]) => `${median(values).toFixed(1)} orders/s (${values.map((value) => value.toFixed(1)).join(', ')})`;
  return `durable  ${result.load.orders} orders × ${result.rounds} rounds: durable ${format(result.durable)} vs in memory ${format(result.inMemory)}: ratio ${result.ratio.toFixed(2)} (goal ${result.goal}) ${result.verdict}`;
}
