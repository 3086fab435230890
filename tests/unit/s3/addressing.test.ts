import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CREDENTIALS, startS3EdgeWithBuckets, type S3Edge } from './s3-edge';

/** Every host name resolves to this machine, as `*.localhost.localstack.cloud` does through public DNS. */
const toLoopback: LookupFunction = (_host, options, callback) => {
  if (options.all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/** A raw request with a Host of our choosing, unsigned unless headers say otherwise. */
function get(port: number, host: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('S3 addressing: path style, virtual-hosted style, unsigned and presigned requests', () => {
  let edge: S3Edge;
  let s3: S3Client;
  let port: number;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets('photos'));
    port = Number(new URL(edge.url).port);
    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'cats/tom.txt', Body: 'meow' }));
  });

  afterAll(() => edge.close());

  it('serves an SDK client left at its defaults on the edge URL the banner prints (an IP address: path style by itself)', async () => {
    // Prepare
    const plain = new S3Client({ endpoint: edge.url, region: 'us-east-1', credentials: CREDENTIALS });

    // Act
    const got = await plain.send(new GetObjectCommand({ Bucket: 'photos', Key: 'cats/tom.txt' }));
    const body = await got.Body?.transformToString();
    plain.destroy();

    // Assess
    expect(body).toBe('meow');
  });

  it('serves an SDK client that puts the bucket in the host name (forcePathStyle false)', async () => {
    // Prepare
    const virtual = edge.client({ endpoint: `http://s3.localhost.localstack.cloud:${port}`, forcePathStyle: false, requestHandler: { httpAgent: new Agent({ lookup: toLoopback }) } });

    // Act
    await virtual.send(new PutObjectCommand({ Bucket: 'photos', Key: 'dogs/rex.txt', Body: 'woof' }));
    const got = await virtual.send(new GetObjectCommand({ Bucket: 'photos', Key: 'cats/tom.txt' }));
    const listed = await virtual.send(new ListObjectsV2Command({ Bucket: 'photos' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('meow');
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['cats/tom.txt', 'dogs/rex.txt']);
  });

  it.each([
    ['<bucket>.s3.localhost.localstack.cloud', `photos.s3.localhost.localstack.cloud`, '/cats/tom.txt'],
    ['<bucket>.s3.<region>.amazonaws.com', 'photos.s3.eu-west-1.amazonaws.com', '/cats/tom.txt'],
    ['<bucket>.localhost', 'photos.localhost', '/cats/tom.txt'],
    ['a path-style S3 host', 's3.localhost.localstack.cloud', '/photos/cats/tom.txt'],
  ])('serves an unsigned GET to %s', async (_label, host, path) => {
    // Act
    const answer = await get(port, `${host}:${port}`, path);

    // Assess
    expect(answer).toEqual({ status: 200, body: 'meow' });
  });

  it('serves a presigned URL (the scope in X-Amz-Credential) on the bare edge host', async () => {
    // Act
    const answer = await get(port, `127.0.0.1:${port}`, '/photos/cats/tom.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0');

    // Assess
    expect(answer).toEqual({ status: 200, body: 'meow' });
  });

  it('leaves a request signed for another service alone, whatever its host', async () => {
    // Act
    const answer = await get(port, `photos.localhost:${port}`, '/', { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0' });

    // Assess: no S3 XML; the edge's own "no service handles" answer.
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('UnknownOperationException');
  });

  it('answers a key with broken percent-encoding with InvalidURI', async () => {
    // Act
    const answer = await get(port, `photos.localhost:${port}`, '/cats/%E0%A4%A');

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>InvalidURI</Code>');
  });
});
