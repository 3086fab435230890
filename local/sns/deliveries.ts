/**
 * Fans a publication out to its topic's subscriptions, through the other services in the same process: SendMessage on
 * the SQS service, an asynchronous (`Event`) Invoke on the Lambda runtime, and the SES capture store for email, so
 * that mail from SNS appears in the local inbox beside mail from SES. A failed delivery (a queue or function that is
 * not there) never fails the Publish, as on AWS; it is logged and recorded with the message for `/_aws/sns`.
 */
import type { LambdaInvoker } from '../lambda/types';
import { localStackTimestamp, type SentEmail } from '../ses/sent-emails';
import { messageId as sesMessageId } from '../ses/send-email';
import { emailSubject, emailText, lambdaEvent, notificationEnvelope, type NotificationContext } from './notification';
import { messageFor, type Publication } from './publication';
import type { Subscription } from './topics';

/** What the SQS service must offer (SqsService does). */
export interface QueuePort {
  queueUrlForArn(arn: string): string | undefined;
  call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface DeliveryPorts {
  readonly queues: () => QueuePort;
  readonly lambda: () => LambdaInvoker;
  readonly mail: () => { add(message: SentEmail): void };
  readonly log: (line: string) => void;
}

export interface DeliveryRecord {
  readonly SubscriptionArn: string;
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly Status: 'delivered' | 'failed';
  /** Why it failed. */
  readonly Error?: string;
}

/** Where email notifications come from, as on AWS. */
const SNS_SENDER = 'no-reply@sns.amazonaws.com';

export class Deliveries {
  constructor(
    private readonly ports: DeliveryPorts,
    private readonly context: () => NotificationContext,
  ) {}

  /** Delivers to every subscription of the topic; resolves once each has been handed over. */
  async deliver(publication: Publication): Promise<DeliveryRecord[]> {
    const subscriptions = [...publication.topic.subscriptions.values()];
    return Promise.all(subscriptions.map((subscription) => this.deliverOne(publication, subscription)));
  }

  private async deliverOne(publication: Publication, subscription: Subscription): Promise<DeliveryRecord> {
    const base = { SubscriptionArn: subscription.arn, Protocol: subscription.protocol, Endpoint: subscription.endpoint };
    try {
      if (subscription.protocol === 'sqs') await this.toQueue(publication, subscription);
      else if (subscription.protocol === 'lambda') await this.toFunction(publication, subscription);
      else this.toMailbox(publication, subscription);
      return { ...base, Status: 'delivered' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.ports.log(`[sns] delivery of ${publication.messageId} to ${subscription.protocol} ${subscription.endpoint} failed: ${reason}`);
      return { ...base, Status: 'failed', Error: reason };
    }
  }

  /** The JSON notification, or with RawMessageDelivery the message itself with its attributes as SQS attributes. */
  private async toQueue(publication: Publication, subscription: Subscription): Promise<void> {
    const queues = this.ports.queues();
    const queueUrl = queues.queueUrlForArn(subscription.endpoint);
    if (!queueUrl) throw new Error(`the queue ${subscription.endpoint} does not exist`);
    const raw = subscription.attributes.get('RawMessageDelivery') === 'true';
    const body = raw ? messageFor(publication, 'sqs') : JSON.stringify(notificationEnvelope(publication, subscription, this.context()));
    await queues.call('SendMessage', {
      QueueUrl: queueUrl,
      MessageBody: body,
      ...(raw && Object.keys(publication.messageAttributes).length > 0 ? { MessageAttributes: sqsAttributes(publication) } : {}),
      ...(publication.messageGroupId !== undefined ? { MessageGroupId: publication.messageGroupId } : {}),
      ...(publication.messageDeduplicationId !== undefined ? { MessageDeduplicationId: publication.messageDeduplicationId } : {}),
    });
  }

  private async toFunction(publication: Publication, subscription: Subscription): Promise<void> {
    await this.ports.lambda().invoke(subscription.endpoint, lambdaEvent(publication, subscription, this.context()), { invocationType: 'Event' });
  }

  private toMailbox(publication: Publication, subscription: Subscription): void {
    const context = this.context();
    const displayName = publication.topic.attributes.get('DisplayName');
    const text = subscription.protocol === 'email-json' ? JSON.stringify(notificationEnvelope(publication, subscription, context)) : emailText(publication, subscription, context);
    this.ports.mail().add({
      Id: sesMessageId(publication.timestamp),
      Region: context.region,
      Destination: { ToAddresses: [subscription.endpoint] },
      Source: displayName ? `"${displayName.replace(/"/g, "'")}" <${SNS_SENDER}>` : SNS_SENDER,
      Subject: emailSubject(publication),
      Body: { text_part: text, html_part: null },
      Timestamp: localStackTimestamp(publication.timestamp),
    });
  }
}

/** SNS attributes as SQS message attributes: the same shape, binary values as base64 text as SQS takes them in-process. */
function sqsAttributes(publication: Publication): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(publication.messageAttributes).map(([name, value]) => [name, { ...value }]));
}
