import { formatReport } from '../../../bench/report';
import { FIGURE_IDS, parsePlan, scenarioFigures } from '../../../bench/plan';
import type { BenchResults } from '../../../bench/results';

describe('parsePlan and the orders figure', () => {
  it.each([
    { args: [], expected: { figures: FIGURE_IDS, orders: { orders: 400, concurrency: 20 } } },
    { args: ['--quick'], expected: { orders: { orders: 100, concurrency: 20 } } },
    { args: ['--only', 'orders'], expected: { figures: ['orders'] } },
    { args: ['--only=orders', '--quick'], expected: { figures: ['orders'], mode: 'quick', orders: { orders: 100 } } },
    { args: ['--only', 'a,orders', '--peer-only'], expected: { figures: ['a', 'orders'], peerOnly: true } },
    { args: ['--only', 'durable'], expected: { figures: ['durable'], durable: { rounds: 3, load: { orders: 200 } } } },
    { args: ['--only', 'durable', '--quick'], expected: { figures: ['durable'], durable: { rounds: 1, load: { orders: 100 } } } },
  ])('reads $args', ({ args, expected }) => {
    // Act
    const plan = parsePlan(args);

    // Assess
    expect(plan).toMatchObject(expected);
  });

  it('includes orders in the default run, and keeps it out of the engine scenarios', () => {
    // Act
    const plan = parsePlan([]);

    // Assess
    expect(plan.figures).toContain('orders');
    expect(scenarioFigures(plan)).not.toContain('orders');
    expect(plan.figures).toContain('durable');
    expect(scenarioFigures(plan)).not.toContain('durable');
  });

  it('names the orders figure in the usage', () => {
    // Act
    const parse = () => parsePlan(['--only', 'order']);

    // Assess
    expect(parse).toThrow('unknown figure order');
    expect(parse).toThrow('[--only a,b,c,d,e,f,g,orders,sentiment,durable,dmap,reviews,images,mapredrive]');
  });
});

describe('formatReport with the orders figure', () => {
  const onlyOrders: BenchResults = {
    generatedAt: '2026-11-24T00:00:00.000Z',
    mode: 'quick',
    machine: { node: 'v22.23.3', platform: 'linux-x64', cpus: 2 },
    peer: 'aws-local-stepfunctions 3.0.0',
    processesPerEngine: 1,
    oursSkipped: '--peer-only',
    throughput: [],
    missed: [],
    elapsedSeconds: 3,
  };

  it('notes a figure skipped under --peer-only and prints no empty engine table', () => {
    // Act
    const text = formatReport({ ...onlyOrders, ordersNote: 'skipped under --peer-only: the order figure runs on our runtime only' });

    // Assess
    expect(text).toContain('orders not measured: skipped under --peer-only: the order figure runs on our runtime only');
    expect(text).not.toContain('figure  unit');
    expect(text).not.toContain('goals not judged');
    expect(text).toContain('no goals judged: nothing measured');
  });

  it('quotes a failed run verbatim under the failures and reports it missed', () => {
    // Act
    const text = formatReport({ ...onlyOrders, oursSkipped: undefined, ordersNote: 'FAILED: Error: the runtime did not start: boom', missed: ['orders'] });

    // Assess
    expect(text).toContain('failures (verbatim):\n  (orders) FAILED: Error: the runtime did not start: boom');
    expect(text).toContain('MISSED: orders');
    expect(text).not.toContain('orders not measured');
  });
});
