import { ReadWriteLock, type Release } from '../../../local/dynamodb/read-write-lock';
import { defined } from '../../support/defined';

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Acquires and records, in `granted`, the label once granted. */
function track(lock: ReadWriteLock, granted: string[]) {
  return (label: string, exclusive: boolean): Promise<Release> =>
    (exclusive ? lock.acquireExclusive() : lock.acquireShared()).then((release) => {
      granted.push(label);
      return release;
    });
}

describe('ReadWriteLock', () => {
  it('lets shared holders run together', async () => {
    // Prepare
    const granted: string[] = [];
    const acquire = track(new ReadWriteLock(), granted);

    // Act
    await Promise.all([acquire('r1', false), acquire('r2', false), acquire('r3', false)]);

    // Assess
    expect(granted).toEqual(['r1', 'r2', 'r3']);
  });

  it('makes an exclusive holder wait for the shared holders, and later readers wait behind it', async () => {
    // Prepare
    const granted: string[] = [];
    const acquire = track(new ReadWriteLock(), granted);
    const reader = await acquire('r1', false);

    // Act
    const writer = acquire('w', true);
    const lateReader = acquire('r2', false);
    await settle();
    const beforeRelease = [...granted];
    reader();
    const releaseWriter = await writer;
    await settle();
    const whileWriting = [...granted];
    releaseWriter();
    await lateReader;

    // Assess
    expect(beforeRelease).toEqual(['r1']);
    expect(whileWriting).toEqual(['r1', 'w']);
    expect(granted).toEqual(['r1', 'w', 'r2']);
  });

  it.each([
    ['exclusive holders one at a time, in arrival order', [true, true, true], ['a', 'b', 'c']],
    ['a writer between readers splits them', [false, true, false], ['a', 'b', 'c']],
  ])('grants %s', async (_label, exclusives, expected) => {
    // Prepare
    const granted: string[] = [];
    const lock = new ReadWriteLock();
    const blocker = await lock.acquireExclusive();
    const acquire = track(lock, granted);
    const pending = exclusives.map((exclusive, index) => acquire(defined(expected[index], `the name of holder ${index}`), exclusive));

    // Act
    blocker();
    for (const next of pending) (await next)();

    // Assess
    expect(granted).toEqual(expected);
  });

  it('runs work exclusively and releases the lock when the work fails', async () => {
    // Prepare
    const lock = new ReadWriteLock();

    // Act
    const failed = await lock.exclusively(async () => Promise.reject(new Error('boom'))).catch((error: Error) => error.message);
    const release = await lock.acquireExclusive();
    release();
    release();
    const again = await lock.exclusively(async () => 'done');

    // Assess
    expect(failed).toBe('boom');
    expect(again).toBe('done');
  });
});
