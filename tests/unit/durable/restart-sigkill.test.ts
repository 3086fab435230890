import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(ROOT, 'tests/support/durable-child.ts');

/** Starts the child runtime on `dir`; resolves with it and its edge URL once it prints READY. */
function startChild(dir: string, stderr: string[]): Promise<{ child: ChildProcess; url: string }> {
  // Node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the process that holds the state directory.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], {
    cwd: ROOT, env: { ...process.env, LOCAL_CLOCK_SPEED: '10' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /READY (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before READY: ${stderr.join('')}`)));
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

const sqsClient = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

const s3Client = (url: string) => new S3Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, forcePathStyle: true, maxAttempts: 1 });

const client = (url: string) => new SFNClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

describe('durable mode across a kill -9 (a child runtime killed with SIGKILL, started again on the same directory)', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-kill-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await killed(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes a Wait of 60 s killed halfway on time, from its history, after taking over the stale lock', async () => {
    // Prepare: 10 clock seconds a wall second, so the Wait lasts 6 s of wall time.
    const stderr: string[] = [];
    const first = await startChild(dir, stderr);
    children.push(first.child);
    let sfn = client(first.url);
    const definition = JSON.stringify({ StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', End: true } } });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'waits', definition, roleArn: 'arn:aws:iam::000000000000:role/local' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'halfway' }));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // 30 clock seconds: halfway
    sfn.destroy();

    // Act
    await killed(first.child);
    expect(existsSync(path.join(dir, 'runtime.lock'))).toBe(true); // left behind by kill -9
    const second = await startChild(dir, stderr);
    children.push(second.child);
    sfn = client(second.url);
    let status: string | undefined;
    const deadline = Date.now() + 10_000;
    while (status !== 'SUCCEEDED' && Date.now() < deadline) {
      status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
      if (status !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    sfn.destroy();

    // Assess
    expect(status).toBe('SUCCEEDED');
    const entered = events.find((event) => event.type === 'WaitStateEntered')!.timestamp!.getTime();
    const exited = events.find((event) => event.type === 'WaitStateExited')!.timestamp!.getTime();
    expect(exited - entered).toBeGreaterThanOrEqual(60_000);
    // On time: the deadline is the first entry's plus 60 s on the runtime clock, which carried on across the restart.
    // A resume that waited in full would exit at 90 s or later (killed at 30 s); the margin below that absorbs a busy
    // machine, where each 100 ms of delay is a clock second at 10× (73 s was seen under a load average of 13).
    expect(exited - entered).toBeLessThan(90_000);
    expect(stderr.join('')).toMatch(/taking over the lock of runtime \d+, which is no longer running/);
    expect(readFileSync(path.join(dir, 'runtime.lock'), 'utf8').trim()).toBe(String(second.child.pid));
  }, 60_000);

  it('delivers every SQS message sent before the kill; those in flight come back when their visibility timeout ends', async () => {
    // Prepare: 20 messages, 5 received (in flight for 60 clock seconds, 6 s of wall time) and not deleted.
    const stderr: string[] = [];
    const first = await startChild(dir, stderr);
    children.push(first.child);
    let sqs = sqsClient(first.url);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work', Attributes: { VisibilityTimeout: '60' } }));
    const bodies = Array.from({ length: 20 }, (_, index) => `message ${index}`);
    for (let start = 0; start < bodies.length; start += 10) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: bodies.slice(start, start + 10).map((MessageBody, index) => ({ Id: `m${index}`, MessageBody })) }));
    }
    // Their visibility ends no earlier than 6 s of wall time after this instant (the clock runs at 10×).
    const beforeReceive = Date.now();
    const inFlight = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 5 }))).Messages ?? [];
    sqs.destroy();

    // Act
    await killed(first.child);
    const second = await startChild(dir, stderr);
    children.push(second.child);
    sqs = sqsClient(second.url);
    const receivedAfter: { message: Message; at: number }[] = [];
    const deadline = Date.now() + 30_000;
    while (receivedAfter.length < bodies.length && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      const at = Date.now();
      for (const message of Messages) {
        receivedAfter.push({ message, at });
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
    sqs.destroy();

    // Assess: none lost, none twice; the 5 in flight were received again (count 2), and not before their timeout ended.
    expect(inFlight).toHaveLength(5);
    expect(receivedAfter.map(({ message }) => message.Body).sort()).toEqual([...bodies].sort());
    const redelivered = receivedAfter.filter(({ message }) => message.Attributes?.ApproximateReceiveCount === '2');
    expect(redelivered.map(({ message }) => message.MessageId).sort()).toEqual(inFlight.map((message) => message.MessageId).sort());
    expect(receivedAfter.filter(({ message }) => message.Attributes?.ApproximateReceiveCount === '1')).toHaveLength(15);
    for (const { at } of redelivered) expect(at - beforeReceive).toBeGreaterThanOrEqual(6_000);
  }, 60_000);

  it('shows no half object after a kill in the middle of a PutObject, and keeps the objects stored before it', async () => {
    // Prepare
    const stderr: string[] = [];
    const first = await startChild(dir, stderr);
    children.push(first.child);
    let s3 = s3Client(first.url);
    await s3.send(new CreateBucketCommand({ Bucket: 'photos' }));
    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'kept.jpg', Body: 'kept bytes' }));
    s3.destroy();
    // A PutObject of 4 MiB of which 1 MiB has arrived when the runtime dies (S3 routes by the signature's scope,
    // which the runtime reads but never verifies).
    const upload = request(`${first.url}/photos/half.jpg`, {
      method: 'PUT',
      headers: { 'Content-Length': 4 * 1024 * 1024, Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
    });
    upload.on('error', () => undefined); // the connection dies with the runtime
    upload.write(Buffer.alloc(1024 * 1024, 7));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    await killed(first.child);
    upload.destroy();
    const second = await startChild(dir, stderr);
    children.push(second.child);
    s3 = s3Client(second.url);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'photos' }));
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'kept.jpg' }));
    const half = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'half.jpg' })).then(() => undefined, (error: unknown) => error);
    const keptBytes = await kept.Body?.transformToString();
    s3.destroy();

    // Assess
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['kept.jpg']);
    expect(keptBytes).toBe('kept bytes');
    expect(half).toBeInstanceOf(NoSuchKey);
    expect(readdirSync(path.join(dir, 's3', 'buckets', 'photos', 'objects')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  }, 60_000);
});
