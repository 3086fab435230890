/**
 * The approval queue's consumer (SQS event source, ReportBatchItemFailures): records each approval request and mails
 * the manager a signed link (lib/approvals/request-approval). Only the messages that failed are delivered again; after
 * the queue's maxReceiveCount they move to its dead-letter queue. The task token is never logged.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { approvalSettings } from '../../lib/config';
import { createDynamoDbApprovalStore } from '../../lib/approvals/dynamodb-approval-store';
import { requestApprovals, type RequestApprovalDependencies } from '../../lib/approvals/request-approval';
import { createSesMailer } from '../../lib/approvals/ses-mailer';
import { loadSigningKey } from '../../lib/approvals/signing-key';
import { approvalLink } from '../../lib/approvals/signing';
import { instrumented, log, metrics, tracer } from '../../lib/powertools';

const settings = approvalSettings();
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
const dependencies: RequestApprovalDependencies = {
  store: createDynamoDbApprovalStore(documents, settings.approvalsTableName),
  mailer: createSesMailer(tracer.captureAWSv3Client(new SESv2Client({}))),
  approvalLink: async (approvalId, expiresAt) => approvalLink(settings.approvalBaseUrl, approvalId, expiresAt, await loadSigningKey()),
  managerEmail: settings.managerEmail,
  senderEmail: settings.senderEmail,
  log,
};

async function consumeApprovalRequests(event: SQSEvent): Promise<SQSBatchResponse> {
  const response = await requestApprovals(event.Records.map((record) => ({ messageId: record.messageId, body: record.body })), dependencies);
  metrics.addMetric('ApprovalRequestsFailed', MetricUnit.Count, response.batchItemFailures.length);
  metrics.addMetric('ApprovalRequestsHandled', MetricUnit.Count, event.Records.length - response.batchItemFailures.length);
  return response;
}

export const handler = instrumented(consumeApprovalRequests);
