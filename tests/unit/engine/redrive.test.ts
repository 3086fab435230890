/**
 * Redrive in the engine: where an execution resumes (decided from its history alone), what runs again and what
 * does not, Retry counters and timeouts starting afresh, and the history continuing its ids.
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
import { StatesError } from '../../../local/engine/errors';
import { startExecution, type Execution } from '../../../local/engine/execution';
import { planRedrive } from '../../../local/engine/redrive/redrive-plan';
import type { TaskIntegrations } from '../../../local/engine/ports';
import type { StateMachineDefinition, TaskState } from '../../../local/engine/asl';
import { ManualClock } from '../../support/manual-clock';

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/**
 * Functions by name: each counts its calls; `broken` ones throw `Broken` until repaired, as a dependency that is down
 * until someone fixes it.
 */
function functions(behaviour: Record<string, (input: unknown) => unknown> = {}) {
  const calls: Record<string, number> = {};
  const broken = new Set<string>();
  const integrations: TaskIntegrations = {
    invoke: async ({ resource, parameters }) => {
      const name = resource.arn.split(':').pop()!;
      calls[name] = (calls[name] ?? 0) + 1;
      if (broken.has(name)) throw new StatesError('Broken', `${name} is down`);
      return behaviour[name] ? behaviour[name](parameters) : { from: name, input: parameters };
    },
  };
  return { calls, broken, integrations };
}

const task = (name: string, extra: Partial<TaskState> = {}): TaskState => ({ Type: 'Task', Resource: fn(name), End: true, ...extra });

function start(definition: StateMachineDefinition, integrations: TaskIntegrations, input: unknown = {}) {
  return startExecution(definition, { clock: new ManualClock({ autoAdvance: true }), integrations, input });
}

const types = (execution: Execution) => execution.history.events.map((event) => event.type);
const enteredNames = (execution: Execution, afterId: number) =>
  execution.history.events.filter((event) => event.id > afterId && event.type.endsWith('StateEntered')).map((event) => event.details?.name);

async function redriveAndWait(execution: Execution) {
  const lastId = execution.history.size;
  execution.redrive();
  const outcome = await execution.done;
  return { outcome, lastId };
}

describe('redrive in the engine', () => {
  it('resumes at the state that failed, with its input and the variables assigned before it; exited states do not run again', async () => {
    // Prepare
    const { calls, broken, integrations } = functions({ charge: () => ({ chargeId: 'ch_1' }) });
    const definition: StateMachineDefinition = {
      StartAt: 'Charge',
      States: {
        Charge: task('charge', { End: undefined, Next: 'Shape', Assign: { 'chargeId.$': '$.chargeId' }, ResultPath: '$.charge' }),
        Shape: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId' }, Next: 'Email' },
        Email: task('email', { Parameters: { 'orderId.$': '$.orderId', 'chargeId.$': '$chargeId' } }),
      },
    };
    broken.add('email');
    const execution = start(definition, integrations, { orderId: 'o-1' });
    expect((await execution.done).status).toBe('FAILED');

    // Act
    broken.delete('email');
    const { outcome, lastId } = await redriveAndWait(execution);

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { from: 'email', input: { orderId: 'o-1', chargeId: 'ch_1' } } });
    expect(calls).toEqual({ charge: 1, email: 2 });
    expect(enteredNames(execution, lastId)).toEqual(['Email']);
    const redriven = execution.history.events[lastId];
    expect(redriven).toMatchObject({ id: lastId + 1, previousEventId: lastId, type: 'ExecutionRedriven', details: { redriveCount: 1 } });
    expect(execution.history.events.map((event) => event.id)).toEqual(execution.history.events.map((_, index) => index + 1));
    expect(types(execution).at(-1)).toBe('ExecutionSucceeded');
    expect(execution.redriveCount).toBe(1);
  });

  it('runs again only the Parallel branch that failed: the succeeded branch keeps its output and is not called again', async () => {
    // Prepare
    const { calls, broken, integrations } = functions({ count: () => 'counted' });
    const definition: StateMachineDefinition = {
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Count', States: { Count: task('count') } },
            { StartAt: 'Prepare', States: { Prepare: { Type: 'Pass', Result: 'prepared', Next: 'Send' }, Send: task('send') } },
          ],
        },
      },
    };
    broken.add('send');
    const execution = start(definition, integrations);
    expect((await execution.done).status).toBe('FAILED');

    // Act
    broken.delete('send');
    const { outcome, lastId } = await redriveAndWait(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toEqual(['counted', { from: 'send', input: 'prepared' }]);
    expect(calls).toEqual({ count: 1, send: 2 });
    expect(enteredNames(execution, lastId)).toEqual(['Fan out', 'Send']);
  });

  it('runs again only the inline Map iterations that failed, keeping the others\' outputs in item order', async () => {
    // Prepare
    const seen: unknown[] = [];
    let threeDown = true;
    const { integrations } = functions({
      square: (input) => {
        seen.push(input);
        if (input === 3 && threeDown) throw new StatesError('Broken', 'three is down');
        return (input as number) ** 2;
      },
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Square',
      States: { Square: { Type: 'Map', End: true, MaxConcurrency: 1, ItemProcessor: { StartAt: 'Call', States: { Call: task('square') } } } },
    };
    const execution = start(definition, integrations, [1, 2, 3, 4, 5]);
    expect((await execution.done).status).toBe('FAILED');
    expect(seen).toEqual([1, 2, 3]);
    threeDown = false;

    // Act
    const { outcome, lastId } = await redriveAndWait(execution);

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [1, 4, 9, 16, 25] });
    expect(seen).toEqual([1, 2, 3, 3, 4, 5]);
    const iterations = execution.history.events.filter((event) => event.id > lastId && event.type === 'MapIterationStarted');
    expect(iterations.map((event) => event.details?.index)).toEqual([2, 3, 4]);
  });

  it('restarts Retry counters: the redriven state gets all its MaxAttempts again', async () => {
    // Prepare
    const { calls, integrations } = functions({
      flaky: () => {
        throw new StatesError('Broken', 'still down');
      },
    });
    const definition: StateMachineDefinition = {
      StartAt: 'Call', States: { Call: task('flaky', { Retry: [{ ErrorEquals: ['Broken'], MaxAttempts: 2, IntervalSeconds: 1 }] }) },
    };
    const execution = start(definition, integrations);
    await execution.done;
    expect(calls.flaky).toBe(3);

    // Act
    await redriveAndWait(execution);

    // Assess: 1 + 2 retries again, not 0 retries because the counter was spent.
    expect(calls.flaky).toBe(6);
  });

  it('re-enters a Fail state reached by design, which fails again ("Catch then Fail" defeats redrive)', async () => {
    // Prepare
    const { calls, broken, integrations } = functions();
    broken.add('pay');
    const definition: StateMachineDefinition = {
      StartAt: 'Pay',
      States: {
        Pay: task('pay', { End: undefined, Next: 'Done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Payment failed' }] }),
        Done: { Type: 'Succeed' },
        'Payment failed': { Type: 'Fail', Error: 'PaymentFailed', Cause: 'caught and failed' },
      },
    };
    const execution = start(definition, integrations);
    await execution.done;
    broken.delete('pay');

    // Act
    const { outcome, lastId } = await redriveAndWait(execution);

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'PaymentFailed', cause: 'caught and failed' });
    expect(enteredNames(execution, lastId)).toEqual(['Payment failed']);
    expect(calls.pay).toBe(1);
  });

  it('runs the whole Parallel again after States.DataLimitExceeded', async () => {
    // Prepare
    let big = true;
    const { calls, integrations } = functions({ small: () => 'small', large: () => (big ? 'x'.repeat(300_000) : 'fits') });
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'Small', States: { Small: task('small') } }, { StartAt: 'Large', States: { Large: task('large') } }] } },
    };
    const execution = start(definition, integrations);
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    big = false;

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: ['small', 'fits'] });
    expect(calls).toEqual({ small: 2, large: 2 });
  });

  it('resumes inside a failed branch: states of that branch that exited are not run again', async () => {
    // Prepare
    const { calls, broken, integrations } = functions();
    broken.add('second');
    const definition: StateMachineDefinition = {
      StartAt: 'Branches',
      States: {
        Branches: {
          Type: 'Parallel', End: true,
          Branches: [{ StartAt: 'First', States: { First: task('first', { End: undefined, Next: 'Second' }), Second: task('second') } }],
        },
      },
    };
    const execution = start(definition, integrations, { n: 1 });
    await execution.done;
    broken.delete('second');

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(calls).toEqual({ first: 1, second: 2 });
  });

  it('keeps what earlier redrives kept: a second redrive re-runs only what is still unsuccessful', async () => {
    // Prepare: three branches, two broken; the first redrive fixes one.
    const { calls, broken, integrations } = functions();
    broken.add('b').add('c');
    const definition: StateMachineDefinition = {
      StartAt: 'Three',
      States: { Three: { Type: 'Parallel', End: true, Branches: ['a', 'b', 'c'].map((name) => ({ StartAt: name, States: { [name]: task(name) } })) } },
    };
    const execution = start(definition, integrations);
    await execution.done;
    broken.delete('b');
    expect((await redriveAndWait(execution)).outcome.status).toBe('FAILED');
    broken.delete('c');

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect((outcome.output as Array<{ from: string }>).map((output) => output.from)).toEqual(['a', 'b', 'c']);
    expect(calls.a).toBe(1);
    expect(calls.b).toBeLessThanOrEqual(2);
    expect(execution.redriveCount).toBe(2);
  });

  it('starts the execution timeout afresh', async () => {
    // Prepare: the first run times out in a 60 s Wait of a 30 s execution.
    const clock = new ManualClock();
    const definition: StateMachineDefinition = {
      TimeoutSeconds: 30,
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Wait', Seconds: 60, Next: 'Report' },
        Report: { Type: 'Pass', Parameters: { 'redriveCount.$': '$$.Execution.RedriveCount' }, End: true },
      },
    };
    const execution = startExecution(definition, { clock, integrations: functions().integrations });
    await clock.advance(30_000);
    expect((await execution.done).status).toBe('TIMED_OUT');

    // Act: shorten nothing; a fresh 30 s timeout still cannot fit the 60 s Wait, but 29 s in it is still running.
    execution.redrive();
    await clock.advance(29_000);
    const runningAfter29s = execution.status;
    await clock.advance(1_000);

    // Assess
    expect(runningAfter29s).toBe('RUNNING');
    expect((await execution.done).status).toBe('TIMED_OUT');
    expect(execution.redriveCount).toBe(1);
  });

  it('decides from the history alone: a plan read from the recorded events names the failed state and its input', async () => {
    // Prepare
    const { broken, integrations } = functions();
    broken.add('b');
    const definition: StateMachineDefinition = { StartAt: 'A', States: { A: task('a', { End: undefined, Next: 'B', Assign: { seen: true } }), B: task('b') } };
    const execution = start(definition, integrations, { x: 1 });
    await execution.done;

    // Act
    const plan = planRedrive(structuredClone(execution.history.events), definition);

    // Assess
    expect(plan).toEqual({ stateName: 'B', input: { from: 'a', input: { x: 1 } }, variables: { seen: true } });
  });
  it('finds a failed iteration of a Map nested in a Parallel branch, and re-runs only that iteration', async () => {
    // Prepare
    let down = true;
    const { calls, integrations } = functions({ item: (input) => {
      if (input === 'b' && down) throw new StatesError('Broken', 'b is down');
      return `done ${String(input)}`;
    } });
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel', End: true,
          Branches: [
            { StartAt: 'Alone', States: { Alone: task('alone') } },
            { StartAt: 'Each', States: { Each: { Type: 'Map', End: true, MaxConcurrency: 1, ItemsPath: '$.items', ItemProcessor: { StartAt: 'Item', States: { Item: task('item') } } } } },
          ],
        },
      },
    };
    const execution = start(definition, integrations, { items: ['a', 'b', 'c'] });
    expect((await execution.done).status).toBe('FAILED');
    down = false;

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect((outcome.output as unknown[])[1]).toEqual(['done a', 'done b', 'done c']);
    // a ran once; b failed, so c (MaxConcurrency 1) never started: the redrive runs b and c.
    expect(calls).toEqual({ alone: 1, item: 4 });
  });

  it('reads the last attempt of a retried Parallel: a branch that succeeded in it is kept', async () => {
    // Prepare: the Parallel is retried once; "steady" succeeds in both attempts, "broken" fails in both.
    const { calls, broken, integrations } = functions();
    broken.add('broken');
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel', End: true, Retry: [{ ErrorEquals: ['Broken'], MaxAttempts: 1 }],
          Branches: [{ StartAt: 'Steady', States: { Steady: task('steady') } }, { StartAt: 'Flaky', States: { Flaky: task('broken') } }],
        },
      },
    };
    const execution = start(definition, integrations);
    await execution.done;
    expect(calls).toEqual({ steady: 2, broken: 2 });
    broken.delete('broken');

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(calls).toEqual({ steady: 2, broken: 3 });
  });

  it('re-runs a branch that was aborted when its sibling failed', async () => {
    // Prepare: "slow" is still running when "fast" fails, so the Parallel aborts it.
    let release: (() => void) | undefined;
    const { calls, broken, integrations } = functions();
    const slow: TaskIntegrations = {
      invoke: (request) => {
        if (!request.resource.arn.endsWith(':slow')) return integrations.invoke(request);
        calls.slow = (calls.slow ?? 0) + 1;
        return new Promise((resolve, reject) => {
          release = () => resolve('slow done');
          request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
        });
      },
    };
    broken.add('fast');
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'Slow', States: { Slow: task('slow') } }, { StartAt: 'Fast', States: { Fast: task('fast') } }] } },
    };
    const execution = start(definition, slow);
    await execution.done;
    expect(calls).toEqual({ slow: 1, fast: 1 });
    broken.delete('fast');

    // Act: the redriven "slow" answers at once.
    execution.redrive();
    await new Promise((resolve) => setImmediate(resolve));
    release?.();
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: ['slow done', { from: 'fast', input: {} }] });
    expect(calls).toEqual({ slow: 2, fast: 2 });
  });
  it('gives $$.Execution.RedriveCount and RedriveTime to the states that run after a redrive', async () => {
    // Prepare
    const { broken, integrations } = functions();
    broken.add('first');
    const definition: StateMachineDefinition = {
      StartAt: 'First',
      States: {
        First: task('first', { End: undefined, Next: 'Report' }),
        Report: { Type: 'Pass', Parameters: { 'count.$': '$$.Execution.RedriveCount', 'time.$': '$$.Execution.RedriveTime' }, End: true },
      },
    };
    const execution = start(definition, integrations);
    await execution.done;
    broken.delete('first');

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome.output).toEqual({ count: 1, time: new Date(execution.redriveDate!).toISOString() });
  });
  it('gives a redriven Task its whole TimeoutSeconds again', async () => {
    // Prepare: a task that never answers times out after 10 s.
    const clock = new ManualClock();
    const hanging: TaskIntegrations = {
      invoke: (request) => new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true })),
    };
    const definition: StateMachineDefinition = { StartAt: 'Call', States: { Call: task('hang', { TimeoutSeconds: 10 }) } };
    const execution = startExecution(definition, { clock, integrations: hanging });
    await clock.advance(10_000);
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });

    // Act
    execution.redrive();
    await clock.advance(9_999);
    const after9s = execution.status;
    await clock.advance(1);

    // Assess
    expect(after9s).toBe('RUNNING');
    expect(await execution.done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
  it('keeps a branch\'s variables across two redrives that both resume inside it', async () => {
    // Prepare: the branch assigns $ticket, then fails at "Use" twice.
    const { calls, broken, integrations } = functions({ use: (input) => input });
    broken.add('use');
    const definition: StateMachineDefinition = {
      StartAt: 'Branch',
      States: {
        Branch: {
          Type: 'Parallel', End: true,
          Branches: [{
            StartAt: 'Issue',
            States: { Issue: { Type: 'Pass', Assign: { ticket: 'T-1' }, Next: 'Use' }, Use: task('use', { Parameters: { 'ticket.$': '$ticket' } }) },
          }],
        },
      },
    };
    const execution = start(definition, integrations);
    await execution.done;
    await redriveAndWait(execution);
    broken.delete('use');

    // Act
    const { outcome } = await redriveAndWait(execution);

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [{ ticket: 'T-1' }] });
    expect(calls.use).toBe(3);
  });
});
