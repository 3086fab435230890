/**
 * Creates a plan's topics, then its subscriptions, through the SNS API as a user's CreateTopic and Subscribe would.
 * Both are idempotent on SNS, so a second deploy into a running runtime finds them as they are.
 */
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { TemplateError } from '../deploy/template';
import type { SubscriptionPlan, TopicPlan } from './plan-topics';

export async function createTopics(client: SNSClient, topics: readonly TopicPlan[], subscriptions: readonly SubscriptionPlan[]): Promise<void> {
  for (const topic of topics) {
    const tags = topic.tags.length > 0 ? { Tags: [...topic.tags] } : {};
    await named(topic.logicalId, client.send(new CreateTopicCommand({ Name: topic.name, Attributes: topic.attributes, ...tags })));
  }
  for (const subscription of subscriptions) {
    const { topicArn, protocol, endpoint, attributes } = subscription;
    await named(subscription.logicalId, client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint, Attributes: attributes })));
  }
}

/** SNS's refusal (a filter policy, a protocol the runtime does not serve) as a template error naming the resource. */
async function named<T>(logicalId: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new TemplateError(`Resources.${logicalId}: SNS refused it: ${error instanceof Error ? error.message : String(error)}`);
  }
}
