/**
 * The DecisionOutbox adapter: one SQS message per decision to deliver, carrying the approval id only (the task token
 * stays in the approvals table). The queue's DelaySeconds holds each message back long enough for the decision page's
 * own delivery to finish first, so the consumer normally finds the decision delivered and sends nothing.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DecisionOutbox } from './decision-delivery';

export function createSqsDecisionOutbox(queueUrl: string, client: SQSClient = new SQSClient({})): DecisionOutbox {
  return {
    async enqueue(approvalId) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ approvalId }) }));
    },
  };
}
