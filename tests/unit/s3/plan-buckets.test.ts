import path from 'node:path';
import { HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { applyDeployPlan } from '../../../local/deploy/apply-plan';
import { formatBanner } from '../../../local/deploy/banner';
import { buildDeployPlan, type DeployPlan } from '../../../local/deploy/plan';
import type { CloudFormationTemplate } from '../../../local/deploy/template';
import { startS3Edge, type S3Edge } from './s3-edge';

const context = { stackName: 'app-local', region: 'eu-west-1', accountId: '000000000000', endpoint: 'http://127.0.0.1:4566' };

/** Shaped like what osls compiles: its own deployment bucket, a named bucket, an unnamed one and a conditional one. */
const template: CloudFormationTemplate = {
  Conditions: { IsProd: { 'Fn::Equals': ['local', 'prod'] } },
  Resources: {
    ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [] } } },
    ServerlessDeploymentBucketPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'ServerlessDeploymentBucket' } } },
    ImageBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'app-local-images' } },
    ScratchBucket: { Type: 'AWS::S3::Bucket' },
    ArchiveBucket: { Type: 'AWS::S3::Bucket', Condition: 'IsProd', Properties: { BucketName: 'app-prod-archive' } },
  },
  Outputs: {
    ImageBucketName: { Value: { Ref: 'ImageBucket' } },
    ImageBucketArn: { Value: { 'Fn::GetAtt': ['ImageBucket', 'Arn'] } },
  },
};

describe('planning and creating the S3 buckets of serverless.yml', () => {
  const plan = buildDeployPlan({ template, context, packageDir: '/pkg', functionsDir: path.join('/tmp', 'functions') });

  it('plans every AWS::S3::Bucket but the framework\'s deployment bucket and those whose Condition is false', () => {
    // Assess
    expect(plan.buckets?.map((bucket) => [bucket.logicalId, bucket.name])).toEqual([
      ['ImageBucket', 'app-local-images'],
      ['ScratchBucket', expect.stringMatching(/^app-local-scratchbucket-[a-z0-9]+$/)],
    ]);
    expect(plan.buckets?.[0]?.arn).toBe('arn:aws:s3:::app-local-images');
    expect(plan.skipped.map((resource) => resource.logicalId)).toEqual(['ServerlessDeploymentBucket', 'ServerlessDeploymentBucketPolicy']);
    expect(plan.outputs).toEqual({ ImageBucketName: 'app-local-images', ImageBucketArn: 'arn:aws:s3:::app-local-images' });
  });

  it('lists the buckets in the banner', () => {
    // Act
    const banner = formatBanner({ url: 'http://127.0.0.1:4566', region: 'eu-west-1', plan });

    // Assess
    expect(banner).toContain('Buckets (2):');
    expect(banner).toMatch(/ {2}app-local-images +s3:\/\/app-local-images/);
  });

  describe('applied to a running S3', () => {
    let edge: S3Edge;

    beforeAll(async () => {
      edge = await startS3Edge({ region: 'eu-west-1' });
    });

    afterAll(() => edge.close());

    it('creates the buckets in the deploy region, and a second deploy keeps them', async () => {
      // Prepare
      const bucketsOnly: DeployPlan = { ...plan, functions: [], tables: [], stateMachines: [], queues: [], eventSourceMappings: [], restApis: [] };
      const targets = { endpoint: edge.url, region: 'eu-west-1', lambda: { register: () => undefined } };

      // Act
      await applyDeployPlan(bucketsOnly, targets);
      await applyDeployPlan(bucketsOnly, targets);
      const s3 = edge.client({ region: 'eu-west-1' });
      const { Buckets } = await s3.send(new ListBucketsCommand({}));
      const head = await s3.send(new HeadBucketCommand({ Bucket: 'app-local-images' }));

      // Assess
      expect(Buckets?.map((bucket) => bucket.Name)).toEqual(plan.buckets?.map((bucket) => bucket.name).sort());
      expect(head.BucketRegion).toBe('eu-west-1');
    });
  });
});
