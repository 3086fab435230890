/**
 * SNS names and ARNs: topic names (with FIFO's `.fifo` suffix), topic ARNs and subscription ARNs. A subscription's
 * ARN is `<topic ARN>:<id>`; here the id is derived from the topic, protocol and endpoint, so subscribing the same
 * endpoint twice gives the same ARN (as Subscribe does on AWS) and the deploy can tell CloudFormation's `Ref` of an
 * AWS::SNS::Subscription before the subscription exists.
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
 */
import { createHash } from 'node:crypto';

/** Up to 256 letters, digits, hyphens and underscores; a FIFO topic's name ends in `.fifo` within the 256. */
const STANDARD_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

export const isStandardTopicName = (name: string): boolean => STANDARD_NAME.test(name);
export const isFifoTopicName = (name: string): boolean => FIFO_NAME.test(name);

export interface TopicArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

const TOPIC_ARN = /^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const SUBSCRIPTION_ARN = /^(arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?):[0-9a-f-]{36}$/;

export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', region = '', accountId = '', name = ''] = match;
  return { partition, region, accountId, name };
}

export function topicArn(region: string, accountId: string, name: string, partition = 'aws'): string {
  return `arn:${partition}:sns:${region}:${accountId}:${name}`;
}

/** The topic ARN a subscription ARN starts with, or undefined for something that is not a subscription ARN. */
export function topicOfSubscription(arn: string): string | undefined {
  return SUBSCRIPTION_ARN.exec(arn)?.[1];
}

/** `<topic ARN>:<UUID-shaped id>`, the same for the same topic, protocol and endpoint. */
export function subscriptionArn(topic: string, protocol: string, endpoint: string): string {
  const hex = createHash('sha256').update(`${topic}\n${protocol}\n${endpoint}`).digest('hex');
  return `${topic}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
