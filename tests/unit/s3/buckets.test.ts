import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { failure, startS3EdgeWithBuckets, type S3Edge } from './s3-edge';

describe('S3 bucket operations (through @aws-sdk/client-s3)', () => {
  let edge: S3Edge;
  let s3: S3Client;

  beforeAll(async () => {
    ({ edge, s3 } = await startS3EdgeWithBuckets());
  });

  afterAll(() => edge.close());

  it('creates a bucket, finds it with HeadBucket and lists it with its region', async () => {
    // Act
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'images-one' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'images-one' }));
    const { Buckets, Owner } = await s3.send(new ListBucketsCommand({}));

    // Assess
    expect(created.Location).toBe('/images-one');
    expect(head.BucketRegion).toBe('us-east-1');
    expect(Buckets?.find((bucket) => bucket.Name === 'images-one')).toMatchObject({ Name: 'images-one', BucketRegion: 'us-east-1', CreationDate: expect.any(Date) });
    expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('places a bucket in its LocationConstraint and says so in GetBucketLocation', async () => {
    // Act
    await s3.send(new CreateBucketCommand({ Bucket: 'in-frankfurt', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'in-frankfurt' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'in-frankfurt' }));

    // Assess
    expect(location.LocationConstraint).toBe('eu-central-1');
    expect(head.BucketRegion).toBe('eu-central-1');
  });

  it('answers BucketAlreadyOwnedByYou (409) when a bucket outside us-east-1 is created again', async () => {
    // Prepare
    const ireland = edge.client({ region: 'eu-west-1' });
    await ireland.send(new CreateBucketCommand({ Bucket: 'twice-in-ireland', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));

    // Act
    const error = await failure(ireland.send(new CreateBucketCommand({ Bucket: 'twice-in-ireland', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));

    // Assess
    expect(error).toBeInstanceOf(BucketAlreadyOwnedByYou);
    expect(error.$metadata.httpStatusCode).toBe(409);
  });

  it('lets a us-east-1 bucket be created again, as AWS does for legacy compatibility', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: 'twice-in-virginia' }));

    // Act
    const again = await s3.send(new CreateBucketCommand({ Bucket: 'twice-in-virginia' }));

    // Assess
    expect(again.$metadata.httpStatusCode).toBe(200);
  });

  it.each([
    ['too short', 'ab'],
    ['upper case', 'Images'],
    ['two dots in a row', 'a..b'],
    ['an IP address', '192.168.5.4'],
    ['a reserved prefix', 'xn--bucket'],
  ])('refuses a bucket name that is %s with InvalidBucketName', async (_label, name) => {
    // Act
    const error = await failure(s3.send(new CreateBucketCommand({ Bucket: name })));

    // Assess
    expect(error.name).toBe('InvalidBucketName');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('answers HeadBucket for a missing bucket with a bare 404 (NotFound)', async () => {
    // Act
    const error = await failure(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })));

    // Assess
    expect(error.name).toBe('NotFound');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses to delete a bucket that holds objects with BucketNotEmpty (409)', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: 'not-empty' }));
    await s3.send(new PutObjectCommand({ Bucket: 'not-empty', Key: 'k', Body: 'v' }));

    // Act
    const error = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'not-empty' })));

    // Assess
    expect(error.name).toBe('BucketNotEmpty');
    expect(error.$metadata.httpStatusCode).toBe(409);
  });

  it('deletes an empty bucket (204); afterwards it is NoSuchBucket (404)', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: 'short-lived' }));

    // Act
    const deleted = await s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' }));
    const error = await failure(s3.send(new DeleteBucketCommand({ Bucket: 'short-lived' })));

    // Assess
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(error.name).toBe('NoSuchBucket');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect((error as S3ServiceException & { BucketName?: string }).BucketName).toBe('short-lived');
  });

  it('answers a subresource it does not serve with NotImplemented in S3 XML, never a 5xx', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: 'tagged' }));

    // Act
    const response = await fetch(`${edge.url}/tagged?tagging`, { headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
    const body = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(body).toMatch(/<Error><Code>NotImplemented<\/Code><Message>[^<]*\?tagging<\/Message><RequestId>[0-9A-F]{16}<\/RequestId><\/Error>/);
  });
});
