import { formatDurableLine } from '../../../bench/orders/durable-format';
import type { DurableOrdersResult } from '../../../bench/orders/durable';
import { formatReport } from '../../../bench/report';
import type { BenchResults } from '../../../bench/results';

const durable: DurableOrdersResult = {
  load: { orders: 200, concurrency: 20, warmupOrders: 20, soloOrders: 0, pollIntervalMs: 50, orderTimeoutMs: 60_000 },
  rounds: 3,
  inMemory: [30, 20, 40],
  durable: [18, 21, 12],
  ratio: 18 / 30,
  goal: '>= 0.5',
  verdict: 'met',
};

const onlyDurable: BenchResults = {
  generatedAt: '2026-12-01T00:00:00.000Z',
  mode: 'full',
  machine: { node: 'v22.23.3', platform: 'linux-x64', cpus: 2 },
  peer: 'aws-local-stepfunctions 3.0.0',
  processesPerEngine: 3,
  throughput: [],
  missed: [],
  elapsedSeconds: 400,
};

describe('the durable figure in the report', () => {
  it('reports both medians, each round, the ratio and the verdict', () => {
    // Act
    const line = formatDurableLine(durable);

    // Assess
    expect(line).toBe('durable  200 orders × 3 rounds: durable 18.0 orders/s (18.0, 21.0, 12.0) vs in memory 30.0 orders/s (30.0, 20.0, 40.0): ratio 0.60 (goal >= 0.5) met');
  });

  it('counts as a judged goal when it is the only figure measured', () => {
    // Act
    const text = formatReport({ ...onlyDurable, durable });

    // Assess
    expect(text).toContain(formatDurableLine(durable));
    expect(text).toContain('all goals met');
    expect(text).not.toContain('nothing measured');
  });

  it('quotes a failed run verbatim and reports it missed', () => {
    // Act
    const text = formatReport({ ...onlyDurable, durableNote: 'FAILED: Error: boom', missed: ['durable'] });

    // Assess
    expect(text).toContain('failures (verbatim):\n  (durable) FAILED: Error: boom');
    expect(text).toContain('MISSED: durable');
  });
});
