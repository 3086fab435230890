import type { StateDefinition } from '../../../local/engine/types';
import { buildScenarios, chainOf, mapItems, NOOP_FUNCTION_ARN, permuteFields, SCENARIO_IDS } from '../../../bench/scenarios';

const scenarios = buildScenarios();

/** Every state a definition can reach through Next and Choice targets (with Default). */
function targetsOf(state: StateDefinition): string[] {
  if (state.Type === 'Choice') return [state.Default, ...state.Choices.map((choice) => choice.Next)].filter(
    (target): target is string => typeof target === 'string',
  );
  return ['Next' in state ? state.Next : undefined].filter(
    (target): target is string => typeof target === 'string',
  );
}

describe('chainOf', () => {
  it('links each state to the next and ends the last one', () => {
    // Act
    const definition = chainOf(3, 'Step', () => ({ Type: 'Pass' }));

    // Assess
    expect(definition).toEqual({
      StartAt: 'Step 0001',
      States: {
        'Step 0001': { Type: 'Pass', Next: 'Step 0002' },
        'Step 0002': { Type: 'Pass', Next: 'Step 0003' },
        'Step 0003': { Type: 'Pass', End: true },
      },
    });
  });
});

describe('permuteFields', () => {
  it.each([
    { rounds: 1, expected: { a: 'B', b: 'C', c: 'A', d: 'E', e: 'D' } },
    { rounds: 2, expected: { a: 'C', b: 'A', c: 'B', d: 'D', e: 'E' } },
    { rounds: 6, expected: { a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' } },
    { rounds: 1000, expected: { a: 'B', b: 'C', c: 'A', d: 'D', e: 'E' } },
  ])('after $rounds round(s) gives $expected', ({ rounds, expected }) => {
    // Act
    const result = permuteFields({ a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' }, rounds);

    // Assess
    expect(result).toEqual(expected);
  });
});

describe('the scenarios', () => {
  it.each(SCENARIO_IDS.map((id) => ({ id })))('($id) names only states that exist and starts at one', ({ id }) => {
    // Prepare
    const { definition } = scenarios[id];

    // Act
    const missing = Object.values(definition.States)
      .flatMap(targetsOf)
      .filter((target) => !(target in definition.States));

    // Assess
    expect(definition.States[definition.StartAt]).toBeDefined();
    expect(missing).toEqual([]);
  });

  it.each([
    { id: 'a', workPerRun: 1000, states: 1000, type: 'STANDARD' },
    { id: 'b', workPerRun: 1000, states: 1000, type: 'STANDARD' },
    { id: 'c', workPerRun: 10_000, states: 1, type: 'EXPRESS' },
    { id: 'd', workPerRun: 20_001, states: 3, type: 'EXPRESS' },
    { id: 'e', workPerRun: 100, states: 100, type: 'STANDARD' },
  ] as const)('($id) does $workPerRun units of work with $states top-level states as $type', ({ id, workPerRun, states, type }) => {
    // Act
    const scenario = scenarios[id];

    // Assess
    expect(scenario.workPerRun).toBe(workPerRun);
    expect(Object.keys(scenario.definition.States)).toHaveLength(states);
    expect(scenario.type).toBe(type);
  });

  it('(b) reads five input fields in every state through Parameters', () => {
    // Act
    const parameters = Object.values(scenarios.b.definition.States).map((state) => ('Parameters' in state ? state.Parameters : undefined));

    // Assess
    expect(new Set(parameters.map((value) => JSON.stringify(value))).size).toBe(1);
    expect(parameters[0]).toEqual({ 'a.$': '$.b', 'b.$': '$.c', 'c.$': '$.a', 'd.$': '$.e', 'e.$': '$.d' });
    expect(scenarios.b.expectedOutput).not.toEqual(scenarios.b.input);
  });

  it('(c) keeps its 10,000-item input under the 256 KiB payload quota', () => {
    // Act
    const bytes = Buffer.byteLength(JSON.stringify(scenarios.c.input), 'utf8');

    // Assess
    expect(scenarios.c.input).toHaveLength(10_000);
    expect(bytes).toBeLessThan(256 * 1024);
  });

  it('(e) calls the no-op ARN from every Task and lists every Task for the peer', () => {
    // Act
    const { definition, taskStateNames } = scenarios.e;

    // Assess
    expect(new Set(Object.values(definition.States).map((state) => ('Resource' in state ? state.Resource : undefined)))).toEqual(new Set([NOOP_FUNCTION_ARN]));
    expect(taskStateNames).toEqual(Object.keys(definition.States));
  });

  it('makes small Map items', () => {
    // Act
    const items = mapItems(3);

    // Assess
    expect(items).toEqual([
      { id: 0, ok: true },
      { id: 1, ok: false },
      { id: 2, ok: true },
    ]);
  });
});
