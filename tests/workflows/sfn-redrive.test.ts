/**
 * RedriveExecution through the edge, with unmodified SDK v3 clients and the AWS CLI: what it refuses and why (AWS's
 * redriveStatusReason texts), what it re-runs (a DynamoDB counter written by a branch that succeeded still reads 1),
 * the history it appends, redriveCount/redriveDate, ListExecutions' redriveFilter and clientToken idempotency.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  PublishStateMachineVersionCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { redriveAndFollow } from '../../scripts/redrive';
import { ManualClock } from '../support/manual-clock';
import { EDGE_ACCOUNT, EDGE_REGION, startSfnEdge, type SfnEdge } from '../support/sfn-edge';

jest.setTimeout(30_000);

const run = promisify(execFile);
const ROLE = `arn:aws:iam::${EDGE_ACCOUNT}:role/redrive-test`;
const DAY_MS = 24 * 3600 * 1000;
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The error a call fails with, captured at once so no rejection is left unhandled. */
const failureOf = (sending: Promise<unknown>): Promise<{ name: string; message: string }> =>
  sending.then(() => ({ name: 'none', message: 'expected the call to fail' }), (error: { name: string; message: string }) => error);

/** Counts hits on one item: `ADD hits 1`, the side effect a re-run branch would repeat. */
const countHit = (table: string, id: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::dynamodb:updateItem',
  Parameters: { TableName: table, Key: { id: { S: id } }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } },
  End: true,
});

/** Reads from a table that does not exist until the test creates it: a dependency that is down, then fixed. */
const readFrom = (table: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::dynamodb:getItem',
  Parameters: { TableName: table, Key: { id: { S: 'x' } } },
  End: true,
});

describe('RedriveExecution through the edge', () => {
  let edge: SfnEdge;
  let sfn: SFNClient;
  let dynamodb: DynamoDBClient;
  const clock = new ManualClock();
  let count = 0;

  beforeAll(async () => {
    edge = await startSfnEdge([], { clock });
    sfn = edge.sfn;
    dynamodb = new DynamoDBClient({ endpoint: edge.url, region: EDGE_REGION, credentials: CREDENTIALS });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await edge?.close();
  });

  const unique = (prefix: string) => `${prefix}-${++count}`;

  async function createTable(name: string): Promise<void> {
    await dynamodb.send(new CreateTableCommand({
      TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
  }

  async function hits(table: string, id: string): Promise<number> {
    const item = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }));
    return Number(item.Item?.hits?.N ?? 0);
  }

  async function createMachine(definition: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
    const created = await sfn.send(new CreateStateMachineCommand({ name: unique('redrive'), roleArn: ROLE, type, definition: JSON.stringify(definition) }));
    return created.stateMachineArn!;
  }

  async function waitForEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${executionArn} did not end`);
  }

  /**
   * A Parallel: one branch counts a hit, the other waits a second of the test's clock, then reads a table that is
   * missing, so the execution fails until the table exists. The clock moves only once the count is written, so the
   * counting branch has succeeded (not been aborted mid-call) when the other one fails.
   */
  async function failedFanOut() {
    const counters = unique('counters');
    const later = unique('later');
    await createTable(counters);
    const machineArn = await createMachine({
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Count', States: { Count: countHit(counters, 'order-1') } },
            { StartAt: 'Wait for the count', States: { 'Wait for the count': { Type: 'Wait', Seconds: 1, Next: 'Read' }, Read: readFrom(later) } },
          ],
        },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"orderId":"order-1"}' }));
    for (let attempt = 0; attempt < 200 && (await hits(counters, 'order-1')) === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await clock.advance(1000);
    const failed = await waitForEnd(executionArn!);
    return { machineArn, executionArn: executionArn!, failed, counters, later };
  }

  it('re-runs only the failed branch: the counter the succeeded branch wrote still reads 1, and the history goes on', async () => {
    // Prepare
    const { executionArn, failed, counters, later } = await failedFanOut();
    expect(failed).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ResourceNotFoundException', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
    expect(await hits(counters, 'order-1')).toBe(1);
    const before = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    await createTable(later);

    // Act
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const ended = await waitForEnd(executionArn);

    // Assess
    expect(ended).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.' });
    expect(ended.redriveDate).toEqual(redriveDate);
    expect(JSON.parse(ended.output!)).toHaveLength(2);
    expect(await hits(counters, 'order-1')).toBe(1);
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    const appended = events.slice(before.length);
    expect(appended[0]).toMatchObject({ id: before.length + 1, previousEventId: before.length, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(appended.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name)).toEqual(['Fan out', 'Read']);
    expect(appended.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('lists redriven executions apart from the others with redriveFilter, each with its redriveCount', async () => {
    // Prepare: two failed executions of one machine; one redriven.
    const { machineArn, executionArn } = await failedFanOut();
    const { executionArn: other } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
    await clock.advance(1000);
    await waitForEnd(other!);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await waitForEnd(executionArn);

    // Act
    const redriven = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, redriveFilter: 'REDRIVEN' }));
    const notRedriven = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, redriveFilter: 'NOT_REDRIVEN' }));

    // Assess
    expect(redriven.executions!.map((item) => [item.executionArn, item.redriveCount])).toEqual([[executionArn, 1]]);
    expect(redriven.executions?.[0]?.redriveDate).toBeInstanceOf(Date);
    expect(notRedriven.executions!.map((item) => [item.executionArn, item.redriveCount])).toEqual([[other, 0]]);
  });

  it('never re-runs twice for one clientToken: the repeated call answers the first redriveDate and adds nothing', async () => {
    // Prepare: the table stays missing, so each real redrive fails again and could be redriven again.
    const { executionArn } = await failedFanOut();
    const first = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'fix-1' }));
    await waitForEnd(executionArn);
    const eventsAfterFirst = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.length;

    // Act
    const repeated = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'fix-1' }));

    // Assess
    expect(repeated.redriveDate).toEqual(first.redriveDate);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'FAILED', redriveCount: 1 });
    expect((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!.length).toBe(eventsAfterFirst);
  });

  it('runs the definition and version the execution started with, though the machine has changed since', async () => {
    // Prepare: started through version 1, which reads a missing table; version 2 would answer "v2" instead.
    const later = unique('later');
    const machineArn = await createMachine({ StartAt: 'Read', States: { Read: readFrom(later) } });
    const v1 = (await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineArn }))).stateMachineVersionArn!;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: v1 }));
    expect((await waitForEnd(executionArn!)).status).toBe('FAILED');
    await sfn.send(new UpdateStateMachineCommand({
      stateMachineArn: machineArn, publish: true, definition: JSON.stringify({ StartAt: 'Answer', States: { Answer: { Type: 'Pass', Result: 'v2', End: true } } }),
    }));
    await createTable(later);

    // Act
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const ended = await waitForEnd(executionArn!);

    // Assess
    expect(ended).toMatchObject({ status: 'SUCCEEDED', stateMachineVersionArn: v1, redriveCount: 1 });
    expect(ended.output).not.toBe('"v2"');
  });

  it('redrives an ABORTED execution from the state it was stopped in', async () => {
    // Prepare: stopped in an hour-long Wait.
    const machineArn = await createMachine({ StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Pass', Result: 'done', End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped for the test' }));
    expect((await waitForEnd(executionArn!)).status).toBe('ABORTED');

    // Act
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await clock.advance(3600_000);
    const ended = await waitForEnd(executionArn!);

    // Assess
    expect(ended).toMatchObject({ status: 'SUCCEEDED', output: '"done"', redriveCount: 1 });
  });

  describe('refusals', () => {
    it('refuses an ARN that names no execution with ExecutionDoesNotExist', async () => {
      const arn = `arn:aws:states:${EDGE_REGION}:${EDGE_ACCOUNT}:execution:nothing:here`;
      expect(await failureOf(sfn.send(new RedriveExecutionCommand({ executionArn: arn })))).toMatchObject({ name: 'ExecutionDoesNotExist' });
    });

    it.each([
      ['running', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } }, 'RUNNING', 'Execution is RUNNING and cannot be redriven.'],
      ['succeeded', { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }, 'SUCCEEDED', 'Execution is SUCCEEDED and cannot be redriven.'],
    ])('refuses a %s execution with ExecutionNotRedrivable and AWS\'s reason, which DescribeExecution also reports', async (_what, definition, status, reason) => {
      // Prepare
      const machineArn = await createMachine(definition);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
      await new Promise((resolve) => setTimeout(resolve, 20));

      // Act
      const refused = await failureOf(sfn.send(new RedriveExecutionCommand({ executionArn })));

      // Assess
      expect(refused.name).toBe('ExecutionNotRedrivable');
      expect(refused.message).toContain(reason);
      expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: reason, redriveCount: 0 });
      if (status === 'RUNNING') await sfn.send(new StopExecutionCommand({ executionArn }));
    });

    it('refuses an Express execution with ExecutionNotRedrivable', async () => {
      const machineArn = await createMachine({ StartAt: 'Fail', States: { Fail: { Type: 'Fail', Error: 'Broken' } } }, 'EXPRESS');
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
      const refused = await failureOf(sfn.send(new RedriveExecutionCommand({ executionArn })));
      expect(refused).toMatchObject({ name: 'ExecutionNotRedrivable' });
      expect(refused.message).toContain('EXPRESS');
    });

    it('refuses an execution that ended more than 14 days ago, on the runtime\'s clock', async () => {
      // Prepare
      const { executionArn } = await failedFanOut();
      await clock.advance(14 * DAY_MS);
      const stillRedrivable = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      await clock.advance(1000);

      // Act
      const refused = await failureOf(sfn.send(new RedriveExecutionCommand({ executionArn })));

      // Assess
      expect(stillRedrivable.redriveStatus).toBe('REDRIVABLE');
      expect(refused.name).toBe('ExecutionNotRedrivable');
      expect(refused.message).toContain('Execution redrivable period exceeded.');
      expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution redrivable period exceeded.' });
    });

    it('refuses a clientToken longer than 64 characters with ValidationException', async () => {
      const { executionArn } = await failedFanOut();
      expect(await failureOf(sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'x'.repeat(65) })))).toMatchObject({ name: 'ValidationException' });
    });
  });

  it('`npm run redrive` redrives, then prints the states as they run until the execution ends', async () => {
    // Prepare
    const { executionArn, later } = await failedFanOut();
    await createTable(later);
    const lines: string[] = [];

    // Act
    const status = await redriveAndFollow(sfn, executionArn, (line) => lines.push(line), { pollMs: 10 });

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(lines.slice(1)).toEqual(['  redrive #1 started', '  → Fan out', '  → Read', '  ✓ Read', '  ✓ Fan out', '  ExecutionSucceeded', 'SUCCEEDED (redriveCount 1)']);
    expect(lines[0]).toMatch(/^Redriven at \d{4}-.*: arn:aws:states:/);
  });

  describe('the AWS CLI', () => {
    /** The CLI, if installed and recent enough to know redrive-execution (botocore added it in late 2023). */
    async function cliKnowsRedrive(): Promise<boolean> {
      try {
        await run('aws', ['stepfunctions', 'redrive-execution', 'help'], { env: { ...process.env, PAGER: 'cat', AWS_PAGER: '' } });
        return true;
      } catch {
        return false;
      }
    }

    it('redrives with `aws stepfunctions redrive-execution --execution-arn`', async () => {
      if (!(await cliKnowsRedrive())) {
        console.warn('Skipped: the `aws` CLI is not on PATH or is too old to know `stepfunctions redrive-execution`.');
        return;
      }
      // Prepare
      const { executionArn, counters, later } = await failedFanOut();
      await createTable(later);
      const env = { ...process.env, AWS_DEFAULT_REGION: EDGE_REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' };

      // Act
      const { stdout } = await run('aws', ['stepfunctions', 'redrive-execution', '--execution-arn', executionArn, '--endpoint-url', edge.url, '--output', 'json'], { env });

      // Assess
      expect(JSON.parse(stdout)).toEqual({ redriveDate: expect.anything() });
      expect(await waitForEnd(executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(await hits(counters, 'order-1')).toBe(1);
    });
  });
});
