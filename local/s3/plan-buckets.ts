/**
 * Reads the S3 buckets out of a packaged CloudFormation template, so that the deploy creates them with CreateBucket
 * as a user would. The bucket `serverless package` adds for its own artifacts (ServerlessDeploymentBucket) is left out:
 * the runtime reads the package from disk and nothing is uploaded there. Pure: names come from the deploy's resolver,
 * so they match what `Ref` gives the rest of the template.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
 */
import type { IntrinsicResolver } from '../deploy/intrinsics';
import type { CloudFormationTemplate } from '../deploy/template';

export interface BucketPlan {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
}

/** The framework's artifact bucket: https://www.serverless.com/framework/docs/providers/aws/guide/deploying#deployment-bucket */
export const DEPLOYMENT_BUCKET_LOGICAL_ID = 'ServerlessDeploymentBucket';

export function planBuckets(template: CloudFormationTemplate, resolver: IntrinsicResolver): BucketPlan[] {
  const buckets: BucketPlan[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::S3::Bucket' || logicalId === DEPLOYMENT_BUCKET_LOGICAL_ID || !resolver.resourceExists(logicalId)) continue;
    const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
    buckets.push({ logicalId, name: identity.ref, arn: String(identity.attributes.Arn) });
  }
  return buckets;
}
