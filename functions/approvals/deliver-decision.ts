/**
 * The decision outbox's consumer (SQS event source, ReportBatchItemFailures): delivers each recorded decision that the
 * decision page could not (lib/approvals/decision-delivery.ts). A delivery that fails comes back after the queue's
 * visibility timeout, until the execution accepts it or is gone; after the queue's maxReceiveCount it moves to the
 * dead-letter queue. Logs approval ids only, never the task token.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverDecisions } from '../../lib/approvals/decision-delivery';
import { createDynamoDbApprovalStore } from '../../lib/approvals/dynamodb-approval-store';
import { createStepFunctionsTaskDecisions } from '../../lib/approvals/task-decisions';
import { approvalSettings } from '../../lib/config';
import { instrumented, log, metrics, tracer } from '../../lib/powertools';

const settings = approvalSettings();
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
const dependencies = {
  store: createDynamoDbApprovalStore(documents, settings.approvalsTableName),
  tasks: createStepFunctionsTaskDecisions(tracer.captureAWSv3Client(new SFNClient({}))),
  log,
};

async function consumeDecisions(event: SQSEvent): Promise<SQSBatchResponse> {
  const response = await deliverDecisions(event.Records.map((record) => ({ messageId: record.messageId, body: record.body })), dependencies);
  metrics.addMetric('DecisionDeliveriesFailed', MetricUnit.Count, response.batchItemFailures.length);
  return response;
}

export const handler = instrumented(consumeDecisions, { logEvent: false });
