import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TaskIntegrations, TaskRequest } from '../../../local/engine/ports';
import { acceleratedClock, type Clock } from '../../../local/platform/clock';
import { DurableStepFunctionsStore } from '../../../local/stepfunctions/durable-store';
import { createStepFunctionsService, type StepFunctionsService } from '../../../local/stepfunctions/service';

const ROLE = 'arn:aws:iam::000000000000:role/local';
type Body = Record<string, unknown>;

/** One runtime life of the Step Functions service on a state directory. */
function life(dir: string, options: { clock?: Clock; integrations?: TaskIntegrations; log?: string[] } = {}): StepFunctionsService & { call(action: string, body: Body): Promise<Body> } {
  const log = options.log ?? [];
  const service = createStepFunctionsService({
    store: new DurableStepFunctionsStore(dir, (line) => log.push(line)), log: (line) => log.push(line), clock: options.clock, integrations: options.integrations,
  });
  service.resume();
  return Object.assign(service, { call: (action: string, body: Body) => service.handler(action, body, new AbortController().signal) as Promise<Body> });
}

const waitUntil = async (test: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('Step Functions in durable mode (history is the source of truth)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-sfn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps state machines and finished executions for Describe, List and GetExecutionHistory', async () => {
    // Prepare
    const first = life(dir);
    const definition = JSON.stringify({ StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: { ok: true }, End: true } } });
    const { stateMachineArn } = await first.call('CreateStateMachine', { name: 'hello', definition, roleArn: ROLE });
    const { executionArn } = await first.call('StartExecution', { stateMachineArn, name: 'one', input: '{"n":1}' });
    await waitUntil(async () => (await first.call('DescribeExecution', { executionArn })).status === 'SUCCEEDED');
    const history = await first.call('GetExecutionHistory', { executionArn });
    await first.close();

    // Act
    const second = life(dir);
    try {
      const described = await second.call('DescribeExecution', { executionArn });
      const listed = await second.call('ListExecutions', { stateMachineArn });
      const machine = await second.call('DescribeStateMachine', { stateMachineArn });

      // Assess
      expect(described).toMatchObject({ status: 'SUCCEEDED', input: '{"n":1}', output: '{"ok":true}' });
      expect((listed.executions as Body[]).map((run) => run.name)).toEqual(['one']);
      expect(machine.definition).toBe(definition);
      expect(await second.call('GetExecutionHistory', { executionArn })).toEqual(history);
    } finally {
      await second.close();
    }
  });

  it('resumes a Wait of 60 s stopped halfway with the time it had left, on the runtime clock', async () => {
    // Prepare: 60 clock seconds a wall second, one origin for both lives (durable mode keeps it in clock.json).
    const origin = Date.now();
    const clock = acceleratedClock(60, origin);
    const first = life(dir, { clock });
    const definition = JSON.stringify({ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', End: true } } });
    const { stateMachineArn } = await first.call('CreateStateMachine', { name: 'waits', definition, roleArn: ROLE });
    const { executionArn } = await first.call('StartExecution', { stateMachineArn, name: 'w' });
    await new Promise((resolve) => setTimeout(resolve, 500)); // 30 clock seconds: halfway
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    const log: string[] = [];
    const second = life(dir, { clock: acceleratedClock(60, origin), log });
    try {
      await waitUntil(async () => (await second.call('DescribeExecution', { executionArn })).status === 'SUCCEEDED');
      const events = (await second.call('GetExecutionHistory', { executionArn })).events as Body[];

      // Assess: entered once before the stop and again at the resume; exited 60 s (not 90) after the first entry.
      const entered = events.filter((event) => event.type === 'WaitStateEntered');
      const exited = events.find((event) => event.type === 'WaitStateExited');
      expect(entered).toHaveLength(2);
      const waited = (exited!.timestamp as number) - (entered[0]!.timestamp as number);
      expect(waited).toBeGreaterThanOrEqual(60);
      expect(waited).toBeLessThan(66);
      expect(log.join('\n')).toMatch(/1 executions loaded .* 1 running again/);
    } finally {
      await second.close();
    }
  });

  it('keeps a waiting task token valid across a restart: the task runs again with the same token', async () => {
    // Prepare
    const seen: string[] = [];
    const integrations: TaskIntegrations = {
      invoke: async (request: TaskRequest) => {
        seen.push((request.parameters as { token: string }).token);
        return {};
      },
    };
    const first = life(dir, { integrations });
    const definition = JSON.stringify({
      StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, End: true } },
    });
    const { stateMachineArn } = await first.call('CreateStateMachine', { name: 'asks', definition, roleArn: ROLE });
    const { executionArn } = await first.call('StartExecution', { stateMachineArn, name: 'a' });
    await waitUntil(async () => seen.length === 1);
    await first.close();

    // Act
    const second = life(dir, { integrations });
    try {
      await waitUntil(async () => seen.length === 2);
      await second.call('SendTaskSuccess', { taskToken: seen[0], output: '{"approved":true}' });
      await waitUntil(async () => (await second.call('DescribeExecution', { executionArn })).status === 'SUCCEEDED');

      // Assess: at least once (the message went out twice), one token, and the decision on it closed the execution.
      expect(seen[1]).toBe(seen[0]);
      expect((await second.call('DescribeExecution', { executionArn })).output).toBe('{"approved":true}');
    } finally {
      await second.close();
    }
  });

  it('reports Express executions cut short by the stop as lost, and only those', async () => {
    // Prepare: an hour of Wait is 100 ms of wall time, so nothing is left running once the test ends.
    const clock = acceleratedClock(36_000);
    const first = life(dir, { clock });
    const quick = JSON.stringify({ StartAt: 'Go', States: { Go: { Type: 'Pass', End: true } } });
    const slow = JSON.stringify({ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } } });
    const quickArn = (await first.call('CreateStateMachine', { name: 'quick', definition: quick, roleArn: ROLE, type: 'EXPRESS' })).stateMachineArn;
    const slowArn = (await first.call('CreateStateMachine', { name: 'slow', definition: slow, roleArn: ROLE, type: 'EXPRESS' })).stateMachineArn;
    await first.call('StartSyncExecution', { stateMachineArn: quickArn, name: 'done' });
    await first.call('StartExecution', { stateMachineArn: slowArn, name: 'cut-short' });
    await new Promise((resolve) => setImmediate(resolve));
    await first.close();

    // Act
    const log: string[] = [];
    const second = life(dir, { log, clock });
    await second.close();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess
    expect(log.join('\n')).toMatch(/1 Express executions were running when the runtime stopped and are lost .*express:slow:cut-short\./);
  });

  it('drops a line torn by a crash with a warning, and loads nothing from a log damaged elsewhere', async () => {
    // Prepare: two finished executions.
    const first = life(dir);
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } });
    const { stateMachineArn } = await first.call('CreateStateMachine', { name: 'ab', definition, roleArn: ROLE });
    const torn = (await first.call('StartExecution', { stateMachineArn, name: 'torn' })).executionArn;
    const damaged = (await first.call('StartExecution', { stateMachineArn, name: 'damaged' })).executionArn;
    await waitUntil(async () => (await first.call('DescribeExecution', { executionArn: damaged })).status === 'SUCCEEDED'
      && (await first.call('DescribeExecution', { executionArn: torn })).status === 'SUCCEEDED');
    await first.close();
    const logs = readdirSync(path.join(dir, 'executions')).map((name) => path.join(dir, 'executions', name));
    const fileOf = (arn: unknown) => logs.find((file) => readFileSync(file, 'utf8').includes(`"executionArn":"${String(arn)}"`))!;
    // A crash while appending: the last line (ExecutionSucceeded) cut in half.
    const tornText = readFileSync(fileOf(torn), 'utf8').trimEnd();
    writeFileSync(fileOf(torn), tornText.slice(0, tornText.length - 20));
    // Damage in the middle: not something a crash does.
    const lines = readFileSync(fileOf(damaged), 'utf8').split('\n');
    lines[2] = '{"event": garbage';
    writeFileSync(fileOf(damaged), lines.join('\n'));
    appendFileSync(fileOf(damaged), '');

    // Act
    const log: string[] = [];
    const second = life(dir, { log });
    try {
      // Assess
      expect(log.join('\n')).toMatch(/ended in a line torn by a crash; it was dropped, and .*:torn resumes from its last whole event/);
      expect(log.join('\n')).toMatch(/is damaged at line 3 .*NOT loaded/);
      await expect(second.call('DescribeExecution', { executionArn: damaged })).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
      // The torn execution lost its closing event, so it ran its last state again and closed once more.
      await waitUntil(async () => (await second.call('DescribeExecution', { executionArn: torn })).status === 'SUCCEEDED');
      const events = (await second.call('GetExecutionHistory', { executionArn: torn })).events as Body[];
      expect(events.filter((event) => event.type === 'ExecutionSucceeded')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
