/**
 * Topics and subscriptions declared in a template (a topic with an inline email subscription, a FIFO topic with a
 * generated name, an SQS subscription resource with raw delivery, and a Lambda subscription as osls compiles an `sns`
 * event) planned with `Ref` / `Fn::GetAtt TopicName` resolved, then created in a running runtime and published to.
 */
import path from 'node:path';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { formatBanner } from '../../../local/deploy/banner';
import { buildDeployPlan } from '../../../local/deploy/plan';
import type { CloudFormationTemplate } from '../../../local/deploy/template';
import { createTopics } from '../../../local/sns/create-topics';
import { createQueues } from '../../../local/sqs/create-queues';
import { defined } from '../../support/defined';
import { ACCOUNT, REGION, startSnsPlatform, type SnsPlatform } from './sns-platform';

const context = { stackName: 'app-local', region: REGION, accountId: ACCOUNT, endpoint: 'http://127.0.0.1:4566' };
const ALERTS_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:app-local-alerts`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:app-local-alert-subscriber`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-local-notifier`;

const template: CloudFormationTemplate = {
  Resources: {
    AlertsTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: 'app-local-alerts',
        DisplayName: 'Review alerts',
        Subscription: [{ Protocol: 'email', Endpoint: 'ops@example.com' }],
        Tags: [{ Key: 'team', Value: 'reviews' }],
      },
    },
    OrdersFifoTopic: { Type: 'AWS::SNS::Topic', Properties: { FifoTopic: true, ContentBasedDeduplication: true } },
    AlertQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'app-local-alert-subscriber' } },
    AlertQueueSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlertsTopic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['AlertQueue', 'Arn'] }, RawMessageDelivery: true },
    },
    NotifierLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'x/notifier.zip' }, Handler: 'notifier.handler', Runtime: 'nodejs22.x', FunctionName: 'app-local-notifier' },
    },
    NotifierSnsSubscriptionAlerts: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlertsTopic' }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['NotifierLambdaFunction', 'Arn'] } },
    },
    AlertsTopicPolicy: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'AlertsTopic' }], PolicyDocument: {} } },
  },
  Outputs: {
    AlertsTopicArn: { Value: { Ref: 'AlertsTopic' } },
    AlertsTopicName: { Value: { 'Fn::GetAtt': ['AlertsTopic', 'TopicName'] } },
    OrdersTopicName: { Value: { 'Fn::GetAtt': ['OrdersFifoTopic', 'TopicName'] } },
    AlertQueueSubscriptionArn: { Value: { Ref: 'AlertQueueSubscription' } },
  },
};

describe('topics and subscriptions from a template', () => {
  const plan = buildDeployPlan({ template, context, packageDir: '/pkg', functionsDir: path.join('/tmp', 'functions') });
  const fifoName = defined(plan.outputs.OrdersTopicName, 'the FIFO topic name output');

  it('plans each topic with its attributes as strings, and every subscription with its topic resolved', () => {
    expect(plan.topics).toEqual([
      { logicalId: 'AlertsTopic', name: 'app-local-alerts', arn: ALERTS_ARN, attributes: { DisplayName: 'Review alerts' }, tags: [{ Key: 'team', Value: 'reviews' }] },
      { logicalId: 'OrdersFifoTopic', name: fifoName, arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${fifoName}`, attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' }, tags: [] },
    ]);
    expect(fifoName).toMatch(/^app-local-OrdersFifoTopic-[A-Z0-9]{12}\.fifo$/);
    expect(plan.subscriptions?.map(({ logicalId, topicArn, protocol, endpoint, attributes }) => ({ logicalId, topicArn, protocol, endpoint, attributes }))).toEqual([
      { logicalId: 'AlertsTopic.Subscription[0]', topicArn: ALERTS_ARN, protocol: 'email', endpoint: 'ops@example.com', attributes: {} },
      { logicalId: 'AlertQueueSubscription', topicArn: ALERTS_ARN, protocol: 'sqs', endpoint: QUEUE_ARN, attributes: { RawMessageDelivery: 'true' } },
      { logicalId: 'NotifierSnsSubscriptionAlerts', topicArn: ALERTS_ARN, protocol: 'lambda', endpoint: FUNCTION_ARN, attributes: {} },
    ]);
  });

  it('resolves Ref and Fn::GetAtt TopicName in outputs, and leaves only the topic policy skipped', () => {
    expect(plan.outputs).toMatchObject({
      AlertsTopicArn: ALERTS_ARN,
      AlertsTopicName: 'app-local-alerts',
      AlertQueueSubscriptionArn: plan.subscriptions?.find((subscription) => subscription.logicalId === 'AlertQueueSubscription')?.arn,
    });
    expect(plan.skipped).toEqual([{ logicalId: 'AlertsTopicPolicy', type: 'AWS::SNS::TopicPolicy' }]);
    expect(formatBanner({ url: 'http://127.0.0.1:4566', region: REGION, plan })).toContain(`app-local-alerts${' '.repeat(24)} ${ALERTS_ARN}  → email:ops@example.com, sqs:app-local-alert-subscriber, lambda:app-local-notifier`);
  });

  describe('created in a runtime', () => {
    let env: SnsPlatform;
    let sns: SNSClient;
    let sqs: SQSClient;

    beforeAll(async () => {
      env = await startSnsPlatform();
      ({ sns, sqs } = env);
      await createQueues(sqs, plan.queues ?? []);
      await createTopics(sns, plan.topics ?? [], plan.subscriptions ?? []);
    });

    afterAll(async () => {
      await env.close();
    });

    it('has the topics and subscriptions under the planned ARNs, idempotently, and delivers to them', async () => {
      // Act
      await createTopics(sns, plan.topics ?? [], plan.subscriptions ?? []);
      const { Topics } = await sns.send(new ListTopicsCommand({}));
      const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: ALERTS_ARN }));
      const queueSubscription = defined(plan.outputs.AlertQueueSubscriptionArn, 'the subscription output');
      const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: queueSubscription }));
      await sns.send(new PublishCommand({ TopicArn: ALERTS_ARN, Message: 'deployed and delivering' }));
      const queueUrl = defined(plan.queues?.[0]?.url, 'the queue URL').replace('http://127.0.0.1:4566', env.platform.url);
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
      // Assess
      expect(Topics?.map((topic) => topic.TopicArn).sort()).toEqual(plan.topics?.map((topic) => topic.arn).sort());
      expect(Subscriptions?.map((subscription) => subscription.SubscriptionArn).sort()).toEqual(plan.subscriptions?.map((subscription) => subscription.arn).sort());
      expect(Attributes).toMatchObject({ RawMessageDelivery: 'true', Endpoint: QUEUE_ARN });
      expect(Messages?.map((message) => message.Body)).toEqual(['deployed and delivering']);
      expect(env.mail.list().filter((mail) => mail.Destination?.ToAddresses?.includes('ops@example.com')).map((mail) => mail.Subject)).toEqual(['AWS Notification Message']);
    });
  });
});
