/**
 * Distributed Map on the runtime's own services (every service of local/runtime.ts, composed as startRuntime does,
 * without deploying serverless.yml), through unmodified SDK v3 clients on the edge: Map Runs listed, described and
 * updated while they run, their children listed by Map Run, described and read back as executions with their own
 * history. The clock is the test's: Wait states inside the children end only when the test moves it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html
 */
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, DescribeStateMachineForExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand,
  ListMapRunsCommand, SFNClient, StartExecutionCommand, UpdateMapRunCommand, type DescribeMapRunCommandOutput,
} from '@aws-sdk/client-sfn';
import { LOCAL_ACCOUNT_ID, runtimeServices } from '../../local/runtime';
import { startPlatform } from '../../local/platform/compose';
import { ManualClock } from '../support/manual-clock';

jest.setTimeout(30_000);

const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/distributed-map`;
const MAP_RUN_ARN = /^arn:aws:states:us-east-1:000000000000:mapRun:(?<machine>[^/]+)\/(?<label>[^:]+):[0-9a-f-]{36}$/;

/**
 * A parent whose Distributed Map runs one STANDARD child per order: a child fails with `OrderRejected` for an order
 * marked `reject`, otherwise waits `waitSeconds` and answers with the order id.
 */
const ordersMachine = (settings: Record<string, unknown>) => JSON.stringify({
  StartAt: 'Check orders',
  States: {
    'Check orders': {
      Type: 'Map',
      Label: 'Orders',
      ItemsPath: '$.orders',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Rejected?',
        States: {
          'Rejected?': { Type: 'Choice', Choices: [{ Variable: '$.reject', BooleanEquals: true, Next: 'Reject' }], Default: 'Take time' },
          Reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'The order was rejected' },
          'Take time': { Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Checked' },
          Checked: { Type: 'Pass', Parameters: { 'checked.$': '$.id' }, End: true },
        },
      },
      End: true,
      ...settings,
    },
  },
});

const order = (id: number, reject = false) => ({ id: `order-${id}`, reject, waitSeconds: 10 });

describe('Distributed Map on the runtime, through the SDK', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let sfn: SFNClient;
  const clock = new ManualClock();

  beforeAll(async () => {
    platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: LOCAL_ACCOUNT_ID, clock, log: () => undefined });
    sfn = new SFNClient({ endpoint: platform.url, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });

  afterAll(async () => {
    sfn?.destroy();
    await platform?.close();
  });

  async function startOrders(name: string, settings: Record<string, unknown>, orders: unknown[]) {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: ordersMachine(settings), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ orders }) }));
    return { stateMachineArn: stateMachineArn!, executionArn: executionArn! };
  }

  /** Waits (in real time, the runtime's clock standing still) until the Map Run answers as `ready` says. */
  async function mapRunWhen(executionArn: string, ready: (described: DescribeMapRunCommandOutput) => boolean): Promise<DescribeMapRunCommandOutput> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
      const mapRunArn = mapRuns[0]?.mapRunArn;
      if (mapRunArn) {
        const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
        if (ready(described)) return described;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the Map Run of ${executionArn} never became ready`);
  }

  /** Moves the clock on until the execution has ended. */
  async function runToEnd(executionArn: string) {
    for (let step = 0; step < 200; step += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await clock.advance(10_000);
    }
    throw new Error(`${executionArn} did not end`);
  }

  it('lists, describes and counts a Map Run, and lists its children as executions with their own history', async () => {
    // Prepare: six orders, one rejected, one failure tolerated.
    const orders = [order(1), order(2), order(3, true), order(4), order(5), order(6)];
    const { executionArn } = await startOrders('orders-checked', { MaxConcurrency: 2, ToleratedFailureCount: 1 }, orders);

    // Act
    const parent = await runToEnd(executionArn);
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns[0]!.mapRunArn!;
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    const { executions: children = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));

    // Assess: the run and its counts.
    expect(parent.status).toBe('SUCCEEDED');
    expect(JSON.parse(parent.output!)).toEqual([
      { checked: 'order-1' }, { checked: 'order-2' }, null, { checked: 'order-4' }, { checked: 'order-5' }, { checked: 'order-6' },
    ]);
    expect(mapRuns).toHaveLength(1);
    expect(MAP_RUN_ARN.exec(mapRunArn)?.groups).toEqual({ machine: 'orders-checked', label: 'Orders' });
    expect(mapRuns[0]).toMatchObject({ executionArn, stateMachineArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:orders-checked/Orders` });
    const counts = { pending: 0, running: 0, succeeded: 5, failed: 1, timedOut: 0, aborted: 0, total: 6, resultsWritten: 6 };
    expect(described).toMatchObject({
      mapRunArn, executionArn, status: 'SUCCEEDED', maxConcurrency: 2, toleratedFailureCount: 1, toleratedFailurePercentage: 0,
      itemCounts: counts, executionCounts: counts,
    });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    // Assess: the children, each a STANDARD execution of the Map Run's state machine.
    expect(children).toHaveLength(6);
    expect(children.map((child) => child.status).sort()).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    for (const child of children) {
      expect(child).toMatchObject({ mapRunArn, itemCount: 1, stateMachineArn: mapRuns[0]!.stateMachineArn });
      expect(child.executionArn).toBe(`arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:execution:orders-checked/Orders:${child.name}`);
    }
    const rejected = children.find((child) => child.status === 'FAILED')!;
    const describedChild = await sfn.send(new DescribeExecutionCommand({ executionArn: rejected.executionArn }));
    expect(describedChild).toMatchObject({ mapRunArn, status: 'FAILED', error: 'OrderRejected', cause: 'The order was rejected' });
    expect(JSON.parse(describedChild.input!)).toEqual(order(3, true));
    const machine = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: rejected.executionArn }));
    expect(machine).toMatchObject({ stateMachineArn: mapRuns[0]!.stateMachineArn, name: 'orders-checked/Orders', label: 'Orders', mapRunArn, roleArn: ROLE });
    expect(JSON.parse(machine.definition!)).toMatchObject({ StartAt: 'Rejected?' });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: rejected.executionArn }));
    expect(events.map((event) => event.type)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'FailStateEntered', 'ExecutionFailed']);

    // Assess: never more than two children at once, from the children's own start and stop times.
    const succeeded = await Promise.all(children.map((child) => sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }))));
    expect(mostAtOnce(succeeded.map((child) => [child.startDate!.getTime(), child.stopDate!.getTime()]))).toBe(2);
  });

  it('takes a raised MaxConcurrency at once (UpdateMapRun), and refuses to update a Map Run that has ended', async () => {
    // Prepare: one child at a time; the clock stands still, so the first child waits.
    const { executionArn } = await startOrders('orders-updated', { MaxConcurrency: 1 }, [1, 2, 3, 4, 5, 6].map((id) => order(id)));
    const before = await mapRunWhen(executionArn, (run) => run.executionCounts?.running === 1);

    // Act
    await sfn.send(new UpdateMapRunCommand({ mapRunArn: before.mapRunArn, maxConcurrency: 4, toleratedFailurePercentage: 12.5 }));
    const after = await mapRunWhen(executionArn, (run) => run.executionCounts?.running === 4);

    // Assess: four running, two waiting, none ended: the clock has not moved.
    expect(after.executionCounts).toMatchObject({ running: 4, pending: 2, succeeded: 0, total: 6 });
    expect(after).toMatchObject({ maxConcurrency: 4, toleratedFailurePercentage: 12.5, status: 'RUNNING' });
    expect((await runToEnd(executionArn)).status).toBe('SUCCEEDED');
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn: before.mapRunArn, maxConcurrency: 2 })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('is SUCCEEDED and cannot be updated') });
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn: before.mapRunArn })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('At least one of maxConcurrency') });
  });

  it.each<[string, string, () => unknown]>([
    ['DescribeMapRun of an unknown Map Run', 'ResourceNotFound', () => new DescribeMapRunCommand({ mapRunArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:mapRun:none/Orders:00000000-0000-0000-0000-000000000000` })],
    ['DescribeMapRun of an execution ARN', 'InvalidArn', () => new DescribeMapRunCommand({ mapRunArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:execution:none:run` })],
    ['UpdateMapRun of an unknown Map Run', 'ResourceNotFound', () => new UpdateMapRunCommand({ mapRunArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:mapRun:none/Orders:x` })],
    ['UpdateMapRun with a percentage above 100', 'ValidationException', () => new UpdateMapRunCommand({ mapRunArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:mapRun:none/Orders:x`, toleratedFailurePercentage: 100.5 })],
    ['ListMapRuns of an unknown execution', 'ExecutionDoesNotExist', () => new ListMapRunsCommand({ executionArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:execution:none:run` })],
    ['ListExecutions with both a state machine and a Map Run', 'ValidationException', () => new ListExecutionsCommand({
      stateMachineArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:none`, mapRunArn: `arn:aws:states:${REGION}:${LOCAL_ACCOUNT_ID}:mapRun:none/Orders:x`,
    })],
  ])('%s answers %s', async (_case, error, command) => {
    await expect(sfn.send(command() as DescribeMapRunCommand)).rejects.toMatchObject({ name: error });
  });
});

/** The most intervals open at one moment; an interval ending when another starts does not overlap it. */
function mostAtOnce(intervals: Array<[number, number]>): number {
  const edges = intervals.flatMap(([start, stop]) => [[start, 1], [stop, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of edges) {
    open += change;
    most = Math.max(most, open);
  }
  return most;
}

