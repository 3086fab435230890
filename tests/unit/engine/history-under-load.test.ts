/**
 * Histories stay right under load: a Map of 1,000 iterations, 40 at a time, whose tasks answer in random order,
 * records AWS's event types for every iteration, and every previousEventId names an earlier event of the same
 * iteration (MapIterationStarted: the previous iteration's, as AWS links it), never a later one. The rules are in
 * local/engine/history-links.ts.
 */
import { startExecution } from '../../../local/engine/execution';
import type { RecordedEvent } from '../../../local/engine/history';
import type { TaskIntegrations } from '../../../local/engine/ports';
import type { StateMachineDefinition } from '../../../local/engine/types';

const ITEMS = 1000;
const CONCURRENCY = 40;

const definition: StateMachineDefinition = {
  StartAt: 'Each item',
  States: {
    'Each item': {
      Type: 'Map',
      MaxConcurrency: CONCURRENCY,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Work',
        States: {
          Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:work', Next: 'Shape' },
          Shape: { Type: 'Pass', Parameters: { 'done.$': '$.item' }, End: true },
        },
      },
      End: true,
    },
  },
};

/** Each call answers after a random few milliseconds, so iterations finish out of order and their events interleave. */
const randomlySlow: TaskIntegrations = {
  invoke: async ({ parameters }) => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
    return parameters;
  },
};

/** The events of one iteration, from its MapIterationStarted to its MapIterationSucceeded. */
const ITERATION_TYPES = [
  'MapIterationStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded',
  'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded',
];

/**
 * Attributes each event between MapStateStarted and MapStateSucceeded to an iteration by following its link, and
 * reports every link that points forward, outside the iteration, or (for MapIterationStarted) not at the previous
 * iteration. Returns the types each iteration recorded, in order.
 */
function iterationsOf(events: readonly RecordedEvent[]): { types: string[][]; badLinks: string[] } {
  const mapStarted = events.find((event) => event.type === 'MapStateStarted')!.id;
  const owner = new Map<number, number>();
  const types: string[][] = Array.from({ length: ITEMS }, () => []);
  const badLinks: string[] = [];
  for (const event of events) {
    if (event.id <= mapStarted || event.type.startsWith('MapState') || event.type.startsWith('Execution')) continue;
    const link = event.previousEventId;
    if (link >= event.id) badLinks.push(`${event.id} ${event.type} links forward to ${link}`);
    let iteration: number;
    if (event.type === 'MapIterationStarted') {
      iteration = event.details!.index as number;
      const expected = iteration === 0 ? link === mapStarted : owner.get(link) === iteration - 1;
      if (!expected) badLinks.push(`${event.id} MapIterationStarted #${iteration} links to ${link}`);
    } else {
      iteration = owner.get(link) ?? -1;
      if (iteration < 0) badLinks.push(`${event.id} ${event.type} links to ${link}, outside every iteration`);
      if (event.type === 'MapIterationSucceeded' && event.details!.index !== iteration) badLinks.push(`${event.id} closes #${String(event.details!.index)} from #${iteration}`);
    }
    // Closing events are nobody's link target (AWS links onwards from the iteration's last state event).
    if (event.type !== 'MapIterationSucceeded') owner.set(event.id, iteration);
    types[iteration]?.push(event.type);
  }
  return { types, badLinks };
}

describe('history under load', () => {
  it(`records AWS's events, linked within each iteration, for a Map of ${ITEMS} iterations ${CONCURRENCY} at a time`, async () => {
    // Prepare
    const input = Array.from({ length: ITEMS }, (_, item) => ({ item }));

    // Act
    const execution = startExecution(definition, { input, integrations: randomlySlow });
    const outcome = await execution.done;

    // Assess: the output in item order, each iteration's own events in order, every link backward and inside its iteration.
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: input.map(({ item }) => ({ done: item })) });
    const { events } = execution.history;
    expect(events.length).toBe(ITEMS * ITERATION_TYPES.length + 6);
    const { types, badLinks } = iterationsOf(events);
    expect(badLinks).toEqual([]);
    const wrong = types.map((sequence, index) => ({ index, sequence })).filter(({ sequence }) => sequence.join() !== ITERATION_TYPES.join());
    expect(wrong).toEqual([]);
    // Iterations really ran interleaved: some iteration started before the one before it had finished.
    const starts = events.filter((event) => event.type === 'MapIterationStarted').map((event) => event.id);
    const ends = events.filter((event) => event.type === 'MapIterationSucceeded').map((event): [number, number] => [event.details!.index as number, event.id]);
    const endOf = new Map(ends.map(([index, id]) => [index, id]));
    expect(starts.some((startId, index) => index > 0 && startId < endOf.get(index - 1)!)).toBe(true);
    // The Map closes on its body's last event: the latest MapIterationSucceeded, for MapStateSucceeded and MapStateExited alike.
    const lastClosed = Math.max(...ends.map(([, id]) => id));
    const closing = events.filter((event) => event.type === 'MapStateSucceeded' || event.type === 'MapStateExited');
    expect(closing.map((event) => [event.type, event.previousEventId])).toEqual([['MapStateSucceeded', lastClosed], ['MapStateExited', lastClosed]]);
  }, 60_000);
});
