/**
 * Topics and their subscriptions, in memory: CreateTopic (idempotent by name), DeleteTopic (idempotent, taking its
 * subscriptions with it), the attribute actions and Subscribe/Unsubscribe. Every subscription is confirmed at once:
 * there is nobody to click an email confirmation link locally, and an SQS or Lambda endpoint in the same account is
 * confirmed at once on AWS too. https://docs.aws.amazon.com/sns/latest/api/API_Operations.html
 */
import { isFifoTopicName, isStandardTopicName, parseTopicArn, subscriptionArn, topicArn, topicOfSubscription } from './arns';
import { invalidParameter, subscriptionNotFound, topicNotFound } from './errors';
import { DELIVERY_PROTOCOLS, validateEndpoint, type DeliveryProtocol } from './protocols';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface Topic {
  readonly arn: string;
  readonly name: string;
  readonly fifo: boolean;
  /** The attributes set by CreateTopic or SetTopicAttributes (not the computed ones). */
  readonly attributes: Map<string, string>;
  readonly tags: Tag[];
  readonly subscriptions: Map<string, Subscription>;
  /** FIFO topics number their messages: SequenceNumber, a 20-digit string that only grows. */
  nextSequenceNumber: bigint;
}

export interface Subscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: DeliveryProtocol;
  readonly endpoint: string;
  readonly attributes: Map<string, string>;
}

/** Topic attributes a caller may set; FifoTopic only at creation. https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html */
const SETTABLE_TOPIC_ATTRIBUTES = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
]);
const FIFO_ONLY_ATTRIBUTES = new Set(['ContentBasedDeduplication', 'ArchivePolicy', 'FifoThroughputScope']);

/** Subscription attributes a caller may set. Filter policies are refused: the runtime does not filter. */
const SETTABLE_SUBSCRIPTION_ATTRIBUTES = new Set(['RawMessageDelivery', 'DeliveryPolicy', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
const FILTER_ATTRIBUTES = new Set(['FilterPolicy', 'FilterPolicyScope']);
/** Raw delivery is for queues and HTTP endpoints: Lambda and email always get the notification. */
const RAW_CAPABLE: ReadonlySet<DeliveryProtocol> = new Set(['sqs']);

/** Page size of ListTopics and ListSubscriptions. */
const PAGE_SIZE = 100;

export interface TopicRegistryOptions {
  readonly region: string;
  readonly accountId: string;
}

export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly options: TopicRegistryOptions) {}

  /** Creates a topic, or returns the one of that name when its attributes and tags agree. */
  createTopic(name: unknown, attributes: Readonly<Record<string, string>>, tags: readonly Tag[]): Topic {
    if (typeof name !== 'string' || name === '') throw invalidParameter('Topic Name');
    const fifo = attributes.FifoTopic === 'true';
    if (fifo && !isFifoTopicName(name)) {
      throw invalidParameter(
        'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
      );
    }
    if (!fifo && !isStandardTopicName(name)) throw invalidParameter('Topic Name');
    const settable = new Map<string, string>();
    for (const [attribute, value] of Object.entries(attributes)) {
      if (attribute === 'FifoTopic') {
        if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: FifoTopic must be true or false');
        continue;
      }
      settable.set(attribute, checkTopicAttribute(attribute, value, fifo));
    }
    const arn = topicArn(this.options.region, this.options.accountId, name);
    const existing = this.topics.get(arn);
    if (existing) {
      const differs = [...settable].some(([attribute, value]) => existing.attributes.get(attribute) !== value) || existing.fifo !== fifo;
      if (differs) throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
      const tagsDiffer = tags.some((tag) => existing.tags.find((known) => known.Key === tag.Key)?.Value !== tag.Value);
      if (tagsDiffer) throw invalidParameter('Tags Reason: Topic already exists with different tags');
      return existing;
    }
    const topic: Topic = { arn, name, fifo, attributes: settable, tags: [...tags], subscriptions: new Map(), nextSequenceNumber: 10_000_000_000_000_000_000n };
    this.topics.set(arn, topic);
    return topic;
  }

  /** Idempotent, as on AWS: deleting a topic that is not there is no error. */
  deleteTopic(arn: unknown): void {
    this.topics.delete(checkTopicArn(arn));
  }

  topic(arn: unknown): Topic {
    const topic = this.topics.get(checkTopicArn(arn));
    if (!topic) throw topicNotFound();
    return topic;
  }

  listTopics(nextToken: unknown): { topics: Topic[]; nextToken?: string } {
    const { items, nextToken: next } = page([...this.topics.values()], nextToken);
    return { topics: items, ...(next ? { nextToken: next } : {}) };
  }

  topicAttributes(topic: Topic): Record<string, string> {
    const subscriptions = topic.subscriptions.size;
    return {
      TopicArn: topic.arn,
      Owner: this.options.accountId,
      Policy: defaultPolicy(topic.arn, this.options.accountId),
      DisplayName: '',
      SubscriptionsConfirmed: String(subscriptions),
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: JSON.stringify(DEFAULT_DELIVERY_POLICY),
      ...(topic.fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}),
      ...Object.fromEntries(topic.attributes),
    };
  }

  setTopicAttribute(topic: Topic, name: unknown, value: unknown): void {
    if (typeof name !== 'string' || name === 'FifoTopic') throw invalidParameter('AttributeName');
    topic.attributes.set(name, checkTopicAttribute(name, typeof value === 'string' ? value : '', topic.fifo));
  }

  /** Subscribes an endpoint, confirmed at once; the same topic, protocol and endpoint again give the same subscription. */
  subscribe(topic: Topic, protocol: unknown, endpoint: unknown, attributes: Readonly<Record<string, string>>): Subscription {
    const checkedProtocol = checkProtocol(protocol);
    if (typeof endpoint !== 'string' || endpoint === '') throw invalidParameter('Endpoint');
    validateEndpoint(checkedProtocol, endpoint);
    if (topic.fifo && checkedProtocol !== 'sqs') throw invalidParameter(`Invalid protocol type: ${checkedProtocol}. FIFO topics deliver to SQS queues only`);
    // A FIFO queue needs a message group, which only a FIFO topic's messages carry.
    if (!topic.fifo && checkedProtocol === 'sqs' && endpoint.endsWith('.fifo')) throw invalidParameter('Endpoint Reason: a FIFO queue can only subscribe to a FIFO topic');
    const checked = new Map(Object.entries(attributes).map(([name, value]) => [name, checkSubscriptionAttribute(checkedProtocol, name, value)] as const));
    const arn = subscriptionArn(topic.arn, checkedProtocol, endpoint);
    const existing = topic.subscriptions.get(arn);
    if (existing) {
      const differs = [...checked].some(([name, value]) => (existing.attributes.get(name) ?? 'false') !== value);
      if (differs) throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
      return existing;
    }
    const subscription: Subscription = { arn, topicArn: topic.arn, protocol: checkedProtocol, endpoint, attributes: checked };
    topic.subscriptions.set(arn, subscription);
    return subscription;
  }

  subscription(arn: unknown): Subscription {
    const topicArnOf = typeof arn === 'string' ? topicOfSubscription(arn) : undefined;
    if (topicArnOf === undefined) throw invalidParameter('SubscriptionArn');
    const found = this.topics.get(topicArnOf)?.subscriptions.get(arn as string);
    if (!found) throw subscriptionNotFound();
    return found;
  }

  unsubscribe(arn: unknown): void {
    const subscription = this.subscription(arn);
    this.topics.get(subscription.topicArn)?.subscriptions.delete(subscription.arn);
  }

  subscriptionAttributes(subscription: Subscription): Record<string, string> {
    return {
      SubscriptionArn: subscription.arn,
      TopicArn: subscription.topicArn,
      Owner: this.options.accountId,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      ConfirmationWasAuthenticated: 'true',
      PendingConfirmation: 'false',
      RawMessageDelivery: 'false',
      ...Object.fromEntries(subscription.attributes),
    };
  }

  setSubscriptionAttribute(subscription: Subscription, name: unknown, value: unknown): void {
    if (typeof name !== 'string') throw invalidParameter('AttributeName');
    subscription.attributes.set(name, checkSubscriptionAttribute(subscription.protocol, name, typeof value === 'string' ? value : ''));
  }

  /** Every subscription, or one topic's, a page at a time. */
  listSubscriptions(nextToken: unknown, topic?: Topic): { subscriptions: Subscription[]; nextToken?: string } {
    const all = topic ? [...topic.subscriptions.values()] : [...this.topics.values()].flatMap((each) => [...each.subscriptions.values()]);
    const { items: subscriptions, nextToken: next } = page(all, nextToken);
    return { subscriptions, ...(next ? { nextToken: next } : {}) };
  }

  /** Names of the topics, for the banner and tests. */
  names(): string[] {
    return [...this.topics.values()].map((topic) => topic.name);
  }
}

function checkTopicArn(arn: unknown): string {
  if (typeof arn !== 'string' || !parseTopicArn(arn)) throw invalidParameter('TopicArn');
  return arn;
}

function checkTopicAttribute(name: string, value: string, fifo: boolean): string {
  if (!SETTABLE_TOPIC_ATTRIBUTES.has(name)) throw invalidParameter('AttributeName');
  if (FIFO_ONLY_ATTRIBUTES.has(name) && !fifo) throw invalidParameter(`Attributes Reason: ${name} is only valid for FIFO topics`);
  if (name === 'ContentBasedDeduplication' && value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: ContentBasedDeduplication must be true or false');
  if (name === 'DisplayName' && value.length > 100) throw invalidParameter('DisplayName');
  return value;
}

function checkProtocol(protocol: unknown): DeliveryProtocol {
  if (typeof protocol !== 'string' || protocol === '') throw invalidParameter('Protocol');
  const known = protocol.toLowerCase();
  if ((DELIVERY_PROTOCOLS as readonly string[]).includes(known)) return known as DeliveryProtocol;
  if (['http', 'https', 'sms', 'application', 'firehose'].includes(known)) {
    throw invalidParameter(`Protocol Reason: ${known} subscriptions are not served by the local runtime; use ${DELIVERY_PROTOCOLS.join(', ')}`);
  }
  throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
}

function checkSubscriptionAttribute(protocol: DeliveryProtocol, name: string, value: string): string {
  if (FILTER_ATTRIBUTES.has(name)) throw invalidParameter(`Attributes Reason: ${name}: the local runtime does not filter messages, so it refuses filter policies rather than ignore them`);
  if (!SETTABLE_SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter('AttributeName');
  if (name === 'RawMessageDelivery') {
    if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value [' + value + ']. Must be true or false.');
    if (value === 'true' && !RAW_CAPABLE.has(protocol)) throw invalidParameter(`Attributes Reason: Delivery protocol [${protocol}] does not support raw message delivery.`);
  }
  return value;
}

/** One page of a listing; NextToken is the index of the next item, as text. */
function page<T>(items: readonly T[], nextToken: unknown): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    if (typeof nextToken !== 'string' || !/^\d{1,9}$/.test(nextToken)) throw invalidParameter('NextToken');
    start = Number(nextToken);
  }
  const end = start + PAGE_SIZE;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
}

/** SNS's default delivery policy for HTTP endpoints, as GetTopicAttributes reports it. */
const DEFAULT_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
};

/** The policy a new topic gets: its owner account may do everything with it. */
function defaultPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}
