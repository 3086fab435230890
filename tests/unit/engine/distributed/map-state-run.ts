/** A Map state being executed, for the Distributed Map's data modules (reader, batcher, writer) tested on their own. */
import type { MapState } from '../../../../local/engine/asl';
import { StateRun } from '../../../../local/engine/state-run';
import { MISSING } from '../../../../local/engine/types';

const EXECUTION = {
  Execution: {
    Id: 'arn:aws:states:us-east-1:000000000000:execution:images:run-1',
    Input: {},
    Name: 'run-1',
    RoleArn: 'arn:aws:iam::000000000000:role/sfn',
    StartTime: '2024-01-01T00:00:00.000Z',
    RedriveCount: 0,
  },
  StateMachine: { Id: 'arn:aws:states:us-east-1:000000000000:stateMachine:images', Name: 'images' },
};

export function mapStateRun(fields: Partial<MapState>, input: unknown = {}): StateRun<MapState> {
  const definition: MapState = {
    Type: 'Map',
    ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
    End: true,
    ...fields,
  };
  return new StateRun('Each', definition, 2, Date.UTC(2024, 0, 1), input, { get: () => MISSING }, EXECUTION, undefined, () => Date.UTC(2024, 0, 1));
}

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The rejection of a promise (or of reading an iterable to its end), for assertions on error and cause. */
export async function rejection(work: Promise<unknown>): Promise<{ error: string; cause?: string }> {
  const caught = await work.then(() => undefined, (error: unknown) => error);
  if (caught === undefined) throw new Error('Expected a failure, but it succeeded');
  return { error: (caught as { error: string }).error, cause: (caught as { cause?: string }).cause };
}
