import { createOursEngine, ExecutionDidNotSucceed, noopIntegrations, outputOf, type OursModule, type OursOutcome } from '../../../bench/engine-ours';
import { NOOP_FUNCTION_ARN, buildScenarios } from '../../../bench/scenarios';
import { StatesError } from '../../../local/engine/errors';
import type { TaskRequest, TaskResource } from '../../../local/engine/ports';

const scenarios = buildScenarios();

const lambdaResource = (arn: string): TaskResource => ({ arn, kind: 'lambda-function', service: 'lambda', action: 'invoke', pattern: 'request-response' });
const requestFor = (arn: string, parameters: unknown): TaskRequest => ({
  resource: lambdaResource(arn),
  parameters,
  signal: new AbortController().signal,
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
});

describe('noopIntegrations', () => {
  it('returns the payload of the bench ARN as is', async () => {
    // Act
    const result = await noopIntegrations.invoke(requestFor(NOOP_FUNCTION_ARN, { orderId: 'o-1' }));

    // Assess
    expect(result).toEqual({ orderId: 'o-1' });
  });

  it('fails any other resource with States.TaskFailed naming it', async () => {
    // Prepare
    const other = 'arn:aws:lambda:us-east-1:123456789012:function:other';

    // Act
    const failure = noopIntegrations.invoke(requestFor(other, {}));

    // Assess
    await expect(failure).rejects.toBeInstanceOf(StatesError);
    await expect(failure).rejects.toMatchObject({ error: 'States.TaskFailed', cause: expect.stringContaining(other) });
  });
});

describe('outputOf', () => {
  it.each([
    { outcome: { status: 'FAILED', error: 'States.Runtime', cause: 'bad path' }, message: 'FAILED: error="States.Runtime" cause="bad path"' },
    { outcome: { status: 'TIMED_OUT', error: 'States.Timeout' }, message: 'TIMED_OUT: error="States.Timeout" cause=undefined' },
  ] as { outcome: OursOutcome; message: string }[])('reports $outcome.status verbatim', ({ outcome, message }) => {
    // Act
    const read = () => outputOf(outcome);

    // Assess
    expect(read).toThrow(ExecutionDidNotSucceed);
    expect(read).toThrow(message);
  });

  it('returns the output of a succeeded execution', () => {
    // Act
    const output = outputOf({ status: 'SUCCEEDED', output: { count: 3 } });

    // Assess
    expect(output).toEqual({ count: 3 });
  });
});

describe('createOursEngine', () => {
  it.each([
    { id: 'c', type: 'EXPRESS' },
    { id: 'd', type: 'EXPRESS' },
    { id: 'e', type: 'STANDARD' },
  ] as const)('starts ($id) as $type with the scenario input and the no-op integrations', async ({ id, type }) => {
    // Prepare
    const calls: Parameters<OursModule['startExecution']>[] = [];
    const fake: OursModule = {
      startExecution: (...args) => {
        calls.push(args);
        return { done: Promise.resolve({ status: 'SUCCEEDED', output: { ran: id } }) };
      },
    };
    const run = createOursEngine(fake).prepare(scenarios[id]);

    // Act
    const output = await run();

    // Assess
    expect(output).toEqual({ ran: id });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(scenarios[id].definition);
    expect(calls[0]?.[1]).toEqual({ input: scenarios[id].input, type, integrations: noopIntegrations });
  });
});
