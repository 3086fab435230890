/**
 * Workflow variables at run time. https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
import { startExecution } from '../../../local/engine/execution';
import type { StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock } from '../../support/manual-clock';

const run = (definition: StateMachineDefinition, input: unknown) =>
  startExecution(definition, { clock: new ManualClock({ autoAdvance: true }), input }).done;

describe('the size of what one state assigns', () => {
  // At most 256 KiB of assigned values per state (ENGINE-NOTES.md, workflow-variables.html "limits").
  it.each<[string, StateMachineDefinition]>([
    ['JSONPath', { StartAt: 'Keep', States: { Keep: { Type: 'Pass', Assign: { 'a.$': '$.text', 'b.$': '$.text' }, End: true } } }],
    ['JSONata', { QueryLanguage: 'JSONata', StartAt: 'Keep', States: { Keep: { Type: 'Pass', Assign: { a: '{% $states.input.text %}', b: '{% $states.input.text %}' }, End: true } } }],
  ])('fails the state with States.DataLimitExceeded past 256 KiB (%s)', async (_language, definition) => {
    // Act: two 150 KiB values, each under the limit, together over it
    const outcome = await run(definition, { text: 'x'.repeat(150 * 1024) });

    // Assess
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.DataLimitExceeded',
      cause: "The state 'Keep' assigned variables whose size exceeds the maximum number of bytes service limit." });
  });

  it('assigns values that fit', async () => {
    // Act
    const outcome = await run({ StartAt: 'Keep', States: {
      Keep: { Type: 'Pass', Assign: { 'a.$': '$.text' }, Next: 'Read' },
      Read: { Type: 'Pass', Parameters: { 'length.$': 'States.ArrayLength(States.StringSplit($a, \'-\'))' }, End: true },
    } }, { text: 'a-b-c' });

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { length: 3 } });
  });
});
