/**
 * One Distributed Map measurement in a fresh process (so its peak RSS is its own): either the runtime's services
 * with an items object in S3 and a Distributed Map of EXPRESS Pass children that reads it and writes its results
 * back, or the engine alone running an inline Map of Pass iterations over the same items.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startExecution } from '../../local/engine/execution';
import type { StateMachineDefinition } from '../../local/engine/types';
import { systemClock } from '../../local/platform/clock';
import { startPlatform } from '../../local/platform/compose';
import { LOCAL_ACCOUNT_ID, runtimeServices } from '../../local/runtime';
import type { DistributedMapJob, DistributedMapReply } from './result';

const REGION = 'us-east-1';
const BUCKET = 'bench-items';
const KEY = 'items.jsonl';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const PASS_CHILD = { StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } } } as const;

/** `count` JSON Lines records, each a small object. */
const itemsText = (count: number): string => Array.from({ length: count }, (_, id) => JSON.stringify({ id, name: `item-${id}` })).join('\n');

const distributedMachine = JSON.stringify({
  StartAt: 'Each item',
  States: {
    'Each item': {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: BUCKET, Key: KEY } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'results' } },
      End: true,
    },
  },
});

async function distributed(items: number): Promise<DistributedMapReply> {
  const platform = await startPlatform({ services: runtimeServices(), port: 0, region: REGION, accountId: LOCAL_ACCOUNT_ID, clock: systemClock, log: () => undefined });
  const s3 = new S3Client({ endpoint: platform.url, region: REGION, credentials, forcePathStyle: true });
  const sfn = new SFNClient({ endpoint: platform.url, region: REGION, credentials });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: itemsText(items) }));
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({
      name: 'bench-distributed-map', definition: distributedMachine, roleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/bench`,
    }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    let described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    while (described.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    if (described.status !== 'SUCCEEDED') throw new Error(`the Distributed Map ended ${described.status}: ${described.error} ${described.cause}`);
    // A wrong answer is reported, never timed: every child succeeded and the manifest is where the output says.
    const { mapRuns = [] } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns[0]?.mapRunArn }));
    if (run.executionCounts?.succeeded !== items) throw new Error(`${run.executionCounts?.succeeded} of ${items} children succeeded`);
    const key = (JSON.parse(described.output ?? '{}') as { ResultWriterDetails?: { Key?: string } }).ResultWriterDetails?.Key;
    await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return {
      kind: 'measured',
      millis: described.stopDate!.getTime() - described.startDate!.getTime(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      storedBytes: Contents.reduce((sum, object) => sum + (object.Size ?? 0), 0),
    };
  } finally {
    s3.destroy();
    sfn.destroy();
    await platform.close();
  }
}

async function inline(items: number): Promise<DistributedMapReply> {
  const values = itemsText(items).split('\n').map((line) => JSON.parse(line) as unknown);
  // The results are dropped (ResultPath null) and only a flag is passed on, since 100,000 of them pass 256 KiB.
  const definition: StateMachineDefinition = {
    StartAt: 'Each item',
    States: { 'Each item': { Type: 'Map', ItemsPath: '$.items', ItemProcessor: PASS_CHILD, ResultPath: null, OutputPath: '$.done', End: true } },
  } as StateMachineDefinition;
  const execution = startExecution(definition, { type: 'EXPRESS', input: { items: values, done: true } });
  const outcome = await execution.done;
  if (outcome.status !== 'SUCCEEDED' || outcome.output !== true) throw new Error(`the inline Map ended ${outcome.status}: ${outcome.error} ${outcome.cause}`);
  return { kind: 'measured', millis: (execution.stopDate ?? 0) - execution.startDate, maxRssBytes: process.resourceUsage().maxRSS * 1024, storedBytes: 0 };
}

process.once('message', (job: DistributedMapJob) => {
  (job.kind === 'distributed' ? distributed(job.items) : inline(job.items)).then(
    (reply) => process.send?.(reply, () => process.exit(0)),
    (error: unknown) => process.send?.({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(0)),
  );
});
