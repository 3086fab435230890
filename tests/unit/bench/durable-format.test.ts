import { formatDurableLine } from '../../../bench/orders/durable-format';

describe('the durable figure line', () => {
  it('reports both medians, each round, the ratio and the verdict', () => {
    // Act
    const line = formatDurableLine({
      load: { orders: 200, concurrency: 20, warmupOrders: 20, soloOrders: 0, pollIntervalMs: 50, orderTimeoutMs: 60_000 },
      rounds: 3,
      inMemory: [30, 20, 40],
      durable: [18, 21, 12],
      ratio: 18 / 30,
      goal: '>= 0.5',
      verdict: 'met',
    });

    // Assess
    expect(line).toBe('durable  200 orders × 3 rounds: durable 18.0 orders/s (18.0, 21.0, 12.0) vs in memory 30.0 orders/s (30.0, 20.0, 40.0): ratio 0.60 (goal >= 0.5) met');
  });
});
