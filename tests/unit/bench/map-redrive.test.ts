/** The Map Run redrive figure: its plan, its correctness check on a small load (no timing is asserted), and its lines. */
import { formatMapRedriveLines, measureMapRedriveFigure, MAP_REDRIVE_LOAD } from '../../../bench/map-redrive';
import { parsePlan } from '../../../bench/plan';

describe('the Map Run redrive figure', () => {
  it('is chosen with --only mapredrive, at 10,000 items with 1 % failing', () => {
    const plan = parsePlan(['--only', 'mapredrive']);
    expect(plan.figures).toEqual(['mapredrive']);
    expect(plan.mapRedrive).toEqual(MAP_REDRIVE_LOAD);
    expect(MAP_REDRIVE_LOAD).toMatchObject({ items: 10_000, failEvery: 100 });
    expect(parsePlan(['--quick']).mapRedrive.rounds).toBe(1);
  });

  it('finds that the redrive ran exactly the children that had failed', async () => {
    // Act: 1,000 items, every 10th failing: 100 failures pass the tolerated count of 99.
    const section = await measureMapRedriveFigure({ items: 1000, failEvery: 10, maxConcurrency: 50, rounds: 1 }, false, () => undefined);

    // Assess
    expect(section.mapRedriveNote).toBeUndefined();
    const round = section.mapRedrive!.rounds[0]!;
    expect(round.exact).toBe(true);
    expect(round.redriven).toBe(round.failed + round.aborted + round.neverStarted);
    expect(round.failed).toBeGreaterThanOrEqual(1);
    expect(formatMapRedriveLines(section).join('\n')).toContain(`redrive ran ${round.redriven} children: exactly the unsuccessful ones`);
  });

  it('is skipped under --peer-only, with a note', async () => {
    expect(await measureMapRedriveFigure(MAP_REDRIVE_LOAD, true, () => undefined)).toEqual({ mapRedriveNote: expect.stringContaining('--peer-only') });
  });
});
