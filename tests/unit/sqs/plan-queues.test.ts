import path from 'node:path';
import { formatBanner } from '../../../local/deploy/banner';
import { buildDeployPlan } from '../../../local/deploy/plan';
import type { CloudFormationTemplate } from '../../../local/deploy/template';
import { creationOrder } from '../../../local/sqs/create-queues';
import { defined } from '../../support/defined';

const context = { stackName: 'app-local', region: 'us-east-1', accountId: '000000000000', endpoint: 'http://127.0.0.1:4566' };

/** Shaped like what osls compiles for a queue with a dead-letter queue and a function with an `sqs` event. */
const template: CloudFormationTemplate = {
  Resources: {
    ApprovalQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'app-local-approvals',
        VisibilityTimeout: 60,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['ApprovalDlq', 'Arn'] }, maxReceiveCount: 3 },
        Tags: [{ Key: 'team', Value: 'orders' }],
      },
    },
    ApprovalDlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
    ConsumerLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'x/consumer.zip' }, Handler: 'consumer.handler', Runtime: 'nodejs22.x', FunctionName: 'app-local-consumer' },
    },
    ConsumerEventSourceMappingSQSApprovalQueue: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        BatchSize: 5,
        MaximumBatchingWindowInSeconds: 2,
        EventSourceArn: { 'Fn::GetAtt': ['ApprovalQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['ConsumerLambdaFunction', 'Arn'] },
        Enabled: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    },
    StreamMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x', FunctionName: 'app-local-consumer' },
    },
  },
  Outputs: {
    ApprovalQueueUrl: { Value: { Ref: 'ApprovalQueue' } },
    ApprovalQueueName: { Value: { 'Fn::GetAtt': ['ApprovalQueue', 'QueueName'] } },
    MappingId: { Value: { Ref: 'ConsumerEventSourceMappingSQSApprovalQueue' } },
  },
};

describe('planning SQS queues and event source mappings', () => {
  const plan = buildDeployPlan({ template, context, packageDir: '/pkg', functionsDir: path.join('/tmp', 'functions') });

  it('plans each queue with its attributes as strings and the redrive policy pointing at the dead-letter queue ARN', () => {
    // Assess
    expect(plan.queues).toEqual([
      {
        logicalId: 'ApprovalQueue',
        name: 'app-local-approvals',
        url: 'http://127.0.0.1:4566/000000000000/app-local-approvals',
        arn: 'arn:aws:sqs:us-east-1:000000000000:app-local-approvals',
        attributes: {
          VisibilityTimeout: '60',
          RedrivePolicy: expect.stringContaining('"maxReceiveCount":3'),
        },
        tags: { team: 'orders' },
      },
      expect.objectContaining({ logicalId: 'ApprovalDlq', name: expect.stringMatching(/^app-local-ApprovalDlq-[0-9A-F]{12}$/), attributes: { MessageRetentionPeriod: '1209600' } }),
    ]);
    const dlq = plan.queues?.[1];
    expect(JSON.parse(plan.queues?.[0]?.attributes.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: dlq?.arn, maxReceiveCount: 3 });
  });

  it('plans the SQS mapping of a function and leaves other event sources skipped', () => {
    // Assess
    expect(plan.eventSourceMappings).toEqual([
      {
        logicalId: 'ConsumerEventSourceMappingSQSApprovalQueue',
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
        functionName: 'app-local-consumer',
        eventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:app-local-approvals',
        batchSize: 5,
        maximumBatchingWindowSeconds: 2,
        reportBatchItemFailures: true,
        enabled: true,
      },
    ]);
    expect(plan.skipped).toEqual([{ logicalId: 'StreamMapping', type: 'AWS::Lambda::EventSourceMapping' }]);
  });

  it('resolves Ref of a queue to its local URL and GetAtt QueueName, and Ref of a mapping to its UUID', () => {
    // Assess
    expect(plan.outputs).toEqual({
      ApprovalQueueUrl: 'http://127.0.0.1:4566/000000000000/app-local-approvals',
      ApprovalQueueName: 'app-local-approvals',
      MappingId: defined(plan.eventSourceMappings?.[0], 'the event source mapping').uuid,
    });
  });

  it('creates a dead-letter queue before the queues that name it', () => {
    // Act
    const order = creationOrder(plan.queues ?? []).map((queue) => queue.logicalId);

    // Assess
    expect(order).toEqual(['ApprovalDlq', 'ApprovalQueue']);
  });

  it('lists the queues in the banner with the function each one feeds', () => {
    // Act
    const banner = formatBanner({ url: 'http://127.0.0.1:4566', region: 'us-east-1', plan });

    // Assess
    expect(banner).toContain('Queues (2):');
    expect(banner).toMatch(/ {2}app-local-approvals +http:\/\/127\.0\.0\.1:4566\/000000000000\/app-local-approvals {2}→ app-local-consumer\n/);
  });
});
