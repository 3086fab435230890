/**
 * Map settings given as JSONata expressions must yield numbers of the right kind; AWS reports any other result as
 * States.QueryEvaluationError "returned an unexpected result type", as it does for Wait's Seconds and Map's Items.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html (MaxConcurrency, ItemBatcher, tolerated failure)
 */
import type { MapState } from '../../../local/engine/asl';
import { startExecution } from '../../../local/engine/execution';
import type { StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock } from '../../support/manual-clock';

const mapWith = (settings: Partial<MapState>, mode: 'INLINE' | 'DISTRIBUTED' = 'INLINE'): StateMachineDefinition => ({
  QueryLanguage: 'JSONata',
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: { ProcessorConfig: { Mode: mode, ExecutionType: 'STANDARD' }, StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
      End: true,
      ...settings,
    },
  },
});

describe('JSONata Map settings', () => {
  it.each<[string, StateMachineDefinition, string]>([
    ['MaxConcurrency yielding a string', mapWith({ MaxConcurrency: "{% '2' %}" }),
      "The JSONata expression ''2'' specified for the field 'MaxConcurrency' returned an unexpected result type. Expected 'integer', but was 'string' for value: \"2\""],
    ['MaxConcurrency yielding a fraction', mapWith({ MaxConcurrency: '{% 1.5 %}' }),
      "The JSONata expression '1.5' specified for the field 'MaxConcurrency' returned an unexpected result type. Expected 'integer', but was 'number' for value: 1.5"],
    ['ToleratedFailurePercentage yielding a boolean', mapWith({ ToleratedFailurePercentage: '{% true %}' }, 'DISTRIBUTED'),
      "The JSONata expression 'true' specified for the field 'ToleratedFailurePercentage' returned an unexpected result type. Expected 'number', but was 'boolean' for value: true"],
    ['MaxItemsPerBatch yielding null', mapWith({ ItemBatcher: { MaxItemsPerBatch: '{% null %}' } }),
      "The JSONata expression 'null' specified for the field 'ItemBatcher/MaxItemsPerBatch' returned an unexpected result type. Expected 'integer', but was 'null' for value: null"],
  ])('fails the execution on %s', async (_name, definition, detail) => {
    // Act
    const outcome = await startExecution(definition, { clock: new ManualClock({ autoAdvance: true }), input: [1, 2] }).done;

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError',
      cause: `An error occurred while executing the state 'Each' (entered at the event id #2). ${detail}` });
  });

  it('runs with settings that yield integers', async () => {
    // Act
    const outcome = await startExecution(mapWith({ MaxConcurrency: '{% 1 + 1 %}', ItemBatcher: { MaxItemsPerBatch: '{% 1 %}' } }),
      { clock: new ManualClock({ autoAdvance: true }), input: [1, 2] }).done;

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [{ Items: [1] }, { Items: [2] }] });
  });
});
