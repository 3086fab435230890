/**
 * Map Run redrive on the runtime's own services, through unmodified SDK v3 clients (and the AWS CLI) on the edge: a
 * Distributed Map whose children fail for items flagged broken passes its tolerated failures and fails the parent;
 * the flags are fixed; RedriveExecution of the parent redrives the same Map Run. Each child counts its runs in
 * DynamoDB, so the test sees from inside the children that only the failed and never-started ones ran again.
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, GetExecutionHistoryCommand, ListExecutionsCommand, ListMapRunsCommand,
  RedriveExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { redriveAndFollow } from '../../scripts/redrive';
import { ManualClock } from '../support/manual-clock';
import { systemClock } from '../../local/platform/clock';
import { startPlatform } from '../../local/platform/compose';
import { LOCAL_ACCOUNT_ID, runtimeServices } from '../../local/runtime';

jest.setTimeout(30_000);

const exec = promisify(execFile);
const REGION = 'us-east-1';
const BUCKET = 'map-results';
const RUNS = 'item-runs';
const FLAGS = 'item-flags';
const ROLE = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/map-redrive`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Eight items, one child at a time: 2 fails (tolerated), 5 fails past the count of 1, so 6 and 7 never start. */
const ITEMS = 8;
const BROKEN = [2, 5];

/**
 * A Distributed Map whose child counts its start (`ADD starts 1`), then checks its item's flag with a conditional
 * update that fails (DynamoDB.ConditionalCheckFailedException) while the item is flagged broken, then counts its
 * finish (`ADD finishes 1`). A STANDARD child redriven in place resumes at the check, so it starts once; an EXPRESS
 * child started afresh starts again. The check is the failing Task itself, not a Fail state: a Fail state reached by
 * design would fail again on redrive, as AWS documents. Results go to S3 through the ResultWriter.
 */
const count = (field: string, next: string) => ({
  Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem', ResultPath: null, Next: next,
  Parameters: { TableName: RUNS, Key: { id: { 'S.$': '$.id' } }, UpdateExpression: `ADD ${field} :one`, ExpressionAttributeValues: { ':one': { N: '1' } } },
});
const machine = (type: 'STANDARD' | 'EXPRESS', prefix: string) => JSON.stringify({
  StartAt: 'Process items',
  States: {
    'Process items': {
      Type: 'Map',
      Label: 'Items',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ToleratedFailureCount: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: type },
        StartAt: 'Count the start',
        States: {
          'Count the start': count('starts', 'Check the flag'),
          'Check the flag': {
            Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem', ResultPath: null, Next: 'Count the finish',
            Parameters: {
              TableName: FLAGS, Key: { id: { 'S.$': '$.id' } }, UpdateExpression: 'ADD checks :one', ConditionExpression: 'broken = :no',
              ExpressionAttributeValues: { ':one': { N: '1' }, ':no': { BOOL: false } },
            },
          },
          'Count the finish': count('finishes', 'Done'),
          Done: { Type: 'Pass', Parameters: { 'done.$': '$.id' }, End: true },
        },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: prefix } },
      End: true,
    },
  },
});

interface Manifest { ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', Array<{ Key: string; Size: number }>> }
interface ResultRecord { Input: string; Name?: string; Status: string; RedriveCount: number }

describe('Map Run redrive on the runtime', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let sfn: SFNClient;
  let s3: S3Client;
  let dynamodb: DynamoDBClient;
  let runs = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: LOCAL_ACCOUNT_ID, clock: systemClock, log: () => undefined });
    sfn = new SFNClient({ endpoint: platform.url, region: REGION, credentials });
    s3 = new S3Client({ endpoint: platform.url, region: REGION, credentials, forcePathStyle: true });
    dynamodb = new DynamoDBClient({ endpoint: platform.url, region: REGION, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const TableName of [RUNS, FLAGS]) {
      await dynamodb.send(new CreateTableCommand({
        TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }));
    }
  });

  afterAll(async () => {
    for (const client of [sfn, s3, dynamodb]) client?.destroy();
    await platform?.close();
  });

  const read = async <T>(Key: string): Promise<T> => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString()) as T;
  const setBroken = (id: string, broken: boolean) => dynamodb.send(new PutItemCommand({ TableName: FLAGS, Item: { id: { S: id }, broken: { BOOL: broken } } }));
  /** How often the item's child started and finished, counted by the child itself. */
  const runsOf = async (id: string) => {
    const item = (await dynamodb.send(new GetItemCommand({ TableName: RUNS, Key: { id: { S: id } } }))).Item;
    return { starts: Number(item?.starts?.N ?? 0), finishes: Number(item?.finishes?.N ?? 0) };
  };

  async function waitForEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${executionArn} did not end`);
  }

  /** Starts a run over fresh items (two flagged broken) and waits for it to fail its threshold. */
  async function failedRun(type: 'STANDARD' | 'EXPRESS') {
    const run = ++runs;
    const ids = Array.from({ length: ITEMS }, (_, index) => `run-${run}-item-${index}`);
    for (const [index, id] of ids.entries()) await setBroken(id, BROKEN.includes(index));
    const prefix = `redrive-${run}`;
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `map-redrive-${run}`, definition: machine(type, prefix), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items: ids.map((id) => ({ id })) }) }));
    const failed = await waitForEnd(executionArn!);
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns[0]!.mapRunArn!;
    const folder = `${prefix}/${mapRunArn.split(':').pop()}/`;
    return { executionArn: executionArn!, ids, failed, mapRunArn, folder };
  }

  /** The items of a result file, by item index, with each record's status and redrive count. */
  async function itemsIn(Key: string, ids: string[]) {
    const records = await read<ResultRecord[]>(Key);
    return records.map((record) => [ids.indexOf((JSON.parse(record.Input) as { id: string }).id), record.Status, record.RedriveCount]);
  }

  it.each(['STANDARD', 'EXPRESS'] as const)('%s children: only the failed and never-started ones run again, and the run succeeds', async (type) => {
    // Prepare: the run fails its threshold.
    const { executionArn, ids, failed, mapRunArn, folder } = await failedRun(type);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', redriveStatus: 'REDRIVABLE' });
    // Items 0 to 5 started (2 and 5 failing at the check); 6 and 7 never started.
    expect(await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).toMatchObject({
      status: 'FAILED', redriveCount: 0,
      executionCounts: { succeeded: 4, failed: 2, pending: 2, running: 0, total: ITEMS, pendingRedrive: 4, failuresNotRedrivable: 0 },
    });
    expect(await Promise.all(ids.map(runsOf))).toEqual(ids.map((_, index) => ({ starts: index < 6 ? 1 : 0, finishes: index < 6 && !BROKEN.includes(index) ? 1 : 0 })));
    const firstManifest = await read<Manifest>(`${folder}manifest.json`);
    const firstFailed = await read<ResultRecord[]>(firstManifest.ResultFiles.FAILED[0]!.Key);

    // Act: the cause is fixed, then the parent is redriven.
    for (const index of BROKEN) await setBroken(ids[index]!, false);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const redriven = await waitForEnd(executionArn);

    // Assess: the parent succeeded. Counted inside the children: every item finished exactly once, so no child that
    // had succeeded ran again; the broken ones started again only as EXPRESS (restarted), not as STANDARD (redriven
    // in place, from the check that failed).
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    const restarts = type === 'EXPRESS' ? 2 : 1;
    expect(await Promise.all(ids.map(runsOf))).toEqual(ids.map((_, index) => ({ starts: BROKEN.includes(index) ? restarts : 1, finishes: 1 })));

    // The same Map Run, redriven once, its counts over the whole run.
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns.map((run) => run.mapRunArn)).toEqual([mapRunArn]);
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({
      status: 'SUCCEEDED', redriveCount: 1,
      executionCounts: { succeeded: ITEMS, failed: 0, pending: 0, running: 0, aborted: 0, total: ITEMS, resultsWritten: ITEMS, pendingRedrive: 0, failuresNotRedrivable: 0 },
      itemCounts: { succeeded: ITEMS, total: ITEMS, pendingRedrive: 0 },
    });
    expect(described.redriveDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    // The parent's history: MapRunRedriven names the Map Run, where MapRunStarted stood in the first run.
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const types = events.map((event) => event.type);
    expect(types.slice(types.indexOf('ExecutionRedriven'))).toEqual([
      'ExecutionRedriven', 'MapStateEntered', 'MapStateStarted', 'MapRunRedriven', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(events.find((event) => event.type === 'MapRunRedriven')?.mapRunRedrivenEventDetails).toEqual({ mapRunArn, redriveCount: 1 });

    // The manifest: SUCCEEDED files of both attempts, no FAILED or PENDING left; the first attempt's files intact.
    const manifest = await read<Manifest>(`${folder}manifest.json`);
    expect(manifest.ResultFiles.SUCCEEDED.map((file) => file.Key)).toEqual([`${folder}SUCCEEDED_0.json`, `${folder}SUCCEEDED_1.json`]);
    expect(manifest.ResultFiles.FAILED).toEqual([]);
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    expect(await itemsIn(`${folder}SUCCEEDED_0.json`, ids)).toEqual([[0, 'SUCCEEDED', 0], [1, 'SUCCEEDED', 0], [3, 'SUCCEEDED', 0], [4, 'SUCCEEDED', 0]]);
    const redrivenCount = type === 'STANDARD' ? 1 : 0;
    expect(await itemsIn(`${folder}SUCCEEDED_1.json`, ids)).toEqual([[2, 'SUCCEEDED', redrivenCount], [5, 'SUCCEEDED', redrivenCount], [6, 'SUCCEEDED', 0], [7, 'SUCCEEDED', 0]]);
    expect(await read<ResultRecord[]>(`${folder}FAILED_0.json`)).toEqual(firstFailed);

    // STANDARD children are redriven in place (same names); EXPRESS ones are started afresh (new names).
    const secondNames = (await read<ResultRecord[]>(`${folder}SUCCEEDED_1.json`)).slice(0, 2).map((record) => record.Name);
    const firstNames = firstFailed.map((record) => record.Name);
    if (type === 'STANDARD') expect(secondNames).toEqual(firstNames);
    else expect(secondNames.some((name) => firstNames.includes(name))).toBe(false);
  });

  it('STANDARD children: listed as redriven, with ExecutionRedriven in their own history, and redrivable only through the Map Run', async () => {
    // Prepare
    const { executionArn, ids, mapRunArn } = await failedRun('STANDARD');
    const { executions: failedChildren = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
    expect(failedChildren).toHaveLength(BROKEN.length);
    const child = failedChildren[0]!.executionArn!;
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: child }))).toMatchObject({ status: 'FAILED', redriveStatus: 'REDRIVABLE_BY_MAP_RUN', mapRunArn });
    const direct = await sfn.send(new RedriveExecutionCommand({ executionArn: child })).then(() => undefined, (error: Error) => error);
    expect(direct?.name).toBe('ExecutionNotRedrivable');

    // Act
    for (const index of BROKEN) await setBroken(ids[index]!, false);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    await waitForEnd(executionArn);

    // Assess
    const { executions: redriven = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn, redriveFilter: 'REDRIVEN' }));
    expect(redriven.map((execution) => execution.executionArn).sort()).toEqual(failedChildren.map((execution) => execution.executionArn).sort());
    expect(redriven.every((execution) => execution.status === 'SUCCEEDED' && execution.redriveCount === 1)).toBe(true);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: child }));
    expect(events.map((event) => event.type)).toContain('ExecutionRedriven');
    const { executions: all = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(all).toHaveLength(ITEMS);
  });

  it('`npm run redrive` prints the Map Run redrive as it follows the parent', async () => {
    // Prepare
    const { executionArn, ids, mapRunArn } = await failedRun('EXPRESS');
    for (const index of BROKEN) await setBroken(ids[index]!, false);
    const lines: string[] = [];

    // Act
    const status = await redriveAndFollow(sfn, executionArn, (line) => lines.push(line), { pollMs: 10 });

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(lines.slice(1)).toEqual([
      '  redrive #1 started', '  → Process items', `  Map Run redrive #1: ${mapRunArn}`, '  Map Run succeeded', '  ✓ Process items', '  ExecutionSucceeded',
      'SUCCEEDED (redriveCount 1)',
    ]);
  });

  describe('the AWS CLI', () => {
    async function cliKnowsRedrive(): Promise<boolean> {
      try {
        await exec('aws', ['stepfunctions', 'redrive-execution', 'help'], { env: { ...process.env, PAGER: 'cat', AWS_PAGER: '' } });
        return true;
      } catch {
        return false;
      }
    }

    it('redrives the Map Run with `aws stepfunctions redrive-execution` and reads it with `describe-map-run`', async () => {
      if (!(await cliKnowsRedrive())) {
        console.warn('Skipped: the `aws` CLI is not on PATH or is too old to know `stepfunctions redrive-execution`.');
        return;
      }
      // Prepare
      const { executionArn, ids, mapRunArn } = await failedRun('STANDARD');
      for (const index of BROKEN) await setBroken(ids[index]!, false);
      const env = { ...process.env, AWS_DEFAULT_REGION: REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' };
      const aws = async (...args: string[]) => JSON.parse((await exec('aws', ['stepfunctions', ...args, '--endpoint-url', platform.url, '--output', 'json'], { env })).stdout) as Record<string, unknown>;

      // Act
      expect(await aws('redrive-execution', '--execution-arn', executionArn)).toEqual({ redriveDate: expect.anything() });
      expect(await waitForEnd(executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });

      // Assess
      expect(await aws('describe-map-run', '--map-run-arn', mapRunArn)).toMatchObject({
        status: 'SUCCEEDED', redriveCount: 1, executionCounts: { succeeded: ITEMS, pendingRedrive: 0 },
      });
      expect(await Promise.all(ids.map(runsOf))).toEqual(ids.map(() => ({ starts: 1, finishes: 1 })));
    });
  });
});

/**
 * PENDING_REDRIVE: while a Map Run redrive is under way, the STANDARD children it has yet to reach have that status.
 * The children's check retries once after 10 s of the test's clock, so a redriven child that still fails waits there
 * until the test moves the clock, and the next failed child is seen waiting for its redrive.
 */
describe('Map Run redrive under way, on the test\'s clock', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let sfn: SFNClient;
  let dynamodb: DynamoDBClient;
  const clock = new ManualClock();
  const TABLE = 'slow-flags';

  beforeAll(async () => {
    platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: LOCAL_ACCOUNT_ID, clock, log: () => undefined });
    sfn = new SFNClient({ endpoint: platform.url, region: REGION, credentials });
    dynamodb = new DynamoDBClient({ endpoint: platform.url, region: REGION, credentials });
    await dynamodb.send(new CreateTableCommand({
      TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
  });

  afterAll(async () => {
    sfn?.destroy();
    dynamodb?.destroy();
    await platform?.close();
  });

  const setBroken = (id: string, broken: boolean) => dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: id }, broken: { BOOL: broken } } }));

  /** Moves the clock on until the execution has ended. */
  async function runToEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (let step = 0; step < 300; step += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await clock.advance(5_000);
    }
    throw new Error(`${executionArn} did not end`);
  }

  async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const value = await read();
      if (ready(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('never ready');
  }

  it('lists the STANDARD children a redrive has yet to reach as PENDING_REDRIVE, and only with a mapRunArn', async () => {
    // Prepare: items a and b broken; a's failure is tolerated, b's fails the run, c never starts.
    for (const [id, broken] of [['a', true], ['b', true], ['c', false]] as const) await setBroken(id, broken);
    const definition = JSON.stringify({
      StartAt: 'Process items',
      States: {
        'Process items': {
          Type: 'Map', Label: 'Items', MaxConcurrency: 1, ToleratedFailureCount: 1, End: true,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Check the flag',
            States: {
              'Check the flag': {
                Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem', End: true,
                Parameters: { TableName: TABLE, Key: { id: { 'S.$': '$.id' } }, UpdateExpression: 'SET checked = :yes', ConditionExpression: 'broken = :no', ExpressionAttributeValues: { ':yes': { BOOL: true }, ':no': { BOOL: false } } },
                Retry: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], IntervalSeconds: 10, MaxAttempts: 1 }],
              },
            },
          },
        },
      },
    });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'map-redrive-pending', definition, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify([{ id: 'a' }, { id: 'b' }, { id: 'c' }]) }));
    expect(await runToEnd(executionArn!)).toMatchObject({ status: 'FAILED' });
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = mapRuns[0]!.mapRunArn!;
    const { executions: failed = [] } = await sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
    expect(failed).toHaveLength(2);
    // Newest first: b, then a.
    const [b, a] = failed.map((execution) => execution.executionArn!);

    // Act: only b is fixed; a, redriven first, fails its check again and waits for its retry on the test's clock.
    await setBroken('b', false);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const pending = await until(
      async () => (await sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'PENDING_REDRIVE' }))).executions ?? [],
      (executions) => executions.length > 0,
    );

    // Assess: b awaits its redrive while a runs; a statusFilter of PENDING_REDRIVE needs a mapRunArn.
    expect(pending.map((execution) => execution.executionArn)).toEqual([b]);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: b }))).toMatchObject({ status: 'PENDING_REDRIVE' });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: a }))).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    const refused = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'PENDING_REDRIVE' })).then(() => undefined, (error: Error) => error);
    expect(refused?.name).toBe('ValidationException');

    // And once a is fixed and its retry comes, every child succeeds and none is pending.
    await setBroken('a', false);
    expect(await runToEnd(executionArn!)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: b }))).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect((await sfn.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'PENDING_REDRIVE' }))).executions).toEqual([]);
  });
});
