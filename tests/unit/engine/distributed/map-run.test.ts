/**
 * A Distributed Map's Map Run on the engine alone: children started as capacity frees, never more at once than the
 * limit (measured inside the children), the tolerated failure threshold, PENDING children, UpdateMapRun raising the
 * concurrency mid-run, and the parent's history events (notes §1.5, §1.8).
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
import type { MapState } from '../../../../local/engine/asl';
import type { MapRun } from '../../../../local/engine/distributed/map-run-record';
import { startExecution, type Execution } from '../../../../local/engine/execution';
import type { MapRunHost, TaskIntegrations, TaskRequest } from '../../../../local/engine/ports';
import type { StateMachineDefinition } from '../../../../local/engine/types';
import { ManualClock, settle } from '../../../support/manual-clock';
import { distributedMap, MACHINE } from './distributed-map-definition';

/**
 * The children's Task: counts how many run at once, fails the items listed in `failing` with `ItemBroken`, and
 * (`held`) waits until the test releases it or the child is stopped.
 */
class Worker implements TaskIntegrations {
  active = 0;
  maxActive = 0;
  readonly held: Array<() => void> = [];
  constructor(private readonly options: { failing?: ReadonlySet<number>; hold?: boolean } = {}) {}

  async invoke(request: TaskRequest): Promise<unknown> {
    const { item, index } = request.parameters as { item: unknown; index: number };
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise<void>((resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
        if (this.options.hold) this.held.push(resolve);
        else setImmediate(resolve);
      });
      if (this.options.failing?.has(index)) throw Object.assign(new Error(`item ${index} is broken`), { name: 'ItemBroken' });
      return { done: item };
    } finally {
      this.active -= 1;
    }
  }

  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }
}

/** The Map Runs and children the engine reports, as the service would register them. */
class Host implements MapRunHost {
  readonly runs: MapRun[] = [];
  readonly children: Array<{ child: Execution; itemCount: number }> = [];
  mapRunStarted(run: MapRun): void {
    this.runs.push(run);
  }
  childStarted(child: Execution, _run: MapRun, itemCount: number): void {
    this.children.push({ child, itemCount });
  }
}

const range = (count: number) => Array.from({ length: count }, (_, index) => `item-${index}`);

function run(definition: StateMachineDefinition, input: unknown, integrations: TaskIntegrations, host = new Host()) {
  const execution = startExecution(definition, {
    input, integrations, mapRuns: host, stateMachineArn: MACHINE, clock: new ManualClock({ autoAdvance: true }),
  });
  return { execution, host };
}

const eventTypes = (execution: Execution) => execution.history.events.map((event) => event.type);

describe('Map Run concurrency', () => {
  it.each([1, 3, 7])('never runs more than MaxConcurrency %i children at once, and runs them all', async (limit) => {
    // Prepare
    const worker = new Worker();

    // Act
    const { execution } = run(distributedMap({ MaxConcurrency: limit }), range(25), worker);
    const outcome = await execution.done;

    // Assess: measured inside the children; the limit is reached, never passed.
    expect(worker.maxActive).toBe(limit);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toEqual(range(25).map((item) => ({ done: item })));
  });

  it('starts waiting children at once when UpdateMapRun raises the limit mid-run', async () => {
    // Prepare: one child at a time, each held until released.
    const worker = new Worker({ hold: true });
    const { execution, host } = run(distributedMap({ MaxConcurrency: 1 }), range(6), worker);
    await settle();
    expect(worker.active).toBe(1);

    // Act
    host.runs[0]!.update({ maxConcurrency: 4 });
    await settle();

    // Assess: three more started without any child ending.
    expect(worker.active).toBe(4);
    expect(host.runs[0]!.counts.executions).toMatchObject({ running: 4, pending: 2, total: 6 });
    while (execution.status === 'RUNNING') {
      worker.releaseAll();
      await settle();
    }
    expect(execution.status).toBe('SUCCEEDED');
    expect(worker.maxActive).toBe(4);
  });
});

describe('tolerated failures', () => {
  const failingOf = (...indices: number[]) => new Set(indices);
  it.each<[string, Partial<MapState>, number, ReadonlySet<number>, 'SUCCEEDED' | 'FAILED']>([
    ['no threshold: one failure fails', {}, 10, failingOf(4), 'FAILED'],
    ['count 2, 2 failures', { ToleratedFailureCount: 2 }, 10, failingOf(1, 5), 'SUCCEEDED'],
    ['count 2, 3 failures', { ToleratedFailureCount: 2 }, 10, failingOf(1, 5, 8), 'FAILED'],
    ['20 %, 2 of 10 failing (not more than 20 %)', { ToleratedFailurePercentage: 20 }, 10, failingOf(2, 7), 'SUCCEEDED'],
    ['20 %, 3 of 10 failing', { ToleratedFailurePercentage: 20 }, 10, failingOf(2, 5, 7), 'FAILED'],
    ['count 5 and 10 %: either exceeded fails', { ToleratedFailureCount: 5, ToleratedFailurePercentage: 10 }, 10, failingOf(2, 7), 'FAILED'],
    ['count 1 and 50 %: either exceeded fails', { ToleratedFailureCount: 1, ToleratedFailurePercentage: 50 }, 10, failingOf(2, 7), 'FAILED'],
    ['5 %, 3 of 100 failing', { ToleratedFailurePercentage: 5 }, 100, failingOf(0, 40, 99), 'SUCCEEDED'],
    ['100 %: every child failing', { ToleratedFailurePercentage: 100 }, 5, failingOf(0, 1, 2, 3, 4), 'SUCCEEDED'],
  ])('%s', async (_case, settings, count, failing, status) => {
    // Act
    const { execution, host } = run(distributedMap({ MaxConcurrency: 2, ...settings }), range(count), new Worker({ failing }));
    const outcome = await execution.done;

    // Assess
    expect(outcome.status).toBe(status);
    const counts = host.runs[0]!.counts;
    if (status === 'SUCCEEDED') {
      expect(counts.executions).toMatchObject({ succeeded: count - failing.size, failed: failing.size, total: count, running: 0, pending: 0 });
      expect([...counts.unsuccessful.keys()].sort((a, b) => a - b)).toEqual([...failing]);
    } else {
      expect(outcome).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    }
  });

  it('fails at the threshold: running children aborted, the rest PENDING, the counts kept by child index', async () => {
    // Prepare: two at a time; the first child fails while the second is still running.
    const worker = new Worker({ hold: true, failing: new Set([0]) });
    const { execution, host } = run(distributedMap({ MaxConcurrency: 2 }), range(10), worker);
    await settle();

    // Act: only the first child ends (failing); the second is held.
    worker.held.shift()?.();
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    const mapRun = host.runs[0]!;
    expect(mapRun.status).toBe('FAILED');
    expect(mapRun.counts.executions).toEqual({ pending: 8, running: 0, succeeded: 0, failed: 1, timedOut: 0, aborted: 1, total: 10, resultsWritten: 2, pendingRedrive: 10, failuresNotRedrivable: 0 });
    expect(mapRun.counts.items).toEqual(mapRun.counts.executions);
    expect([...mapRun.counts.unsuccessful]).toEqual([[0, 'FAILED'], [1, 'ABORTED']]);
    expect(mapRun.counts.pendingFrom).toBe(2);
    expect(host.children.map(({ child }) => child.status)).toEqual(['FAILED', 'ABORTED']);
    expect(eventTypes(execution)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed',
    ]);
    expect(execution.history.events.find((event) => event.type === 'MapRunFailed')?.details).toEqual({
      error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded',
    });
  });

  it('fails at once when UpdateMapRun lowers the tolerated count below the failures so far', async () => {
    // Prepare: child 0 fails within a tolerance of 1; the rest are held.
    const worker = new Worker({ hold: true, failing: new Set([0]) });
    const { execution, host } = run(distributedMap({ MaxConcurrency: 2, ToleratedFailureCount: 1 }), range(4), worker);
    await settle();
    worker.held.shift()?.();
    await settle();
    expect(execution.status).toBe('RUNNING');

    // Act
    host.runs[0]!.update({ toleratedFailureCount: 0 });
    const outcome = await execution.done;

    // Assess
    expect(outcome.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(host.runs[0]!.settings.toleratedFailureCount).toBe(0);
  });
});

describe('child executions and the parent history', () => {
  it('runs each item as a STANDARD execution of the Map Run state machine, with its own history', async () => {
    // Act
    const { execution, host } = run(distributedMap(), range(3), new Worker());
    const outcome = await execution.done;

    // Assess: AWS's names (notes §1.6) and event order (§1.8).
    const mapRunArn = host.runs[0]!.arn;
    expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:pipeline\/Items:[0-9a-f-]{36}$/);
    expect(host.runs[0]!.stateMachineArn).toBe(`${MACHINE}/Items`);
    expect(outcome.output).toEqual([{ done: 'item-0' }, { done: 'item-1' }, { done: 'item-2' }]);
    expect(host.children).toHaveLength(3);
    for (const { child, itemCount } of host.children) {
      expect(child.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:execution:pipeline\/Items:[0-9a-f-]{36}$/);
      expect(child.executionArn.endsWith(`:${child.name}`)).toBe(true);
      expect(itemCount).toBe(1);
      expect(eventTypes(child)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    }
    expect(host.children.map(({ child }) => child.input)).toEqual([0, 1, 2].map((index) => ({ item: `item-${index}`, index })));
    expect(eventTypes(execution)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(execution.history.events.find((event) => event.type === 'MapRunStarted')?.details).toEqual({ mapRunArn });
    expect(execution.history.events.find((event) => event.type === 'MapStateStarted')?.details).toEqual({ length: 3 });
    expect(host.runs[0]!.status).toBe('SUCCEEDED');
    expect(host.runs[0]!.counts.items).toEqual({ pending: 0, running: 0, succeeded: 3, failed: 0, timedOut: 0, aborted: 0, total: 3, resultsWritten: 3, pendingRedrive: 0, failuresNotRedrivable: 0 });
  });

  it('runs EXPRESS children under express: ARNs and keeps no history for them', async () => {
    // Act
    const { execution, host } = run(distributedMap({}, 'EXPRESS'), range(2), new Worker());
    await execution.done;

    // Assess
    for (const { child } of host.children) {
      expect(child.type).toBe('EXPRESS');
      expect(child.executionArn).toMatch(/:express:pipeline\/Items:[0-9a-f-]{36}$/);
      expect(child.history.events).toEqual([]);
      expect(child.status).toBe('SUCCEEDED');
    }
  });

  it('counts a batch as one child of several items', async () => {
    // Act
    const { execution, host } = run(distributedMap({ ItemSelector: undefined, ItemBatcher: { MaxItemsPerBatch: 4 } }), range(10), {
      invoke: async ({ parameters }) => (parameters as { Items: unknown[] }).Items.length,
    });
    const outcome = await execution.done;

    // Assess
    expect(outcome.output).toEqual([4, 4, 2]);
    expect(host.children.map(({ itemCount }) => itemCount)).toEqual([4, 4, 2]);
    expect(host.runs[0]!.counts.executions).toMatchObject({ succeeded: 3, total: 3 });
    expect(host.runs[0]!.counts.items).toMatchObject({ succeeded: 10, total: 10 });
  });

  it('starts a new Map Run for each retry of the Map state', async () => {
    // Prepare: every child fails, and the Map retries once.
    const retried = distributedMap({ Retry: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], MaxAttempts: 1, IntervalSeconds: 1 }] });

    // Act
    const { execution, host } = run(retried, range(2), new Worker({ failing: new Set([0, 1]) }));
    const outcome = await execution.done;

    // Assess
    expect(outcome.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(host.runs).toHaveLength(2);
    expect(new Set(host.runs.map((mapRun) => mapRun.arn)).size).toBe(2);
    const started = execution.history.events.filter((event) => event.type === 'MapRunStarted').map((event) => event.details?.mapRunArn);
    expect(started).toEqual(host.runs.map((mapRun) => mapRun.arn));
  });

  it('fails with States.DataLimitExceeded when the children\'s outputs pass 256 KiB, after the Map Run succeeded', async () => {
    // Act: 300 outputs of 1 KiB each.
    const { execution } = run(distributedMap({ ItemSelector: undefined }), range(300), { invoke: async () => 'x'.repeat(1024) });
    const outcome = await execution.done;

    // Assess
    expect(outcome.error).toBe('States.DataLimitExceeded');
    expect(eventTypes(execution)).toContain('MapRunSucceeded');
  });

  it('aborts the Map Run and its children when the parent is stopped', async () => {
    // Prepare
    const worker = new Worker({ hold: true });
    const { execution, host } = run(distributedMap({ MaxConcurrency: 2 }), range(5), worker);
    await settle();

    // Act
    execution.stop('Stopped', 'by the test');
    await execution.done;

    // Assess
    expect(execution.status).toBe('ABORTED');
    expect(host.runs[0]!.status).toBe('ABORTED');
    expect(host.children.map(({ child }) => child.status)).toEqual(['ABORTED', 'ABORTED']);
    expect(eventTypes(execution)).toContain('MapRunAborted');
    expect(host.runs[0]!.counts.executions).toMatchObject({ aborted: 2, pending: 3, running: 0 });
  });
});
