/**
 * Durable mode's timers across a restart: a Wait in a Parallel branch or a Map iteration, a Task's TimeoutSeconds and
 * its HeartbeatSeconds all end when they would have without the restart, on the runtime clock (a test clock here,
 * carried over from one runtime life to the next as clock.json carries a sped-up clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TaskIntegrations, TaskRequest } from '../../../local/engine/ports';
import { DurableStepFunctionsStore } from '../../../local/stepfunctions/durable-store';
import { createStepFunctionsService, type StepFunctionsService } from '../../../local/stepfunctions/service';
import { ManualClock } from '../../support/manual-clock';

const ROLE = 'arn:aws:iam::000000000000:role/local';
const START = Date.UTC(2026, 0, 1);
type Body = Record<string, unknown>;
type Life = StepFunctionsService & { call(action: string, body: Body): Promise<Body> };

/** One runtime life of the Step Functions service on a state directory, its clock starting at `now`. */
function life(dir: string, now: number, integrations?: TaskIntegrations): { service: Life; clock: ManualClock } {
  const clock = new ManualClock({ start: now });
  const service = createStepFunctionsService({ store: new DurableStepFunctionsStore(dir, () => undefined), log: () => undefined, clock, ...(integrations ? { integrations } : {}) });
  service.resume();
  return { service: Object.assign(service, { call: (action: string, body: Body) => service.handler(action, body, new AbortController().signal) as Promise<Body> }), clock };
}

/** A task that never answers by itself: it ends only when its signal aborts (timeout, stop). */
const hanging = (calls: TaskRequest[]): TaskIntegrations => ({
  invoke: (request) => {
    calls.push(request);
    return new Promise((_, reject) => request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true }));
  },
});

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('durable mode: timers resume with the time they had left after a restart', () => {
  let dir: string;
  const lives: Life[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-timers-'));
  });
  afterEach(async () => {
    for (const service of lives.splice(0)) await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `definition` (input `{"items":[1]}`, for a Map) in a first life, lets `before` ms pass, stops, and starts a second life where the first left off. */
  async function restartAfter(definition: object, before: number, integrations?: TaskIntegrations, during?: (first: Life, clock: ManualClock, arn: string) => Promise<void>) {
    const first = life(dir, START, integrations);
    lives.push(first.service);
    const { stateMachineArn } = await first.service.call('CreateStateMachine', { name: 'timers', definition: JSON.stringify(definition), roleArn: ROLE });
    const { executionArn } = await first.service.call('StartExecution', { stateMachineArn, name: 'cut-short', input: '{"items":[1]}' });
    await settled();
    if (during) await during(first.service, first.clock, String(executionArn));
    await first.clock.advance(before - (first.clock.now() - START));
    await first.service.close();
    lives.splice(lives.indexOf(first.service), 1);
    const second = life(dir, first.clock.now(), integrations);
    lives.push(second.service);
    await settled();
    const describe = async () => second.service.call('DescribeExecution', { executionArn });
    return { ...second, executionArn: String(executionArn), describe };
  }

  const waitOf60 = { Type: 'Wait', Seconds: 60, End: true };

  it.each([
    ['a Parallel branch', { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [{ StartAt: 'Pause', States: { Pause: waitOf60 } }], End: true } } }],
    ['a Map iteration', { StartAt: 'Each', States: { Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Pause', States: { Pause: waitOf60 } }, End: true } } }],
  ])('ends a Wait of 60 s in %s 60 s after its first entry, not 60 s after the restart', async (_where, definition) => {
    // Prepare: stopped 40 s into the Wait.
    const { clock, describe, service, executionArn } = await restartAfter(definition, 40_000);

    // Act
    await clock.advance(19_000);
    const at59 = (await describe()).status;
    await clock.advance(1_000);
    await settled();
    const at60 = (await describe()).status;

    // Assess
    expect([at59, at60]).toEqual(['RUNNING', 'SUCCEEDED']);
    const events = (await service.call('GetExecutionHistory', { executionArn })).events as Body[];
    const entered = events.filter((event) => event.type === 'WaitStateEntered');
    const exited = events.find((event) => event.type === 'WaitStateExited');
    expect(entered).toHaveLength(2); // before the stop, and again at the resume
    expect((exited!.timestamp as number) - (entered[0]!.timestamp as number)).toBe(60);
  });

  it('times a Task out TimeoutSeconds after its attempt in flight was scheduled, not after the restart', async () => {
    // Prepare: a task of TimeoutSeconds 60 that never answers, stopped 40 s in.
    const calls: TaskRequest[] = [];
    const definition = { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'slow' }, TimeoutSeconds: 60, End: true } } };
    const { clock, describe } = await restartAfter(definition, 40_000, hanging(calls));

    // Act
    await clock.advance(19_000);
    const at59 = await describe();
    await clock.advance(1_000);
    await settled();
    const at60 = await describe();

    // Assess: it ran again (at least once), and timed out at 60 s of its first attempt.
    expect(calls).toHaveLength(2);
    expect(at59.status).toBe('RUNNING');
    expect([at60.status, at60.error]).toEqual(['FAILED', 'States.Timeout']);
  });

  it('counts HeartbeatSeconds on from the last heartbeat before the restart', async () => {
    // Prepare: HeartbeatSeconds 30; a heartbeat at 20 s; stopped at 35 s. The next heartbeat is due at 50 s.
    const calls: TaskRequest[] = [];
    const integrations: TaskIntegrations = { invoke: async (request) => (calls.push(request), {}) };
    const definition = {
      StartAt: 'Ask',
      States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, HeartbeatSeconds: 30, End: true } },
    };
    const { clock, describe } = await restartAfter(definition, 35_000, integrations, async (first, firstClock) => {
      await firstClock.advance(20_000);
      await first.call('SendTaskHeartbeat', { taskToken: (calls[0]?.parameters as { token: string }).token });
    });

    // Act
    await clock.advance(14_000);
    const at49 = await describe();
    await clock.advance(1_000);
    await settled();
    const at50 = await describe();

    // Assess
    expect(calls).toHaveLength(2);
    expect(at49.status).toBe('RUNNING');
    expect([at50.status, at50.error]).toEqual(['FAILED', 'States.HeartbeatTimeout']);
  });

  it('keeps the first entry time across two restarts, for a Wait in a Parallel branch', async () => {
    // Prepare: stopped at 20 s, then again at 40 s, into a Wait of 60 s in a branch.
    const definition = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [{ StartAt: 'Pause', States: { Pause: waitOf60 } }], End: true } } };
    const second = await restartAfter(definition, 20_000);
    await second.clock.advance(20_000);
    await second.service.close();
    lives.splice(lives.indexOf(second.service), 1);
    const third = life(dir, second.clock.now());
    lives.push(third.service);
    await settled();
    const describe = async () => (await third.service.call('DescribeExecution', { executionArn: second.executionArn })).status;

    // Act
    await third.clock.advance(19_000);
    const at59 = await describe();
    await third.clock.advance(1_000);
    await settled();

    // Assess
    expect([at59, await describe()]).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('keeps the schedule time of a Task attempt across two restarts, for a Task in a Parallel branch', async () => {
    // Prepare: a task of TimeoutSeconds 60 in a branch that never answers, stopped at 20 s, then again at 40 s.
    const calls: TaskRequest[] = [];
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'slow' }, TimeoutSeconds: 60, End: true };
    const definition = { StartAt: 'Both', States: { Both: { Type: 'Parallel', Branches: [{ StartAt: 'Slow', States: { Slow: task } }], End: true } } };
    const second = await restartAfter(definition, 20_000, hanging(calls));
    await second.clock.advance(20_000);
    await second.service.close();
    lives.splice(lives.indexOf(second.service), 1);
    const third = life(dir, second.clock.now(), hanging(calls));
    lives.push(third.service);
    await settled();
    const describe = async () => third.service.call('DescribeExecution', { executionArn: second.executionArn });

    // Act
    await third.clock.advance(19_000);
    const at59 = (await describe()).status;
    await third.clock.advance(1_000);
    await settled();
    const at60 = await describe();

    // Assess
    expect(calls).toHaveLength(3);
    expect([at59, at60.status, at60.error]).toEqual(['RUNNING', 'FAILED', 'States.Timeout']);
  });
});
