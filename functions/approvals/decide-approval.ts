/**
 * `POST /approvals/{approvalId}`: the manager's decision (lib/approvals/decide-approval): link and CSRF checks, one
 * conditional write, at most one SendTaskSuccess/SendTaskFailure. Logs the approval id and the status, never the
 * link's signature, the CSRF token, the cookie or the task token (logEvent is forced off).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { decideApproval } from '../../lib/approvals/decide-approval';
import { createDynamoDbApprovalStore } from '../../lib/approvals/dynamodb-approval-store';
import { approvalHttpRequest, approvalSite } from '../../lib/approvals/http-request';
import { problemResponse } from '../../lib/approvals/pages/problem-pages';
import { loadSigningKey } from '../../lib/approvals/signing-key';
import { createSqsDecisionOutbox } from '../../lib/approvals/sqs-decision-outbox';
import { createStepFunctionsTaskDecisions } from '../../lib/approvals/task-decisions';
import { approvalSettings } from '../../lib/config';
import { instrumented, log, logger, metrics, tracer } from '../../lib/powertools';

const settings = approvalSettings();
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
const dependencies = {
  store: createDynamoDbApprovalStore(documents, settings.approvalsTableName),
  site: approvalSite(settings.approvalBaseUrl),
  tasks: createStepFunctionsTaskDecisions(tracer.captureAWSv3Client(new SFNClient({}))),
  outbox: createSqsDecisionOutbox(settings.decisionOutboxQueueUrl, tracer.captureAWSv3Client(new SQSClient({}))),
  log,
  onDecided: (status: 'APPROVED' | 'REJECTED') => metrics.addMetric(status === 'APPROVED' ? 'ApprovalsApproved' : 'ApprovalsRejected', MetricUnit.Count, 1),
};

async function decide(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const request = approvalHttpRequest(event);
  logger.appendKeys({ approvalId: request.approvalId });
  try {
    const response = await decideApproval(request, { ...dependencies, signingKey: await loadSigningKey() });
    logger.info('Approval decision answered', { statusCode: response.statusCode, decision: request.form.decision });
    return response;
  } catch (error) {
    logger.error('Approval decision failed', error as Error);
    return problemResponse('unavailable');
  }
}

export const handler = instrumented(decide, { logEvent: false });
