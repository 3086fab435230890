/**
 * The context object (`$$` in JSONPath, `$states.context` in JSONata) as the developer guide documents it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import { startExecution } from '../../../local/engine/execution';
import type { StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock } from '../../support/manual-clock';

const run = (definition: StateMachineDefinition, input: unknown) =>
  startExecution(definition, { clock: new ManualClock({ autoAdvance: true }), input }).done;

const mapOver = (mode: 'INLINE' | 'DISTRIBUTED', selector: Record<string, unknown>, language?: 'JSONata'): StateMachineDefinition => ({
  ...(language ? { QueryLanguage: language } : {}),
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemSelector: selector,
      ItemProcessor: { ProcessorConfig: { Mode: mode, ExecutionType: 'STANDARD' }, StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
      End: true,
    },
  },
});

describe('$$.Map.Item', () => {
  // "Source": where the item was read from; STATE_DATA for items of the state's own input (contextobject-map).
  it.each<[string, StateMachineDefinition]>([
    ['an inline Map (JSONPath)', mapOver('INLINE', { 'source.$': '$$.Map.Item.Source', 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' })],
    ['a distributed Map (JSONPath)', mapOver('DISTRIBUTED', { 'source.$': '$$.Map.Item.Source', 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value' })],
    ['an inline Map (JSONata)', mapOver('INLINE', {
      source: '{% $states.context.Map.Item.Source %}', index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}',
    }, 'JSONata')],
  ])('gives Index, Value and Source STATE_DATA for items of the state input in %s', async (_name, definition) => {
    // Act
    const outcome = await run(definition, ['a', 'b']);

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [
      { source: 'STATE_DATA', index: 0, value: 'a' },
      { source: 'STATE_DATA', index: 1, value: 'b' },
    ] });
  });
});
