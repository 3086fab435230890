import { createPeerEngine, peerTaskHandlers } from '../../../bench/engine-peer';
import { sameJson } from '../../../bench/json-equal';
import { buildScenarios, inlineMapDefinition, mapItems, type Scenario } from '../../../bench/scenarios';
import { defined } from '../../support/defined';

const scenarios = buildScenarios();

describe('the peer engine adapter', () => {
  // (c) and (d) take about a second each on the peer; a 100-item Map stands in for (c) here, and the harness itself
  // checks every run's output of every scenario against the expected one.
  const smallMap: Scenario = { ...scenarios.c, definition: inlineMapDefinition(), input: mapItems(100), expectedOutput: mapItems(100) };

  it.each([
    { name: '(a) Pass chain', scenario: scenarios.a },
    { name: '(b) Parameters chain', scenario: scenarios.b },
    { name: '(c) inline Map, 100 items', scenario: smallMap },
    { name: '(e) Task chain', scenario: scenarios.e },
  ])('$name gives the expected output', async ({ scenario }) => {
    // Prepare
    const run = createPeerEngine().prepare(scenario);

    // Act
    const output = await run();

    // Assess
    expect(sameJson(output, scenario.expectedOutput)).toBe(true);
  });

  it('overrides every Task state by name with the no-op', async () => {
    // Act
    const handlers = peerTaskHandlers(scenarios.e);

    // Assess
    expect(Object.keys(handlers)).toEqual(scenarios.e.taskStateNames);
    const [first] = scenarios.e.taskStateNames;
    const handler = defined(handlers[defined(first, 'a Task state in scenario e')], `the handler of ${first}`);
    await expect(handler({ x: 1 })).resolves.toEqual({ x: 1 });
  });
});
