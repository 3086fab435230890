/**
 * The linking rules of local/engine/history-links.ts, on small machines written for this test, so they hold in a
 * clone without the shared history corpus (which is where the evidence for each rule comes from).
 */
import { startExecution } from '../../../local/engine/execution';
import type { StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock } from '../../support/manual-clock';

/** A definition written as plain JSON, as in an .asl.json file (validation types it; these tests skip it). */
const machine = (definition: object): StateMachineDefinition => definition as StateMachineDefinition;

/** `[id, previousEventId, type]` of every event, which is what a link rule decides. */
async function links(definition: object, input: unknown = {}): Promise<Array<[number, number, string]>> {
  const execution = startExecution(machine(definition), { input, clock: new ManualClock({ autoAdvance: true }) });
  await execution.done;
  return execution.history.events.map((event) => [event.id, event.previousEventId, event.type]);
}

const failingBranch = { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom', Cause: 'it failed' } } };
const pass = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });

describe('history links', () => {
  it('links the first state to 0, then each event to the one before it in its frame', async () => {
    expect(await links({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } })).toEqual([
      [1, 0, 'ExecutionStarted'], [2, 0, 'PassStateEntered'], [3, 2, 'PassStateExited'],
      [4, 3, 'SucceedStateEntered'], [5, 4, 'SucceedStateExited'], [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  it('starts each later iteration after the previous iteration\'s last state event, and closes the Map on the last MapIterationSucceeded', async () => {
    const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: pass('Item'), End: true } } };
    expect(await links(definition, [1, 2])).toEqual([
      [1, 0, 'ExecutionStarted'], [2, 0, 'MapStateEntered'], [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'], [5, 4, 'PassStateEntered'], [6, 5, 'PassStateExited'], [7, 6, 'MapIterationSucceeded'],
      [8, 6, 'MapIterationStarted'], [9, 8, 'PassStateEntered'], [10, 9, 'PassStateExited'], [11, 10, 'MapIterationSucceeded'],
      [12, 11, 'MapStateSucceeded'], [13, 11, 'MapStateExited'], [14, 13, 'ExecutionSucceeded'],
    ]);
  });

  it('closes an empty Map on its MapStateStarted', async () => {
    const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemProcessor: pass('Item'), End: true } } };
    expect((await links(definition, [])).slice(2)).toEqual([
      [3, 2, 'MapStateStarted'], [4, 3, 'MapStateSucceeded'], [5, 3, 'MapStateExited'], [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  it('records no MapStateFailed between attempts of a retried Map, and links each new attempt and the final MapStateFailed to the failing event', async () => {
    const definition = {
      StartAt: 'Each',
      States: { Each: { Type: 'Map', ItemProcessor: failingBranch, Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }], End: true } },
    };
    expect(await links(definition, [1])).toEqual([
      [1, 0, 'ExecutionStarted'], [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'], [4, 3, 'MapIterationStarted'], [5, 4, 'FailStateEntered'], [6, 5, 'MapIterationFailed'],
      [7, 5, 'MapStateStarted'], [8, 7, 'MapIterationStarted'], [9, 8, 'FailStateEntered'], [10, 9, 'MapIterationFailed'],
      [11, 9, 'MapStateFailed'], [12, 11, 'ExecutionFailed'],
    ]);
  });

  it('links ParallelStateFailed to the failing branch\'s event, and a caught failure\'s ParallelStateExited to ParallelStateFailed', async () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: { Type: 'Parallel', Branches: [failingBranch], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }], Next: 'Handled' },
        Handled: { Type: 'Succeed' },
      },
    };
    expect((await links(definition)).slice(1, 6)).toEqual([
      [2, 0, 'ParallelStateEntered'], [3, 2, 'ParallelStateStarted'], [4, 3, 'FailStateEntered'], [5, 4, 'ParallelStateFailed'], [6, 5, 'ParallelStateExited'],
    ]);
  });

  it('links ParallelStateSucceeded and ParallelStateExited alike to the last branch event', async () => {
    const definition = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [pass('Left'), pass('Right')], End: true } } };
    const events = await links(definition);
    const lastBranchEvent = Math.max(...events.filter(([, , type]) => type.startsWith('PassState')).map(([id]) => id));
    expect(events.filter(([, , type]) => type.startsWith('ParallelState') && type !== 'ParallelStateEntered' && type !== 'ParallelStateStarted'))
      .toEqual([[lastBranchEvent + 1, lastBranchEvent, 'ParallelStateSucceeded'], [lastBranchEvent + 2, lastBranchEvent, 'ParallelStateExited']]);
  });

  it('records EvaluationFailed, linked to what the failing state\'s StateEntered links to, before MapStateFailed when Items fails', async () => {
    const definition = {
      QueryLanguage: 'JSONata' as const,
      StartAt: 'Each',
      States: { Each: { Type: 'Map', Items: '{% 42 %}', ItemProcessor: pass('Item'), End: true } },
    };
    const execution = startExecution(machine(definition), { clock: new ManualClock({ autoAdvance: true }) });
    await execution.done;
    expect(execution.history.events.map((event) => [event.id, event.previousEventId, event.type])).toEqual([
      [1, 0, 'ExecutionStarted'], [2, 0, 'MapStateEntered'], [3, 0, 'EvaluationFailed'], [4, 3, 'MapStateFailed'], [5, 4, 'ExecutionFailed'],
    ]);
    expect(execution.history.events[2]?.details).toEqual({
      error: 'States.QueryEvaluationError',
      cause: "An error occurred while executing the state 'Each' (entered at the event id #2). The JSONata expression '42' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 42",
      location: 'Items',
      state: 'Each',
    });
  });

  it('records a Distributed Map\'s run, not its children\'s events, in the parent\'s history', async () => {
    const definition = {
      StartAt: 'Each',
      States: { Each: { Type: 'Map', Label: 'Items', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, ...pass('Item') }, End: true } },
    };
    const execution = startExecution(machine(definition), { input: [1, 2, 3], stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:jobs' });
    await execution.done;
    expect(execution.history.events.map((event) => [event.id, event.previousEventId, event.type])).toEqual([
      [1, 0, 'ExecutionStarted'], [2, 0, 'MapStateEntered'], [3, 2, 'MapStateStarted'], [4, 3, 'MapRunStarted'], [5, 4, 'MapRunSucceeded'],
      [6, 5, 'MapStateSucceeded'], [7, 5, 'MapStateExited'], [8, 7, 'ExecutionSucceeded'],
    ]);
    expect(execution.history.events[3]?.details?.mapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:jobs\/Items:[0-9a-f-]{36}$/);
  });
});

describe('history details', () => {
  const run = async (definition: object, input: unknown = {}) => {
    const execution = startExecution(machine(definition), { input, clock: new ManualClock({ autoAdvance: true }) });
    const outcome = await execution.done;
    return { outcome, events: execution.history.events };
  };

  it.each([
    ['an empty Assign', { Type: 'Pass', Assign: {}, End: true }, undefined],
    ['a Pass that assigns', { Type: 'Pass', Assign: { seen: 1 }, End: true }, { seen: '1' }],
    ['a Wait that assigns', { Type: 'Wait', Seconds: 1, Assign: { 'waited.$': '$.n' }, End: true }, { waited: '7' }],
  ])('records assignedVariables on StateExited for %s as AWS does', async (_label, state, assigned) => {
    const { events } = await run({ StartAt: 'S', States: { S: state } }, { n: 7 });
    const exited = events.find((event) => event.type.endsWith('StateExited'))!;
    expect(exited.details?.assignedVariables).toEqual(assigned);
  });

  it('gives a Pass state no RetryCount in its context object', async () => {
    const { outcome } = await run({
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'state.$': '$$.State' }, End: true } },
    });
    expect(Object.keys((outcome.output as { state: object }).state).sort()).toEqual(['EnteredTime', 'Name']);
  });

  it('words a missing ErrorPath as AWS does', async () => {
    const { outcome } = await run({ StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.missing', Cause: 'x' } } }, { present: 1 });
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'ErrorPath' could not be found in the input '{\"present\":1}'",
    });
  });
});
