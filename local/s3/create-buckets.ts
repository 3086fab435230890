/**
 * Creates a plan's buckets through the S3 API, as a user's CreateBucket would: outside us-east-1 with the region as
 * LocationConstraint (AWS requires it there). A bucket kept from an earlier start (a durable store) is fine as it is.
 */
import { BucketAlreadyOwnedByYou, CreateBucketCommand, type BucketLocationConstraint, type S3Client } from '@aws-sdk/client-s3';
import type { BucketPlan } from './plan-buckets';

export async function createBuckets(client: S3Client, region: string, buckets: readonly BucketPlan[]): Promise<void> {
  const configuration = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
  for (const bucket of buckets) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket.name, ...configuration }));
    } catch (error) {
      if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
    }
  }
}
