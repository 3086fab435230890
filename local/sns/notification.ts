/**
 * What a subscriber receives: the JSON notification SNS wraps a message in (an SQS queue without raw delivery, an
 * `email-json` address), the event a Lambda function is invoked with, and the plain-text mail of an `email`
 * subscription. Field names differ between them as on AWS: the queue's envelope says `SigningCertURL` and
 * `UnsubscribeURL`, the Lambda event `SigningCertUrl` and `UnsubscribeUrl`.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html#http-notification-json
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 *
 * Signatures: AWS signs each notification with a private key whose certificate sits at SigningCertURL. The runtime has
 * no such key, so `Signature` is a digest of the signed fields that no AWS certificate verifies: code that verifies
 * signatures must skip the check locally.
 */
import { createHash } from 'node:crypto';
import { messageFor, type Publication } from './publication';
import type { Subscription } from './topics';

export interface NotificationContext {
  readonly region: string;
  /** The edge URL: UnsubscribeURL points at it, so the link in a local mail works. */
  readonly endpoint: string;
}

/** A message attribute as notifications carry it: `Type` and `Value` (base64 for binary). */
type NotificationAttribute = { readonly Type: string; readonly Value: string };

export function unsubscribeUrl(subscription: Subscription, context: NotificationContext): string {
  return `${context.endpoint.replace(/\/$/, '')}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscription.arn)}`;
}

function signingCertUrl(context: NotificationContext): string {
  return `https://sns.${context.region}.amazonaws.com/SimpleNotificationService-local.pem`;
}

function notificationAttributes(publication: Publication): Record<string, NotificationAttribute> {
  return Object.fromEntries(
    Object.entries(publication.messageAttributes).map(([name, value]) => [name, { Type: value.DataType, Value: value.StringValue ?? value.BinaryValue ?? '' }]),
  );
}

function timestampOf(publication: Publication): string {
  return new Date(publication.timestamp).toISOString();
}

/** A stand-in signature: the SHA-1 of the fields AWS signs, base64; see the module comment. */
function signature(fields: Readonly<Record<string, string | undefined>>): string {
  const canonical = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
  return createHash('sha1').update(canonical).digest('base64');
}

/** The JSON notification, as an SQS queue (without raw delivery) or an `email-json` address receives it. */
export function notificationEnvelope(publication: Publication, subscription: Subscription, context: NotificationContext): Record<string, unknown> {
  const message = messageFor(publication, subscription.protocol);
  const timestamp = timestampOf(publication);
  const attributes = notificationAttributes(publication);
  const signed = { Message: message, MessageId: publication.messageId, Subject: publication.subject, Timestamp: timestamp, TopicArn: publication.topic.arn, Type: 'Notification' };
  return {
    Type: 'Notification',
    MessageId: publication.messageId,
    ...(publication.sequenceNumber !== undefined ? { SequenceNumber: publication.sequenceNumber } : {}),
    TopicArn: publication.topic.arn,
    ...(publication.subject !== undefined ? { Subject: publication.subject } : {}),
    Message: message,
    Timestamp: timestamp,
    SignatureVersion: '1',
    Signature: signature(signed),
    SigningCertURL: signingCertUrl(context),
    UnsubscribeURL: unsubscribeUrl(subscription, context),
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  };
}

/** The event a Lambda subscription is invoked with: one record per notification. */
export function lambdaEvent(publication: Publication, subscription: Subscription, context: NotificationContext): { Records: Record<string, unknown>[] } {
  const envelope = notificationEnvelope(publication, subscription, context);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscription.arn,
        Sns: {
          Type: 'Notification',
          MessageId: publication.messageId,
          TopicArn: publication.topic.arn,
          // Lambda's event always has Subject (null when none) and MessageAttributes (empty when none).
          Subject: publication.subject ?? null,
          Message: envelope.Message,
          Timestamp: envelope.Timestamp,
          SignatureVersion: envelope.SignatureVersion,
          Signature: envelope.Signature,
          SigningCertUrl: envelope.SigningCertURL,
          UnsubscribeUrl: envelope.UnsubscribeURL,
          MessageAttributes: envelope.MessageAttributes ?? {},
        },
      },
    ],
  };
}

/** The subject of an `email` notification: the message's Subject, or SNS's generic one. */
export function emailSubject(publication: Publication): string {
  return publication.subject ?? 'AWS Notification Message';
}

/** The text of an `email` notification: the message, then how to stop receiving them. */
export function emailText(publication: Publication, subscription: Subscription, context: NotificationContext): string {
  return (
    `${messageFor(publication, subscription.protocol)}\n\n--\n` +
    `You receive this because ${subscription.endpoint} is subscribed to ${publication.topic.arn}. To unsubscribe, open:\n` +
    `${unsubscribeUrl(subscription, context)}\n`
  );
}
