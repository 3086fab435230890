/**
 * The ResultWriter against the runtime's real S3: AWS's file names, records and manifest, files written as they fill
 * and rolled at a size bound, JSONL, the COMPACT and FLATTEN transformations, and S3 failures.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { MapState, ResultWriter } from '../../../../local/engine/asl';
import type { ChildRecord, ObjectStorage, ResultSink } from '../../../../local/engine/distributed/ports';
import { createResultSink, formatInlineOutputs, openResultSink } from '../../../../local/engine/distributed/result-writer';
import { s3ObjectStorage } from '../../../../local/integrations/object-storage';
import { startS3EdgeWithBuckets, type S3Edge } from '../../s3/s3-edge';
import { mapStateRun, rejection } from './map-state-run';

const BUCKET = 'results';
const RUN_ID = '3a9e5c1e-7f2b-4c55-9d1e-0b6a2f8e4d11';
const MAP_RUN_ARN = `arn:aws:states:us-east-1:000000000000:mapRun:images/ImageProcessing:${RUN_ID}`;
const CHILD_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:images/ImageProcessing';
const PUT_OBJECT = 'arn:aws:states:::s3:putObject';

const START = new Date('2025-02-04T01:49:50.099Z');
const STOP = new Date('2025-02-04T01:49:51.250Z');

function child(index: number, status: ChildRecord['status'], fields: Partial<ChildRecord> = {}): ChildRecord {
  const name = `child-${index}`;
  const base: ChildRecord = {
    status,
    stateMachineArn: CHILD_MACHINE,
    input: { Key: `photos/${index}.jpg` },
    redriveCount: 0,
    redriveStatus: status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN',
    ...(status === 'PENDING' ? {} : { executionArn: `arn:aws:states:us-east-1:000000000000:execution:images/ImageProcessing:${name}`, name, startDate: START, stopDate: STOP }),
  };
  if (status === 'SUCCEEDED') return { ...base, output: { thumbnails: [index] }, redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven', ...fields };
  if (status === 'PENDING') return { ...base, ...fields };
  return { ...base, error: 'UnsupportedImage', cause: `photos/${index}.jpg is not an image`, ...fields };
}

describe('ResultWriter to S3', () => {
  let edge: S3Edge;
  let s3: S3Client;
  let storage: ObjectStorage;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets(BUCKET));
    storage = s3ObjectStorage(s3);
  });

  afterAll(() => edge.close());

  const text = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body?.transformToString() ?? '';
  const json = async (Key: string) => JSON.parse(await text(Key)) as unknown;
  const size = async (Key: string) => (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }))).ContentLength;
  const keysUnder = async (Prefix: string) => (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix }))).Contents?.map((object) => object.Key) ?? [];

  async function sinkFor(writer: ResultWriter, fields: Partial<MapState> = {}, input: unknown = {}): Promise<ResultSink> {
    const sink = await openResultSink(mapStateRun({ ResultWriter: writer, ...fields }, input), fields.QueryLanguage === 'JSONata', storage, MAP_RUN_ARN);
    if (!sink) throw new Error('Expected a result sink');
    return sink;
  }

  it('writes AWS\'s NONE records into SUCCEEDED_0, FAILED_0 and PENDING_0 and lists them in the manifest', async () => {
    // Prepare
    const sink = await sinkFor({ Resource: PUT_OBJECT, Parameters: { 'Bucket.$': '$.bucket', Prefix: 'mapJobs' } }, {}, { bucket: BUCKET });

    // Act
    await sink.add(child(0, 'SUCCEEDED'));
    await sink.add(child(1, 'FAILED'));
    await sink.add(child(2, 'TIMED_OUT', { error: 'States.Timeout', cause: undefined }));
    await sink.add(child(3, 'ABORTED', { error: undefined, cause: undefined }));
    await sink.add(child(4, 'PENDING'));
    const details = await sink.finish();

    // Assess
    const folder = `mapJobs/${RUN_ID}/`;
    expect(details).toEqual({ Bucket: BUCKET, Key: `${folder}manifest.json` });
    expect(await json(`${folder}SUCCEEDED_0.json`)).toEqual([{
      ExecutionArn: 'arn:aws:states:us-east-1:000000000000:execution:images/ImageProcessing:child-0',
      Input: '{"Key":"photos/0.jpg"}',
      InputDetails: { Included: true },
      Name: 'child-0',
      Output: '{"thumbnails":[0]}',
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: '2025-02-04T01:49:50.099Z',
      StateMachineArn: CHILD_MACHINE,
      Status: 'SUCCEEDED',
      StopDate: '2025-02-04T01:49:51.250Z',
    }]);
    const failed = await json(`${folder}FAILED_0.json`) as Record<string, unknown>[];
    expect(failed.map((record) => [record.Status, record.Error, record.Cause])).toEqual([
      ['FAILED', 'UnsupportedImage', 'photos/1.jpg is not an image'], ['TIMED_OUT', 'States.Timeout', undefined], ['ABORTED', undefined, undefined],
    ]);
    expect(failed.some((record) => 'Output' in record || 'OutputDetails' in record)).toBe(false);
    expect(await json(`${folder}PENDING_0.json`)).toEqual([{
      Input: '{"Key":"photos/4.jpg"}', InputDetails: { Included: true }, RedriveCount: 0, RedriveStatus: 'REDRIVABLE_BY_MAP_RUN', StateMachineArn: CHILD_MACHINE, Status: 'PENDING',
    }]);
    expect(await json(`${folder}manifest.json`)).toEqual({
      DestinationBucket: BUCKET,
      MapRunArn: MAP_RUN_ARN,
      ResultFiles: {
        FAILED: [{ Key: `${folder}FAILED_0.json`, Size: await size(`${folder}FAILED_0.json`) }],
        PENDING: [{ Key: `${folder}PENDING_0.json`, Size: await size(`${folder}PENDING_0.json`) }],
        SUCCEEDED: [{ Key: `${folder}SUCCEEDED_0.json`, Size: await size(`${folder}SUCCEEDED_0.json`) }],
      },
    });
  });

  it('writes files as they fill, rolling to the next part at the size bound', async () => {
    // Prepare
    const folder = `rolling/${RUN_ID}/`;
    const sink = createResultSink({ bucket: BUCKET, folder, mapRunArn: MAP_RUN_ARN }, { outputType: 'JSON', transformation: 'NONE' }, storage, { maxFileBytes: 1_500 });
    const records = Array.from({ length: 12 }, (_, index) => child(index, 'SUCCEEDED'));

    // Act
    for (const record of records) await sink.add(record);
    const writtenBeforeFinish = await keysUnder(folder);
    await sink.finish();

    // Assess
    const manifest = await json(`${folder}manifest.json`) as { ResultFiles: { SUCCEEDED: { Key: string; Size: number }[]; FAILED: unknown[] } };
    const files = manifest.ResultFiles.SUCCEEDED;
    expect(files.map((file) => file.Key)).toEqual(files.map((_, index) => `${folder}SUCCEEDED_${index}.json`));
    expect(files.length).toBeGreaterThanOrEqual(3);
    // S3 lists keys in byte order (SUCCEEDED_10 before SUCCEEDED_2); every file but the last was written before finish.
    expect([...writtenBeforeFinish].sort()).toEqual(files.slice(0, -1).map((file) => file.Key).sort());
    for (const file of files) {
      expect(file.Size).toBe(await size(file.Key));
      expect(file.Size).toBeLessThanOrEqual(1_500);
    }
    const names = [];
    for (const file of files) names.push(...(await json(file.Key) as { Name: string }[]).map((record) => record.Name));
    expect(names).toEqual(records.map((record) => record.name));
    expect(manifest.ResultFiles.FAILED).toEqual([]);
  });

  it('makes the child that filled a file wait until S3 has it, so results do not pile up in memory', async () => {
    // Prepare: a storage whose writes finish only when the test says so.
    const writes: { Key: string; done: () => void }[] = [];
    const held: ObjectStorage = {
      ...storage,
      putObject: (request) => new Promise<void>((resolve) => writes.push({ Key: request.Key, done: resolve })),
    };
    const sink = createResultSink({ bucket: BUCKET, folder: 'held/', mapRunArn: MAP_RUN_ARN }, { outputType: 'JSON', transformation: 'NONE' }, held, { maxFileBytes: 600 });
    await sink.add(child(0, 'SUCCEEDED'));
    let added = false;

    // Act
    const adding = sink.add(child(1, 'SUCCEEDED')).then(() => {
      added = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const addedWhileWriting = added;
    writes[0]?.done();
    await adding;

    // Assess
    expect(writes.map((write) => write.Key)).toEqual(['held/SUCCEEDED_0.json']);
    expect(addedWhileWriting).toBe(false);
    expect(added).toBe(true);
  });

  it('writes one record a line with OutputType JSONL', async () => {
    // Prepare
    const sink = await sinkFor({ Resource: PUT_OBJECT, Parameters: { Bucket: BUCKET, Prefix: 'jsonl/' }, WriterConfig: { OutputType: 'JSONL' } });

    // Act
    await sink.add(child(0, 'SUCCEEDED'));
    await sink.add(child(1, 'SUCCEEDED'));
    await sink.finish();

    // Assess: a Prefix ending in "/" gets no second one.
    const lines = (await text(`jsonl/${RUN_ID}/SUCCEEDED_0.json`)).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((line) => (JSON.parse(line) as { Name: string }).Name)).toEqual(['child-0', 'child-1']);
  });

  it.each<[string, 'COMPACT' | 'FLATTEN', unknown[]]>([
    ['COMPACT writes the outputs alone', 'COMPACT', [{ thumbnails: [0] }, [1, 2], 'three']],
    ['FLATTEN spreads array outputs', 'FLATTEN', [{ thumbnails: [0] }, 1, 2, 'three']],
  ])('%s, and failures still as NONE records', async (_name, transformation, expected) => {
    // Prepare
    const sink = await sinkFor({ Resource: PUT_OBJECT, Arguments: { Bucket: '{% $states.input.bucket %}', Prefix: transformation }, WriterConfig: { OutputType: 'JSON', Transformation: transformation } },
      { QueryLanguage: 'JSONata' }, { bucket: BUCKET });

    // Act
    await sink.add(child(0, 'SUCCEEDED'));
    await sink.add(child(1, 'SUCCEEDED', { output: [1, 2] }));
    await sink.add(child(2, 'FAILED'));
    await sink.add(child(3, 'SUCCEEDED', { output: 'three' }));
    await sink.finish();

    // Assess
    expect(await json(`${transformation}/${RUN_ID}/SUCCEEDED_0.json`)).toEqual(expected);
    expect(await json(`${transformation}/${RUN_ID}/FAILED_0.json`)).toEqual([expect.objectContaining({ Name: 'child-2', Error: 'UnsupportedImage', Input: '{"Key":"photos/2.jpg"}' })]);
  });

  it('puts the files at the bucket\'s root without a Prefix', async () => {
    // Prepare
    const sink = await sinkFor({ Resource: PUT_OBJECT, Parameters: { Bucket: BUCKET } });

    // Act
    const details = await sink.finish();

    // Assess
    expect(details).toEqual({ Bucket: BUCKET, Key: `${RUN_ID}/manifest.json` });
    expect(await json(details.Key)).toEqual({ DestinationBucket: BUCKET, MapRunArn: MAP_RUN_ARN, ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [] } });
  });

  it('fails with States.ResultWriterFailed naming S3\'s reason when the bucket is missing', async () => {
    // Prepare
    const sink = await sinkFor({ Resource: PUT_OBJECT, Parameters: { Bucket: 'no-such-bucket', Prefix: 'out' } });
    await sink.add(child(0, 'SUCCEEDED'));

    // Act
    const failure = await rejection(sink.finish());

    // Assess
    expect(failure.error).toBe('States.ResultWriterFailed');
    expect(failure.cause).toMatch(new RegExp(`^Failed to write s3://no-such-bucket/out/${RUN_ID}/SUCCEEDED_0.json: NoSuchBucket: The specified bucket does not exist`));
  });

  it('opens no sink without a Resource: outputs stay inline', async () => {
    // Act
    const sink = await openResultSink(mapStateRun({ ResultWriter: { WriterConfig: { OutputType: 'JSON', Transformation: 'FLATTEN' } } }), false, storage, MAP_RUN_ARN);

    // Assess
    expect(sink).toBeUndefined();
  });
});

describe('formatInlineOutputs', () => {
  const records = [child(0, 'SUCCEEDED', { output: [1, 2] }), child(1, 'FAILED'), child(2, 'SUCCEEDED', { output: { ok: true } })];

  it.each<[string, ResultWriter | undefined, (failed: unknown) => unknown[]]>([
    ['COMPACT by default', undefined, (failed) => [[1, 2], failed, { ok: true }]],
    ['FLATTEN', { WriterConfig: { OutputType: 'JSON', Transformation: 'FLATTEN' } }, (failed) => [1, 2, failed, { ok: true }]],
  ])('formats the outputs %s, failures as NONE records', (_name, writer, expected) => {
    // Act
    const outputs = formatInlineOutputs(mapStateRun(writer ? { ResultWriter: writer } : {}), records);

    // Assess
    expect(outputs).toEqual(expected(expect.objectContaining({ Status: 'FAILED', Error: 'UnsupportedImage', Name: 'child-1' })));
  });

  it('gives every child\'s NONE record with Transformation NONE', () => {
    // Act
    const outputs = formatInlineOutputs(mapStateRun({ ResultWriter: { WriterConfig: { OutputType: 'JSON', Transformation: 'NONE' } } }), records);

    // Assess
    expect(outputs).toEqual([
      expect.objectContaining({ Status: 'SUCCEEDED', Output: '[1,2]', Input: '{"Key":"photos/0.jpg"}' }),
      expect.objectContaining({ Status: 'FAILED', Cause: 'photos/1.jpg is not an image' }),
      expect.objectContaining({ Status: 'SUCCEEDED', Output: '{"ok":true}' }),
    ]);
  });
});
