/**
 * The Map Run's read-ahead and tolerance rule: items are read ahead of the children but never more than the limit,
 * and the failure share is taken over the items read so far (tolerance.ts says why).
 */
import { ReadAhead } from '../../../../local/engine/distributed/read-ahead';
import { exceedsTolerance } from '../../../../local/engine/distributed/tolerance';
import { settle } from '../../../support/manual-clock';

/** A lazy source of `count` numbers that records how many were pulled. */
function source(count: number) {
  const pulled = { count: 0 };
  async function* items() {
    for (let index = 0; index < count; index += 1) {
      pulled.count += 1;
      yield index;
    }
  }
  return { items: items(), pulled };
}

describe('ReadAhead', () => {
  it('reads at most the limit ahead of the consumer, then follows it', async () => {
    // Prepare
    const { items, pulled } = source(100);
    const read: number[] = [];

    // Act
    const ahead = new ReadAhead(items, 10, () => 1, (entry) => read.push(entry));
    await settle();
    const before = pulled.count;
    const first = await ahead.next();
    await settle();

    // Assess
    expect(before).toBe(10);
    expect(first).toBe(0);
    expect(pulled.count).toBe(11);
    expect(read).toEqual(Array.from({ length: 11 }, (_, index) => index));
  });

  it('is filled once the limit is read, or once a shorter source has ended', async () => {
    // Prepare
    const long = source(100);
    const short = source(3);

    // Act
    await new ReadAhead(long.items, 10, () => 1, () => undefined).filled();
    await new ReadAhead(short.items, 10, () => 1, () => undefined).filled();

    // Assess
    expect(long.pulled.count).toBe(10);
    expect(short.pulled.count).toBe(3);
  });

  it('weighs entries by their items (a batch of 5 counts 5)', async () => {
    const { items, pulled } = source(20);
    new ReadAhead(items, 10, () => 5, () => undefined);
    await settle();
    expect(pulled.count).toBe(2);
  });

  it('reads everything once unlimited, and ends with undefined', async () => {
    // Prepare
    const { items } = source(30);
    const ahead = new ReadAhead(items, 2, () => 1, () => undefined);

    // Act
    ahead.unlimit();
    const all: number[] = [];
    for (let entry = await ahead.next(); entry !== undefined; entry = await ahead.next()) all.push(entry);

    // Assess
    expect(all).toHaveLength(30);
  });

  it('passes the source\'s failure to the consumer after the entries read before it', async () => {
    // Prepare
    async function* failing() {
      yield 1;
      throw new Error('read failed');
    }
    const ahead = new ReadAhead(failing(), 10, () => 1, () => undefined);

    // Act / Assess
    await expect(ahead.next()).resolves.toBe(1);
    await expect(ahead.next()).rejects.toThrow('read failed');
  });
});

describe('exceedsTolerance', () => {
  it.each<[string, { count?: number; percentage?: number }, number, number, boolean]>([
    ['no failure, no threshold', {}, 0, 10, false],
    ['one failure, no threshold (0 % by default)', {}, 1, 10, true],
    ['count reached, not exceeded', { count: 3 }, 3, 10, false],
    ['count exceeded', { count: 3 }, 4, 10, true],
    ['percentage reached, not exceeded', { percentage: 25 }, 1, 4, false],
    ['percentage exceeded', { percentage: 25 }, 2, 4, true],
    ['fractional percentage', { percentage: 1.5 }, 3, 200, false],
    ['both set, count exceeded', { count: 1, percentage: 90 }, 2, 10, true],
    ['both set, percentage exceeded', { count: 10, percentage: 10 }, 2, 10, true],
    ['both set, neither exceeded', { count: 2, percentage: 20 }, 2, 10, false],
    ['3 % over the items read so far, 5 % tolerated', { percentage: 5 }, 30, 1000, false],
  ])('%s', (_case, tolerated, failed, read, exceeded) => {
    expect(exceedsTolerance(tolerated, failed, read)).toBe(exceeded);
  });
});
