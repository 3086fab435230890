/**
 * Map Run redrive on the engine alone: the parent's redrive redrives the Map Run that failed (MapRunRedriven), runs
 * only the children that failed, were aborted or never started (counted inside the children), redrives STANDARD
 * children in place and restarts EXPRESS ones, judges the threshold on the whole run, keeps the succeeded children's
 * outputs and result files, and starts a new Map Run after States.DataLimitExceeded (notes §1.4, §1.8, §2.4).
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 */
import { MAX_MAP_RUN_REDRIVES, type MapRun } from '../../../../local/engine/distributed/map-run-record';
import type { ListObjectsPage, ObjectStorage } from '../../../../local/engine/distributed/ports';
import { startExecution, type Execution } from '../../../../local/engine/execution';
import type { MapRunHost, TaskIntegrations, TaskRequest } from '../../../../local/engine/ports';
import type { StateMachineDefinition } from '../../../../local/engine/types';
import { ManualClock, settle } from '../../../support/manual-clock';
import { distributedMap, MACHINE } from './distributed-map-definition';

/**
 * The children's Task: counts its invocations by item index, fails the indices in `failing` (which the test changes
 * between attempts, as fixing the cause would) and, with `hold`, waits until released or stopped.
 */
class Worker implements TaskIntegrations {
  readonly calls = new Map<number, number>();
  readonly held: Array<() => void> = [];
  /** Whether calls wait to be released; the test may change it between attempts. */
  hold: boolean;
  constructor(readonly failing: Set<number>, private readonly options: { hold?: boolean; output?: (index: number) => unknown } = {}) {
    this.hold = options.hold ?? false;
  }

  async invoke(request: TaskRequest): Promise<unknown> {
    const { item, index } = request.parameters as { item: unknown; index: number };
    this.calls.set(index, (this.calls.get(index) ?? 0) + 1);
    await new Promise<void>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      if (this.hold) this.held.push(resolve);
      else setImmediate(resolve);
    });
    if (this.failing.has(index)) throw Object.assign(new Error(`item ${index} is broken`), { name: 'ItemBroken' });
    return this.options.output ? this.options.output(index) : { done: item };
  }

  /** Indices invoked since `before` was taken, each as often as it ran since. */
  ranSince(before: ReadonlyMap<number, number>): number[] {
    return [...this.calls].filter(([index, count]) => count > (before.get(index) ?? 0)).map(([index]) => index).sort((a, b) => a - b);
  }
}

class Host implements MapRunHost {
  readonly runs: MapRun[] = [];
  readonly children: Execution[] = [];
  mapRunStarted(run: MapRun): void {
    this.runs.push(run);
  }
  childStarted(child: Execution): void {
    this.children.push(child);
  }
}

/** The ResultWriter's S3, in memory: a unit test of the Map Run, not of S3 (tests/workflows covers the real one). */
class MemoryStorage implements ObjectStorage {
  readonly objects = new Map<string, string>();
  async listObjectsV2(): Promise<ListObjectsPage> {
    return { contents: [] };
  }
  async getObject(): Promise<AsyncIterable<Uint8Array>> {
    throw new Error('not read in these tests');
  }
  async putObject(request: { Bucket: string; Key: string; Body: string }): Promise<void> {
    this.objects.set(`${request.Bucket}/${request.Key}`, request.Body);
  }
  json(key: string): unknown {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`no object ${key}`);
    return JSON.parse(body);
  }
}

const range = (count: number) => Array.from({ length: count }, (_, index) => `item-${index}`);
const eventTypes = (execution: Execution) => execution.history.events.map((event) => event.type);

function run(definition: StateMachineDefinition, input: unknown, integrations: TaskIntegrations, objectStorage?: ObjectStorage) {
  const host = new Host();
  const execution = startExecution(definition, {
    input, integrations, mapRuns: host, objectStorage, stateMachineArn: MACHINE, clock: new ManualClock({ autoAdvance: true }),
  });
  return { execution, host };
}

/** Redrives and waits for the end, returning the outcome. */
async function redrive(execution: Execution) {
  execution.redrive();
  return execution.done;
}

describe('Map Run redrive: which children run again', () => {
  // One child at a time: 0 and 1 succeed, 2 fails, 3 and 4 succeed, 5 fails and passes the count of 1, so 6 to 9 never start.
  const settings = { MaxConcurrency: 1, ToleratedFailureCount: 1 };

  it('redrives the same Map Run: only the failed and never-started children run, the STANDARD ones in place', async () => {
    // Prepare
    const worker = new Worker(new Set([2, 5]));
    const { execution, host } = run(distributedMap(settings), range(10), worker);
    const first = await execution.done;
    expect(first).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const mapRun = host.runs[0]!;
    expect(mapRun.counts.executions).toMatchObject({ succeeded: 4, failed: 2, pending: 4, total: 10, pendingRedrive: 6 });
    const failedChildren = host.children.filter((child) => child.status === 'FAILED');
    const before = new Map(worker.calls);

    // Act: the cause is fixed, then the parent is redriven.
    worker.failing.clear();
    const outcome = await redrive(execution);

    // Assess: the run ends SUCCEEDED with every output, and only the six unsuccessful children ran.
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toEqual(range(10).map((item) => ({ done: item })));
    expect(worker.ranSince(before)).toEqual([2, 5, 6, 7, 8, 9]);
    expect(Object.fromEntries(worker.calls)).toEqual({ 0: 1, 1: 1, 2: 2, 3: 1, 4: 1, 5: 2, 6: 1, 7: 1, 8: 1, 9: 1 });
    // The same Map Run, redriven once; its counts over the whole run.
    expect(host.runs).toEqual([mapRun]);
    expect(mapRun).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(mapRun.redriveDate).toBeDefined();
    expect(mapRun.counts.executions).toEqual({
      pending: 0, running: 0, succeeded: 10, failed: 0, timedOut: 0, aborted: 0, total: 10, resultsWritten: 10, pendingRedrive: 0, failuresNotRedrivable: 0,
    });
    // The failed STANDARD children were redriven: the same executions, with ExecutionRedriven in their own history.
    expect(host.children).toHaveLength(10);
    for (const child of failedChildren) {
      expect(child).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(eventTypes(child)).toContain('ExecutionRedriven');
    }
    // The parent's history: MapRunRedriven, naming the same Map Run, where MapRunStarted was.
    expect(eventTypes(execution).slice(-8)).toEqual([
      'ExecutionRedriven', 'MapStateEntered', 'MapStateStarted', 'MapRunRedriven', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(execution.history.events.find((event) => event.type === 'MapRunRedriven')?.details).toEqual({ mapRunArn: mapRun.arn, redriveCount: 1 });
  });

  it('starts EXPRESS children afresh, under new names, and leaves the failed ones as they ended', async () => {
    // Prepare
    const worker = new Worker(new Set([2, 5]));
    const { execution, host } = run(distributedMap(settings, 'EXPRESS'), range(10), worker);
    await execution.done;
    const firstChildren = [...host.children];
    const before = new Map(worker.calls);

    // Act
    worker.failing.clear();
    const outcome = await redrive(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(worker.ranSince(before)).toEqual([2, 5, 6, 7, 8, 9]);
    const restarted = host.children.slice(firstChildren.length);
    expect(restarted).toHaveLength(6);
    expect(restarted.every((child) => child.status === 'SUCCEEDED' && child.redriveCount === 0)).toBe(true);
    expect(new Set(host.children.map((child) => child.name)).size).toBe(host.children.length);
    expect(firstChildren.filter((child) => child.status === 'FAILED')).toHaveLength(2);
  });

  it('judges the tolerated failures on the whole run: one child still failing stays within a count of 1', async () => {
    // Prepare
    const worker = new Worker(new Set([2, 5]));
    const { execution, host } = run(distributedMap(settings), range(10), worker);
    await execution.done;

    // Act: only item 2's cause is fixed.
    worker.failing.delete(2);
    const outcome = await redrive(execution);

    // Assess: 1 failure in the whole run does not exceed the count; the failed child's output is null.
    expect(outcome.status).toBe('SUCCEEDED');
    expect((outcome.output as unknown[])[5]).toBeUndefined();
    expect(host.runs[0]!.counts.executions).toMatchObject({ succeeded: 9, failed: 1, total: 10, pendingRedrive: 0 });
  });

  it('redrives again what a redrive left unsuccessful, and counts each redrive', async () => {
    // Prepare: the first redrive still fails item 7 with a count of 0.
    const worker = new Worker(new Set([3]));
    const { execution, host } = run(distributedMap({ MaxConcurrency: 1 }), range(8), worker);
    await execution.done;
    worker.failing.clear();
    worker.failing.add(7);
    expect((await redrive(execution)).status).toBe('FAILED');
    const before = new Map(worker.calls);

    // Act
    worker.failing.clear();
    const outcome = await redrive(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(worker.ranSince(before)).toEqual([7]);
    expect(host.runs).toHaveLength(1);
    expect(host.runs[0]!.redriveCount).toBe(2);
    expect(execution.history.events.filter((event) => event.type === 'MapRunRedriven').map((event) => event.details?.redriveCount)).toEqual([1, 2]);
  });

  it("redrives the last Map Run of a Map state whose Retry started a second one", async () => {
    // Prepare: one child at a time; the Map state retries once; both attempts fail on item 1, leaving item 2 unstarted.
    const worker = new Worker(new Set([1]));
    const retried = distributedMap({ MaxConcurrency: 1, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }] });
    const { execution, host } = run(retried, range(3), worker);
    await execution.done;
    expect(host.runs).toHaveLength(2);
    const before = new Map(worker.calls);

    // Act
    worker.failing.clear();
    const outcome = await redrive(execution);

    // Assess: the second Map Run is redriven; only its failed and unstarted children run.
    expect(outcome.status).toBe('SUCCEEDED');
    expect(worker.ranSince(before)).toEqual([1, 2]);
    expect(worker.calls.get(0)).toBe(2);
    expect(host.runs.map((mapRun) => mapRun.redriveCount)).toEqual([0, 1]);
    expect(execution.history.events.find((event) => event.type === 'MapRunRedriven')?.details?.mapRunArn).toBe(host.runs[1]!.arn);
  });

  it('keeps the STANDARD children it has yet to redrive as awaiting their redrive (PENDING_REDRIVE) until it reaches them', async () => {
    // Prepare: 0 fails (tolerated), 1 fails past the count; one child at a time.
    const worker = new Worker(new Set([0, 1]));
    const { execution, host } = run(distributedMap({ MaxConcurrency: 1, ToleratedFailureCount: 1 }), range(3), worker);
    await execution.done;
    const [first, second] = host.children;
    const mapRun = host.runs[0]!;
    expect(mapRun.awaitingRedrive.size).toBe(0);

    // Act: the redrive's first child is held.
    worker.failing.clear();
    worker.hold = true;
    execution.redrive();
    await settle();

    // Assess: child 0 is being redriven, child 1 still awaits its redrive; none once the run ends.
    expect(first!.status).toBe('RUNNING');
    expect([...mapRun.awaitingRedrive]).toEqual([second]);
    while (execution.status === 'RUNNING') {
      for (const release of worker.held.splice(0)) release();
      await settle();
    }
    expect(execution.status).toBe('SUCCEEDED');
    expect(mapRun.awaitingRedrive.size).toBe(0);
  });

  it('runs the aborted and never-started children of a Map Run whose parent was stopped', async () => {
    // Prepare: two children at a time, held; child 0 ends, then the parent is stopped.
    const worker = new Worker(new Set(), { hold: true });
    const { execution, host } = run(distributedMap({ MaxConcurrency: 2 }), range(6), worker);
    await settle();
    worker.held.shift()?.();
    await settle();
    execution.stop();
    expect((await execution.done).status).toBe('ABORTED');
    expect(host.runs[0]).toMatchObject({ status: 'ABORTED' });
    expect(eventTypes(execution)).toContain('MapRunAborted');
    const before = new Map(worker.calls);

    // Act
    execution.redrive();
    while (execution.status === 'RUNNING') {
      for (const release of worker.held.splice(0)) release();
      await settle();
    }

    // Assess: child 0 had succeeded and is not run again.
    expect(execution.status).toBe('SUCCEEDED');
    expect(worker.ranSince(before)).toEqual([1, 2, 3, 4, 5]);
    expect(host.runs[0]).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  });
});

describe('Map Run redrive: what runs whole, and the limit', () => {
  it('after States.DataLimitExceeded, runs the whole Map again under a new Map Run', async () => {
    // Prepare: three outputs of 100 KB each pass the 256 KiB state output limit.
    const worker = new Worker(new Set(), { output: () => 'x'.repeat(100_000) });
    const { execution, host } = run(distributedMap(), range(3), worker);
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });

    // Act
    const outcome = await redrive(execution);

    // Assess: every child ran twice, under a second Map Run.
    expect(outcome.error).toBe('States.DataLimitExceeded');
    expect([...worker.calls.values()]).toEqual([2, 2, 2]);
    expect(host.runs).toHaveLength(2);
    expect(host.runs[1]!.arn).not.toBe(host.runs[0]!.arn);
    expect(eventTypes(execution).filter((type) => type.startsWith('MapRun'))).toEqual(['MapRunStarted', 'MapRunSucceeded', 'MapRunStarted', 'MapRunSucceeded']);
  });

  it('runs the Map whole, under a new Map Run, for an execution rebuilt from its history (durable mode keeps no Map Run records)', async () => {
    // Prepare: a failed run, then the same execution rebuilt from its recorded history alone, as after a restart.
    const worker = new Worker(new Set([1]));
    const { execution } = run(distributedMap({ MaxConcurrency: 1 }), range(3), worker);
    await execution.done;
    const host = new Host();
    const rebuilt = startExecution(distributedMap({ MaxConcurrency: 1 }), {
      restore: execution.history.events, executionArn: execution.executionArn, integrations: worker, mapRuns: host, stateMachineArn: MACHINE,
      clock: new ManualClock({ autoAdvance: true }),
    });
    await rebuilt.done;
    const before = new Map(worker.calls);

    // Act
    worker.failing.clear();
    const outcome = await redrive(rebuilt);

    // Assess: every child ran again, child 0 too, under a Map Run that is not the first one.
    expect(outcome.status).toBe('SUCCEEDED');
    expect(worker.ranSince(before)).toEqual([0, 1, 2]);
    const arns = rebuilt.history.events.filter((event) => event.type === 'MapRunStarted').map((event) => event.details?.mapRunArn);
    expect(arns).toHaveLength(2);
    expect(arns[1]).not.toBe(arns[0]);
    expect(host.runs.map((mapRun) => mapRun.arn)).toEqual([arns[1]]);
  });

  it(`fails with States.Runtime once the Map Run has been redriven ${MAX_MAP_RUN_REDRIVES} times`, async () => {
    // Prepare
    const worker = new Worker(new Set([0]));
    const { execution, host } = run(distributedMap(), range(2), worker);
    await execution.done;
    host.runs[0]!.redriveCount = MAX_MAP_RUN_REDRIVES;

    // Act
    const outcome = await redrive(execution);

    // Assess: nothing ran again.
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(outcome.cause).toContain(`redriven ${MAX_MAP_RUN_REDRIVES} times`);
    expect(worker.calls.get(0)).toBe(1);
    expect(eventTypes(execution)).not.toContain('MapRunRedriven');
  });
});

describe('Map Run redrive: the ResultWriter', () => {
  it('lists the succeeded results of every attempt and the failed and pending ones of the last, overwriting no earlier file', async () => {
    // Prepare: one at a time; 1 fails and passes the count of 0; 2 and 3 never start.
    const storage = new MemoryStorage();
    const writer = { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'runs' } }, MaxConcurrency: 1 };
    const worker = new Worker(new Set([1]));
    const { execution, host } = run(distributedMap(writer), range(4), worker, storage);
    await execution.done;
    const id = host.runs[0]!.arn.split(':').pop();
    const folder = `results/runs/${id}`;
    const firstFiles = new Map(storage.objects);
    expect(storage.json(`${folder}/manifest.json`)).toMatchObject({
      ResultFiles: {
        SUCCEEDED: [{ Key: `runs/${id}/SUCCEEDED_0.json` }], FAILED: [{ Key: `runs/${id}/FAILED_0.json` }], PENDING: [{ Key: `runs/${id}/PENDING_0.json` }],
      },
    });

    // Act: item 1 is fixed, item 3 now fails (a count of 0 fails the run again).
    worker.failing.clear();
    worker.failing.add(3);
    const outcome = await redrive(execution);

    // Assess: the state fails again; the new files number on and the first attempt's files are intact.
    expect(outcome.status).toBe('FAILED');
    for (const [key, body] of firstFiles) if (!key.endsWith('manifest.json')) expect(storage.objects.get(key)).toBe(body);
    const manifest = storage.json(`${folder}/manifest.json`) as { ResultFiles: Record<string, Array<{ Key: string }>> };
    expect(manifest.ResultFiles).toEqual({
      SUCCEEDED: [{ Key: `runs/${id}/SUCCEEDED_0.json`, Size: expect.any(Number) }, { Key: `runs/${id}/SUCCEEDED_1.json`, Size: expect.any(Number) }],
      FAILED: [{ Key: `runs/${id}/FAILED_1.json`, Size: expect.any(Number) }],
      PENDING: [],
    });
    const names = (key: string) => (storage.json(`results/${key}`) as Array<{ Input: string; Status: string; RedriveCount: number }>)
      .map((record) => [JSON.parse(record.Input).item, record.Status, record.RedriveCount]);
    expect(names(`runs/${id}/SUCCEEDED_0.json`)).toEqual([['item-0', 'SUCCEEDED', 0]]);
    // Items 1 (redriven in place) and 2 (started afresh) succeeded this time; 3 failed.
    expect(names(`runs/${id}/SUCCEEDED_1.json`)).toEqual([['item-1', 'SUCCEEDED', 1], ['item-2', 'SUCCEEDED', 0]]);
    expect(names(`runs/${id}/FAILED_1.json`)).toEqual([['item-3', 'FAILED', 0]]);
  });
});
