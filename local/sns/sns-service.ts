/**
 * The SNS API in the request members' own names (the query protocol is translated before it gets here): topics,
 * subscriptions, Publish and PublishBatch, with delivery to the subscriptions before Publish answers, so a test that
 * publishes and then reads the queue finds the message there. https://docs.aws.amazon.com/sns/latest/api/API_Operations.html
 */
import type { AwsError } from '../platform/aws-error';
import { asAwsError } from '../platform/aws-error';
import type { Clock } from '../platform/clock';
import type { Deliveries } from './deliveries';
import { batchEntryIdsNotDistinct, batchRequestTooLong, emptyBatchRequest, invalidAction, invalidBatchEntryId, invalidParameter, tooManyEntriesInBatchRequest } from './errors';
import { MAX_MESSAGE_BYTES, toPublication, type Publication } from './publication';
import type { PublishedMessages } from './published-messages';
import { TopicRegistry, type Tag, type Topic } from './topics';

export type Input = Readonly<Record<string, unknown>>;
/** undefined for actions whose response has no result element. */
export type Output = Record<string, unknown> | undefined;

export interface SnsServiceOptions {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly deliveries: Deliveries;
  readonly published: PublishedMessages;
}

const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export class SnsService {
  readonly topics: TopicRegistry;

  constructor(private readonly options: SnsServiceOptions) {
    this.topics = new TopicRegistry({ region: options.region, accountId: options.accountId });
  }

  async call(action: string, input: Input): Promise<Output> {
    const { topics } = this;
    switch (action) {
      case 'CreateTopic':
        return { TopicArn: topics.createTopic(input.Name, stringMap(input.Attributes, 'Attributes'), tagList(input.Tags)).arn };
      case 'DeleteTopic':
        topics.deleteTopic(input.TopicArn);
        return undefined;
      case 'ListTopics': {
        const page = topics.listTopics(input.NextToken);
        return { Topics: page.topics.map((topic) => ({ TopicArn: topic.arn })), NextToken: page.nextToken };
      }
      case 'GetTopicAttributes':
        return { Attributes: topics.topicAttributes(topics.topic(input.TopicArn)) };
      case 'SetTopicAttributes':
        topics.setTopicAttribute(topics.topic(input.TopicArn), input.AttributeName, input.AttributeValue);
        return undefined;
      case 'ListTagsForResource':
        return { Tags: topics.topic(input.ResourceArn).tags };
      case 'Subscribe': {
        const topic = topics.topic(input.TopicArn);
        return { SubscriptionArn: topics.subscribe(topic, input.Protocol, input.Endpoint, stringMap(input.Attributes, 'Attributes')).arn };
      }
      case 'Unsubscribe':
        topics.unsubscribe(input.SubscriptionArn);
        return undefined;
      case 'GetSubscriptionAttributes':
        return { Attributes: topics.subscriptionAttributes(topics.subscription(input.SubscriptionArn)) };
      case 'SetSubscriptionAttributes':
        topics.setSubscriptionAttribute(topics.subscription(input.SubscriptionArn), input.AttributeName, input.AttributeValue);
        return undefined;
      case 'ListSubscriptions':
        return subscriptionsPage(topics.listSubscriptions(input.NextToken));
      case 'ListSubscriptionsByTopic':
        return subscriptionsPage(topics.listSubscriptions(input.NextToken, topics.topic(input.TopicArn)));
      case 'Publish':
        return this.publish(input);
      case 'PublishBatch':
        return this.publishBatch(input);
      default:
        throw invalidAction(action);
    }
  }

  /** Publish: to a topic (TopicArn, or a topic ARN as TargetArn); SMS and mobile push are not served. */
  private async publish(input: Input): Promise<Output> {
    const topic = this.publishTarget(input);
    const publication = toPublication(input, topic, this.options.clock.now());
    await this.deliver(publication);
    return { MessageId: publication.messageId, SequenceNumber: publication.sequenceNumber };
  }

  /**
   * PublishBatch: the batch is refused as a whole for an empty, oversized or malformed batch; otherwise each entry
   * succeeds or fails alone, failures listed as BatchResultErrorEntry with the code Publish would have answered.
   */
  private async publishBatch(input: Input): Promise<Output> {
    const topic = this.topics.topic(input.TopicArn);
    const entries = input.PublishBatchRequestEntries;
    if (!Array.isArray(entries) || entries.length === 0) throw emptyBatchRequest();
    if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest();
    const records = entries.map((entry: unknown) => (entry !== null && typeof entry === 'object' ? (entry as Input) : {}));
    const ids = records.map((entry) => entry.Id);
    if (ids.some((id) => typeof id !== 'string' || !BATCH_ENTRY_ID.test(id))) throw invalidBatchEntryId();
    if (new Set(ids).size !== ids.length) throw batchEntryIdsNotDistinct();
    const total = records.reduce((sum, entry) => sum + (typeof entry.Message === 'string' ? Buffer.byteLength(entry.Message) : 0), 0);
    if (total > MAX_MESSAGE_BYTES) throw batchRequestTooLong();
    const successful: Record<string, unknown>[] = [];
    const failed: Record<string, unknown>[] = [];
    for (const entry of records) {
      let publication: Publication;
      try {
        publication = toPublication(entry, topic, this.options.clock.now());
      } catch (error) {
        const failure: AwsError = asAwsError(error);
        failed.push({ Id: entry.Id, Code: failure.queryCode, Message: failure.message, SenderFault: failure.fault === 'Sender' });
        continue;
      }
      await this.deliver(publication);
      successful.push({ Id: entry.Id, MessageId: publication.messageId, SequenceNumber: publication.sequenceNumber });
    }
    return { Successful: successful, Failed: failed };
  }

  private publishTarget(input: Input): Topic {
    const given = ['TopicArn', 'TargetArn', 'PhoneNumber'].filter((name) => input[name] !== undefined && input[name] !== '');
    if (given.length === 0) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    if (given.length > 1) throw invalidParameter(`${given.join(' and ')} Reason: only one of TopicArn, TargetArn or PhoneNumber may be given`);
    if (input.PhoneNumber !== undefined) throw invalidParameter('PhoneNumber Reason: SMS is not served by the local runtime; publish to a topic');
    const target = input.TopicArn ?? input.TargetArn;
    if (input.TargetArn !== undefined && typeof target === 'string' && target.includes(':endpoint/')) {
      throw invalidParameter('TargetArn Reason: mobile push endpoints are not served by the local runtime; publish to a topic');
    }
    return this.topics.topic(target);
  }

  private async deliver(publication: Publication): Promise<void> {
    const deliveries = await this.options.deliveries.deliver(publication);
    this.options.published.add(publication, deliveries);
  }
}

function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(name);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, item]) => typeof item !== 'string')) throw invalidParameter(name);
  return Object.fromEntries(entries) as Record<string, string>;
}

function tagList(value: unknown): Tag[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameter('Tags');
  return value.map((tag: unknown) => {
    const { Key, Value } = (tag ?? {}) as Record<string, unknown>;
    if (typeof Key !== 'string' || Key === '' || typeof Value !== 'string') throw invalidParameter('Tags');
    return { Key, Value };
  });
}

function subscriptionsPage(page: ReturnType<TopicRegistry['listSubscriptions']>): Output {
  return {
    Subscriptions: page.subscriptions.map((subscription) => ({
      SubscriptionArn: subscription.arn,
      Owner: subscription.topicArn.split(':')[4],
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      TopicArn: subscription.topicArn,
    })),
    NextToken: page.nextToken,
  };
}
