/**
 * Distributed Map over S3 on the runtime's own services, through unmodified SDK v3 clients on the edge: items read from
 * a JSON Lines, a CSV object or a listing, batched, run as child executions, and results written back as AWS's
 * ResultWriter files, read here through S3 as a user would.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, GetExecutionHistoryCommand, ListMapRunsCommand, SFNClient,
  StartExecutionCommand, type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { systemClock } from '../../local/platform/clock';
import { startPlatform } from '../../local/platform/compose';
import { LOCAL_ACCOUNT_ID, runtimeServices } from '../../local/runtime';

jest.setTimeout(30_000);

const REGION = 'us-east-1';
const BUCKET = 'map-items';
const ROLE = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/distributed-map`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A child that fails with `ItemRejected` when its input says `reject`, and otherwise returns its input. */
const REJECTING_CHILD = {
  StartAt: 'Rejected?',
  States: {
    'Rejected?': { Type: 'Choice', Choices: [{ Variable: '$.reject', BooleanEquals: true, Next: 'Reject' }], Default: 'Accept' },
    Reject: { Type: 'Fail', Error: 'ItemRejected', Cause: 'the item asked to be rejected' },
    Accept: { Type: 'Pass', End: true },
  },
};
const PASS_CHILD = { StartAt: 'Accept', States: { Accept: { Type: 'Pass', End: true } } };

const jsonlReader = (key: string) => ({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: BUCKET, Key: key } });

describe('Distributed Map over S3 on the runtime', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let sfn: SFNClient;
  let s3: S3Client;
  let machines = 0;

  beforeAll(async () => {
    platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: LOCAL_ACCOUNT_ID, clock: systemClock, log: () => undefined });
    sfn = new SFNClient({ endpoint: platform.url, region: REGION, credentials });
    s3 = new S3Client({ endpoint: platform.url, region: REGION, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  afterAll(async () => {
    sfn?.destroy();
    s3?.destroy();
    await platform?.close();
  });

  const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  const read = async (Key: string): Promise<unknown> => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString());

  /** Creates a machine whose one state is `map` (a Distributed Map) and runs it to its end. */
  async function runMap(map: Record<string, unknown>, input: unknown = {}) {
    const definition = JSON.stringify({ StartAt: 'Each item', States: { 'Each item': { Type: 'Map', End: true, ...map } } });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `s3-map-${++machines}`, definition, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    let described: DescribeExecutionCommandOutput;
    do {
      await new Promise((resolve) => setTimeout(resolve, 10));
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    } while (described.status === 'RUNNING');
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRun = mapRuns[0] ? await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns[0].mapRunArn })) : undefined;
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    return { described, mapRun, events };
  }

  it('reads a JSON Lines object, tolerates a failure, and writes the ResultWriter files and manifest', async () => {
    // Prepare: five items, one rejected; one failure tolerated.
    const items = [{ id: 1 }, { id: 2 }, { id: 3, reject: true }, { id: 4 }, { id: 5 }].map((item) => ({ reject: false, ...item }));
    await put('orders/items.jsonl', items.map((item) => JSON.stringify(item)).join('\n'));

    // Act
    const { described, mapRun, events } = await runMap({
      ItemReader: jsonlReader('orders/items.jsonl'),
      ItemSelector: { 'index.$': '$$.Map.Item.Index', 'source.$': '$$.Map.Item.Source', 'id.$': '$$.Map.Item.Value.id', 'reject.$': '$$.Map.Item.Value.reject' },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...REJECTING_CHILD },
      ToleratedFailureCount: 1,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'results' } },
    });

    // Assess: the state's output points at the manifest.
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output!) as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = output.MapRunArn.split(':').at(-1);
    expect(output).toEqual({ MapRunArn: mapRun!.mapRunArn, ResultWriterDetails: { Bucket: BUCKET, Key: `results/${runId}/manifest.json` } });
    expect(events.find((event) => event.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 0 });
    expect(mapRun!.itemCounts).toMatchObject({ succeeded: 4, failed: 1, total: 5, resultsWritten: 5 });

    // Assess: the manifest and the files it lists, read through S3.
    const manifest = await read(output.ResultWriterDetails.Key) as { DestinationBucket: string; MapRunArn: string; ResultFiles: Record<string, Array<{ Key: string }>> };
    expect(manifest).toMatchObject({ DestinationBucket: BUCKET, MapRunArn: output.MapRunArn });
    const succeeded = await read(manifest.ResultFiles.SUCCEEDED![0]!.Key) as Array<Record<string, unknown>>;
    const failed = await read(manifest.ResultFiles.FAILED![0]!.Key) as Array<Record<string, unknown>>;
    expect(succeeded.map((record) => JSON.parse(record.Output as string)).sort((a, b) => a.id - b.id)).toEqual([0, 1, 3, 4].map((index) => ({
      index, source: `S3://${BUCKET}/orders/items.jsonl`, id: index + 1, reject: false,
    })));
    expect(succeeded[0]).toMatchObject({ Status: 'SUCCEEDED', StateMachineArn: mapRun!.mapRunArn!.replace(':mapRun:', ':stateMachine:').replace(/:[^:]+$/, '') });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Status: 'FAILED', Error: 'ItemRejected', Cause: 'the item asked to be rejected', Input: JSON.stringify({ index: 2, source: `S3://${BUCKET}/orders/items.jsonl`, id: 3, reject: true }) });
  });

  it('fails past the tolerated share: the running children stopped, the rest PENDING in the ResultWriter files, the counts agreeing', async () => {
    // Prepare: the first of ten items is rejected, nothing is tolerated, one child at a time.
    await put('strict/items.jsonl', Array.from({ length: 10 }, (_, index) => JSON.stringify({ id: index, reject: index === 0 })).join('\n'));

    // Act
    const { described, mapRun, events } = await runMap({
      ItemReader: jsonlReader('strict/items.jsonl'),
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...REJECTING_CHILD },
      MaxConcurrency: 1,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'strict-results' } },
    });

    // Assess
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    expect(events.map((event) => event.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(mapRun).toMatchObject({ status: 'FAILED', executionCounts: { failed: 1, pending: 9, succeeded: 0, running: 0, total: 10, resultsWritten: 10 } });
    const runId = mapRun!.mapRunArn!.split(':').at(-1);
    const manifest = await read(`strict-results/${runId}/manifest.json`) as { ResultFiles: Record<string, Array<{ Key: string }>> };
    const pending = await read(manifest.ResultFiles.PENDING![0]!.Key) as Array<Record<string, unknown>>;
    expect(pending.map((record) => JSON.parse(record.Input as string).id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pending.every((record) => record.Status === 'PENDING' && record.ExecutionArn === undefined)).toBe(true);
  });

  it.each<[string, number, 'SUCCEEDED' | 'FAILED']>([
    ['3.5 % failing with 5 % tolerated', 33, 'SUCCEEDED'],
    ['10 % failing with 5 % tolerated', 10, 'FAILED'],
  ])('judges the tolerated percentage over the items read: %s', async (_case, every, status) => {
    // Prepare: 200 items, every `every`-th rejected, the first one included.
    await put(`share-${every}.jsonl`, Array.from({ length: 200 }, (_, id) => JSON.stringify({ id, reject: id % every === 0 })).join('\n'));

    // Act
    const { described, mapRun } = await runMap({
      ItemReader: jsonlReader(`share-${every}.jsonl`),
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...REJECTING_CHILD },
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 5,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: `share-${every}` } },
    });

    // Assess
    expect(described.status).toBe(status);
    expect(mapRun!.itemCounts!.total).toBe(200);
    if (status === 'SUCCEEDED') expect(mapRun!.itemCounts).toMatchObject({ failed: 7, succeeded: 193 });
    else expect(described.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('reads a CSV object: every value a string, quoted commas kept', async () => {
    // Prepare
    await put('people.csv', 'name,city,age\n"Doe, Jane",Lyon,41\nSmith,"Paris",7\n');

    // Act
    const { described, mapRun } = await runMap({
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: BUCKET, Key: 'people.csv' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
    });

    // Assess
    expect(JSON.parse(described.output!)).toEqual([{ name: 'Doe, Jane', city: 'Lyon', age: '41' }, { name: 'Smith', city: 'Paris', age: '7' }]);
    expect(mapRun!.itemCounts).toMatchObject({ succeeded: 2, total: 2 });
  });

  it('lists objects under a prefix as items with AWS\'s keys', async () => {
    // Prepare
    await put('listed/a.txt', 'a');
    await put('listed/bb.txt', 'bb');

    // Act
    const { described } = await runMap({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: BUCKET, Prefix: 'listed/' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
    });

    // Assess
    const items = JSON.parse(described.output!) as Array<Record<string, unknown>>;
    expect(items.map(({ Key, Size }) => ({ Key, Size }))).toEqual([{ Key: 'listed/a.txt', Size: 1 }, { Key: 'listed/bb.txt', Size: 2 }]);
    expect(Object.keys(items[0]!).sort()).toEqual(['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']);
  });

  it.each<[string, Record<string, unknown>, number[]]>([
    ['MaxItemsPerBatch 2', { MaxItemsPerBatch: 2 }, [2, 2, 1]],
    ['MaxInputBytesPerBatch 30 (two items of 11 bytes fit, three do not)', { MaxInputBytesPerBatch: 30 }, [2, 2, 1]],
    ['both, the count first', { MaxItemsPerBatch: 1, MaxInputBytesPerBatch: 1000 }, [1, 1, 1, 1, 1]],
  ])('batches the items of an ItemReader: %s', async (_case, batcher, sizes) => {
    // Prepare: five items of 11 bytes each as the batcher counts them (`{"id":"1"}` and its separator).
    await put('batched.jsonl', [1, 2, 3, 4, 5].map((id) => JSON.stringify({ id: `${id}` })).join('\n'));

    // Act
    const { described, mapRun } = await runMap({
      ItemReader: jsonlReader('batched.jsonl'),
      ItemBatcher: { ...batcher, BatchInput: { 'run.$': '$.run' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
    }, { run: 'nightly' });

    // Assess: each child got `{BatchInput, Items}`; itemCounts count items, executionCounts children.
    const batches = JSON.parse(described.output!) as Array<{ BatchInput: unknown; Items: unknown[] }>;
    expect(batches.map((batch) => batch.Items.length)).toEqual(sizes);
    expect(batches.every((batch) => JSON.stringify(batch.BatchInput) === '{"run":"nightly"}')).toBe(true);
    expect(batches.flatMap((batch) => batch.Items)).toEqual([1, 2, 3, 4, 5].map((id) => ({ id: `${id}` })));
    expect(mapRun!.itemCounts).toMatchObject({ succeeded: 5, total: 5 });
    expect(mapRun!.executionCounts).toMatchObject({ succeeded: sizes.length, total: sizes.length });
  });

  it('fails with States.ItemReaderFailed and S3\'s reason when the object does not exist', async () => {
    // Act
    const { described, events } = await runMap({
      ItemReader: jsonlReader('missing.jsonl'),
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
    });

    // Assess
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
    expect(described.cause).toMatch(/NoSuchKey|does not exist/);
    expect(events.map((event) => event.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });
});
