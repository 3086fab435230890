/**
 * Every message published, with where it went, for `GET /_aws/sns`. LocalStack has no such endpoint for topics (its
 * SNS inspection endpoints cover SMS, `/_aws/sns/sms-messages`, and mobile push, `/_aws/sns/platform-endpoint-messages`),
 * so this one borrows their shape: messages grouped by target ARN under one key, with the region beside them, the
 * same `accountId`, `region` and target filters, and DELETE to forget.
 * https://docs.localstack.cloud/aws/services/sns/
 */
import type { DeliveryRecord } from './deliveries';
import type { MessageAttributeValue, Publication } from './publication';

/** One published message as `/_aws/sns` lists it. */
export interface PublishedMessage {
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Subject?: string;
  readonly MessageStructure?: string;
  readonly MessageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
  readonly SequenceNumber?: string;
  /** ISO 8601, milliseconds, UTC. */
  readonly Timestamp: string;
  /** One entry per subscription the topic had when the message was published. */
  readonly Deliveries: readonly DeliveryRecord[];
}

export interface PublishedMessageFilter {
  readonly topicArn?: string | null;
  readonly accountId?: string | null;
  readonly region?: string | null;
}

/** Kept in memory, oldest first; a topic's messages stay after the topic is deleted, until DELETE. */
export class PublishedMessages {
  private messages: PublishedMessage[] = [];

  add(publication: Publication, deliveries: readonly DeliveryRecord[]): void {
    this.messages.push({
      MessageId: publication.messageId,
      TopicArn: publication.topic.arn,
      Message: publication.message,
      ...(publication.subject !== undefined ? { Subject: publication.subject } : {}),
      ...(publication.messageStructure !== undefined ? { MessageStructure: publication.messageStructure } : {}),
      MessageAttributes: publication.messageAttributes,
      ...(publication.messageGroupId !== undefined ? { MessageGroupId: publication.messageGroupId } : {}),
      ...(publication.messageDeduplicationId !== undefined ? { MessageDeduplicationId: publication.messageDeduplicationId } : {}),
      ...(publication.sequenceNumber !== undefined ? { SequenceNumber: publication.sequenceNumber } : {}),
      Timestamp: new Date(publication.timestamp).toISOString(),
      Deliveries: deliveries,
    });
  }

  /** The matching messages, grouped by topic ARN in publishing order. */
  byTopic(filter: PublishedMessageFilter = {}): Record<string, PublishedMessage[]> {
    const grouped: Record<string, PublishedMessage[]> = {};
    for (const message of this.messages.filter((candidate) => matches(candidate, filter))) (grouped[message.TopicArn] ??= []).push(message);
    return grouped;
  }

  delete(filter: PublishedMessageFilter = {}): void {
    this.messages = this.messages.filter((message) => !matches(message, filter));
  }
}

function matches(message: PublishedMessage, filter: PublishedMessageFilter): boolean {
  const [, , , region, accountId] = message.TopicArn.split(':');
  return (!filter.topicArn || message.TopicArn === filter.topicArn) && (!filter.accountId || accountId === filter.accountId) && (!filter.region || region === filter.region);
}
