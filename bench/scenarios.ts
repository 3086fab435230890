/**
 * The benchmark scenarios: one ASL definition, one input and one expected output each, run unchanged on both
 * engines. The expected output is derived here in plain TypeScript, so a run that returns a wrong answer is
 * reported as wrong instead of being timed.
 */
import type { Json, StateDefinition, StateMachineDefinition } from '../local/engine/types';

export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'e';

/** What one run of a scenario counts as work: states entered, or Map items processed. */
export type ThroughputUnit = 'transitions/s' | 'items/s';

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly unit: ThroughputUnit;
  /** Units of work in one run (states entered or items), the numerator of the throughput. */
  readonly workPerRun: number;
  /**
   * How our engine runs it. Express for the long ones: a Standard execution's history is capped at 25,000 events
   * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html), which a 10,000-item Map or a
   * 10,000-round loop would exceed, while Express executions keep no history.
   */
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: StateMachineDefinition;
  readonly input: Json;
  readonly expectedOutput: Json;
  /** The Task states to hand to the peer's `taskResourceLocalHandlers` (the peer overrides Tasks by state name). */
  readonly taskStateNames: readonly string[];
}

/** The bare Lambda ARN every Task of scenario (e) calls; both engines route it to an in-process no-op. */
export const NOOP_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench-noop';

/** The no-op function itself: a Lambda that returns its event (a bare function ARN returns the payload as is). */
export const noopFunction = async (event: unknown): Promise<unknown> => event;

const stateName = (prefix: string, index: number): string => `${prefix} ${String(index + 1).padStart(4, '0')}`;

/** A chain of `count` states built by `makeState`, each one's Next the following one, the last one End. */
export function chainOf(
  count: number,
  prefix: string,
  makeState: (index: number) => Omit<StateDefinition, 'Next' | 'End'>,
): StateMachineDefinition {
  const States: Record<string, StateDefinition> = {};
  for (let index = 0; index < count; index += 1) {
    const link = index + 1 < count ? { Next: stateName(prefix, index + 1) } : { End: true };
    States[stateName(prefix, index)] = { ...makeState(index), ...link } as StateDefinition;
  }
  return { StartAt: stateName(prefix, 0), States };
}

/**
 * Which input field each Parameters field reads: `a`, `b`, `c` rotate (a 3-cycle) and `d`, `e` swap, a permutation
 * of order 6. Every state does five real path reads, and since 1,000 is not a multiple of 6 the output differs
 * from the input: an engine that skipped or repeated states would not return the expected output.
 */
const FIELD_SOURCES = { a: 'b', b: 'c', c: 'a', d: 'e', e: 'd' } as const;

/** The Parameters template of every state of scenario (b). */
export const permutingParameters: Record<string, string> = Object.fromEntries(
  Object.entries(FIELD_SOURCES).map(([field, source]) => [`${field}.$`, `$.${source}`]),
);

/** What `rounds` states of {@link permutingParameters} make of `input`. */
export function permuteFields(input: Record<string, Json>, rounds: number): Record<string, Json> {
  let current = input;
  for (let round = 0; round < rounds; round += 1) {
    const previous = current;
    current = Object.fromEntries(
      Object.entries(FIELD_SOURCES).map(([field, source]) => {
        const value = previous[source];
        // The Parameters path `$.<source>` would fail the execution on such an input, so there is no expected output.
        if (value === undefined) throw new Error(`permuteFields: the input has no field ${source}`);
        return [field, value];
      }),
    );
  }
  return current;
}

const PASS_CHAIN_LENGTH = 1_000;
const PARAMETERS_CHAIN_LENGTH = 1_000;
const MAP_ITEMS = 10_000;
const LOOP_LIMIT = 10_000;
const TASK_CHAIN_LENGTH = 100;

function passChain(): Scenario {
  const input = { order: 'o-1001', lines: [{ sku: 'A-1', quantity: 2 }], total: 1999 };
  return {
    id: 'a',
    title: `${PASS_CHAIN_LENGTH.toLocaleString('en-US')} Pass states`,
    unit: 'transitions/s',
    workPerRun: PASS_CHAIN_LENGTH,
    type: 'STANDARD',
    definition: chainOf(PASS_CHAIN_LENGTH, 'Pass', () => ({ Type: 'Pass' })),
    input,
    expectedOutput: input,
    taskStateNames: [],
  };
}

function parametersChain(): Scenario {
  const input: Record<string, Json> = { a: 1, b: 'two', c: { x: [1, 2] }, d: true, e: [5] };
  return {
    id: 'b',
    title: `${PARAMETERS_CHAIN_LENGTH.toLocaleString('en-US')} Pass + 5-path Parameters`,
    unit: 'transitions/s',
    workPerRun: PARAMETERS_CHAIN_LENGTH,
    type: 'STANDARD',
    definition: chainOf(PARAMETERS_CHAIN_LENGTH, 'Rotate', () => ({ Type: 'Pass', Parameters: permutingParameters })),
    input,
    expectedOutput: permuteFields(input, PARAMETERS_CHAIN_LENGTH),
    taskStateNames: [],
  };
}

/** The items of scenario (c): small objects, about 20 bytes each, so the whole input stays under 256 KiB. */
export function mapItems(count: number = MAP_ITEMS): Json[] {
  return Array.from({ length: count }, (_, index) => ({ id: index, ok: index % 2 === 0 }));
}

/** An inline Map whose ItemProcessor is one Pass state, so the Map's own machinery is what gets measured. */
export function inlineMapDefinition(): StateMachineDefinition {
  return {
    StartAt: 'Process items',
    States: {
      'Process items': {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Keep item',
          States: { 'Keep item': { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  };
}

function inlineMap(): Scenario {
  const input = mapItems();
  return {
    id: 'c',
    title: `inline Map, ${MAP_ITEMS.toLocaleString('en-US')} items`,
    unit: 'items/s',
    workPerRun: MAP_ITEMS,
    type: 'EXPRESS',
    definition: inlineMapDefinition(),
    input,
    expectedOutput: input,
    taskStateNames: [],
  };
}

function choiceLoop(): Scenario {
  return {
    id: 'd',
    title: `Choice loop to ${LOOP_LIMIT.toLocaleString('en-US')}, MathAdd`,
    unit: 'transitions/s',
    // Each round enters the Pass and the Choice once; the final Succeed is the last state entered.
    workPerRun: LOOP_LIMIT * 2 + 1,
    type: 'EXPRESS',
    definition: {
      StartAt: 'Increment',
      States: {
        Increment: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Below limit?' },
        'Below limit?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.count', NumericLessThan: LOOP_LIMIT, Next: 'Increment' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: { count: 0 },
    expectedOutput: { count: LOOP_LIMIT },
    taskStateNames: [],
  };
}

function taskChain(): Scenario {
  const definition = chainOf(TASK_CHAIN_LENGTH, 'Call', () => ({ Type: 'Task', Resource: NOOP_FUNCTION_ARN }));
  const input = { orderId: 'o-1001', attempt: 1 };
  return {
    id: 'e',
    title: `${TASK_CHAIN_LENGTH} Tasks, in-process no-op`,
    unit: 'transitions/s',
    workPerRun: TASK_CHAIN_LENGTH,
    type: 'STANDARD',
    definition,
    input,
    expectedOutput: input,
    taskStateNames: Object.keys(definition.States),
  };
}

/** Every throughput scenario, built once per process (the inputs are large enough that rebuilding them costs). */
export function buildScenarios(): Record<ScenarioId, Scenario> {
  return { a: passChain(), b: parametersChain(), c: inlineMap(), d: choiceLoop(), e: taskChain() };
}

export const SCENARIO_IDS: readonly ScenarioId[] = ['a', 'b', 'c', 'd', 'e'];

export const isScenarioId = (value: string): value is ScenarioId => (SCENARIO_IDS as readonly string[]).includes(value);
