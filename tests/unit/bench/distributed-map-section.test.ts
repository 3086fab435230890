/** The Distributed Map figure's plan, verdict and report lines (the measurement itself runs in `npm run bench`). */
import { distributedMapVerdict, formatDistributedMapLines } from '../../../bench/distributed-map/section';
import type { DistributedMapResult } from '../../../bench/distributed-map/result';
import { parsePlan } from '../../../bench/plan';

const result = (ratio: number, rssGrowth: number): DistributedMapResult => ({
  load: { items: 100_000, rssItems: [10_000, 100_000], rssHeapBudgetMb: 128, processes: 1 },
  childrenPerSecond: ratio * 1_000_000, inlineItemsPerSecond: 1_000_000, ratio,
  rssMb: [100, 100 * (1 + rssGrowth)], rawRssMb: [110, 150], rssGrowth, unbudgetedRssMb: 200,
  throughputVerdict: ratio >= 0.02 ? 'met' : 'MISSED', rssVerdict: rssGrowth <= 0.25 ? 'met' : 'MISSED',
});

describe('the Distributed Map figure', () => {
  it('is chosen with --only dmap, at 100,000 items in both modes', () => {
    expect(parsePlan(['--only', 'dmap']).figures).toEqual(['dmap']);
    expect(parsePlan(['--quick']).distributedMap).toEqual({ items: 100_000, rssItems: [10_000, 100_000], rssHeapBudgetMb: 128, processes: 1 });
  });

  it.each<[number, number, string]>([
    [0.05, 0.1, 'met'],
    [0.01, 0.1, 'MISSED'],
    [0.05, 0.3, 'MISSED'],
  ])('ratio %d with RSS growth %d is %s', (ratio, growth, verdict) => {
    expect(distributedMapVerdict({ distributedMap: result(ratio, growth) })).toBe(verdict);
  });

  it('counts a failed measurement as missed and a skipped one as not judged', () => {
    expect(distributedMapVerdict({ distributedMapNote: 'FAILED: boom' })).toBe('MISSED');
    expect(distributedMapVerdict({ distributedMapNote: 'skipped under --peer-only' })).toBeUndefined();
  });

  it('prints the ratio, both peak RSS figures and the growth', () => {
    const lines = formatDistributedMapLines({ distributedMap: result(0.05, 0.1) }).join('\n');
    expect(lines).toContain('ratio 0.050 (goal >= 0.02) met');
    expect(lines).toContain('100.0 MB at 10,000 items, 110.0 MB at 100,000');
    expect(lines).toContain('both with --max-old-space-size=128): growth 10.0 % (goal <= 25 %) met');
    expect(lines).toContain('without a heap budget the 100,000-item run peaked at 200.0 MB');
  });
});
