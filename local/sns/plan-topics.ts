/**
 * Reads SNS topics and subscriptions out of a packaged CloudFormation template: AWS::SNS::Topic (its attributes as
 * CreateTopic takes them, its tags, and its inline `Subscription` list) and AWS::SNS::Subscription (what an `sns`
 * event of serverless.yml compiles to, or a resource of its own). Pure: intrinsics go through the deploy's resolver,
 * so topic ARNs and names match what `Ref` and `Fn::GetAtt ... TopicName` give the rest of the template.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html
 */
import { resolvedProperties, type IntrinsicResolver } from '../deploy/intrinsics';
import { TemplateError, type CloudFormationTemplate } from '../deploy/template';
import type { Json } from '../engine/types';
import { attributeText } from '../sqs/queue-attributes';
import { subscriptionArn } from './arns';

export interface TopicPlan {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** CreateTopic's attributes, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
}

export interface SubscriptionPlan {
  /** The Subscription resource, or `<Topic>.Subscription[<n>]` for one listed inline on its topic. */
  readonly logicalId: string;
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** Subscribe's attributes, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** CloudFormation properties of a topic that are CreateTopic attributes of the same name. */
const TOPIC_ATTRIBUTES = [
  'DisplayName',
  'KmsMasterKeyId',
  'FifoTopic',
  'ContentBasedDeduplication',
  'SignatureVersion',
  'TracingConfig',
  'ArchivePolicy',
  'DeliveryPolicy',
  'FifoThroughputScope',
];
/** CloudFormation properties of a subscription that are Subscribe attributes of the same name. */
const SUBSCRIPTION_ATTRIBUTES = ['RawMessageDelivery', 'DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy'];

export function planTopics(template: CloudFormationTemplate, resolver: IntrinsicResolver): { topics: TopicPlan[]; subscriptions: SubscriptionPlan[] } {
  const topics: TopicPlan[] = [];
  const subscriptions: SubscriptionPlan[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!resolver.resourceExists(logicalId)) continue;
    if (resource.Type === 'AWS::SNS::Topic') {
      const identity = resolver.identity(logicalId, `Resources.${logicalId}`);
      const properties = resolvedProperties(resolver, logicalId, resource);
      const arn = identity.ref;
      topics.push({ logicalId, name: String(identity.attributes.TopicName), arn, attributes: attributesOf(properties, TOPIC_ATTRIBUTES), tags: tagsOf(properties.Tags) });
      const inline = Array.isArray(properties.Subscription) ? properties.Subscription : [];
      inline.forEach((entry, index) => {
        const where = `Resources.${logicalId}.Properties.Subscription[${index}]`;
        const { Protocol, Endpoint } = (entry ?? {}) as Record<string, Json>;
        subscriptions.push(subscription(`${logicalId}.Subscription[${index}]`, where, arn, Protocol, Endpoint, {}));
      });
    } else if (resource.Type === 'AWS::SNS::Subscription') {
      const properties = resolvedProperties(resolver, logicalId, resource);
      const where = `Resources.${logicalId}.Properties`;
      if (typeof properties.TopicArn !== 'string') throw new TemplateError(`${where}.TopicArn: expected a topic ARN, got ${JSON.stringify(properties.TopicArn)}`);
      subscriptions.push(subscription(logicalId, where, properties.TopicArn, properties.Protocol, properties.Endpoint, attributesOf(properties, SUBSCRIPTION_ATTRIBUTES)));
    }
  }
  return { topics, subscriptions };
}

function subscription(logicalId: string, where: string, topicArn: string, protocol: Json | undefined, endpoint: Json | undefined, attributes: Record<string, string>): SubscriptionPlan {
  if (typeof protocol !== 'string' || typeof endpoint !== 'string') {
    throw new TemplateError(`${where}: a subscription needs Protocol and Endpoint as text, got ${JSON.stringify({ Protocol: protocol, Endpoint: endpoint })}`);
  }
  return { logicalId, arn: subscriptionArn(topicArn, protocol.toLowerCase(), endpoint), topicArn, protocol: protocol.toLowerCase(), endpoint, attributes };
}

function attributesOf(properties: Record<string, Json>, names: readonly string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of names) {
    if (properties[name] !== undefined && properties[name] !== null) attributes[name] = attributeText(properties[name]);
  }
  return attributes;
}

function tagsOf(value: Json | undefined): { Key: string; Value: string }[] {
  if (!Array.isArray(value)) return [];
  return (value as { Key?: Json; Value?: Json }[]).map((tag) => ({ Key: String(tag.Key), Value: String(tag.Value ?? '') }));
}
